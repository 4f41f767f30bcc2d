"""What each token layer of the index costs: the archive's paragraphs indexed again, one layer
at a time, each into an FTS5 table of its own with the archive's settings, merged into one
segment (optimize), and measured as peers.py measures an index (dbstat pages of its tables).

    python benchmarks/layers.py /tmp/zh-news-bench/news-100000.db

Layers: the substring layer (the marked bigrams of index_text), the word layer as the archive
keeps it (positions, to match phrases of several words), the word layer with no positions and
no sizes (detail=none, columnsize=0: a word's paragraphs only), the same with words of two
characters or more, and the archive's own index as built (both layers in one column). Last, what
the word layer tells beyond the substring layer kept with no index at all: where each word starts,
a bit for each character of the paragraph, in a table of blobs by id.
"""
import argparse
import sqlite3
import tempfile
import time
from pathlib import Path

from common import machine

from loader.store.schema import FTS_CONFIG, FTS_TABLE, FTS_TOKENIZER
from loader.text.normalize import normalize
from loader.text.segment import BIGRAM, index_text, match_chars, words


def index_bytes(conn, table) -> int:
    return conn.execute("select sum(pgsize) from dbstat where name like ?", [table + "%"]).fetchone()[0]


def word_starts(text: str) -> bytes:
    """A bit for each character substring matching works on, set where a jieba word starts."""
    bits, at = 0, 0
    for word in words(normalize(text)):
        bits |= 1 << at
        at += len(match_chars(word))
    return bits.to_bytes((at + 7) // 8, "little")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("db", type=Path)
    args = parser.parse_args()
    archive = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
    rows = archive.execute("select id, text from paragraphs order by id").fetchall()
    text_bytes = sum(len(text.encode()) for _, text in rows)
    bigrams, words = [], []
    for pid, text in rows:
        tokens = index_text(text).split()  # the archive's tokens: each bigram ends with the mark
        bigrams.append((pid, " ".join(t for t in tokens if t.endswith(BIGRAM))))
        words.append((pid, [t for t in tokens if not t.endswith(BIGRAM)]))
    layers = {
        "substring layer (bigrams)": (bigrams, ""),
        "word layer, positions": ([(pid, " ".join(w)) for pid, w in words], ""),
        "word layer, detail=none": ([(pid, " ".join(w)) for pid, w in words], ", detail=none, columnsize=0"),
        "word layer of 2+ characters, detail=none": (
            [(pid, " ".join(t for t in w if len(t) > 1)) for pid, w in words], ", detail=none, columnsize=0"),
    }
    print(f"machine: {machine()}\n{args.db}: {len(rows):,} paragraphs, {text_bytes / 1e6:.1f} MB of text")
    print("| index | tokens | MB | × text | insert s |\n|---|---|---|---|---|")
    archive_bytes = index_bytes(archive, FTS_TABLE)
    print(f"| the archive's own (both layers, as built) | – | {archive_bytes / 1e6:.1f} "
          f"| {archive_bytes / text_bytes:.2f}× | – |")
    with tempfile.TemporaryDirectory() as folder:
        for name, (data, options) in layers.items():
            conn = sqlite3.connect(Path(folder) / "layer.db")
            conn.execute("drop table if exists layer")
            conn.execute(f"create virtual table layer using fts5(text, content='', {FTS_TOKENIZER}{options})")
            for key, value in FTS_CONFIG.items():
                conn.execute("insert into layer(layer, rank) values (?, ?)", [key, value])
            start = time.perf_counter()
            conn.executemany("insert into layer(rowid, text) values (?, ?)", data)
            conn.commit()
            seconds = time.perf_counter() - start
            conn.execute("insert into layer(layer) values ('optimize')")
            conn.commit()
            size = index_bytes(conn, "layer")
            tokens = sum(len(text.split()) for _, text in data)
            print(f"| {name} | {tokens:,} | {size / 1e6:.1f} | {size / text_bytes:.2f}× | {seconds:.1f} |")
            conn.close()
        conn = sqlite3.connect(Path(folder) / "starts.db")
        conn.execute("create table starts(id integer primary key, bits blob)")
        conn.executemany("insert into starts values (?, ?)", ((pid, word_starts(text)) for pid, text in rows))
        conn.commit()
        size = index_bytes(conn, "starts")
        print(f"| where each word starts, a bit a character (no FTS5) | – | {size / 1e6:.1f} "
              f"| {size / text_bytes:.2f}× | – |")


if __name__ == "__main__":
    main()
