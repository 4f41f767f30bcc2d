"""The ranked lists and kept counts of an archive already built, made again as a full build makes them.

    python benchmarks/recount.py /tmp/ten/news-10000000.db
    python benchmarks/recount.py /tmp/ten/news-10000000.db --only lists --at-once 0

It reads the index's tokens (schema.vocabulary), then ranks every list
(top.refresh) and counts every frequent term (counts.refresh) in processes of
their own, one per core, each with a read-only connection, while this one
writes what they return to the archive's write-ahead log, as the build does
on its committed copy. It rewrites the archive's lists and kept counts in
place (the same rows, for an archive this loader built) and prints the
seconds of each step (and of each length of the kept counts, with its
strings made, read and kept), the peak memory of this process and its
children, and a digest of each table's rows, to compare archives.
--at-once 0 ranks every list by FTS5's BM25 in SQL (top.Lists.at_once).
"""
import argparse
import dataclasses
import hashlib
import os
import sqlite3
import threading
import time
from pathlib import Path

from common import MEMORY_SAMPLED, machine, tree_memory_kib

from loader.store import counts, parallel, schema, top
from loader.store import values as stored

ORDER = {schema.TOP_TABLE: "phrase, position", schema.COUNTS_TABLE: "phrase"}


def digest(conn, table) -> str:
    """SHA-256 of every row of the table, in order."""
    found = hashlib.sha256()
    for row in conn.execute(f"select * from {table} order by {ORDER[table]}"):
        found.update(repr(row).encode())
    return found.hexdigest()[:16]


def peak_memory(peak: list, done: threading.Event):
    """Keep in peak the highest (RSS, PSS) in KiB of this process and its children until done."""
    while not done.wait(MEMORY_SAMPLED):
        peak[:] = map(max, peak, tree_memory_kib(os.getpid()))


class Lengths:
    """Prints each length of the kept counts as it is done, with the seconds since the one before."""

    def __init__(self):
        self.last = time.perf_counter()

    def report(self, characters, made, read, kept):
        now = time.perf_counter()
        print(f"  {characters} characters: {made:,} strings, {read:,} read, {kept:,} kept, {now - self.last:.1f} s",
              flush=True)
        self.last = now


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("db", type=Path)
    parser.add_argument("--jobs", type=int, default=os.cpu_count(), help="processes (default: every core)")
    parser.add_argument("--only", choices=("lists", "counts"), help="one of the two steps")
    parser.add_argument("--at-once", type=int, default=top.Lists().at_once,
                        help="the most occurrences of a term ranked from its occurrences")
    args = parser.parse_args()
    print(f"machine: {machine()}")
    lists, counted = dataclasses.replace(top.Lists(), at_once=args.at_once), counts.Counted()
    conn = sqlite3.connect(args.db, isolation_level=None)
    conn.execute("pragma journal_mode = wal")
    peak, done = [0, 0], threading.Event()
    threading.Thread(target=peak_memory, args=(peak, done), daemon=True).start()
    each = parallel.each_in_processes(args.db, args.jobs)
    try:
        conn.execute("begin")
        start = time.perf_counter()
        known = schema.vocabulary(conn, min(top.least(lists), counted.threshold))
        print(f"schema.vocabulary: {time.perf_counter() - start:.1f} s", flush=True)
        if args.only != "counts":
            start = time.perf_counter()
            written = top.refresh(conn, lists, each, known)
            print(f"top.refresh: {written:,} rows, {time.perf_counter() - start:.1f} s", flush=True)
        if args.only != "lists":
            values = stored.load(conn)
            start = time.perf_counter()
            kept = counts.refresh(conn, values, counted, each, known, report=Lengths().report)
            print(f"counts.refresh: {kept:,} terms, {time.perf_counter() - start:.1f} s", flush=True)
        conn.execute("commit")
    finally:
        done.set()
        conn.execute("pragma journal_mode = delete")
    print(f"peak memory of this process and its children: RSS {peak[0] / 1024:.0f} MB, PSS {peak[1] / 1024:.0f} MB")
    for table in ([schema.TOP_TABLE] if args.only != "counts" else []) + \
            ([schema.COUNTS_TABLE] if args.only != "lists" else []):
        print(f"{table}: SHA-256 {digest(conn, table)}")


if __name__ == "__main__":
    main()
