"""What a search finds, for the researcher's pages: the ranked hits of one
page, and how many there are by province, city, year and kind.

Counts come from one pass over the ids of the hits. On an immutable database
the faceted values of every paragraph are already in memory
(loader/facets.py), so a search costs one FTS5 lookup however many counts a
page shows; a mutable database reads them with the hits, in SQL.
"""
import array
import collections
import json
import sqlite3
import time
import weakref
from dataclasses import dataclass, field

from datasette.utils import sqlite_timelimit

from ..store.schema import ARTICLES, FACETED, FTS_TABLE, PARAGRAPHS
from ..store.search import passes, ranked
from ..text.query import match_expression, parse
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
    page: int = 1
    page_size: int = 20
    counts: collections.Counter = field(default_factory=collections.Counter)  # {(province, city, year, kind): n}
    rows: list = field(default_factory=list)  # the page's hits, best first
    articles_by_year: collections.Counter = None  # {year: articles with a hit}, when asked for

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
               with_rows: bool = True, with_articles: bool = False) -> Found:
    """The hits of query (the search box's syntax) with filters, and page `page` of them ranked
    (store.search.ranked); with_articles: how many articles have a hit, per year.
    Raises search.QueryError for a query that cannot mean anything, TooSlow past the time limit."""
    parse(query)
    values = await load(db)
    articles = _articles.get(db) if with_articles else None
    recall = match_expression(query)
    limit_ms = datasette.sql_time_limit_ms
    recent = _recent.setdefault(db, collections.OrderedDict()) if values is not None else None
    known = recent.pop(recall, None) if recent is not None else None

    def run(conn):
        started = time.perf_counter()
        with sqlite_timelimit(conn, limit_ms):
            try:
                return _find(conn, values, articles, known, query, recall, filters, page, page_size,
                             with_rows, with_articles)
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


def _find(conn, values, articles, known, query, recall, filters, page, page_size, with_rows, with_articles) -> tuple:
    """(Found, (ids, counts per key) to remember, on an immutable database)."""
    found = Found(query, filters, page=page, page_size=page_size)
    if values is not None:
        if known is None:
            ids = array.array("I", _ids(conn, recall))
            known = ids, values.count_keys(ids)
        ids, per_key = known
        combination_of = {key: tuple(values.combinations[key][p] for p in _POSITIONS) for key in per_key}
        kept = {key for key, combination in combination_of.items() if _selected(combination, filters)}
        found.counts = collections.Counter()
        for key in kept:  # keys that differ only by month or date share a combination
            found.counts[combination_of[key]] += per_key[key]
        hits = [i for i in ids if values.keys[i] in kept] if filters else ids
        if with_articles:
            found.articles_by_year = articles.by_year(hits)
    else:
        rows = conn.execute(
            f"select p.id, p.article_id, {', '.join('p.' + c for c in FILTERS)} from {FTS_TABLE} f "
            f"join {PARAGRAPHS} p on p.id = f.rowid where f.{FTS_TABLE} match ? order by p.id", [recall]).fetchall()
        ids = [row[0] for row in rows]
        rows = [row for row in rows if _selected(row[2:], filters)]
        hits = [row[0] for row in rows]
        found.counts = collections.Counter(row[2:] for row in rows)
        if with_articles:
            year = FILTERS.index("year") + 2
            found.articles_by_year = collections.Counter(y for _, y in {(row[1], row[year]) for row in rows})
    found.total = len(hits)
    if not with_rows or not hits:
        return found, known
    found.rows = _ranked(conn, query, filters, page_size, (page - 1) * page_size)
    return found, known


def _ranked(conn, query, filters, limit, offset) -> list:
    """store.search.ranked with the pages' filters; a year is a date range there."""
    year = filters.get("year")
    return ranked(conn, query, limit=limit, offset=offset, city=filters.get("city"), province=filters.get("province"),
                  kind=filters.get("kind"), date_from=year, date_to=year)
