"""The ranked top 20 of two checkouts on one archive, query by query, in one run.

    git -C /work/main archive main loader | tar -x -C /tmp/base   # the checkout to compare with
    python benchmarks/ranked.py --db news-1000000.db --baseline /tmp/base
    python benchmarks/ranked.py --db copy.db --relist news-1000000.db --baseline /tmp/base

--relist copies an archive to --db and ranks its lists again with this
checkout (store/top.py), for an archive built by a loader whose lists differ.

The queries are peers.py's (the same seed gives the same 460 queries for the
same archive: substrings of 1-8 characters, jieba words, AND pairs, the most
frequent characters and words), cut from the paragraphs they sample only, and
--kept strings whose hits the build counted (the most frequent) that the word
layer cuts into several tokens, such as 市公安局 (kept_phrases). Each
checkout's loader.ranked runs in a process of its own on the same database
(read-only), the two taking turns on which goes first; every query is asked
of each --rounds times, and its median counts (without --baseline, this
checkout alone: each query's first asking, cold, beside the median). It prints p50 / p95 / max of
both and their ratio: for peers.py's queries, those of them of several index
tokens on the word layer (phrases of several words, AND pairs), the AND pairs, and the kept
phrases; how many top 20s are identical, where this checkout took each page
from (loader.store.search.lists_used), the slowest queries and the kept
phrases one by one.
"""
import argparse
import collections
import json
import random
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from common import ROOT, machine, percentile, taking_turns
from peers import LIMIT, kind_of, queries

from loader.store import top
from loader.store.schema import COUNTS_TABLE, TOP_SQL, TOP_TABLE
from loader.store.search import lists_used
from loader.text.normalize import normalize
from loader.text.query import clause, recall_phrase, words_expression
from loader.text.segment import match_chars

# Run in each checkout: reads one query a line (JSON), answers with the milliseconds and ids of its top 20.
_RANK = r"""
import json, os, sqlite3, sys, time
sys.path.insert(0, os.getcwd())
import loader
from loader.store.search import register_functions
conn = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
register_functions(conn)
for line in sys.stdin:
    start = time.perf_counter()
    ids = [row["id"] for row in loader.ranked(conn, json.loads(line), int(sys.argv[2]))]
    print(json.dumps([(time.perf_counter() - start) * 1000, ids]), flush=True)
"""


class Folded(Sequence):
    """The archive's paragraphs as peers.py folds them, by position in id order, folded when read."""

    def __init__(self, conn):
        self.conn = conn
        self.ids = [i for i, in conn.execute("select id from paragraphs order by id")]

    def __len__(self):
        return len(self.ids)

    def __getitem__(self, i):
        (text,) = self.conn.execute("select text from paragraphs where id = ?", [self.ids[i]]).fetchone()
        return match_chars(normalize(text))


class Checkout:
    def __init__(self, name, path, db):
        self.name = name
        self.process = subprocess.Popen([sys.executable, "-c", _RANK, str(db), str(LIMIT)], cwd=path,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def top(self, query):
        self.process.stdin.write(json.dumps(query) + "\n")
        self.process.stdin.flush()
        return json.loads(self.process.stdout.readline())

    def close(self):
        self.process.stdin.close()
        self.process.wait()


def kept_phrases(conn, folded, seed, wanted) -> list:
    """Up to `wanted` strings of 2-8 characters, cut from paragraphs sampled with seed, whose hits
    the build counted (COUNTS_TABLE: the most frequent) and which the word layer cuts into
    several tokens: the searches ranked from a token's list and the bound (search.bounded)."""
    counted = {phrase for phrase, in conn.execute(f"select phrase from {COUNTS_TABLE}")}
    rng = random.Random(seed)
    found = []
    for i in rng.sample(range(len(folded)), min(len(folded), 5000)):
        text = folded[i]
        for n in range(2, 9):
            for start in range(len(text) - n + 1):
                term = text[start:start + n]
                if (term not in found and clause(recall_phrase(term)) in counted
                        and words_expression(term).count(" ") > 0):
                    found.append(term)
                    if len(found) == wanted:
                        return found
    return found


def stats(values):
    return f"{percentile(values, 50):.0f} / {percentile(values, 95):.0f} / {max(values):.0f}"


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--baseline", type=Path,
                        help="a checkout (its loader package) to compare with; without it, this checkout alone")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--rounds", type=int, default=3, help="times each query is asked of each; its median counts")
    parser.add_argument("--kept", type=int, default=40, help="kept phrases of several word tokens to add")
    parser.add_argument("--relist", type=Path, help="an archive to copy to --db, its lists ranked again")
    args = parser.parse_args()
    if args.relist:
        shutil.copyfile(args.relist, args.db)
        with sqlite3.connect(args.db) as conn:
            conn.execute(f"drop table {TOP_TABLE}")
            conn.execute(TOP_SQL)
            start = time.perf_counter()
            written = top.refresh(conn)
        print(f"{args.db}: {written:,} list rows ranked again in {time.perf_counter() - start:.1f} s")
    conn = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
    folded = Folded(conn)
    picked = queries(folded, args.seed)
    picked += [("kept phrase", q) for q in kept_phrases(conn, folded, args.seed, args.kept)]
    print(f"machine: {machine()}\n{args.db}: {len(picked)} queries")
    several = [words_expression(q).count(" ") > 0 for _, q in picked]  # several tokens on the word layer
    checkouts = [Checkout("this checkout", ROOT, args.db)]
    if args.baseline:
        checkouts.insert(0, Checkout("baseline", args.baseline, args.db))
    rounds = {c.name: [[] for _ in picked] for c in checkouts}
    same = 0
    for round_no in range(args.rounds):
        for number, (_, q) in enumerate(picked):
            tops = {}
            for checkout in taking_turns(checkouts, number + round_no):
                ms, tops[checkout.name] = checkout.top(q)
                rounds[checkout.name][number].append(ms)
            same += tops.get("baseline", tops["this checkout"]) == tops["this checkout"]
    for checkout in checkouts:
        checkout.close()
    times = {name: [percentile(per_query, 50) for per_query in found] for name, found in rounds.items()}
    used = [lists_used(conn, q, LIMIT) for _, q in picked]
    sources = collections.Counter((kind_of(kind), u["words"], u["substrings"]) for (kind, _), u in zip(picked, used))
    kept = [kind == "kept phrase" for kind, _ in picked]
    subsets = {"peers.py's queries": [not k for k in kept], "of them, several word tokens": [
        s and not k for s, k in zip(several, kept)], "of them, AND pairs": [kind == "AND pair" for kind, _ in picked],
        "kept phrases of several word tokens": kept}
    ours = times["this checkout"]
    if args.baseline:
        base = times["baseline"]
        print(f"identical top 20s: {same} of {len(picked) * args.rounds}")
        print("| queries | n | baseline p50 / p95 / max ms | this checkout p50 / p95 / max ms | p95 ratio | max ratio |\n"
              + "|---" * 6 + "|")
        for label, keep in subsets.items():
            b = [t for t, k in zip(base, keep) if k]
            o = [t for t, k in zip(ours, keep) if k]
            print(f"| {label} | {len(o)} | {stats(b)} | {stats(o)} "
                  f"| {percentile(o, 95) / percentile(b, 95):.2f} | {max(o) / max(b):.2f} |")
    else:  # what the rounds tell apart: each query's first asking (cold) and the median of them
        first = [per_query[0] for per_query in rounds["this checkout"]]
        print("| queries | n | first asked p50 / p95 / max ms | median of the rounds p50 / p95 / max ms |\n"
              + "|---" * 4 + "|")
        for label, keep in subsets.items():
            if any(keep):
                print(f"| {label} | {sum(keep)} | {stats([t for t, k in zip(first, keep) if k])} "
                      f"| {stats([t for t, k in zip(ours, keep) if k])} |")
        base = ours
    print("where this checkout's pages came from (kind, words part, substrings part): " + ", ".join(
        f"{kind} {words}/{substrings} {n}" for (kind, words, substrings), n in sorted(sources.items(), key=str)))
    print("kept phrases (this checkout, baseline ms): " + ", ".join(
        f"`{q}` {ours[i]:.0f}, {base[i]:.0f}" for i, (_, q) in enumerate(picked) if kept[i]))
    orders = [("slowest here", lambda i: -ours[i])]
    if args.baseline:
        orders += [("slowest in the baseline", lambda i: -base[i]), ("most slowed", lambda i: base[i] - ours[i]),
                   ("most sped up", lambda i: ours[i] - base[i])]
    for label, order in orders:
        print(f"{label} (this checkout, baseline ms; where the words and substrings came from): " + ", ".join(
            f"`{picked[i][1]}` {ours[i]:.0f}, {base[i]:.0f} ({'/'.join(str(v) for v in used[i].values())})"
            for i in sorted(range(len(picked)), key=order)[:8]))


if __name__ == "__main__":
    main()
