"""Search through the real Datasette: exact-substring recall, syntax, ranking, highlights."""
import dataclasses
import random
import re
import shutil
import sqlite3
import urllib.parse

import pytest

from loader.text.normalize import normalize
from loader.text.segment import index_text, match_chars, substring_occurrences, word_occurrences, words
from loader import ranked
from loader.store.schema import FTS_TABLE, TOP_TABLE
from loader.store import top
from loader.store.top import averages, factor, idf, varint
from loader.store import search
from loader.store.search import lists_used, parameters, ranked_sql, register_functions
from loader.text.query import highlight, match_expression, words_expression

from .conftest import SEED_LISTS, random_substrings


def q(text):
    return urllib.parse.quote(text)


def paragraphs(db):
    return sqlite3.connect(db).execute("select id, text from paragraphs").fetchall()


def search_ids(get, query, param="_search"):
    ids, path = set(), f"/news/paragraphs.json?{param}={q(query)}&_shape=objects&_col=id&_size=max"
    while path:
        response = get(path)
        assert response.status_code == 200, (query, response.text[:300])
        data = response.json()
        ids |= {row["id"] for row in data["rows"]}
        path = data["next_url"] and data["next_url"].split("://", 1)[-1].split("/", 1)[-1]
        path = path and "/" + path
    return ids


def expected_ids(rows, *terms):
    """Ctrl-F on what the reader sees, after the shared normalization."""
    keys = [match_chars(normalize(t)) for t in terms]
    return {pid for pid, text in rows if all(k in match_chars(normalize(text)) for k in keys)}


@pytest.fixture(scope="module")
def samples(seed_db):
    rng = random.Random(20261122)
    rows = paragraphs(seed_db)
    texts = [match_chars(t) for _, t in rows]
    substrings = random_substrings(texts, 500, 8, rng)
    vocabulary = sorted({w for t in texts for w in words(normalize(t)) if w.strip()})
    jieba_words = rng.sample(vocabulary, 200)
    pairs = [tuple(rng.sample(jieba_words, 2)) for _ in range(100)]
    return rows, substrings, jieba_words, pairs


def test_recall_and_precision_substrings(get, samples):
    rows, substrings, _, _ = samples
    misses = {s: (search_ids(get, s), expected_ids(rows, s)) for s in substrings}
    wrong = {s: v for s, v in misses.items() if v[0] != v[1]}
    assert wrong == {}
    assert len(substrings) >= 500


def test_recall_and_precision_jieba_words(get, samples):
    rows, _, jieba_words, _ = samples
    wrong = [w for w in jieba_words if search_ids(get, w) != expected_ids(rows, w)]
    assert wrong == []


def test_two_term_and(get, samples):
    rows, _, _, pairs = samples
    wrong = [p for p in pairs if search_ids(get, " ".join(p)) != expected_ids(rows, *p)]
    assert wrong == []


def test_search_column_and_box_agree(get, seed_db):
    rows = paragraphs(seed_db)
    for term in ("枫桥经验", "公安局长", "派出所", "警"):
        assert search_ids(get, term, "_search_text") == search_ids(get, term) == expected_ids(rows, term)


def test_fengqiao_matches_like_count(get, seed_db):
    response = get(f"/news/paragraphs.json?_search={q('枫桥经验')}&_shape=array&_size=max")
    like = sqlite3.connect(seed_db).execute("select count(*) from paragraphs where text like '%枫桥经验%'").fetchone()[0]
    assert like > 0
    assert len(response.json()) == like


@pytest.mark.parametrize("variant,original", [
    ("濮陽", "濮阳"), ("局長王延青", "局长王延青"), ("２０２１", "2021"), ("ＡＰＰ", "APP"), ("app", "APP"),
    ("漯河公安這五年", "漯河公安这五年"),
])
def test_variants_find_originals(get, seed_db, variant, original):
    found = search_ids(get, variant)
    assert found and found == search_ids(get, original)
    texts = dict(paragraphs(seed_db))
    assert all(original.lower() in texts[i].lower() for i in found)


def test_operators(get, seed_db):
    rows = paragraphs(seed_db)
    either = expected_ids(rows, "派出所") | expected_ids(rows, "警务室")
    assert search_ids(get, "派出所 OR 警务室") == either
    assert search_ids(get, "公安 -派出所") == expected_ids(rows, "公安") - expected_ids(rows, "派出所")
    assert search_ids(get, '"平安 建设"') == expected_ids(rows, "平安建设")
    assert search_ids(get, "公安 AND 民警") == expected_ids(rows, "公安", "民警")


HOSTILE = ['"', '"公安', "*", "公安*", "NEAR(", "NEAR(公安 民警)", "AND", "OR", "NOT", "公安 OR", "OR 公安",
           "(", ")", "^公安", "{text}: 公安", "text:公安", "😀", "😀公安", "\x00", "'; drop table paragraphs; --",
           "公" * 5000, "a" * 4999 + "b", "\\", "%", "_", "-\"\"", "\ue001\ue002", "<script>alert(1)</script>"]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_input_never_500(get, text):
    for path in (f"/news/paragraphs.json?_search={q(text)}", f"/news/paragraphs?_search={q(text)}",
                 f"/news/search.json?q={q(text)}", f"/news/search?q={q(text)}",
                 f"/news/paragraphs.json?_search_text={q(text)}"):
        response = get(path)
        assert response.status_code in (200, 400), (path, response.status_code)
        if response.status_code == 400 and path.split("?")[0].endswith(".json"):
            assert response.json()["error"]


@pytest.mark.parametrize("text,message", [("", "Type a word"), ("-", "Type a word"), ("-公安", "Add at least one term"),
                                          ("-公安 -民警", "Add at least one term"), ("公" * 5001, "too long")])
def test_clear_message_for_empty_queries(get, text, message):
    response = get(f"/news/search.json?q={q(text)}")
    assert response.status_code == 400
    assert message in response.json()["error"]


def test_whole_word_ranks_above_substring(get):
    rows = get(f"/news/search.json?q={q('公安')}&_shape=array").json()
    kinds = [r["match"] for r in rows]
    assert "word" in kinds and "substring" in kinds
    assert kinds == sorted(kinds, key=lambda k: k != "word")
    substring_only = [r for r in rows if r["match"] == "substring"]
    # 公安局 / 公安厅 hits without 公安 as a word come after every whole-word hit
    assert all("公安" in re.sub("<[^>]+>", "", r["snippet"]) for r in substring_only)


def test_ranked_search_filters(get):
    rows = get(f"/news/search.json?q={q('公安')}&city={q('保定市')}&_shape=array").json()
    assert rows and {r["city"] for r in rows} == {"保定市"}
    rows = get(f"/news/search.json?q={q('公安')}&date_from=2025-12&_shape=array").json()
    assert rows and all(r["date"] >= "2025-12" for r in rows)
    rows = get(f"/news/search.json?q={q('公安')}&date_to=2021&_shape=array").json()
    assert rows and all(r["date"][:4] <= "2021" for r in rows)
    rows = get(f"/news/search.json?q={q('公安')}&kind=heading&_shape=array").json()
    assert rows and {r["kind"] for r in rows} == {"heading"}


def test_highlight_on_original_text():
    assert highlight("濮阳市公安局 2021 年", "濮陽 2021年") == "<mark>濮阳</mark>市公安局 <mark>2021 年</mark>"
    assert highlight("<b>公安</b>", "公安") == "&lt;b&gt;<mark>公安</mark>&lt;/b&gt;"


def test_table_view_highlights_without_segmentation_spaces(get):
    html = get(f"/news/paragraphs?_search={q('枫桥经验')}").text
    marks = re.findall(r"<mark>([^<]*)</mark>", html)
    assert marks and set(marks) == {"枫桥经验"}
    cells = re.findall(r'<td class="col-text[^"]*">(.*?)</td>', html, re.S)
    assert cells and not any(re.search(r"[\u4e00-\u9fff] [\u4e00-\u9fff]", c) for c in cells)


def test_snippets_escape_and_mark(get):
    rows = get(f"/news/search.json?q={q('枫桥经验')}&_shape=array").json()
    assert rows
    for row in rows:
        assert "<mark>枫桥经验</mark>" in row["snippet"]
        assert not re.search(r"<(?!/?mark>)", row["snippet"])
        assert not re.search(r"[\u4e00-\u9fff] [\u4e00-\u9fff]", row["snippet"])


def test_raw_sql_functions(seed_db, get):
    sql = "select count(*) as n from paragraphs_fts where paragraphs_fts match zh_match('公安局长')"
    n = get(f"/news.json?sql={q(sql)}&_shape=array").json()[0]["n"]
    assert n == len(expected_ids(paragraphs(seed_db), "公安局长"))
    # the expression is plain FTS5: any SQLite client can run it without the plugin
    conn = sqlite3.connect(seed_db)
    plain = conn.execute("select count(*) from paragraphs_fts where paragraphs_fts match ?",
                         [match_expression("公安局长")]).fetchone()[0]
    assert plain == n


def brute_force_ranking(db, query, **filters):
    """The documented ranking, scoring every hit: whole-word hits by the word
    layer's BM25, then the other hits by the substring layer's, each then by id."""
    conn = sqlite3.connect(db)
    scored = {layer: dict(conn.execute(
        "select rowid, bm25(paragraphs_fts) from paragraphs_fts where paragraphs_fts match ?", [expression]))
        for layer, expression in (("substring", match_expression(query)), ("word", words_expression(query)))}
    rows = {r[0]: r[1:] for r in conn.execute("select id, city, province, kind, date from paragraphs")}

    def kept(pid):
        city, province, kind, date = rows[pid]
        return ((not filters.get("city") or city in (filters["city"], filters["city"] + "市"))
                and (not filters.get("province") or (province or "").startswith(filters["province"]))
                and (not filters.get("kind") or kind == filters["kind"])
                and (not filters.get("date_from") or (date or "") >= filters["date_from"])
                and (not filters.get("date_to") or (date is not None
                                                    and date[:len(filters["date_to"])] <= filters["date_to"])))

    assert set(scored["word"]) <= set(scored["substring"]), query  # a whole-word hit is a hit
    order = sorted((pid for pid in scored["substring"] if kept(pid)),
                   key=lambda pid: (pid not in scored["word"], scored["word"].get(pid, scored["substring"][pid]), pid))
    return [(pid, "word" if pid in scored["word"] else "substring") for pid in order]


RANKING_QUERIES = ["公安", "警", "安局", "，", "的", "派出所 OR 警务室", "公安 -派出所", "工作 -局", "民警 群众",
                   '"公安 局"', "枫桥经验"]


@pytest.mark.parametrize("query", RANKING_QUERIES)
def test_ranked_is_the_brute_force_ranking_at_every_page(seed_db, query):
    expected = brute_force_ranking(seed_db, query)
    assert expected
    for limit, offset in ((20, 0), (20, 20), (7, 3), (50, max(0, len(expected) - 30)), (10, len(expected))):
        got = [(row["id"], row["match"]) for row in ranked(seed_db, query, limit=limit, offset=offset)]
        assert got == expected[offset:offset + limit], (query, limit, offset)


@pytest.mark.parametrize("filters", [{"city": "保定"}, {"province": "河北"}, {"kind": "heading"},
                                     {"date_from": "2025-06", "city": "保定市"}])
def test_ranked_with_filters_is_the_brute_force_ranking(seed_db, filters):
    for query in ("公安", "警", "安局"):
        expected = brute_force_ranking(seed_db, query, **filters)
        got = [(row["id"], row["match"]) for row in ranked(seed_db, query, limit=30, **filters)]
        assert got == expected[:30], (query, filters)


# 中, 局 and 犯罪 take their substring part from a list that also holds some of their whole-word hits.
LISTED_QUERIES = ["公安", "的", "，", "警", "安", "安局", "工作", "中", "局", "犯罪", "公安 -派出所", "工作 -局", "公安 -的",
                  "民警 群众", "派出所 OR 警务室", "公安 民警 -派出所"]
LISTED_FILTERS = [{}, {"city": "保定"}, {"province": "河北"}, {"kind": "body"}, {"date_from": "2025-06"},
                  {"date_from": "2024", "date_to": "2025-03"}]


@pytest.mark.parametrize("query", LISTED_QUERIES)
def test_ranked_from_the_lists_is_the_ranking_of_every_hit(seed_db, listed_db, query):
    # seed_db has no lists (no term reaches the default threshold): every part scores every hit.
    assert sqlite3.connect(seed_db).execute(f"select count(*) from {TOP_TABLE}").fetchone() == (0,)
    for filters in LISTED_FILTERS:
        expected = brute_force_ranking(seed_db, query, **filters)
        for limit, offset in ((20, 0), (20, 20), (7, 3), (200, 0), (5, len(expected))):
            got = ranked(listed_db, query, limit=limit, offset=offset, **filters)
            assert got == ranked(seed_db, query, limit=limit, offset=offset, **filters), (query, filters, limit)
            assert [(row["id"], row["match"]) for row in got] == expected[offset:offset + limit], (query, filters)


def test_the_lists_give_the_first_pages_of_one_term(seed_db, listed_db):
    # Whole words (公安, 的, 。) and one or two characters mostly inside words (警, 安局), with
    # filters and excluded terms; the rest is scored in full, as on an archive without lists.
    assert lists_used(listed_db, "公安") == {"words": "list", "substrings": None}
    assert lists_used(listed_db, "。", date_from="2024") == {"words": "list", "substrings": None}
    assert lists_used(listed_db, "公安 -派出所") == {"words": "list", "substrings": None}
    assert lists_used(listed_db, "警") == {"words": "every hit", "substrings": "list"}
    assert lists_used(listed_db, "安局", 10, 5) == {"words": "every hit", "substrings": "list"}
    assert lists_used(listed_db, "中") == {"words": "every hit", "substrings": "list"}  # 15 whole-word hits
    assert lists_used(listed_db, "公安", 20, 20) == {"words": "every hit", "substrings": None}  # past the list
    assert lists_used(listed_db, "民警 群众") == {"words": "every hit", "substrings": "every hit"}
    for query in ("公安", "警"):
        assert lists_used(seed_db, query) in ({"words": "every hit", "substrings": None},
                                              {"words": "every hit", "substrings": "every hit"})


def test_bm25_is_idf_times_factor_and_a_lists_weight_the_factor(listed_db):
    conn = sqlite3.connect(listed_db)
    rows, tokens = averages(conn)
    assert rows == conn.execute(f"select count(*) from {FTS_TABLE}_docsize").fetchone()[0] > 200
    texts = dict(conn.execute("select id, text from paragraphs"))
    assert tokens == sum(len(index_text(t).split()) for t in texts.values())
    for (key,) in conn.execute(f"select distinct phrase from {TOP_TABLE}").fetchall():
        listed = conn.execute(f"select id, weight from {TOP_TABLE} where phrase = ? order by position", [key]).fetchall()
        assert [w for _, w in listed] == sorted((w for _, w in listed), reverse=True), key
        if "*" in key:
            continue  # a prefix's IDF comes from at most its hits: a larger weight
        token = key[2:-2]  # the key is ("token")
        scores = dict(conn.execute(f"select rowid, bm25({FTS_TABLE}) from {FTS_TABLE} where {FTS_TABLE} match ?", [key]))
        term_idf = idf(rows, len(scores))
        for pid, weight in listed:
            indexed = index_text(texts[pid]).split()
            (size,) = conn.execute(f"select sz from {FTS_TABLE}_docsize where id = ?", [pid]).fetchone()
            assert varint(size)[0] == len(indexed)
            assert weight == pytest.approx(factor(indexed.count(token), len(indexed), tokens / rows), rel=1e-12)
            assert -scores[pid] == pytest.approx(term_idf * weight, rel=1e-12), key


def test_occurrences_are_the_tf_of_bm25_on_both_layers_and_the_characters_a_hit(seed_db):
    # bounded() orders hits by the factor of the tf word_occurrences() and substring_occurrences()
    # count: FTS5's BM25 must be the phrase's IDF times that factor in every hit, on each layer.
    conn = sqlite3.connect(seed_db)
    rows, tokens = averages(conn)
    texts = dict(conn.execute("select id, text from paragraphs"))
    sizes = {i: varint(sz)[0] for i, sz in conn.execute(f"select id, sz from {FTS_TABLE}_docsize")}
    for chars in ("的工作", "，在", "市公安局", "公安", "。该局", "民警", "(2025", "ａｂ"):
        for counted, expression in ((word_occurrences, words_expression(chars)),
                                    (substring_occurrences, match_expression(chars))):
            scores = dict(conn.execute(f"select rowid, bm25({FTS_TABLE}) from {FTS_TABLE} where {FTS_TABLE} match ?",
                                       [expression]))
            term_idf = idf(rows, len(scores))
            for pid, score in scores.items():
                tf = counted(normalize(texts[pid]), match_chars(normalize(chars)))
                assert -score == pytest.approx(term_idf * factor(tf, sizes[pid], tokens / rows), rel=1e-12), \
                    (chars, counted.__name__, pid)
            assert sum(1 for t in texts.values() if counted(normalize(t), match_chars(normalize(chars)))) == len(scores)
    # bounded() takes a row for a hit of a term (an excluded one too, one character a prefix query)
    # where its characters are in the row's.
    for chars in ("的", "，", "警", "(", "公安局", "ａｂ"):
        hits = {i for i, in conn.execute(f"select rowid from {FTS_TABLE} where {FTS_TABLE} match ?",
                                         [match_expression(chars)])}
        term = match_chars(normalize(chars))
        assert {i for i, text in texts.items() if term in match_chars(normalize(text))} == hits, chars


# Terms jieba cuts into several words, one of them of one character: their whole-word part is
# read and ordered when it has at most READ_WHOLE hits, else taken in the substring layer's order.
WHOLE_WORD_QUERIES = ["群众的", "，在", "的工作", "，全市", "市公安", "的路子", "公安局的 -民警", "市公安局"]


@pytest.mark.parametrize("read_whole", [search.READ_WHOLE, 3])
@pytest.mark.parametrize("query", WHOLE_WORD_QUERIES)
def test_whole_word_hits_read_or_in_substring_order_are_the_ranking_of_every_hit(seed_db, monkeypatch, query,
                                                                                 read_whole):
    monkeypatch.setattr(search, "READ_WHOLE", read_whole)
    monkeypatch.setattr(search, "MANY", 0)
    for filters in LISTED_FILTERS:
        expected = brute_force_ranking(seed_db, query, **filters)
        for limit, offset in ((20, 0), (20, 20), (7, 3), (3, 0), (1, 1), (5, len(expected))):
            got = ranked(seed_db, query, limit=limit, offset=offset, **filters)
            assert [(row["id"], row["match"]) for row in got] == expected[offset:offset + limit], (query, filters)


def test_whole_word_hits_come_read_or_in_substring_order(seed_db, monkeypatch):
    assert lists_used(seed_db, "，在") == {"words": "read", "substrings": None}
    assert lists_used(seed_db, "公安局的 -民警") == {"words": "read", "substrings": "every hit"}
    assert lists_used(seed_db, "公安 的") == {"words": "every hit", "substrings": None}  # AND
    monkeypatch.setattr(search, "READ_WHOLE", 3)
    assert lists_used(seed_db, "，在") == {"words": "every hit", "substrings": None}  # too few hits
    monkeypatch.setattr(search, "MANY", 0)
    assert lists_used(seed_db, "，在") == {"words": "substring order", "substrings": None}
    assert lists_used(seed_db, "，在", 3, kind="body") == {"words": "substring order", "substrings": None}
    assert lists_used(seed_db, "公安工作") == {"words": "every hit", "substrings": "every hit"}  # no word of one character


def test_lengths_are_the_size_records_of_every_row(listed_db):
    conn = sqlite3.connect(listed_db)
    sizes = dict(conn.execute(f"select id, sz from {FTS_TABLE}_docsize"))
    found = top.lengths(conn)
    assert {i: int(found[i]) for i in sizes} == {i: varint(sz)[0] for i, sz in sizes.items()}
    assert max(map(len, sizes.values())) == 2  # rows of 128 tokens and more: two bytes
    assert not found[[i for i in range(len(found)) if i not in sizes]].any()


def test_lists_ranked_from_occurrences_are_those_of_ftss_bm25_bit_for_bit(listed_db, tmp_path):
    # listed_db ranks every term from its occurrences; at_once=0 ranks each by FTS5's BM25 in SQL.
    by_sql = tmp_path / "sql.db"
    shutil.copyfile(listed_db, by_sql)
    with sqlite3.connect(by_sql) as conn:
        written = top.refresh(conn, dataclasses.replace(SEED_LISTS, at_once=0))

    def lists(db):
        return sqlite3.connect(db).execute(f"select phrase, position, id, weight from {TOP_TABLE} order by 1, 2").fetchall()

    assert written == len(lists(listed_db)) > 1000
    assert any("*" in phrase for phrase, *_ in lists(listed_db))  # prefix lists too
    assert lists(by_sql) == lists(listed_db)


# Queries of one term with no list of its own (a phrase of several words, a term with an excluded
# character), ranked from the list of one of their words, bigrams or characters on listed_db when
# the bound proves enough rows (bounded()); and AND pairs, which score every hit.
BOUNDED_QUERIES = ["市公安局", "全市公安机关", "群众的", "公安工作", "市公安", "法犯罪", "公安 -的", "工作 -局", "安局 -的",
                   "公安局 -的", "的 ，", "民警 群众", "”，"]


@pytest.mark.parametrize("read_whole", [search.READ_WHOLE, 0])
@pytest.mark.parametrize("query", BOUNDED_QUERIES)
def test_ranked_from_the_bound_is_the_ranking_of_every_hit(seed_db, listed_db, monkeypatch, query, read_whole):
    monkeypatch.setattr(search, "READ_WHOLE", read_whole)  # 0: no whole-word hits are read, the lists bound them
    for filters in LISTED_FILTERS:
        expected = brute_force_ranking(seed_db, query, **filters)
        for limit, offset in ((20, 0), (20, 20), (7, 3), (3, 0), (1, 1), (5, len(expected))):
            got = ranked(listed_db, query, limit=limit, offset=offset, **filters)
            assert got == ranked(seed_db, query, limit=limit, offset=offset, **filters), (query, filters, limit)
            assert [(row["id"], row["match"]) for row in got] == expected[offset:offset + limit], (query, filters)


def test_the_search_sql_of_an_empty_query_finds_nothing(listed_db):
    # A canned query page before the user types runs it with q = ''.
    conn = sqlite3.connect(listed_db)
    register_functions(conn)
    assert conn.execute(ranked_sql().format(limit="20", offset="0"), parameters("")).fetchall() == []


# Terms without kept counts (SEED_COUNTED: 30 hits or fewer), whose lists are walked when their
# first hits tell of more than search.MANY.
UNCOUNTED_QUERIES = ["全市公", "湛河公", "路，", "五”", "务中心"]


@pytest.mark.parametrize("query", UNCOUNTED_QUERIES)
def test_ranked_from_the_bound_of_a_term_without_kept_counts_is_the_ranking_of_every_hit(seed_db, listed_db,
                                                                                       monkeypatch, query):
    monkeypatch.setattr(search, "READ_WHOLE", 3)
    monkeypatch.setattr(search, "MANY", 0)
    for filters in LISTED_FILTERS:
        expected = brute_force_ranking(seed_db, query, **filters)
        for limit, offset in ((20, 0), (3, 0), (1, 1), (5, len(expected))):
            got = ranked(listed_db, query, limit=limit, offset=offset, **filters)
            assert [(row["id"], row["match"]) for row in got] == expected[offset:offset + limit], (query, filters)
    assert lists_used(listed_db, query, 3)["substrings"] == "bound"
    monkeypatch.setattr(search, "MANY", 10**9)
    assert lists_used(listed_db, query, 3)["substrings"] == "every hit"


def test_an_archive_cut_by_another_segmenter_is_ranked_by_fts5(seed_db, listed_db, tmp_path):
    # bounded() counts the term in each paragraph's text with this loader's segmenter: not where
    # the archive's fingerprint records another.
    other = tmp_path / "other.db"
    shutil.copyfile(listed_db, other)
    with sqlite3.connect(other) as conn:
        conn.execute("update build_info set value = 'another' where key = 'index.dictionary'")
    assert lists_used(listed_db, "市公安局") == {"words": "read", "substrings": None}
    assert lists_used(other, "市公安局") == {"words": "every hit", "substrings": None}
    assert ranked(other, "市公安局") == ranked(listed_db, "市公安局")


def test_lists_without_weights_bound_no_term_without_a_list(seed_db, listed_db, tmp_path, monkeypatch):
    # An archive of a loader before the weights: its lists still give one term's rows.
    monkeypatch.setattr(search, "READ_WHOLE", 0)
    old = tmp_path / "old.db"
    shutil.copyfile(listed_db, old)
    with sqlite3.connect(old) as conn:
        conn.execute(f"alter table {TOP_TABLE} drop column weight")
    assert lists_used(listed_db, "公安 -的", 3) == {"words": "bound", "substrings": None}
    assert lists_used(old, "公安 -的", 3) == {"words": "every hit", "substrings": None}
    assert lists_used(old, "公安") == {"words": "list", "substrings": None}
    for query in ("公安 -的", "公安"):
        assert ranked(old, query, 3) == ranked(seed_db, query, 3)


def test_the_bound_gives_the_first_rows_of_one_term_without_a_list(listed_db, monkeypatch):
    # The lists of the seed archive hold a third of their words' hits: past them, the bound holds
    # for the first page of a phrase of two frequent words, and for short pages of others. It is
    # tried on terms with kept counts (SEED_COUNTED: more than 30 hits), on the word layer where
    # the whole-word hits are too many to read (none here).
    monkeypatch.setattr(search, "READ_WHOLE", 0)
    assert lists_used(listed_db, "市公安局") == {"words": "bound", "substrings": None}
    assert lists_used(listed_db, "市公安局", 7, 3, kind="body") == {"words": "bound", "substrings": None}
    assert lists_used(listed_db, "公安 -的", 3) == {"words": "bound", "substrings": None}  # a one-character exclusion
    assert lists_used(listed_db, "公安局 -的", 7, 3) == {"words": "bound", "substrings": None}
    assert lists_used(listed_db, "全市公安机关", 3) == {"words": "every hit", "substrings": None}  # too few hits
    # Where ”， is whole words (” then ，) it is also a substring: the list of its bigram bounds it.
    assert lists_used(listed_db, "”，") == {"words": "bound", "substrings": None}
    # The substring part, past the whole-word hits: 市公安 is 市 and 公安 where it is whole words.
    assert lists_used(listed_db, "市公安") == {"words": "read", "substrings": "bound"}
    assert lists_used(listed_db, "安局 -的", 3) == {"words": "every hit", "substrings": "bound"}
    assert lists_used(listed_db, "市公安局", 20, 20) == {"words": "every hit", "substrings": "bound"}
    assert lists_used(listed_db, "的 ，", 3) == {"words": "every hit", "substrings": None}  # AND
    assert lists_used(listed_db, "公安 OR 警务室", 3) == {"words": "every hit", "substrings": None}  # OR
