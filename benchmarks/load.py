"""Load test: the site as `make serve` runs it, under concurrent clients for a bounded time.

Builds a database from seeds/ in a temporary folder, starts Datasette on 127.0.0.1 with the
same command `python -m loader serve` uses, and drives it with --clients concurrent clients for
--seconds: searches (?_search= with many distinct 1–6 character strings from the seed text),
facet pages with and without a search, row pages, and the `search` and `article` canned
queries. Prints requests/s, p50 and p99 latency and errors (non-2xx or exceptions), then stops
the server. Every query is valid, so any 4xx is an error.

    python benchmarks/load.py --seconds 60 --clients 50
"""
import argparse
import asyncio
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections import Counter, defaultdict
from pathlib import Path

import httpx
from common import ROOT, machine, percentile

from loader.cli import running_datasette
from loader.text.query import QueryError, parse

# (kind, weight)
MIX = [("search", 35), ("facets", 10), ("facets+search", 10), ("row", 15), ("canned-search", 20), ("article", 10)]


def search_strings(db: Path, count: int, rng: random.Random) -> list:
    """Distinct 1–6 character substrings of the paragraphs, each a valid query."""
    texts = ["".join(t.split()) for (t,) in sqlite3.connect(db).execute("select text from paragraphs")]
    picked, attempts = set(), 0
    while len(picked) < count and attempts < count * 50:
        attempts += 1
        text = rng.choice(texts)
        n = rng.randint(1, 6)
        if len(text) < n:
            continue
        i = rng.randrange(len(text) - n + 1)
        candidate = text[i:i + n]
        try:
            parse(candidate)
        except QueryError:
            continue  # only punctuation: the site answers 400 on purpose; not part of this load
        picked.add(candidate)
    return sorted(picked)


def paths(kind: str, rng: random.Random, queries, paragraph_ids, article_ids) -> str:
    q = urllib.parse.quote(rng.choice(queries))
    if kind == "search":
        return f"/news/paragraphs.json?_search={q}"
    if kind == "facets":
        return "/news/paragraphs.json?_facet=city&_facet=year"
    if kind == "facets+search":
        return f"/news/paragraphs.json?_search={q}&_facet=city&_facet=year"
    if kind == "row":
        return f"/news/paragraphs/{rng.choice(paragraph_ids)}"
    if kind == "canned-search":
        return f"/news/search.json?q={q}"
    return f"/news/article.json?id={rng.choice(article_ids)}"


async def drive(base, seconds, clients, queries, paragraph_ids, article_ids, seed):
    kinds, weights = zip(*MIX)
    latencies = defaultdict(list)
    errors = Counter()
    examples = {}
    deadline = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    timeout = httpx.Timeout(30.0)

    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=timeout) as client:
        async def worker(n):
            rng = random.Random(seed * 1000 + n)
            while time.monotonic() < deadline:
                kind = rng.choices(kinds, weights)[0]
                path = paths(kind, rng, queries, paragraph_ids, article_ids)
                start = time.perf_counter()
                try:
                    response = await client.get(path)
                    await response.aread()
                    ok = 200 <= response.status_code < 300
                    label = str(response.status_code)
                except Exception as error:  # noqa: BLE001 - every failure counts as an error
                    ok, label = False, type(error).__name__
                latencies[kind].append((time.perf_counter() - start) * 1000)
                if not ok:
                    errors[f"{kind} {label}"] += 1
                    examples.setdefault(f"{kind} {label}", path)

        started = time.monotonic()
        await asyncio.gather(*(worker(n) for n in range(clients)))
        elapsed = time.monotonic() - started
    return latencies, errors, examples, elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60, help="how long to drive the server (default 60)")
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients (default 50)")
    parser.add_argument("--queries", type=int, default=3000, help="distinct search strings (default 3000)")
    parser.add_argument("--source", default=str(ROOT / "seeds"), help="folder to build from (default seeds/)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if not 0 < args.seconds <= 3600 or not 0 < args.clients <= 1000:
        parser.error("--seconds must be in (0, 3600] and --clients in (0, 1000]")

    with tempfile.TemporaryDirectory(prefix="load-") as tmp:
        db = Path(tmp) / "news.db"
        subprocess.run([sys.executable, "-m", "loader", "build", args.source, "--db", str(db), "-s"],
                       cwd=ROOT, check=True)
        rng = random.Random(args.seed)
        queries = search_strings(db, args.queries, rng)
        conn = sqlite3.connect(db)
        paragraph_ids = [i for (i,) in conn.execute("select id from paragraphs")]
        article_ids = [i for (i,) in conn.execute("select id from articles")]
        conn.close()

        try:
            with running_datasette(db, Path(tmp) / "datasette.log") as base:
                latencies, errors, examples, elapsed = asyncio.run(drive(
                    base, args.seconds, args.clients, queries, paragraph_ids, article_ids, args.seed))
        except RuntimeError as error:
            sys.exit(str(error))

    every = [ms for values in latencies.values() for ms in values]
    total, failed = len(every), sum(errors.values())
    print(f"machine: {machine()}")
    print(f"load: {args.clients} clients for {elapsed:.1f} s against datasette on 127.0.0.1 "
          f"({len(paragraph_ids)} paragraphs, {len(queries)} distinct search strings)")
    print(f"{'kind':<15} {'requests':>9} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    for kind, _ in MIX:
        values = latencies.get(kind) or [0]
        print(f"{kind:<15} {len(latencies.get(kind, [])):>9} {percentile(values, 50):>8.1f} "
              f"{percentile(values, 99):>8.1f} {max(values):>8.1f}")
    print(f"total: {total} requests, {total / elapsed:.1f} requests/s, p50 {percentile(every or [0], 50):.1f} ms, "
          f"p99 {percentile(every or [0], 99):.1f} ms, errors {failed}")
    for label, n in errors.most_common():
        print(f"  error {label}: {n} (e.g. {examples[label]})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
