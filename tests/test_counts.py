"""The counts the build keeps for frequent terms (store/counts.py): what SQL counts, for every
term that qualifies and no other, and the same pages as an archive without them serves."""
import collections
import dataclasses
import itertools
import random
import shutil
import sqlite3
import urllib.parse

import pytest

from loader.dev.synth import synth
from loader.store.build import build
from loader.store import parallel
from loader.store import values as stored
from loader.store.counts import COUNTED, Counted, Counts, _match_code_points, _Trigrams, read, refresh
from loader.store.schema import COUNTS_TABLE
from loader.store.search import FILTERS as FILTERS_OF_SEARCH
from loader.store.search import passes, register_functions
from loader.text.normalize import normalize
from loader.text.query import clause, match_expression
from loader.text.query import phrase as tokens_in_a_row
from loader.text.segment import PAIRED, code_bigrams, match_chars, match_codes
from loader.web import hits

from .conftest import SEED_COUNTED, SEED_LISTS, SEEDS, random_substrings

# Kept: characters, a bigram, longer strings, punctuation; not kept: rare terms, OR, AND, exclusions.
KEPT = ["公安", "公", "市公安局", "，", "安机关", "工作"]
QUERIES = KEPT + ["警", "派出所", "派出所 OR 警务室", "公安 -派出所", "民警 群众", "没有这个词组"]
FILTERS = [{}, {"city": "平顶山市"}, {"city": "平顶山"}, {"province": "河北"}, {"year": "2025"}, {"kind": "heading"},
           {"year": "2022", "kind": "body", "province": "河南省"}, {"city": "没有这个城市"}]


@pytest.fixture(scope="module")
def counted_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("counted") / "news.db"
    build(path, [SEEDS], jobs=1, lists=SEED_LISTS, counted=SEED_COUNTED)
    return path


def sql_hits(conn, expression) -> list:
    """(article id, its year, (province, city, year, kind)) of every hit, from SQL."""
    return [(row[0], row[1], tuple(row[2:])) for row in conn.execute(
        "select a.id, a.year, p.province, p.city, p.year, p.kind from paragraphs p "
        "join articles a on a.id = p.article_id "
        "where p.id in (select rowid from paragraphs_fts where paragraphs_fts match ?)", [expression])]


def sql_counts(conn, expression) -> Counts:
    """What the pages count for a search, from SQL."""
    found = sql_hits(conn, expression)
    per_article = collections.defaultdict(set)
    for article, year, values in found:
        per_article[(article, year)].add(values)
    return Counts(collections.Counter(values for _, _, values in found),
                  collections.Counter((year, frozenset(values)) for (_, year), values in per_article.items()))


def sql_articles_by_year(conn, expression, filters) -> collections.Counter:
    """Articles with a hit that passes the filters, by the article's year, from SQL."""
    return collections.Counter(year for article, year in {
        (article, year) for article, year, values in sql_hits(conn, expression)
        if all(passes(column, values[COUNTED.index(column)], wanted) for column, wanted in filters.items())})


def kept_phrases(db) -> list:
    return [phrase for (phrase,) in sqlite3.connect(db).execute(f"select phrase from {COUNTS_TABLE} order by 1")]


def test_the_build_keeps_what_sql_counts_for_every_term_of_more_hits_than_the_threshold(counted_db):
    conn = sqlite3.connect(counted_db)
    phrases = kept_phrases(counted_db)
    assert {match_expression(query) for query in KEPT} <= set(phrases)
    for phrase in phrases:
        assert read(conn, phrase) == sql_counts(conn, phrase), phrase
    texts = [text for (text,) in conn.execute("select text from paragraphs")]
    for text in random_substrings(texts, 800, 8, random.Random(5)):
        chars = match_chars(normalize(text))
        if not chars or any(c in '-"' for c in chars):
            continue  # not a query of one term
        expression = match_expression(chars)
        (found,) = conn.execute("select count(*) from paragraphs_fts where paragraphs_fts match ?",
                                [expression]).fetchone()
        kept = found > SEED_COUNTED.threshold and len(chars) <= SEED_COUNTED.longest
        assert (expression in phrases) == kept, (chars, found)
    assert read(conn, match_expression("没有这个词组")) is None


def test_the_bound_of_a_string_of_three_characters_is_never_below_its_hits(counted_db):
    conn = sqlite3.connect(counted_db)
    bound = _Trigrams(conn, parallel.each(conn))
    texts = [match_codes(text) for (text,) in conn.execute("select text from paragraphs")]
    strings = [string for string in random_substrings(texts, 3000, 3, random.Random(8))
               if len(string) == 3 and max(string) < PAIRED]
    exact = 0
    for string, at_most in zip(strings, bound.at_most(strings)):
        (found,) = conn.execute("select count(*) from paragraphs_fts where paragraphs_fts match ?",
                                [clause(tokens_in_a_row(code_bigrams(string)))]).fetchone()
        assert found <= at_most, string
        exact += found == at_most
    assert len(strings) > 500 and exact > 0.95 * len(strings)


def test_the_bound_leaves_strings_of_three_characters_unread_and_keeps_the_same_counts(counted_db, tmp_path):
    db = tmp_path / "news.db"
    shutil.copy(counted_db, db)
    conn = sqlite3.connect(db)
    built = sqlite3.connect(counted_db)
    reported = {}
    for bounded_from in (0, 10**9):
        lengths = []
        kept = refresh(conn, stored.load(conn), dataclasses.replace(SEED_COUNTED, bounded_from=bounded_from),
                       report=lambda *length: lengths.append(length))
        conn.commit()
        reported[bounded_from] = lengths
        assert kept == sum(length[3] for length in lengths) == len(kept_phrases(db))
        assert [read(conn, phrase) for phrase in kept_phrases(db)] == \
            [read(built, phrase) for phrase in kept_phrases(counted_db)]
    (_, made, bounded, kept), (_, _, unbounded, _) = reported[0][2], reported[10**9][2]
    assert [length[0] for length in reported[0]] == [length[0] for length in reported[10**9]] == [1, 2, 3, 4]
    assert made == unbounded and kept <= bounded < made / 2


def test_the_codes_of_every_character_looked_up_are_match_codes():
    text = "".join(map(chr, itertools.chain(range(0xD800), range(0xE000, 0x110000))))  # surrogates are not text
    assert _match_code_points(text).tolist() == list(map(ord, match_codes(text)))


@pytest.mark.parametrize("key_limit", [2**63, 1])
def test_the_counts_of_many_articles_years_cities_and_kinds_are_what_sql_counts(tmp_path, monkeypatch, key_limit):
    # The synthetic corpus: 134 articles over several years and cities, each with paragraphs of
    # several kinds, so articles alike (the same year and values of their hits) are grouped.
    # A key limit of 1 numbers the keys again before every number, as a big archive does now and then.
    monkeypatch.setattr("loader.store.counts.KEY_LIMIT", key_limit)
    synth(3000, tmp_path / "corpus", seed=3)
    db = tmp_path / "news.db"
    build(db, [tmp_path / "corpus"], jobs=1, counted=Counted(threshold=300, longest=4))
    conn = sqlite3.connect(db)
    phrases = kept_phrases(db)
    assert len(phrases) > 30
    several_values = 0
    for phrase in phrases:
        kept = read(conn, phrase)
        assert kept == sql_counts(conn, phrase), phrase
        several_values += sum(n for (_, values), n in kept.articles.items() if len(values) > 1)
    assert several_values > 100


def test_an_update_counts_again_as_a_full_build_does(tmp_path, counted_db):
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    db = tmp_path / "news.db"
    build(db, [seeds], jobs=1, lists=SEED_LISTS, counted=SEED_COUNTED)
    assert kept_phrases(db) == kept_phrases(counted_db)
    (seeds / "extra.txt").write_text("## 新增\n\n" + "公安局工作。\n\n" * 40, encoding="utf-8")
    build(db, [seeds], jobs=1, lists=SEED_LISTS, counted=SEED_COUNTED, warn=lambda message: None)
    conn = sqlite3.connect(db)
    expression = match_expression("公安局工作")
    assert expression in kept_phrases(db) and expression not in kept_phrases(counted_db)
    for phrase in kept_phrases(db):
        assert read(conn, phrase) == sql_counts(conn, phrase), phrase
    full = tmp_path / "full.db"
    build(full, [seeds], jobs=1, lists=SEED_LISTS, counted=SEED_COUNTED, warn=lambda message: None)
    assert kept_phrases(full) == kept_phrases(db)
    assert [read(conn, phrase) for phrase in kept_phrases(db)] == \
        [read(sqlite3.connect(full), phrase) for phrase in kept_phrases(full)]


@pytest.fixture(scope="module")
def plain_db(counted_db, tmp_path_factory):
    """A copy of counted_db without its kept counts, as an archive built without them; the same
    file name, so that the pages' links are the same."""
    path = tmp_path_factory.mktemp("plain") / counted_db.name
    shutil.copy(counted_db, path)
    with sqlite3.connect(path) as conn:
        conn.execute(f"drop table {COUNTS_TABLE}")
    conn.close()
    return path


def test_pages_with_the_kept_counts_are_the_pages_without_them(serve, counted_db, plain_db):
    counted, plain = serve(counted_db), serve(plain_db)

    def found(site, query, filters):
        db = site.datasette.get_database(counted_db.stem)
        return vars(site.run(hits.find(site.datasette, db, query, filters, with_articles=True)))

    conn = sqlite3.connect(counted_db)
    for query in QUERIES:
        hits._recent.clear()  # then each filter of the same search, as a reader takes them
        for filters in FILTERS:
            typed = {k: int(v) if k == "year" else v for k, v in filters.items()}
            shown = found(counted, query, typed)
            assert shown == found(plain, query, typed), (query, filters)
            assert shown["articles_by_year"] == sql_articles_by_year(conn, match_expression(query), typed)
            args = urllib.parse.urlencode({"q": query, **filters})
            for page in ("search", "trend", "map"):
                hits._recent.clear()
                assert counted.get(f"/-/{page}?{args}").text == plain.get(f"/-/{page}?{args}").text, (page, args)
    for query in KEPT:  # the pages of a term with kept counts read no ids
        hits._recent.clear()
        for page in ("search", "map", "trend"):
            assert counted.get(f"/-/{page}?q={urllib.parse.quote(query)}").status_code == 200
        (known,) = hits._recent[counted.datasette.get_database(counted_db.stem)].values()
        assert known.ids is None and known.counts.articles, query


def test_the_canned_trend_and_map_read_the_kept_counts_and_give_what_sql_counts(serve, counted_db, plain_db):
    counted, plain = serve(counted_db), serve(plain_db)
    name = counted_db.stem
    # The canned queries take a year as a range of dates; a month is finer than the kept counts.
    dated = [{"date_from": "2022"}, {"date_to": "2021"}, {"date_from": "2021", "date_to": "2025"},
             {"date_from": "2022-03"}]
    cases = [{("date_from" if k == "year" else k): v for k, v in filters.items()} for filters in FILTERS] + dated
    phrases = set(kept_phrases(counted_db))
    conn = sqlite3.connect(counted_db)
    register_functions(conn)
    read_kept = 0
    for query in QUERIES + ["", "公安 AND"]:
        for filters in cases:
            args = urllib.parse.urlencode({"q": query, **filters, "_shape": "array"})
            for canned in ("trend", "map"):
                answer, expected = (site.get(f"/{name}/{canned}.json?{args}") for site in (counted, plain))
                assert answer.status_code == expected.status_code, (canned, args)
                assert answer.json() == expected.json(), (canned, args)
            values = [filters.get(name, "") for name in FILTERS_OF_SEARCH]
            found = conn.execute("select zh_counted(?, 'year', ?, ?, ?, ?, ?)", [query, *values]).fetchone()[0]
            kept = query in QUERIES and match_expression(query) in phrases and "-" not in filters.get("date_from", "")
            assert (found is not None) == kept, (query, filters)
            read_kept += kept
    assert read_kept >= len(KEPT) * (len(cases) - 1)
