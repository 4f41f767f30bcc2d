"""The plugin's rules apply to archives this loader built, and to no other
database Datasette serves beside them."""
import sqlite3
import urllib.parse

import pytest
import sqlite_utils

from loader.cli import datasette_app
from loader.text.query import match_expression
from loader.web import archive, facets

from .conftest import METADATA


@pytest.fixture(scope="module")
def other_db(tmp_path_factory):
    """An ordinary English database with a Datasette FTS table."""
    path = tmp_path_factory.mktemp("other") / "other.db"
    db = sqlite_utils.Database(path)
    db["animals"].insert_all([
        {"id": 1, "name": "terry dog", "note": "barks"},
        {"id": 2, "name": "barry cat", "note": "the dog's friend"},
        {"id": 3, "name": "sara weasel", "note": "quiet"},
    ], pk="id")
    db["animals"].enable_fts(["name", "note"])
    # A table of the archive's name, which is not an archive's.
    db["paragraphs"].insert_all([{"id": i, "city": city, "text": f"text {i}"}
                                 for i, city in enumerate(["Leeds", "York", "Leeds"], start=1)], pk="id")
    return path


@pytest.fixture(scope="module")
def both(seed_db, other_db, serve):
    """The archive and the other database, both immutable as `zh-news serve` serves."""
    site = serve(seed_db, other_db)
    site.run(site.datasette.invoke_startup())
    return site


def get(both, path):
    return both.get(path)


def test_an_ordinary_fts_database_beside_the_archive_searches_as_plain_datasette(both):
    data = get(both, "/other/animals.json?_search=dog&_shape=array").json()
    assert [row["id"] for row in data] == [1, 2]
    assert [r["id"] for r in get(both, "/other/animals.json?_search_name=cat&_shape=array").json()] == [2]
    # FTS syntax is Datasette's there: a trailing * is escaped away, not a segmenter query.
    assert [r["id"] for r in get(both, "/other/animals.json?_search=weasel&_shape=array").json()] == [3]


OTHER_PAGES = [
    "/other/animals.json?_search=dog",
    "/other/animals.json?_search=dog*",
    "/other/animals.json?_search=",
    "/other/animals?_search=",
    "/other/animals?_search=&_filter_column=name&_filter_op=contains&_filter_value=dog",
    "/other/animals.json?_search=%22",
    "/other/animals?_search=dog",
    "/other/animals.json?_facet=name&_search=dog",
    "/other/paragraphs.json?_facet=city",
]


def plain_datasette(both, paths, *files):
    """The same pages from a Datasette without this plugin."""
    from datasette.plugins import pm

    plugin = pm.unregister(name=archive.PLUGIN)
    try:
        datasette = datasette_app(files, METADATA)
        return [both.run(datasette.client.get(path)) for path in paths]
    finally:
        pm.register(plugin, name=archive.PLUGIN)


def without_timing(data):
    return {k: v for k, v in data.items() if k != "query_ms"}


def test_the_other_database_answers_exactly_as_in_plain_datasette(both, seed_db, other_db):
    plain = plain_datasette(both, OTHER_PAGES, seed_db, other_db)
    for path, expected in zip(OTHER_PAGES, plain):
        response = get(both, path)
        assert (response.status_code, response.headers.get("location")) == (
            expected.status_code, expected.headers.get("location")), path
        if path.split("?")[0].endswith(".json"):
            assert without_timing(response.json()) == without_timing(expected.json()), path
        else:
            assert response.text.count("<mark>") == expected.text.count("<mark>") == 0
    redirect = get(both, OTHER_PAGES[4])
    assert redirect.status_code == 302 and redirect.headers["location"].endswith("/other/animals?name__contains=dog")
    # The archive keeps its rule: an empty search is a 400 with a plain message.
    assert get(both, "/news/paragraphs.json?_search=").status_code == 400


def test_highlights_only_on_the_archive(both):
    other = get(both, "/other/animals?_search=dog").text
    assert "terry dog" in other and "<mark>" not in other
    assert "<mark>公安</mark>" in get(both, "/news/paragraphs?_search=公安").text


def test_memory_facets_only_on_the_archive(both):
    data = get(both, "/other/paragraphs.json?_facet=city").json()
    assert [(r["value"], r["count"]) for r in data["facet_results"]["city"]["results"]] == [("Leeds", 2), ("York", 1)]
    assert both.run(facets.load(both.datasette.get_database("other"))) is None
    assert isinstance(both.run(facets.load(both.datasette.get_database("news"))), facets.FacetValues)


def test_metadata_and_canned_queries_only_on_the_archive(both):
    assert sorted(q["name"] for q in get(both, "/news.json").json()["queries"]) == sorted(archive.QUERIES)
    assert get(both, "/other.json").json()["queries"] == []
    assert get(both, "/other/search").status_code == 404
    assert get(both, "/other/paragraphs.json?_size=0").json()["facet_results"] == {}
    assert get(both, "/news/paragraphs.json?_size=0").json()["facet_results"] != {}


def test_raw_search_mode_stays_for_experts(both, seed_db):
    expression = match_expression("公安")
    expected = sqlite3.connect(seed_db).execute(
        "select count(*) from paragraphs_fts where paragraphs_fts match ?", [expression]).fetchone()[0]
    raw = get(both, "/news/paragraphs.json?_size=0&_searchmode=raw&_search=" + urllib.parse.quote(expression)).json()
    assert 0 < raw["filtered_table_rows_count"] == expected
    # Raw FTS5 syntax reaches FTS5 as it is: the word-layer token 公安 alone.
    words = get(both, "/news/paragraphs.json?_size=0&_searchmode=raw&_search=" + urllib.parse.quote("公安")).json()
    assert words["filtered_table_rows_count"] == sqlite3.connect(seed_db).execute(
        "select count(*) from paragraphs_fts where paragraphs_fts match '公安'").fetchone()[0]


def test_with_no_archive_served_the_home_page_is_datasettes_own(other_db, serve):
    site = serve(other_db, metadata=None)
    ours, plain = (site.get(path) for path in ("/", "/.json"))
    assert ours.status_code == 200
    assert '<a href="/other">other</a>' in ours.text and "zh-news" not in ours.text
    assert list(plain.json()) == ["other"]
