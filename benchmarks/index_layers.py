"""Where the index's bytes go: its two token layers, and what each costs alone.

    python benchmarks/index_layers.py --paragraphs 50000

On the archive of the synthetic corpus (built with this checkout, or updated
if it is there): the postings of each kind of token (FTS5's fts5vocab table:
terms, paragraph postings and instances), the size of each table of the
FTS5 index (dbstat), and then each layer indexed alone in a fresh contentless
table with the build's settings (the paragraphs' own index_text, split by the
character mark): its size and its insert time, one process. Last, the whole
index under other FTS5 options: columnsize=0, the two layers in two columns,
other page sizes and buffer, and an optimize at the end.
"""
import argparse
import os
import sqlite3
import time
from pathlib import Path

from common import built_archive

from loader.store.schema import FTS_CONFIG, FTS_SQL, FTS_TABLE, ensure_fts
from loader.text.segment import CHARACTER, index_text


def kind(term: str) -> str:
    if term.endswith(CHARACTER):
        return "character"
    if len(term) == 1:
        return "word, 1 character (Han)" if "\u4e00" <= term <= "\u9fff" else "word, 1 character (other)"
    return f"word, {min(len(term), 4)}{'+' if len(term) >= 4 else ''} characters"


def layer_alone(path: Path, texts, options="", config=FTS_CONFIG, columns=("text",), after=None) -> tuple:
    """(MB, insert seconds) of the texts in a fresh FTS5 table like the archive's;
    options: more FTS5 options; after: an FTS5 command run once all are in (timed with the insert)."""
    path.unlink(missing_ok=True)
    conn = sqlite3.connect(path)
    conn.executescript("pragma journal_mode=off; pragma synchronous=off;")
    conn.execute(FTS_SQL.replace("text,", ", ".join(columns) + ",").replace("content=''", "content=''" + options))
    ensure_fts(conn, config)
    start = time.perf_counter()
    with conn:
        conn.executemany(f"insert into {FTS_TABLE}(rowid, {', '.join(columns)}) "
                         f"values (?{', ?' * len(columns)})", texts)
        if after:
            conn.execute(f"insert into {FTS_TABLE}({FTS_TABLE}) values (?)", [after])
    seconds = time.perf_counter() - start
    size = conn.execute("select sum(pgsize) from dbstat where name like ?", [FTS_TABLE + "%"]).fetchone()[0]
    conn.close()
    os.unlink(path)
    return size / 1e6, seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--paragraphs", type=int, default=50_000)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/zh-news-bench"))
    args = parser.parse_args()
    db, _ = built_archive(args.workdir, args.paragraphs)
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    text_mb = conn.execute("select sum(length(cast(text as blob))) from paragraphs").fetchone()[0] / 1e6
    conn.execute(f"create virtual table temp.vocab using fts5vocab(main, {FTS_TABLE}, row)")
    kinds = {}
    for term, docs, instances in conn.execute("select term, doc, cnt from temp.vocab"):
        counts = kinds.setdefault(kind(term), [0, 0, 0])
        counts[0] += 1
        counts[1] += docs
        counts[2] += instances
    total = sum(c[2] for c in kinds.values())
    print(f"{text_mb:.1f} MB of paragraph text\n\n| tokens | terms | paragraph postings | instances | share of instances |\n"
          + "|---" * 5 + "|")
    for name, (terms, docs, instances) in sorted(kinds.items()):
        print(f"| {name} | {terms:,} | {docs:,} | {instances:,} | {instances / total:.1%} |")
    print("\n| FTS5 table | MB | × text |\n|---|---|---|")
    for name, size in conn.execute("select name, sum(pgsize) from dbstat where name like ? group by name order by name",
                                   [FTS_TABLE + "%"]):
        print(f"| {name} | {size / 1e6:.1f} | {size / 1e6 / text_mb:.2f}× |")
    rows = conn.execute("select id, text from paragraphs order by id").fetchall()
    conn.close()
    start = time.perf_counter()
    indexed = [(i, index_text(text)) for i, text in rows]
    print(f"\nindex_text of every paragraph: {time.perf_counter() - start:.1f} s, one process\n")
    layers = {
        "both (the archive's index)": indexed,
        "words alone": [(i, " ".join(t for t in s.split() if not t.endswith(CHARACTER))) for i, s in indexed],
        "characters alone": [(i, " ".join(t for t in s.split() if t.endswith(CHARACTER))) for i, s in indexed],
    }
    print("| layer | MB | × text | FTS5 insert s |\n|---|---|---|---|")
    for name, texts in layers.items():
        mb, seconds = layer_alone(args.workdir / "index-layer.db", texts)
        print(f"| {name} | {mb:.1f} | {mb / text_mb:.2f}× | {seconds:.1f} |")
    words, characters = layers["words alone"], layers["characters alone"]
    options = {
        "columnsize=0": {"options": ", columnsize=0"},
        "words and characters in two columns": {
            "texts": [(i, w, c) for (i, w), (_, c) in zip(words, characters)], "columns": ("words", "text")},
        "pgsz 2000 (default 1000)": {"config": {**FTS_CONFIG, "pgsz": 2000}},
        "pgsz 4000": {"config": {**FTS_CONFIG, "pgsz": 4000}},
        "hashsize 256 MB": {"config": {**FTS_CONFIG, "hashsize": 256 << 20}},
        "optimize at the end": {"after": "optimize"},
    }
    print("\n| the whole index, other FTS5 options | MB | × text | FTS5 insert s |\n|---|---|---|---|")
    for name, option in options.items():
        mb, seconds = layer_alone(args.workdir / "index-layer.db", option.pop("texts", indexed), **option)
        print(f"| {name} | {mb:.1f} | {mb / text_mb:.2f}× | {seconds:.1f} |")


if __name__ == "__main__":
    main()
