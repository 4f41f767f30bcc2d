"""The researcher's pages and the trend, map and feed queries, through the real Datasette."""
import asyncio
import re
import shutil
import sqlite3
import urllib.parse
import xml.etree.ElementTree as ET

import pytest

from loader import ranked
from loader.store import search
from loader.store.build import build
from loader.store.schema import TOP_TABLE
from loader.store.search import FILTERS, lists_used, ranked_sql
from loader.text.query import match_expression
from loader.web import hits

from .test_search import HOSTILE, expected_ids, paragraphs

QUERIES = ["枫桥经验", "公安", "警", "派出所 OR 警务室", "公安 -派出所", '"平安 建设"', "，", "没有这个词组"]


def q(text):
    return urllib.parse.quote(text)


@pytest.fixture(scope="module")
def served(get):
    """`zh-news serve` serves the file immutable: facet values come from memory."""
    return get


@pytest.fixture(scope="module")
def conn(seed_db):
    return sqlite3.connect(seed_db)


def hit_ids(conn, query, where="", params=()):
    return [row[0] for row in conn.execute(
        f"select id from paragraphs where id in (select rowid from paragraphs_fts where paragraphs_fts match ?) "
        f"{where} order by id", [match_expression(query), *params])]


def page_ids(html):
    return [int(i) for i in re.findall(r'<li class="zh-hit[^"]*" data-id="(\d+)"', html)]


def total(html):
    return int(re.search(r'data-total="(\d+)"', html).group(1))


def test_home_page_searches_and_counts(served, conn):
    html = served("/").text
    assert '<html lang="zh">' in html
    assert re.search(r'<label for="q">', html) and re.search(r'<input id="q" name="q"', html)
    assert re.search(r'<form class="zh-search" action="/-/search"', html)
    assert f'href="/-/search?q={q("枫桥经验")}"' in html
    articles, paragraphs, cities, provinces, first, last = conn.execute(
        "select count(*), (select count(*) from paragraphs), count(distinct city), count(distinct province), "
        "min(date), max(date) from articles").fetchone()
    numbers = [int(n.replace(",", "")) for n in re.findall(r"<dd>([\d,]+)</dd>", html)]
    assert numbers == [articles, paragraphs, cities, provinces]
    assert f"<dd>{first} – {last}</dd>" in html


@pytest.mark.parametrize("query", QUERIES)
def test_results_total_and_facets_are_what_sql_counts(served, conn, query):
    html = served(f"/-/search?q={q(query)}").text
    ids = hit_ids(conn, query)
    assert total(html) == len(ids)
    for column in hits.FILTERS:
        section = re.search(rf'<section class="zh-facet" id="facet-{column}">(.*?)</section>', html, re.S).group(1)
        shown = dict(re.findall(r'data-value="([^"]*)" data-count="(\d+)"', section))
        expected = dict(conn.execute(
            f"select {column}, count(*) from paragraphs where id in (select rowid from paragraphs_fts "
            f"where paragraphs_fts match ?) and {column} is not null group by {column}", [match_expression(query)]))
        assert {k: int(v) for k, v in shown.items()} == {str(k): v for k, v in expected.items() if str(k) in shown}
        assert len(shown) == min(len(expected), 12)
    bars = {y: int(n) for y, n in re.findall(r'data-year="(\d*)" data-count="(\d+)"', html)}
    assert sum(bars.values()) == len(ids)


def canned_order(served, query, **params):
    extra = "".join(f"&{k}={q(v)}" for k, v in params.items())
    return [row["id"] for row in served(f"/news/search.json?q={q(query)}{extra}&_shape=array").json()]


@pytest.mark.parametrize("query", ["公安", "警", "派出所 OR 警务室", "枫桥经验"])
def test_results_are_ranked_as_the_search_query_ranks_them(served, query):
    expected = canned_order(served, query)
    shown = []
    for page in range(1, 11):
        shown += page_ids(served(f"/-/search?q={q(query)}&page={page}").text)
    assert shown[:len(expected)] == expected
    assert len(shown) == min(len(expected), 200) or len(expected) == 200


def test_results_narrow_to_a_city_year_and_kind(served, conn):
    html = served(f"/-/search?q={q('公安')}&city={q('保定市')}").text
    ids = hit_ids(conn, "公安", "and city = ?", ["保定市"])
    assert 0 < total(html) == len(ids) < len(hit_ids(conn, "公安"))
    assert set(page_ids(html)) <= set(ids)
    assert canned_order(served, "公安", city="保定市")[:20] == page_ids(html)
    html = served(f"/-/search?q={q('公安')}&year=2025&kind=body").text
    assert total(html) == len(hit_ids(conn, "公安", "and year = 2025 and kind = 'body'"))


def test_every_page_is_the_ranking_from_the_lists_or_from_every_hit(serve, seed_db, listed_db):
    # listed_db ranks the first pages of 公安 and 警 from its lists, the later ones from every hit.
    served, plain = serve(listed_db).get, serve(seed_db).get
    for query in ("公安", "警"):
        shown = []
        for page in range(1, 100):
            ids = page_ids(served(f"/-/search?q={q(query)}&page={page}").text)
            if not ids:
                break
            assert ids == page_ids(plain(f"/-/search?q={q(query)}&page={page}").text)
            shown += ids
        assert shown == [row["id"] for row in ranked(seed_db, query, limit=1000)]
        assert canned_order(served, query) == shown[:200]
    for page in (1, 2):  # a city: the list of 公安 has too few of its hits, so every hit is scored
        ids = page_ids(served(f"/-/search?q={q('公安')}&city={q('平顶山市')}&page={page}").text)
        assert ids and ids == [row["id"] for row in ranked(seed_db, "公安", 20, 20 * (page - 1), city="平顶山市")]


@pytest.mark.parametrize("read_whole, source", [(search.READ_WHOLE, "read"), (0, "bound")])
def test_pages_of_a_phrase_of_several_words_are_the_ranking_of_every_hit(serve, seed_db, listed_db, monkeypatch,
                                                                         read_whole, source):
    # listed_db ranks the first page of 市公安局 (a phrase of two words) from its whole-word hits,
    # read, or with none read from the list of one of its words (store/search.py, bounded), on
    # Datasette's connection.
    monkeypatch.setattr(search, "READ_WHOLE", read_whole)
    served, plain = serve(listed_db).get, serve(seed_db).get
    query = "市公安局"
    assert lists_used(listed_db, query)["words"] == source
    for page in (1, 2):
        ids = page_ids(served(f"/-/search?q={q(query)}&page={page}").text)
        assert ids and ids == page_ids(plain(f"/-/search?q={q(query)}&page={page}").text)
    assert canned_order(served, query) == canned_order(plain, query)
    sql = ranked_sql().format(limit="20", offset="0")
    rows = served("/news.json?" + urllib.parse.urlencode(
        {"sql": sql, "q": query, "_shape": "array", **{name: "" for name in FILTERS}})).json()
    assert [row["id"] for row in rows] == page_ids(plain(f"/-/search?q={q(query)}").text)


def test_results_escape_text_and_only_mark(served):
    html = served(f"/-/search?q={q('枫桥经验')}").text
    snippets = re.findall(r'<p class="zh-snippet">(.*?)</p>', html, re.S)
    assert snippets and all("<mark>枫桥经验</mark>" in s for s in snippets)
    assert not any(re.search(r"<(?!/?mark>)", s) for s in snippets)
    assert not any(re.search(r"[\u4e00-\u9fff] [\u4e00-\u9fff]", s) for s in snippets)


def test_results_link_json_csv_feed_of_the_same_search(served, conn):
    html = served(f"/-/search?q={q('公安')}&city={q('保定市')}").text.replace("&amp;", "&")
    ranked = re.search(r'href="(/news/search\.json\?[^"]+)"', html).group(1)
    rows = served(ranked).json()
    assert rows and {r["city"] for r in rows} == {"保定市"}
    everything = re.search(r'href="(/news/paragraphs\.csv\?[^"]+)"', html).group(1)
    csv_rows = served(everything).text.strip().splitlines()[1:]
    assert len(csv_rows) == len(hit_ids(conn, "公安", "and city = ?", ["保定市"]))
    assert re.search(r'href="/news/feed\.atom\?q=', html)


def test_article_in_context(served, conn):
    pid, article_id = conn.execute(
        "select id, article_id from paragraphs where text like '%枫桥经验%' order by id limit 1").fetchone()
    html = served(f"/-/article/{article_id}?q={q('枫桥经验')}").text
    expected = conn.execute("select id, kind, text from paragraphs where article_id = ? order by seq",
                            [article_id]).fetchall()
    shown = re.findall(r'<p id="p-(\d+)" class="zh-p zh-kind-(\w+)[^"]*"[^>]*>(.*?)<a class="zh-pilcrow"', html, re.S)
    assert [(int(i), k) for i, k, _ in shown] == [(i, k) for i, k, _ in expected]
    for (_, _, text), (_, _, shown_html) in zip(expected, shown):
        assert re.sub(r"</?mark>", "", shown_html).replace("&amp;", "&").replace("&lt;", "<") \
            .replace("&gt;", ">").replace("&#34;", '"').replace("&#39;", "'") == text
        assert ("<mark>枫桥经验</mark>" in shown_html) == ("枫桥经验" in text)
    assert f'id="p-{pid}"' in html and "zh-has-hit" in html
    title, date = conn.execute("select title, date from articles where id = ?", [article_id]).fetchone()
    citation = re.search(r'<input id="citation" readonly value="([^"]*)"', html).group(1)
    assert title in citation and date in citation and citation.endswith(f"/-/article/{article_id}")
    previous, following = conn.execute("select (select max(id) from articles where id < :a), "
                                       "(select min(id) from articles where id > :a)", {"a": article_id}).fetchone()
    for neighbour in (previous, following):
        if neighbour:
            assert f'href="/-/article/{neighbour}?q={q("枫桥经验")}"' in html


def test_article_escapes_a_hostile_query_and_unknown_ids_are_404(served):
    html = served(f"/-/article/1?q={q('<script>alert(1)</script>')}").text
    assert "<script>alert" not in html
    assert served("/-/article/999999").status_code == 404


def canned_total(served, name, query, **params):
    extra = "".join(f"&{k}={q(v)}" for k, v in params.items())
    response = served(f"/news/{name}.json?q={q(query)}{extra}&_shape=array")
    assert response.status_code == 200, response.text[:300]
    return response.json()


@pytest.mark.parametrize("query", ["枫桥经验", "公安", "警", "，", "派出所", "2021年", "濮陽"])
def test_trend_and_map_count_every_paragraph_that_contains_the_term(served, seed_db, query):
    """Ctrl-F on the reader's text, as the search tests count it."""
    contain = len(expected_ids(paragraphs(seed_db), query))
    assert contain > 0
    assert sum(r["paragraphs"] for r in canned_total(served, "trend", query)) == contain
    assert sum(r["paragraphs"] for r in canned_total(served, "map", query)) == contain
    page = served(f"/-/trend?q={q(query)}").text
    assert sum(int(n) for n in re.findall(r'data-paragraphs="(\d+)"', page)) == contain


@pytest.mark.parametrize("query", QUERIES)
def test_trend_and_map_add_up_to_every_paragraph_found(served, conn, query):
    ids = hit_ids(conn, query)
    trend = canned_total(served, "trend", query)
    assert sum(r["paragraphs"] for r in trend) == len(ids)
    assert {r["year"]: r["articles"] for r in trend} == dict(conn.execute(
        "select year, count(distinct article_id) from paragraphs where id in (select rowid from paragraphs_fts "
        "where paragraphs_fts match ?) group by year", [match_expression(query)]))
    page = served(f"/-/trend?q={q(query)}").text
    shown = [(y, int(p), int(a)) for y, p, a in
             re.findall(r'<tr data-year="(\d*)" data-paragraphs="(\d+)" data-articles="(\d+)">', page)]
    assert sorted(shown) == sorted((str(r["year"] or ""), r["paragraphs"], r["articles"]) for r in trend)
    places = canned_total(served, "map", query)
    assert sum(r["paragraphs"] for r in places) == len(ids)
    assert all(r["latitude"] and r["longitude"] for r in places if r["city"])
    city = conn.execute("select city from paragraphs where city is not null order by id limit 1").fetchone()[0]
    assert sum(r["paragraphs"] for r in canned_total(served, "trend", query, city=city)) == \
        len(hit_ids(conn, query, "and city = ?", [city]))


def test_map_page_draws_each_city_with_its_count(served, conn):
    html = served(f"/-/map?q={q('公安')}").text
    shown = {c: int(n) for c, n in re.findall(r'<tr data-city="([^"]*)" data-count="(\d+)">', html)}
    expected = dict(conn.execute(
        "select coalesce(city, ''), count(*) from paragraphs where id in (select rowid from paragraphs_fts "
        "where paragraphs_fts match ?) group by city", [match_expression("公安")]))
    assert shown == expected
    markers = re.findall(r'<circle cx="[\d.]+" cy="[\d.]+" r="([\d.]+)"><title>([^ ]+) ', html)
    assert {city for _, city in markers} == {c for c in expected if c}
    assert len(re.findall(r'<circle cx="[\d.]+" cy="[\d.]+" r="1.3">', html)) > 300  # the outline of dots


def test_a_search_that_finds_nothing_says_so_on_every_page(served):
    for page in ("search", "trend", "map"):
        html = served(f"/-/{page}?q={q('没有这个词组')}").text
        assert "No paragraph contains this." in html and 'class="zh-cities' not in html, page
    html = served(f"/-/map?q={q('公安')}&city={q('没有这个城市')}").text
    assert "No paragraph contains this with these filters." in html


def test_atom_feed_of_a_search(served, conn):
    response = served(f"/news/feed.atom?q={q('枫桥经验')}")
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = feed.findall("a:entry", ns)
    ids = hit_ids(conn, "枫桥经验")
    assert len(entries) == min(50, len(ids))
    first = entries[0]
    assert first.find("a:link", ns).get("href").endswith(f"#p-{max(ids)}")
    assert "<mark>枫桥经验</mark>" in first.find("a:content", ns).text
    empty = ET.fromstring(served(f"/news/feed.atom?q={q('没有这个词组')}").content)
    assert empty.findall("a:entry", ns) == [] and empty.find("a:updated", ns).text


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_input_gets_a_plain_400_never_500(served, text):
    for path in (f"/-/search?q={q(text)}", f"/-/map?q={q(text)}", f"/-/article/1?q={q(text)}", f"/-/trend?q={q(text)}",
                 f"/news/trend.json?q={q(text)}", f"/news/map.json?q={q(text)}", f"/news/feed.atom?q={q(text)}",
                 f"/-/search?q=%E5%85%AC&city={q(text)}", f"/-/search?q=%E5%85%AC&kind={q(text)}"):
        response = served(path)
        assert response.status_code in (200, 400), (path, response.status_code, response.text[:500])
        if response.status_code == 400 and ".json" in path:
            assert response.json()["error"]
        assert "Traceback" not in response.text


@pytest.mark.parametrize("args", ["page=0", "page=-1", "page=x", "page=99999999999", "year=abc", "year=20211"])
def test_bad_parameters_get_a_message(served, args):
    response = served(f"/-/search?q={q('公安')}&{args}")
    assert response.status_code == 400
    assert re.search(r'<p class="zh-message" role="alert">.+</p>', response.text)


def test_every_script_and_stylesheet_is_served_by_the_site(served):
    for path in ("/", f"/-/search?q={q('公安')}&by=province", "/-/article/1", f"/-/map?q={q('公安')}",
                 f"/-/trend?q={q('公安')}"):
        html = served(path).text
        assert '<html lang="zh">' in html
        assets = re.findall(r'<(?:script[^>]* src|link[^>]* href)="([^"]+)"', html)
        assert assets and all(a.startswith("/") for a in assets if "alternate" not in a), assets
        for asset in assets:
            assert served(asset.replace("&amp;", "&")).status_code == 200, asset


def test_a_mutable_database_gives_the_same_pages(seed_db, serve, served):
    """Plain `datasette news.db` serves it mutable: counts come from SQL."""
    mutable = serve(seed_db, immutable=False)
    for path in (f"/-/search?q={q('公安')}&province={q('河北省')}", f"/-/map?q={q('警')}",
                 f"/-/trend?q={q('警')}&by=province", f"/-/trend?q={q('公安')}&city={q('保定市')}",
                 f"/-/search?q={q('公安')}&city={q('保定')}&province={q('河北')}"):
        assert mutable.get(path).text == served(path).text


def test_a_short_city_or_province_name_filters_as_its_full_name(served):
    for short, full in (("city=" + q("保定"), "city=" + q("保定市")), ("province=" + q("河北"), "province=" + q("河北省"))):
        results = served(f"/-/search?q={q('公安')}&{full}").text
        assert total(results) > 0 and total(served(f"/-/search?q={q('公安')}&{short}").text) == total(results)
        assert served(f"/news/search.json?q={q('公安')}&{short}&_shape=array").json() == \
            served(f"/news/search.json?q={q('公安')}&{full}&_shape=array").json()


def test_recent_searches_are_remembered_within_bounds(seed_db, serve):
    datasette = serve(seed_db).datasette

    async def visit():
        cold = (await datasette.client.get(f"/-/search?q={q('警')}&city={q('保定市')}")).text
        for word in ["公安", "民警", "派出所", "平安", "治安", "群众", "工作", "社会", "安全", "警务"]:
            await datasette.client.get(f"/-/search?q={q(word)}")
        remembered = hits._recent[datasette.get_database("news")]
        assert len(remembered) == hits.RECENT
        await datasette.client.get(f"/-/search?q={q('警')}")
        warm = (await datasette.client.get(f"/-/search?q={q('警')}&city={q('保定市')}")).text
        return cold, warm

    cold, warm = asyncio.run(visit())
    assert cold == warm


def test_an_archive_built_before_the_lists_is_searched_in_full(serve, seed_db, tmp_path):
    # a database from a loader without ranked lists, served by this one before a rebuild
    old = tmp_path / "old.db"
    shutil.copy(seed_db, old)
    with sqlite3.connect(old) as conn:
        conn.execute(f"drop table {TOP_TABLE}")
    served = serve(old).get
    for query in ("公安", "警"):
        expected = [row["id"] for row in ranked(seed_db, query, limit=200)]
        assert [row["id"] for row in ranked(old, query, limit=200)] == expected
        assert page_ids(served(f"/-/search?q={q(query)}").text) == expected[:20]
        assert [row["id"] for row in served(f"/old/search.json?q={q(query)}&_shape=array").json()] == expected


def test_facets_add_up_paragraphs_of_one_city_year_and_kind_on_different_days(serve, tmp_path):
    folder = tmp_path / "src"
    folder.mkdir()
    body = "保定市公安局民警开展夜间治安巡逻，确保群众平安过节。"
    (folder / "a.txt").write_text(f"平安过节\n\n{body}\n", encoding="utf-8")
    (folder / "b.txt").write_text(f"夜间值守\n\n{body}\n\n{body}\n", encoding="utf-8")
    (folder / "manifest.yml").write_text(
        "articles:\n  - file: a.txt\n    city: 保定市\n    province: 河北省\n    date: 2025-03-05\n"
        "  - file: b.txt\n    city: 保定市\n    province: 河北省\n    date: 2025-06-01\n", encoding="utf-8")
    db = tmp_path / "news.db"
    build(db, [folder], jobs=1)
    html = serve(db).get(f"/-/search?q={q('治安巡逻')}").text
    assert total(html) == 3
    section = re.search(r'<section class="zh-facet" id="facet-city">(.*?)</section>', html, re.S).group(1)
    assert re.findall(r'data-value="([^"]*)" data-count="(\d+)"', section) == [("保定市", "3")]
    assert re.findall(r'data-year="(\d*)" data-count="(\d+)"', html) == [("2025", "3")]
