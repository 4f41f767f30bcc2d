"""The kept counts of an archive already built, counted again as a full build counts them.

    python benchmarks/recount.py /tmp/ten/news-10000000.db

It reads the index's tokens (schema.vocabulary), then counts every frequent
term (counts.refresh) in processes of their own, one per core, each with a
read-only connection, while this one writes what they return to the
archive's write-ahead log, as the build does on its committed copy. It
rewrites the archive's kept counts in place (the same rows, for an archive
this loader built) and prints the seconds of each step and a digest of the
kept rows, to compare archives.
"""
import argparse
import hashlib
import os
import sqlite3
import time
from pathlib import Path

from common import machine

from loader.store import counts, parallel, schema
from loader.store import values as stored


def digest(conn) -> str:
    """SHA-256 of every kept row, in order."""
    found = hashlib.sha256()
    for row in conn.execute(f"select phrase, counts from {schema.COUNTS_TABLE} order by phrase"):
        found.update(repr(row).encode())
    return found.hexdigest()[:16]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("db", type=Path)
    parser.add_argument("--jobs", type=int, default=os.cpu_count(), help="processes (default: every core)")
    args = parser.parse_args()
    print(f"machine: {machine()}")
    conn = sqlite3.connect(args.db, isolation_level=None)
    conn.execute("pragma journal_mode = wal")
    try:
        conn.execute("begin")
        values = stored.load(conn)
        start = time.perf_counter()
        known = schema.vocabulary(conn, counts.Counted().threshold)
        print(f"schema.vocabulary: {time.perf_counter() - start:.1f} s", flush=True)
        start = time.perf_counter()
        kept = counts.refresh(conn, values, counts.Counted(), parallel.each_in_processes(args.db, args.jobs), known)
        print(f"counts.refresh: {kept:,} terms, {time.perf_counter() - start:.1f} s", flush=True)
        conn.execute("commit")
    finally:
        conn.execute("pragma journal_mode = delete")
    print(f"kept rows: SHA-256 {digest(conn)}")


if __name__ == "__main__":
    main()
