"""The faceted values and the article of every paragraph, kept by the build (store/values.py): what
SQL gives for every id, what the server holds, and the same pages as an archive without them serves."""
import re
import shutil
import sqlite3
import urllib.parse

import pytest

from loader.store import values
from loader.store.build import build
from loader.store.schema import COMBINATIONS_TABLE, FACETED, KEYS_TABLE, PARAGRAPHS
from loader.web import facets, hits

from .conftest import SEEDS

QUERIES = ["公安", "的", "，", "派出所 OR 警务室", "公安 -派出所", "没有这个词组"]
PAGES = ["/", "/news/paragraphs?_facet=city&_facet=kind", "/news/paragraphs.json?_facet=year&_facet=month&_facet=date"]
PAGES += [page + urllib.parse.quote(query) for query in QUERIES for page in (
    "/-/search?q=", "/-/trend?q=", "/-/map?q=", "/news/paragraphs?_search=",
    "/news/paragraphs.json?_facet=province&_facet=year&_search=")]
PAGES += ["/-/search?q=%E5%85%AC%E5%AE%89&city=%E5%B9%B3%E9%A1%B6%E5%B1%B1%E5%B8%82",
          "/-/search?q=%E7%9A%84&year=2025&kind=body", "/-/trend?q=%E7%9A%84&province=%E6%B2%B3%E5%8C%97"]


def sql_values(db) -> dict:
    """{id: (FACETED values, article id)} of every paragraph, from SQL."""
    with sqlite3.connect(db) as conn:
        return {row[0]: (tuple(row[1:-1]), row[-1]) for row in conn.execute(
            f"select id, {', '.join(FACETED)}, article_id from {PARAGRAPHS}")}


def kept(db) -> values.Values:
    with sqlite3.connect(db) as conn:
        rows, highest = conn.execute(f"select count(*), max(id) from {PARAGRAPHS}").fetchone()
        return values.read(conn, rows, highest)


def assert_kept_as_sql_gives_them(db):
    stored, by_sql = kept(db), sql_values(db)
    assert stored is not None
    assert len(stored.keys) == len(stored.articles) == max(by_sql) + 1
    held = {pid: (stored.combinations[key], stored.articles[pid]) for pid, key in enumerate(stored.keys) if key}
    assert held == by_sql
    assert all(stored.articles[pid] == 0 for pid, key in enumerate(stored.keys) if not key)
    assert sorted(set(stored.combinations[1:]), key=repr) == sorted(stored.combinations[1:], key=repr)
    with sqlite3.connect(db) as conn:
        assert stored == values.scan(conn)  # the numbering the server gave them when it read the paragraphs


def test_the_build_keeps_the_values_and_article_of_every_paragraph_as_sql_gives_them(seed_db):
    assert_kept_as_sql_gives_them(seed_db)


def test_an_update_keeps_them_again(tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    (seeds / "gone.txt").write_text("## 旧闻\n\n" + "派出所民警。\n\n" * 30, encoding="utf-8")
    db = tmp_path / "news.db"
    build(db, [seeds], jobs=1, warn=lambda message: None)
    (seeds / "gone.txt").unlink()  # its ids are not given again: a gap
    (seeds / "extra.txt").write_text("## 新增\n\n" + "公安局工作。\n\n" * 40, encoding="utf-8")
    build(db, [seeds], jobs=1, warn=lambda message: None)
    assert not all(kept(db).keys[1:])
    assert_kept_as_sql_gives_them(db)


def served_values(site, db) -> facets.FacetValues:
    async def loaded():
        await site.datasette.invoke_startup()
        return await facets.load(site.datasette.get_database(db.stem))
    return site.run(loaded())


def test_the_server_holds_the_kept_values(serve, seed_db, tmp_path):
    copy = tmp_path / seed_db.name
    shutil.copy(seed_db, copy)
    with sqlite3.connect(copy) as conn:
        conn.execute(f"update {COMBINATIONS_TABLE} set city = '某某市' where key = 1")
    conn.close()
    held = served_values(serve(copy), copy)
    assert held.combinations[1][FACETED.index("city")] == "某某市"  # read from the table, not the paragraphs
    assert held.keys == kept(seed_db).keys


def test_paragraphs_changed_after_the_build_are_read_from_the_paragraphs(serve, seed_db, tmp_path):
    copy = tmp_path / seed_db.name
    shutil.copy(seed_db, copy)
    with sqlite3.connect(copy) as conn:
        conn.execute(f"update {COMBINATIONS_TABLE} set city = '某某市' where key = 1")
        conn.execute(f"delete from {PARAGRAPHS} where id = (select max(id) from {PARAGRAPHS})")
    conn.close()
    held = served_values(serve(copy), copy)
    by_sql = sql_values(copy)
    assert {pid: (held.combinations[key], held.articles[pid]) for pid, key in enumerate(held.keys) if key} == by_sql


@pytest.fixture(scope="module")
def without_values(seed_db, tmp_path_factory):
    """The seed archive as a loader before the kept values built it: the same file name, so the same links."""
    plain = tmp_path_factory.mktemp("plain") / seed_db.name
    shutil.copy(seed_db, plain)
    with sqlite3.connect(plain) as conn:
        conn.execute(f"drop table {KEYS_TABLE}")
        conn.execute(f"drop table {COMBINATIONS_TABLE}")
    conn.close()
    return plain


def same(response):
    """A page less the time its query took."""
    if response.headers["content-type"].startswith("application/json"):
        return {key: value for key, value in response.json().items() if key != "query_ms"}
    return re.sub(r"took [\d.]+ms", "took", response.text)


def test_pages_with_the_kept_values_are_the_pages_without_them(serve, seed_db, without_values):
    with_them, without = serve(seed_db), serve(without_values)
    assert served_values(without, without_values).keys == served_values(with_them, seed_db).keys
    for page in PAGES:
        hits._recent.clear()
        shown = with_them.get(page)
        hits._recent.clear()
        assert shown.status_code == 200, page
        assert same(shown) == same(without.get(page)), page
        if page.startswith("/-/search?q=%E5%85%AC%E5%AE%89"):
            article = shown.text.split('href="/-/article/', 1)[1].split('"', 1)[0]
            assert with_them.get(f"/-/article/{article}").text == without.get(f"/-/article/{article}").text
