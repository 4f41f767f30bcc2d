"""Facets counted in memory (loader/facets.py) are the facets Datasette's
ColumnFacet computes with SQL: the same database, served immutable and
mutable, gives the same facet_results for every kind of request."""
import asyncio
import re
import sqlite3
import urllib.parse

import pytest

from loader.web import facets
from loader.cli import datasette_app
from loader.store.build import build
from loader.text.query import match_expression
from loader.dev.synth import synth

from .conftest import METADATA

FACET_SQL = re.compile(r"select (\w+) as value, count\(\*\) as count from")


@pytest.fixture(scope="module")
def synth_db(tmp_path_factory):
    root = tmp_path_factory.mktemp("facets")
    synth(3000, root / "corpus", seed=7)
    build(root / "news.db", [root / "corpus"], jobs=2)
    return root / "news.db"


def serve(db, immutable, **settings):
    return datasette_app([db], METADATA, immutable=immutable, trace_debug=True, **settings)


def facet_page(datasette, query):
    async def fetch():
        response = await datasette.client.get(f"/news/paragraphs.json?_size=0&_trace=1&{query}")
        assert response.status_code == 200, response.text
        return response.json()
    data = asyncio.run(fetch())
    columns_by_sql = [m.group(1) for t in data["_trace"]["traces"] if (m := FACET_SQL.search(t["sql"]))]
    return data["facet_results"], columns_by_sql


def a_city(db):
    return sqlite3.connect(db).execute(
        "select city from paragraphs where city is not null group by city order by count(*) desc").fetchone()[0]


@pytest.mark.parametrize("query, by_sql", [
    ("_search=公安", []),
    ("_search=公安&_facet=month&_facet=district", ["district"]),  # district has no index: ColumnFacet's
    ("_search=公安&city={city}", []),
    ("_search=民警&_where=seq<4&_facet=date", []),
    ("_search_text=派出所", []),
    ("_search=公安 -派出所&_facet_size=3", []),
    ("_search=公安&_searchmode=raw", []),
    ("_search=公安&_next=500", []),  # Datasette counts page 2's facets after the cursor: so must we
    ("_facet=date", []),
    ("_search=没有这样的词语", []),
])
def test_memory_facets_equal_column_facets(synth_db, query, by_sql):
    query = query.format(city=urllib.parse.quote(a_city(synth_db)))
    results, sql_columns = facet_page(serve(synth_db, immutable=True), query)
    expected, expected_sql_columns = facet_page(serve(synth_db, immutable=False), query)
    assert results == expected
    assert sql_columns == by_sql
    assert expected_sql_columns == list(expected)  # the mutable database shows ColumnFacet's SQL answers


def test_memory_facets_are_real_counts(synth_db):
    results, _ = facet_page(serve(synth_db, immutable=True), "_search=公安&_facet_size=3")
    city = results["city"]
    assert city["truncated"] and len(city["results"]) == 3
    assert [r["count"] for r in city["results"]] == sorted((r["count"] for r in city["results"]), reverse=True)
    top = sqlite3.connect(synth_db).execute(
        "select count(*) from paragraphs where city = ? and id in (select rowid from paragraphs_fts "
        "where paragraphs_fts match ?)", [city["results"][0]["value"], match_expression("公安")]).fetchone()[0]
    assert city["results"][0]["count"] == top


def test_a_facet_that_runs_out_of_time_is_reported_like_column_facets(synth_db):
    pages = []
    for immutable in (True, False):
        # One SQL thread: its connection has opened the FTS5 table for the page's rows before any facet
        # runs. Stopped while opening it, ColumnFacet fails with "vtable constructor failed" instead.
        datasette = serve(synth_db, immutable=immutable, facet_time_limit_ms=1, num_sql_threads=1)
        results, _ = facet_page(datasette, "_search=的")
        html = asyncio.run(datasette.client.get("/news/paragraphs?_search=的")).text
        pages.append((results, re.search("These facets timed out: ([^<]*)", html).group(1)))
    assert pages[0] == pages[1] == ({}, "city, province, year, kind")


def test_only_an_immutable_database_with_dense_ids_is_held_in_memory(synth_db, tmp_path):
    async def loaded(datasette):
        await datasette.invoke_startup()
        return await facets.load(datasette.get_database("news"))

    assert isinstance(asyncio.run(loaded(serve(synth_db, immutable=True))), facets.FacetValues)
    assert asyncio.run(loaded(serve(synth_db, immutable=False))) is None
    sparse = tmp_path / "news.db"
    sparse.write_bytes(synth_db.read_bytes())
    with sqlite3.connect(sparse) as conn:
        conn.execute("update paragraphs set id = id * 10000")
    assert asyncio.run(loaded(serve(sparse, immutable=True))) is None
