"""A kept count's own work, apart from reading the ids: counting a term's hits by their values and
grouping its articles (store/counts.py), then encoding them, in this checkout and another.

    python benchmarks/count_terms.py /tmp/ten/news-10000000.db --baseline /tmp/other-checkout

It samples terms the archive keeps counts of (seeded): characters, and strings of 2, 3 and 4
characters. Each checkout runs in a process of its own, which loads the archive's values, reads
each term's ids once and times the counting and encoding of those ids; the two take turns for
--rounds rounds. It prints the milliseconds per term of each checkout, their ratio, and whether
the two encode the same bytes.
"""
import argparse
import json
import random
import sqlite3
import statistics
import subprocess
import sys
from pathlib import Path

from common import ROOT, machine, taking_turns

# Run in the checkout's folder, so that `loader` is that checkout's package.
_COUNT = """
import hashlib, json, sqlite3, sys, time
import numpy
from loader.store import counts, values as stored
conn = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
values = stored.load(conn)
values = counts._Values(values, counts.Articles(conn, values.articles))
seconds, digest = {}, hashlib.sha256()
for kind, phrases in json.loads(sys.argv[2]).items():
    seconds[kind] = 0.0
    for phrase in phrases:
        found = numpy.array(counts.ids(conn, phrase), dtype=numpy.int64)
        start = time.perf_counter()
        encoded = counts._encoded(values.count(found))
        seconds[kind] += time.perf_counter() - start
        digest.update(encoded)
print(json.dumps({"seconds": seconds, "digest": digest.hexdigest()}))
"""


def kind_of(phrase: str) -> str:
    """'1' for a character's prefix query, else the characters of the string its bigrams spell."""
    return "1" if phrase.endswith("*)") else str(phrase.count(" ") + 2)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("db", type=Path)
    parser.add_argument("--baseline", type=Path, required=True, help="another checkout of the project")
    parser.add_argument("--terms", type=int, default=25, help="terms of each length")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    print(f"machine: {machine()}")
    conn = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
    by_kind = {}
    for (phrase,) in conn.execute("select phrase from paragraphs_counts order by phrase"):
        by_kind.setdefault(kind_of(phrase), []).append(phrase)
    rng = random.Random(1)
    terms = {kind: rng.sample(by_kind[kind], min(args.terms, len(by_kind[kind])))
             for kind in ("1", "2", "3", "4") if kind in by_kind}
    checkouts = {"this": ROOT, "baseline": args.baseline}
    runs = {name: [] for name in checkouts}
    for round_no in range(args.rounds):
        for name in taking_turns(checkouts, round_no):
            done = subprocess.run([sys.executable, "-c", _COUNT, str(args.db.resolve()), json.dumps(terms)],
                                  cwd=checkouts[name], capture_output=True, text=True, check=True)
            runs[name].append(json.loads(done.stdout))
    same = len({run["digest"] for name in runs for run in runs[name]}) == 1
    print(f"{args.rounds} rounds, the checkouts taking turns; encoded counts the same bytes: {same}")
    print("| characters | terms | this ms per term (median) | baseline | this / baseline |")
    print("|---|---|---|---|---|")
    for kind, phrases in terms.items():
        ms = {name: statistics.median(run["seconds"][kind] for run in runs[name]) * 1000 / len(phrases)
              for name in checkouts}
        print(f"| {kind} | {len(phrases)} | {ms['this']:.1f} | {ms['baseline']:.1f} | {ms['this'] / ms['baseline']:.2f} |")


if __name__ == "__main__":
    main()
