"""Search latency at scale: raw SQL, the JSON API with facets, a LIKE scan, and the
researcher's pages (results, trend, article, map), on the same database; with
--without-counts, the pages again on a copy without the counts the build keeps.

    python benchmarks/search.py --paragraphs 1000000
    python benchmarks/search.py --db /tmp/ten/news-10000000.db --pages-only
"""
import argparse
import asyncio
import json
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import urllib.parse
from pathlib import Path

from common import built_archive, clock, percentile

from loader.web import facets
from loader.web import hits
from loader.cli import datasette_app
from loader.store import counts, values as stored
from loader.store.schema import COUNTS_TABLE
from loader.text.query import match_expression


def queries(db, count, seed):
    """Half common, half rare strings of 1–6 characters, taken from the paragraphs themselves."""
    rng = random.Random(seed)
    conn = sqlite3.connect(db)
    top = conn.execute("select max(id) from paragraphs").fetchone()[0]
    texts = []
    while len(texts) < 400:
        row = conn.execute("select text from paragraphs where id >= ? and kind = 'body' limit 1",
                           [rng.randrange(top)]).fetchone()
        if row:
            texts.append("".join(row[0].split()))
    counts = {}
    for text in texts:
        for n in range(1, 7):
            for i in range(0, len(text) - n + 1):
                counts[text[i:i + n]] = counts.get(text[i:i + n], 0) + 1
    chinese = [s for s in counts if all("\u4e00" <= c <= "\u9fff" for c in s)]
    common = sorted(chinese, key=lambda s: (-counts[s], s))
    picked = []
    for n in range(1, 7):
        by_length = [s for s in common if len(s) == n]
        picked += by_length[:count // 12]  # common
        picked += rng.sample([s for s in by_length if counts[s] == 1], count // 12)  # rare
    return picked


# One character that is in nearly every paragraph, the most common word, and a common term.
EXTRA = ["，", "的", "公安"]


def pages(get, name, picked, conn, get_any):
    """The researcher's pages for every query: results (first page, ranked, with counts and
    chart), trend (paragraphs and articles per year), the article of the first hit with the
    query highlighted, the map; and the JSON of the canned trend and map queries.
    Every page is measured cold, with no recent search remembered; then the same search's
    next steps (a city, page 2, trend, map) as a reader takes them, warm."""
    PAGES = ("results /-/search?q=", "trend /-/trend?q=", "article /-/article/ID?q=", "map /-/map?q=",
             f"canned /{name}/trend.json?q=", f"canned /{name}/map.json?q=")
    canned = PAGES[4:]
    times = {page: [] for page in PAGES}
    named, timeouts = {}, 0
    for q in picked:
        quoted = urllib.parse.quote(q)
        hits._recent.clear()  # cold: every page looks its search up in FTS5
        ms, response = clock(get, f"/-/search?q={quoted}")
        times[PAGES[0]].append(ms)
        shown = int(re.search(r'data-total="(\d+)"', response.text).group(1))
        expected = conn.execute("select count(*) from paragraphs_fts where paragraphs_fts match ?",
                                [match_expression(q)]).fetchone()[0]
        assert shown == expected, (q, shown, expected)  # the page searched what SQL finds
        article = re.search(r'href="(/-/article/\d+)\?', response.text).group(1)
        city = re.search(r'<section class="zh-facet" id="facet-city">.*?<a href="([^"]+)"', response.text, re.S)
        row = [ms]
        for page, path in ((PAGES[1], f"/-/trend?q={quoted}"), (PAGES[2], f"{article}?q={quoted}"),
                           (PAGES[3], f"/-/map?q={quoted}"), (PAGES[4], f"/{name}/trend.json?q={quoted}"),
                           (PAGES[5], f"/{name}/map.json?q={quoted}")):
            hits._recent.clear()
            ms, response = clock(get if page not in canned else get_any, path)
            if response.status_code != 200:
                assert "took too long" in response.text, (path, response.status_code, response.text[:300])
                timeouts += 1
            times[page].append(ms)
            row.append(ms)
        if q in EXTRA:
            # Warm: the reader's next steps after the results page.
            get(f"/-/search?q={quoted}")
            steps = [city.group(1).replace("&amp;", "&"), f"/-/search?q={quoted}&page=2", f"/-/trend?q={quoted}",
                     f"/-/map?q={quoted}"]
            named[q] = (expected, row, [clock(get, path)[0] for path in steps])
    print(f"Researcher's pages, {len(picked)} queries (the set above plus {', '.join(EXTRA)}), one request each, "
          f"cold; the canned SQL ran out of time (3 s, HTTP 400) {timeouts} times")
    print("| page | p50 ms | p95 ms | max ms | over 1 s | over 3 s |\n|---|---|---|---|---|---|")
    for page, values in times.items():
        print(f"| {page} | {percentile(values, 50):.0f} | {percentile(values, 95):.0f} | {max(values):.0f} "
              f"| {sum(v > 1000 for v in values)} | {sum(v > 3000 for v in values)} |")
    print("| query | hits | " + " | ".join(p.split()[-1].split("?")[0] + " ms" for p in PAGES)
          + " | then warm: a city, page 2, trend, map ms |\n" + "|---" * (len(PAGES) + 3) + "|")
    for q, (count, row, warm) in named.items():
        print(f"| `{q}` | {count:,} | " + " | ".join(f"{ms:.0f}" for ms in row) + " | "
              + ", ".join(f"{ms:.0f}" for ms in warm) + " |")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--paragraphs", type=int, default=1_000_000)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/zh-news-bench"))
    parser.add_argument("--db", type=Path, help="an archive already built, instead of building --paragraphs")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--like", type=int, default=40, help="how many of the queries also run as a LIKE scan")
    parser.add_argument("--pages-only", action="store_true", help="only the researcher's pages")
    parser.add_argument("--without-counts", action="store_true",
                        help="then the pages again on a copy without the kept counts (store/counts.py), "
                             "as an archive built before them is served")
    args = parser.parse_args()
    db = args.db or built_archive(args.workdir, args.paragraphs)[0]
    picked = queries(db, args.queries, 7)
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)

    def raw(q):
        expression = match_expression(q)
        count = conn.execute("select count(*) from paragraphs_fts where paragraphs_fts match ?", [expression]).fetchone()[0]
        return count, conn.execute("select p.id, p.text, p.city, p.date from paragraphs p where p.id in "
                            "(select rowid from paragraphs_fts where paragraphs_fts match ?) order by p.id limit 100",
                            [expression]).fetchall()

    def like(q):
        return conn.execute("select count(*) from paragraphs where text like ?", [f"%{q}%"]).fetchone()

    inspect = db.with_suffix(".inspect.json")
    subprocess.run([sys.executable, "-m", "datasette", "inspect", str(db), "--inspect-file", str(inspect)], check=True)
    datasette = datasette_app([db], inspect_data=json.loads(inspect.read_text()))
    name = db.stem
    loop = asyncio.new_event_loop()
    # Startup holds the facet values in memory (loader/web/facets.py); `datasette serve` does it before listening.
    ms, _ = clock(lambda: loop.run_until_complete(datasette.invoke_startup()))
    facet_values = loop.run_until_complete(facets.load(datasette.get_database(name)))
    keys = facet_values.keys
    print(f"startup: {ms / 1000:.1f} s; facet values of {len(facet_values.combinations) - 1:,} combinations "
          f"for {len(keys):,} ids, {keys.itemsize * len(keys) / 1e6:.1f} MB of keys")

    def getters(app):
        def get_any(path):
            """The response whatever its status: the canned SQL may run out of time (400)."""
            return loop.run_until_complete(app.client.get(path))

        def get(path):
            response = get_any(path)
            assert response.status_code == 200, (path, response.status_code, response.text[:300])
            return response
        return get, get_any

    get, get_any = getters(datasette)

    def get_json(path):
        return get(path).json()

    searched = picked + [q for q in EXTRA if q not in picked]
    pages(get, name, searched, conn, get_any)
    if args.without_counts:
        copy = args.workdir / "without-counts" / db.name
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(db, copy)
        with sqlite3.connect(copy) as writer:
            # What the counts cost the build and the file: counted again on the copy, then dropped.
            ms, terms = clock(counts.refresh, writer, stored.load(writer))
            (size,) = writer.execute("select sum(pgsize) from dbstat where name like ?",
                                     [COUNTS_TABLE + "%"]).fetchone()
            print(f"{COUNTS_TABLE}: {terms} terms counted in {ms / 1000:.0f} s, {size / 1e6:.1f} MB "
                  f"({size / db.stat().st_size:.1%} of the file)")
            writer.execute(f"drop table {COUNTS_TABLE}")
        writer.close()
        plain = datasette_app([copy], inspect_data=json.loads(inspect.read_text()))
        loop.run_until_complete(plain.invoke_startup())
        print(f"The same pages on a copy without {COUNTS_TABLE}:")
        plain_get, plain_get_any = getters(plain)
        pages(plain_get, name, searched, conn, plain_get_any)
        copy.unlink()
    if args.pages_only:
        return

    def api(q):
        return get_json(f"/{name}/paragraphs.json?_search={urllib.parse.quote(q)}&_facet=city&_facet=year&_size=100")

    # Facet pages compute city and year, which they ask for, plus the facets the plugin
    # declares. Datasette leaves a timed-out facet out of facet_results.
    declared = {"city", "year"} | set(datasette.table_metadata(name, "paragraphs").get("facets", []))
    RAW, API, LIKE = "raw SQL (count + first 100 rows)", "JSON API with city and year facets", "LIKE '%q%' scan"
    results = {RAW: [], API: [], LIKE: []}
    timeouts = 0
    for q in picked:
        ms, (count, _) = clock(raw, q)
        results[RAW].append(ms)
        ms, data = clock(api, q)
        results[API].append(ms)
        # The API must have searched: a metadata mix-up once measured unfiltered pages.
        assert data["filtered_table_rows_count"] in (count, None), (q, count, data["filtered_table_rows_count"])
        timeouts += len(declared - set(data["facet_results"]))
    for q in picked[:: max(1, len(picked) // args.like)][:args.like]:
        results[LIKE].append(clock(like, q)[0])
    print(f"{len(picked)} queries (1–6 characters, half common, half rare); LIKE on {len(results[LIKE])} of them")
    print("| method | p50 ms | p95 ms |\n|---|---|---|")
    for method, values in results.items():
        print(f"| {method} | {percentile(values, 50):.1f} | {percentile(values, 95):.1f} |")
    raw_p50 = percentile(results[RAW], 50)
    print(f"LIKE p50 / raw SQL p50 = {percentile(results[LIKE], 50) / raw_p50:.0f}×; "
          f"JSON API p50 / raw SQL p50 = {percentile(results[API], 50) / raw_p50:.1f}×; "
          f"facet time-outs: {timeouts}")

    print("| facet page | hits | median ms (5 runs) | facets timed out |\n|---|---|---|---|")
    for word in (None, "公安", "工作", "群众", "民警", "平安", "治安"):
        path = f"/{name}/paragraphs.json?_facet=city&_facet=year"
        if word:
            path += f"&_search={urllib.parse.quote(word)}"
        times = []
        for _ in range(5):
            ms, data = clock(get_json, path)
            times.append(ms)
        missing = sorted(declared - set(data["facet_results"]))
        print(f"| {'_search=' + word if word else 'no search'} | {data['filtered_table_rows_count']:,} "
              f"| {percentile(times, 50):.0f} | {', '.join(missing) or 'none'} |")


if __name__ == "__main__":
    main()
