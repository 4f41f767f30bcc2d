"""The server's start-up on an archive, before and after the build's step that keeps the faceted
values and the article of every paragraph (store/values.py), on the same file in one run.

    python benchmarks/startup.py COPY.db

COPY.db: an archive without the kept values (built by a loader before them), which this script
changes: it writes them into it as the build does (store.values.refresh). Each start-up runs in a
process of its own, served as `zh-news serve` serves it (immutable, with the inspect file
loader.cli.inspected gives it, timed), through Datasette's own client. Both must hold the same
values (a digest of them) and serve the same pages, less the time their queries took. Last, the
time until the server `zh-news serve` runs answers, with the kept values.
"""
import argparse
import asyncio
import difflib
import hashlib
import json
import re
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import clock, machine

from loader.cli import datasette_app, inspected, running_datasette
from loader.store import values
from loader.store.schema import COMBINATIONS_SQL, COMBINATIONS_TABLE, KEYS_SQL, KEYS_TABLE, has_values
from loader.web import facets

PAGES = ["/-/search?q=派出所", "/-/trend?q=派出所", "/-/map?q=襄阳市樊", "/-/search?q=襄阳&year=2021",
         "/{name}/paragraphs?_facet=city&_facet=year", "/{name}/paragraphs.json?_search=襄阳&_facet=province"]

_TIMINGS = re.compile(r'took [\d.]+ms|"query_ms": [\d.e-]+')


def inspect(db: Path):
    """What `zh-news serve` spends on the inspect file: once for a changed file, then for the same file."""
    ms, _ = clock(inspected, db)
    again, _ = clock(inspected, db)
    print(f"inspect file: {ms / 1000:.1f} s (datasette inspect), then {again:.0f} ms for the same file", flush=True)


def serve_once(db: Path):
    """Start the server, ask for PAGES; print a JSON line of the start-up's time and peak memory and the
    pages, less the time their queries took."""
    inspect_data = json.loads(db.with_suffix(".inspect.json").read_text())
    datasette = datasette_app([db], inspect_data=inspect_data)
    loop = asyncio.new_event_loop()
    ms, _ = clock(lambda: loop.run_until_complete(datasette.invoke_startup()))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    pages = []
    for page in PAGES:
        response = loop.run_until_complete(datasette.client.get(page.format(name=db.stem)))
        pages.append(f"{response.status_code} {_TIMINGS.sub('took', response.text)}")
    held = loop.run_until_complete(facets.load(datasette.get_database(db.stem)))
    digest = hashlib.sha256(held.keys.tobytes() + held.articles.tobytes() + repr(held.combinations[1:]).encode())
    print(json.dumps({"startup_s": ms / 1000, "peak_mb": peak, "pages": pages, "held": digest.hexdigest()}))


def _answering(db: Path, log: Path):
    with running_datasette(db, log, timeout=600):
        pass


def started(db: Path) -> dict:
    out = subprocess.run([sys.executable, __file__, str(db), "--serve-once"], check=True, capture_output=True,
                         text=True).stdout
    return json.loads(out.splitlines()[-1])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("db", type=Path)
    parser.add_argument("--serve-once", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_once:
        return serve_once(args.db)
    conn = sqlite3.connect(args.db)
    if has_values(conn):
        sys.exit(f"{args.db} keeps its values already: give a copy of an archive built without them")
    print(machine(), flush=True)
    inspect(args.db)
    before = started(args.db)
    print(f"start-up, values read from the paragraphs: {before['startup_s']:.1f} s, "
          f"peak {before['peak_mb']:.0f} MB", flush=True)
    start = time.perf_counter()
    with conn:
        conn.execute(COMBINATIONS_SQL)  # as the build's ensure_tables creates them
        conn.execute(KEYS_SQL)
        values.refresh(conn)
    seconds = time.perf_counter() - start
    (blobs,) = conn.execute(f"select sum(length(keys) + length(articles)) from {KEYS_TABLE}").fetchone()
    (combinations,) = conn.execute(f"select count(*) from {COMBINATIONS_TABLE}").fetchone()
    print(f"the build's step (store.values.refresh): {seconds:.1f} s; {blobs / 1e6:.0f} MB of arrays, "
          f"{combinations:,} combinations", flush=True)
    conn.close()
    inspect(args.db)
    after = started(args.db)
    print(f"start-up, values kept by the build: {after['startup_s']:.1f} s, peak {after['peak_mb']:.0f} MB "
          f"({before['startup_s'] / after['startup_s']:.0f}x as fast)", flush=True)
    with tempfile.TemporaryDirectory() as folder:
        ms, _ = clock(_answering, args.db, Path(folder) / "datasette.log")
    print(f"the server `zh-news serve` runs (datasette serve -i, its own process): answering after "
          f"{ms / 1000:.1f} s", flush=True)
    print(f"values held, the same: {before['held'] == after['held']} (sha256 {after['held'][:16]})")
    same = sum(b == a for b, a in zip(before["pages"], after["pages"]))
    print(f"pages the same: {same} of {len(PAGES)}")
    for page, b, a in zip(PAGES, before["pages"], after["pages"]):
        if b != a:
            print(f"{page} differs:\n" + "\n".join(line[:300] for line in difflib.unified_diff(
                b.replace(", ", ",\n").splitlines(), a.replace(", ", ",\n").splitlines(), lineterm="")))
    if before["held"] != after["held"] or same != len(PAGES):
        sys.exit(1)


if __name__ == "__main__":
    main()
