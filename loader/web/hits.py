"""What a search finds, for the researcher's pages: the ranked hits of one
page, and how many there are by province, city, year and kind.

Counts come from one pass over the ids of the hits. On an immutable database
the faceted values of every paragraph are already in memory
(loader/facets.py), so a search costs one FTS5 lookup however many counts a
page shows; a mutable database reads them with the hits, in SQL.
"""
import array
import collections
import itertools
import json
import sqlite3
import time
import weakref
from dataclasses import dataclass, field

from datasette.utils import sqlite_timelimit

from ..store.schema import ARTICLES, FACETED, FTS_TABLE, PARAGRAPHS
from ..store.search import passes, ranked
from ..text.query import match_expression, parse, snippet, words_expression
from . import facets

FILTERS = ("province", "city", "year", "kind")
_POSITIONS = [FACETED.index(column) for column in FILTERS]
# Searches whose hits stay in memory (4 bytes an id), so that the next page, a filter, the
# chart or the map of the same search costs no FTS5 lookup: 4 MB for a million hits.
RECENT = 8


class TooSlow(Exception):
    """The search ran past the SQL time limit."""


@dataclass
class Found:
    query: str
    filters: dict
    total: int = 0  # hits after filters
    unfiltered: int = 0
    rank_all: int = 0  # the most hits ranked in full: plugin_config rank_all, as find was given it
    words_ranked: bool = True  # the whole-word hits, which come first, as store.search ranks them
    page: int = 1
    page_size: int = 20
    counts: collections.Counter = field(default_factory=collections.Counter)  # {(province, city, year, kind): n}
    rows: list = field(default_factory=list)  # the page's hits, best first
    articles_by_year: collections.Counter = None  # {year: articles with a hit}, when asked for

    @property
    def ranked_by_bm25(self) -> bool:
        """Every hit is ranked, as store.search ranks them."""
        return self.unfiltered <= self.rank_all

    def by(self, *columns) -> collections.Counter:
        """Hits counted by one or more of FILTERS: {value: n} or {(value, value): n}."""
        positions = [FILTERS.index(c) for c in columns]
        out = collections.Counter()
        for combination, n in self.counts.items():
            key = tuple(combination[p] for p in positions)
            out[key if len(key) > 1 else key[0]] += n
        return out

    def facet(self, column) -> list:
        """[(value, n)] most hits first, then by value; NULL last."""
        return sorted(self.by(column).items(), key=lambda item: (item[0] is None, -item[1], str(item[0])))


def clean_filters(args) -> dict:
    """The filters of a request: {column: value} for the non-empty ones; year as an int."""
    filters = {}
    for column in FILTERS:
        value = (args.get(column) or "").strip()
        if value:
            if column == "year":
                if not value.isdigit() or len(value) > 4:
                    raise ValueError(f"year must be a year such as 2021, not {value!r}")
                value = int(value)
            filters[column] = value
    return filters


class Articles:
    """The article of every paragraph id and the year of every article, for
    counting articles with a hit without looking each hit up."""

    def __init__(self, conn):
        (highest,) = conn.execute(f"select coalesce(max(id), 0) from {PARAGRAPHS}").fetchone()
        self.of = array.array("I", bytes(4 * (highest + 1)))
        for pid, article_id in conn.execute(f"select id, article_id from {PARAGRAPHS}"):
            self.of[pid] = article_id
        self.year = dict(conn.execute(f"select id, year from {ARTICLES}"))

    def by_year(self, ids) -> collections.Counter:
        return collections.Counter(map(self.year.get, set(map(self.of.__getitem__, ids))))


_articles = weakref.WeakKeyDictionary()  # immutable Database -> Articles
_recent = weakref.WeakKeyDictionary()  # immutable Database -> {recall expression: (ids, counts per key)}


async def load(db):
    """Read what the pages count in memory, for an immutable database; at startup, not on a first search."""
    values = await facets.load(db)
    if values is not None and db not in _articles:
        _articles[db] = await db.execute_fn(Articles)
    return values


def _selected(combination, filters) -> bool:
    return all(passes(c, combination[FILTERS.index(c)], v) for c, v in filters.items())


async def find(datasette, db, query: str, filters: dict, page: int = 1, page_size: int = 20,
               rank_all: int = 50_000, with_rows: bool = True, with_articles: bool = False) -> Found:
    """The hits of query (the search box's syntax) with filters, and page `page` of them ranked
    (store.search.ranked) where there are at most rank_all hits before filters, else whole
    words first (ranked while there are at most rank_all of them), then in archive order;
    with_articles: how many articles have a hit, per year.
    Raises search.QueryError for a query that cannot mean anything, TooSlow past the time limit."""
    parse(query)
    values = await load(db)
    articles = _articles.get(db) if with_articles else None
    recall, words = match_expression(query), words_expression(query)
    limit_ms = datasette.sql_time_limit_ms
    recent = _recent.setdefault(db, collections.OrderedDict()) if values is not None else None
    known = recent.pop(recall, None) if recent is not None else None

    def run(conn):
        started = time.perf_counter()
        with sqlite_timelimit(conn, limit_ms):
            try:
                return _find(conn, values, articles, known, query, recall, words, filters, page, page_size,
                             rank_all, with_rows, with_articles)
            except sqlite3.OperationalError as error:
                # Stopped while FTS5 opens its table, it says "vtable constructor failed".
                if error.args == ("interrupted",) or time.perf_counter() - started >= limit_ms / 1000:
                    raise TooSlow() from None
                raise

    found, known = await db.execute_fn(run)
    if recent is not None:
        recent[recall] = known  # the most recent last
        while len(recent) > RECENT:
            recent.popitem(last=False)
    return found


def _ids(conn, expression) -> list:
    # One JSON array: handing Python a million rows one by one takes longer than the search.
    (ids,) = conn.execute(f"select json_group_array(rowid) from {FTS_TABLE} where {FTS_TABLE} match ?",
                          [expression]).fetchone()
    return json.loads(ids)


def _find(conn, values, articles, known, query, recall, words, filters, page, page_size, rank_all, with_rows,
          with_articles) -> tuple:
    """(Found, (ids, counts per key) to remember, on an immutable database)."""
    found = Found(query, filters, page=page, page_size=page_size, rank_all=rank_all)
    if values is not None:
        if known is None:
            ids = array.array("I", _ids(conn, recall))
            known = ids, values.count_keys(ids)
        ids, per_key = known
        combination_of = {key: tuple(values.combinations[key][p] for p in _POSITIONS) for key in per_key}
        kept = {key for key, combination in combination_of.items() if _selected(combination, filters)}
        found.counts = collections.Counter({combination_of[k]: per_key[k] for k in kept})
        if filters:
            keys = values.keys
            hits = [i for i in ids if keys[i] in kept]
            is_hit = lambda i: keys[i] in kept  # noqa: E731
        else:
            hits, is_hit = ids, None
        if with_articles:
            found.articles_by_year = articles.by_year(hits)
    else:
        rows = conn.execute(
            f"select p.id, p.article_id, {', '.join('p.' + c for c in FILTERS)} from {FTS_TABLE} f "
            f"join {PARAGRAPHS} p on p.id = f.rowid where f.{FTS_TABLE} match ? order by p.id", [recall]).fetchall()
        ids = [row[0] for row in rows]
        rows = [row for row in rows if _selected(row[2:], filters)]
        hits = [row[0] for row in rows]
        is_hit = set(hits).__contains__ if filters else None
        found.counts = collections.Counter(row[2:] for row in rows)
        if with_articles:
            year = FILTERS.index("year") + 2
            found.articles_by_year = collections.Counter(y for _, y in {(row[1], row[year]) for row in rows})
    found.unfiltered, found.total = len(ids), len(hits)
    if not with_rows or not hits:
        return found, known
    start = (page - 1) * page_size
    if found.ranked_by_bm25:
        found.rows = _ranked(conn, query, filters, page_size, start)
        return found, known
    # Too many hits to rank them all. Whole-word hits come first in the ranking, so
    # while there are at most rank_all of them, ranking only them gives the true
    # first pages; the hits inside longer words follow in archive order.
    word_hits = list(itertools.islice(_stream(conn, words), rank_all + 1))
    found.words_ranked = len(word_hits) <= rank_all
    if not found.words_ranked:
        found.rows = _rows(conn, query, _in_archive_order(conn, words, hits, is_hit, start, page_size))
        return found, known
    if is_hit:
        word_hits = list(filter(is_hit, word_hits))
    # A limit that ends at the last whole-word hit: the ranking never scores the other hits.
    shown = min(page_size, len(word_hits) - start)
    found.rows = _ranked(conn, query, filters, shown, start) if shown > 0 else []
    if len(found.rows) < page_size:
        word_set = set(word_hits)
        skip = max(0, start - len(word_hits))
        rest = itertools.islice((i for i in hits if i not in word_set), skip, skip + page_size - len(found.rows))
        found.rows += _rows(conn, query, [(i, False) for i in rest])
    return found, known


def _ranked(conn, query, filters, limit, offset) -> list:
    """store.search.ranked with the pages' filters; a year is a date range there."""
    year = filters.get("year")
    return ranked(conn, query, limit=limit, offset=offset, city=filters.get("city"), province=filters.get("province"),
                  kind=filters.get("kind"), date_from=year, date_to=year)


def _stream(conn, expression):
    """The ids of the hits of expression, in id order, read as they are taken."""
    return (rowid for (rowid,) in conn.execute(
        f"select rowid from {FTS_TABLE} where {FTS_TABLE} match ?", [expression]))


def _in_archive_order(conn, words, hits, is_hit, start, page_size) -> list:
    """[(id, whole word?)] of hits[start:start + page_size] ordered whole word first,
    then by id. The word hits stream from FTS5 in id order, so a first page reads
    only as far as it shows; the substring hits need the whole set of word hits."""
    word_hits = _stream(conn, words)
    if is_hit:
        word_hits = filter(is_hit, word_hits)
    page_ids = [(i, True) for i in itertools.islice(word_hits, start, start + page_size)]
    if len(page_ids) == page_size:
        return page_ids
    word_set = set(_ids(conn, words))
    substring_hits = (i for i in hits if i not in word_set)
    skip = max(0, start - sum(1 for i in hits if i in word_set))
    return page_ids + [(i, False) for i in itertools.islice(substring_hits, skip, skip + page_size - len(page_ids))]


def _rows(conn, query, page_ids) -> list:
    if not page_ids:
        return []
    conn_rows = conn.execute(
        f"select p.id, p.article_id, p.seq, p.kind, p.text, p.city, p.province, p.date, a.title "
        f"from {PARAGRAPHS} p join {ARTICLES} a on a.id = p.article_id "
        f"where p.id in ({', '.join('?' * len(page_ids))})", [i for i, _ in page_ids]).fetchall()
    by_id = {row[0]: row for row in conn_rows}
    rows = []
    for pid, whole_word in page_ids:
        pid, article_id, seq, kind, text, city, province, date, title = by_id[pid]
        rows.append({"id": pid, "article_id": article_id, "seq": seq, "kind": kind, "city": city,
                     "province": province, "date": date, "title": title, "snippet": snippet(text, query),
                     "match": "word" if whole_word else "substring"})
    return rows
