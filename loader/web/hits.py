"""What a search finds, for the researcher's pages: the ranked hits of one
page, and how many there are by province, city, year and kind.

On an immutable database, a frequent term's counts were kept by the build
(store/counts.py) and a page reads them; for any other search, counts come
from one pass over the ids of the hits, with the faceted values of every
paragraph already in memory (loader/facets.py), so a search costs one FTS5
lookup however many counts a page shows. A mutable database reads the
values with the hits, in SQL.
"""
import array
import collections
import sqlite3
import time
import weakref
from dataclasses import dataclass, field

from datasette.utils import sqlite_timelimit

from ..store import counts as kept
from ..store.counts import COUNTED as FILTERS
from ..store.schema import FACETED, FTS_TABLE, PARAGRAPHS
from ..store.search import passes, ranked
from ..text.query import match_expression, parse
from . import facets

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


_articles = weakref.WeakKeyDictionary()  # immutable Database -> Articles
_recent = weakref.WeakKeyDictionary()  # immutable Database -> {recall expression: _Known}


@dataclass
class _Known:
    """What a search finds before its filters, remembered for its next pages."""
    counts: kept.Counts
    # When the build did not keep the counts: the ids, and their number per FacetValues key, for the articles
    ids: array.array = None
    per_key: collections.Counter = None


async def load(db):
    """Read what the pages count in memory, for an immutable database; at startup, not on a first search."""
    values = await facets.load(db)
    if values is not None and db not in _articles:
        _articles[db] = await db.execute_fn(lambda conn: kept.Articles(conn, values.articles))
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


def _combination(values, key) -> tuple:
    """The FILTERS values of a FacetValues key."""
    return tuple(values.combinations[key][p] for p in _POSITIONS)


def _counted(conn, values, recall) -> _Known:
    """What a search finds when the build did not keep its counts: from the ids of its hits."""
    ids = array.array("I", kept.ids(conn, recall))
    per_key = values.count_keys(ids)
    paragraphs = collections.Counter()
    for key, n in per_key.items():  # keys that differ only by month or date share a combination
        paragraphs[_combination(values, key)] += n
    return _Known(kept.Counts(paragraphs), ids, per_key)


def _articles_by_year(values, articles, known: _Known, filters) -> collections.Counter:
    if known.counts.articles is not None:
        return known.counts.articles_by_year(lambda combination: _selected(combination, filters))
    if not filters:
        return articles.by_year(known.ids)
    passing = {key for key in known.per_key if _selected(_combination(values, key), filters)}
    return articles.by_year(i for i in known.ids if values.keys[i] in passing)


def _find(conn, values, articles, known, query, recall, filters, page, page_size, with_rows, with_articles) -> tuple:
    """(Found, _Known to remember, on an immutable database)."""
    found = Found(query, filters, page=page, page_size=page_size)
    if values is not None:
        if known is None:
            counts = kept.read(conn, recall)
            known = _Known(counts) if counts is not None else _counted(conn, values, recall)
        found.counts = collections.Counter({combination: n for combination, n in known.counts.paragraphs.items()
                                            if _selected(combination, filters)})
        if with_articles:
            found.articles_by_year = _articles_by_year(values, articles, known, filters)
        found.total = sum(found.counts.values())
    else:
        rows = conn.execute(
            f"select p.id, p.article_id, {', '.join('p.' + c for c in FILTERS)} from {FTS_TABLE} f "
            f"join {PARAGRAPHS} p on p.id = f.rowid where f.{FTS_TABLE} match ? order by p.id", [recall]).fetchall()
        rows = [row for row in rows if _selected(row[2:], filters)]
        found.counts = collections.Counter(row[2:] for row in rows)
        if with_articles:
            year = FILTERS.index("year") + 2
            found.articles_by_year = collections.Counter(y for _, y in {(row[1], row[year]) for row in rows})
        found.total = len(rows)
    if not with_rows or not found.total:
        return found, known
    found.rows = _ranked(conn, query, filters, page_size, (page - 1) * page_size)
    return found, known


def _ranked(conn, query, filters, limit, offset) -> list:
    """store.search.ranked with the pages' filters; a year is a date range there."""
    year = filters.get("year")
    return ranked(conn, query, limit=limit, offset=offset, city=filters.get("city"), province=filters.get("province"),
                  kind=filters.get("kind"), date_from=year, date_to=year)
