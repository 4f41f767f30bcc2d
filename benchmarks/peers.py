"""The archive side by side with two peers, SQLite FTS5 trigram and tantivy,
on the same paragraph texts and the same queries, in one run.

    pip install -e ".[bench]"   # tantivy, for this script only
    python benchmarks/peers.py --paragraphs 1000000

The paragraph texts are those of the loader's build of the synthetic corpus
(paragraphs.text). Each system indexes them once:
- this archive, whole: `loader build` of the corpus files (parse, infer, index);
- this archive's index alone: index_text and the contentless FTS5 insert, one process;
- this archive's workers alone: what the build's workers do with every file (parse, clean,
  infer place and date, keywords, index_text: process_file) on both cores, nothing written,
  the part of the whole build no change to the index or its writer can shorten;
- FTS5 trigram (standard library): a text table and an external-content trigram
  index; terms of 1-2 characters are `LIKE '%t%'` scans, as trigram cannot index them;
- tantivy: one token per character (lower-cased), phrase queries, 2 threads.

Queries, seeded: substrings of 1-8 characters of random paragraphs, jieba words,
AND pairs of the two, and the 20 most frequent characters and words. For each:
all ids, and the ranked top 20 (the archive: loader.ranked, which also builds
the snippets and joins the rows; trigram: ORDER BY rank, but LIKE terms alone
stop at 20 unranked rows; tantivy: BM25). Exactness is against a brute-force
scan of the texts under the archive's folding (normalize, whitespace dropped):
the share of queries whose id set is exactly right, and for the top 20, whose
ids are all hits and as many as there are (up to 20).
"""
import argparse
import collections
import random
import shutil
import sqlite3
import time
from pathlib import Path

from common import built_archive, clock, corpus, parallel_throughput, percentile, process_whole_file

import loader
from loader.store import top
from loader.store.schema import FTS_TABLE, TOP_TABLE, ensure_fts
from loader.store.search import lists_used
from loader.text.normalize import normalize
from loader.text.query import match_expression
from loader.text.segment import index_text, match_chars, words

LIMIT = 20
WORKERS = "this archive's workers alone (both cores, nothing written)"
HAN = ("\u4e00", "\u9fff")


def is_han(s):
    return all(HAN[0] <= c <= HAN[1] for c in s)


def queries(folded, seed, per_length=40, pairs=50, frequent=20):
    """(kind, query) pairs; every term is taken from the folded texts."""
    rng = random.Random(seed)
    sample = [t for t in rng.sample(folded, min(len(folded), 5000)) if len(t) >= 8]
    picked = []
    for n in range(1, 9):
        for _ in range(per_length):
            text = rng.choice(sample)
            start = rng.randrange(len(text) - n + 1)
            picked.append((f"substring {n}", text[start:start + n]))
    counted = collections.Counter(w for t in sample[:2000] for w in words(t) if is_han(w))
    vocabulary = sorted(counted)
    for _ in range(pairs):
        picked.append(("word", rng.choice(vocabulary)))
    for _ in range(pairs):
        picked.append(("AND pair", f"{rng.choice(vocabulary)} {picked[rng.randrange(len(picked))][1]}"))
    chars = collections.Counter(c for t in sample for c in t)
    picked += [("frequent character", c) for c, _ in chars.most_common(frequent)]
    picked += [("frequent word", w) for w, _ in counted.most_common(frequent)]
    return picked


def kind_of(kind):
    return kind.split()[0] if kind.startswith("substring") else kind


def truth(folded, ids, query):
    terms = [match_chars(normalize(t)) for t in query.split()]
    return {i for i, text in zip(ids, folded) if all(t in text for t in terms)}


def dbstat_bytes(conn, prefix):
    return conn.execute("select sum(pgsize) from dbstat where name like ?", [prefix + "%"]).fetchone()[0]


class Archive:
    name = "this archive (whole build)"

    def __init__(self, db):
        self.conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        loader.store.search.register_functions(self.conn)

    def all_ids(self, q):
        return {r[0] for r in self.conn.execute(f"select rowid from {FTS_TABLE} where {FTS_TABLE} match ?",
                                                [match_expression(q)])}

    def top(self, q):
        return [row["id"] for row in loader.ranked(self.conn, q, LIMIT)]


class EveryHitScored(Archive):
    """The same archive with its ranked lists emptied: every search scores every hit of the part it ranks.
    Ranking the lists again on its copy first gives what the build spends on them."""
    name = "this archive without ranked lists"

    def __init__(self, db, copy):
        shutil.copyfile(db, copy)
        conn = sqlite3.connect(copy)
        start = time.perf_counter()
        self.list_rows = top.refresh(conn)
        self.list_seconds = time.perf_counter() - start
        self.list_terms = conn.execute(f"select count(distinct phrase) from {TOP_TABLE}").fetchone()[0]
        self.list_bytes = dbstat_bytes(conn, TOP_TABLE)
        conn.execute(f"delete from {TOP_TABLE}")
        conn.commit()
        conn.close()
        super().__init__(copy)


class Trigram:
    name = "SQLite FTS5 trigram"

    def __init__(self, path, rows):
        path.unlink(missing_ok=True)
        self.conn = sqlite3.connect(path)
        self.conn.executescript(
            "pragma journal_mode=off; pragma synchronous=off;"
            "create table docs(id integer primary key, text text);"
            "create virtual table tri using fts5(text, content='docs', content_rowid='id', tokenize='trigram');")
        start = time.perf_counter()
        with self.conn:
            self.conn.executemany("insert into docs values (?, ?)", rows)
            self.conn.execute("insert into tri(tri) values ('rebuild')")
        self.seconds = time.perf_counter() - start
        self.index_bytes = dbstat_bytes(self.conn, "tri")

    def _sql(self, q, ranked):
        terms = q.split()
        long = [t for t in terms if len(t) >= 3]
        where = ["text like ? escape '\\'" for t in terms if len(t) < 3]
        params = ["%" + t.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
                  for t in terms if len(t) < 3]
        if long:
            where.insert(0, "tri match ?")
            params.insert(0, " AND ".join('"' + t.replace('"', '""') + '"' for t in long))
        sql = "select rowid from tri where " + " and ".join(where)
        if ranked:
            sql += (" order by rank" if long else "") + f" limit {LIMIT}"
        return sql, params

    def all_ids(self, q):
        return {r[0] for r in self.conn.execute(*self._sql(q, False))}

    def top(self, q):
        return [r[0] for r in self.conn.execute(*self._sql(q, True))]


class Tantivy:
    name = "tantivy"

    def __init__(self, path, rows):
        import tantivy

        self.tantivy = tantivy
        shutil.rmtree(path, ignore_errors=True)
        path.mkdir(parents=True)
        builder = tantivy.SchemaBuilder()
        builder.add_integer_field("id", fast=True)
        builder.add_text_field("text", tokenizer_name="chars")
        self.schema = builder.build()
        self.index = tantivy.Index(self.schema, path=str(path))
        self.index.register_tokenizer("chars", tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.regex(r"\S"))
                                      .filter(tantivy.Filter.lowercase()).build())
        start = time.perf_counter()
        writer = self.index.writer(heap_size=512_000_000, num_threads=2)
        for i, text in rows:
            writer.add_document(tantivy.Document(id=i, text=text))
        writer.commit()
        writer.wait_merging_threads()
        self.seconds = time.perf_counter() - start
        self.index.reload()
        self.searcher = self.index.searcher()
        self.index_bytes = sum(p.stat().st_size for p in path.rglob("*") if p.is_file())

    def _query(self, q):
        parts = []
        for term in q.lower().split():
            chars = [c for c in term if not c.isspace()]
            parts.append(self.tantivy.Query.term_query(self.schema, "text", chars[0]) if len(chars) == 1
                         else self.tantivy.Query.phrase_query(self.schema, "text", chars))
        if len(parts) == 1:
            return parts[0]
        return self.tantivy.Query.boolean_query([(self.tantivy.Occur.Must, p) for p in parts])

    def _ids(self, query, limit):
        hits = self.searcher.search(query, limit, count=False).hits
        return self.searcher.fast_field_values("id", [address for _, address in hits])

    def all_ids(self, q):
        query = self._query(q)
        count = self.searcher.search(query, 1).count
        return set(self._ids(query, count)) if count else set()

    def top(self, q):
        return self._ids(self._query(q), LIMIT)


def index_alone(path, rows):
    """The archive's index without the rest of the build: index_text and the FTS5 insert, one process."""
    path.unlink(missing_ok=True)
    conn = sqlite3.connect(path)
    conn.executescript("pragma journal_mode=off; pragma synchronous=off;")
    ensure_fts(conn)
    start = time.perf_counter()
    with conn:
        conn.executemany(f"insert into {FTS_TABLE}(rowid, text) values (?, ?)",
                         ((i, index_text(text)) for i, text in rows))
    seconds = time.perf_counter() - start
    size = dbstat_bytes(conn, FTS_TABLE)
    conn.close()
    return seconds, size


def stats(values):
    return f"{percentile(values, 50):.0f} / {percentile(values, 95):.0f} / {max(values):.0f}"


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--paragraphs", type=int, default=1_000_000)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/zh-news-bench"))
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    db, build_seconds = built_archive(args.workdir, args.paragraphs, fresh=True)
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    rows = conn.execute("select id, text from paragraphs order by id").fetchall()
    archive_index = dbstat_bytes(conn, FTS_TABLE)
    conn.close()
    text_mb = sum(len(t.encode()) for _, t in rows) / 1e6
    ids = [i for i, _ in rows]
    folded = [match_chars(normalize(t)) for _, t in rows]
    print(f"{len(rows):,} paragraphs, {text_mb:.1f} MB of text (UTF-8)")

    alone_seconds, alone_bytes = index_alone(args.workdir / f"index-alone-{args.paragraphs}.db", rows)
    files = sorted(str(p) for p in corpus(args.workdir, args.paragraphs).rglob("*.txt"))
    file_mb = sum(Path(f).stat().st_size for f in files) / 1e6
    workers_seconds = file_mb / parallel_throughput(files, process_whole_file, 2)
    every_hit = EveryHitScored(db, args.workdir / f"news-{args.paragraphs}-without-lists.db")
    print(f"ranked lists: {every_hit.list_terms:,} terms, {every_hit.list_rows:,} rows, "
          f"{every_hit.list_bytes / 1e6:.1f} MB ({every_hit.list_bytes / archive_index:.1%} of the index); "
          f"ranked again in {every_hit.list_seconds:.1f} s ({every_hit.list_seconds / build_seconds:.0%} of the build)")
    systems = [Archive(db), every_hit, Trigram(args.workdir / f"trigram-{args.paragraphs}.db", rows),
               Tantivy(args.workdir / f"tantivy-{args.paragraphs}", rows)]
    build = {systems[0].name: (build_seconds, archive_index), "this archive's index alone": (alone_seconds, alone_bytes),
             WORKERS: (workers_seconds, None),
             systems[2].name: (systems[2].seconds, systems[2].index_bytes),
             systems[3].name: (systems[3].seconds, systems[3].index_bytes)}
    del rows

    picked = queries(folded, args.seed)
    expected = [truth(folded, ids, q) for _, q in picked]
    times = {s.name: {"all": [], "top": [], "short": []} for s in systems}
    exact = {s.name: {"all": 0, "top": 0} for s in systems}
    same_top = 0  # queries whose top 20 is the same with and without the lists
    unscored = collections.Counter()  # queries whose top 20 no part scored every hit for, by kind
    for (kind, q), want in zip(picked, expected):
        unscored[kind_of(kind)] += "every hit" not in lists_used(systems[0].conn, q, LIMIT).values()
        same_top += systems[0].top(q) == every_hit.top(q)
        for s in systems:
            ms, found = clock(s.all_ids, q)
            times[s.name]["all"].append(ms)
            exact[s.name]["all"] += found == want
            ms, top = clock(s.top, q)
            times[s.name]["top"].append(ms)
            if any(len(t) < 3 for t in q.split()):
                times[s.name]["short"].append(ms)
            exact[s.name]["top"] += set(top) <= want and len(top) == min(LIMIT, len(want))
    n = len(picked)
    kinds = collections.Counter(kind_of(kind) for kind, _ in picked)
    print(f"{n} queries: " + ", ".join(f"{count} {kind}" for kind, count in kinds.items())
          + f"; hits per query p50 {percentile([len(w) for w in expected], 50):,}, "
          f"max {max(len(w) for w in expected):,}")
    print("ranked top 20 without scoring every hit (a list or zh_bounded): "
          + ", ".join(f"{unscored[k]} of {c} {k}" for k, c in kinds.items())
          + f"; the same top 20 with and without the lists: {same_top} of {n}")
    print("| system | build s | build MB/s | index MB | index × text | all ids p50 / p95 / max ms "
          "| ranked top-20 p50 / p95 / max ms | top-20 with a term under 3 characters, p50 (p95) ms "
          "| all ids exact | top-20 exact |\n" + "|---" * 10 + "|")
    for name, (seconds, size) in build.items():
        cells = [name, f"{seconds:.0f}", f"{text_mb / seconds:.2f}"]
        cells += ["–", "–"] if size is None else [f"{size / 1e6:.0f}", f"{size / 1e6 / text_mb:.2f}×"]
        if name in times:
            t = times[name]
            cells += [stats(t["all"]), stats(t["top"]),
                      f"{percentile(t['short'], 50):.0f} ({percentile(t['short'], 95):.0f})",
                      f"{exact[name]['all'] / n:.3f}", f"{exact[name]['top'] / n:.3f}"]
        else:
            cells += ["–"] * 5
        print("| " + " | ".join(cells) + " |")
    for name in [name for name in times if name not in build]:
        t = times[name]
        print(f"| {name} | – | – | – | – | {stats(t['all'])} | {stats(t['top'])} | {percentile(t['short'], 50):.0f} "
              f"({percentile(t['short'], 95):.0f}) | {exact[name]['all'] / n:.3f} | {exact[name]['top'] / n:.3f} |")
    ours = systems[0].name
    print("\nThis archive / peer, same run (build: MB/s; latencies: p95 and max; under 1 is faster or smaller):")
    print("| peer | build MB/s | index size | all ids p95 | all ids max | top-20 p95 | top-20 max |\n"
          + "|---" * 7 + "|")
    for s in systems[1:]:
        a, b = times[ours], times[s.name]
        built = (f"{build[s.name][0] / build[ours][0]:.2f} | {build[ours][1] / build[s.name][1]:.2f}"
                 if s.name in build else "– | –")
        print(f"| {s.name} | {built} "
              f"| {percentile(a['all'], 95) / percentile(b['all'], 95):.2f} | {max(a['all']) / max(b['all']):.2f} "
              f"| {percentile(a['top'], 95) / percentile(b['top'], 95):.2f} | {max(a['top']) / max(b['top']):.2f} |")
    trigram = systems[2].name
    print(f"build MB/s over trigram's, same run: the whole build {build[trigram][0] / build[ours][0]:.2f}, "
          f"the index alone {build[trigram][0] / alone_seconds:.2f}, the workers alone {build[trigram][0] / workers_seconds:.2f}")
    slowest = sorted(range(n), key=lambda i: -times[ours]["top"][i])[:5]
    print("slowest ranked top-20 here: " + ", ".join(
        f"`{picked[i][1]}` {times[ours]['top'][i]:.0f} ms ({len(expected[i]):,} hits)" for i in slowest))


if __name__ == "__main__":
    main()
