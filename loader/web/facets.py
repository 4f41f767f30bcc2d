"""Column facets on the paragraphs table, counted in memory.

Datasette's ColumnFacet counts each facet with its own SQL pass over the
hits. At a million paragraphs a common word has hundreds of thousands of
hits, each pass looks every one of them up in the table, and a search page
with four facets took 2.5 s. For an immutable database, the faceted columns
of every paragraph are held in memory from startup as one small integer per
paragraph, the number of its combination of values, which the build keeps
(store/values.py). A facet page then costs one pass over the ids of its
hits, however many facets it shows, and a plain ?_search= takes those ids
from the FTS index alone.

The results are the dicts ColumnFacet gives (tests/test_facets.py compares
them); other databases, tables and columns and mutable databases go to
ColumnFacet.
"""
import collections
import json
import re
import sqlite3
import time
import weakref

from datasette.facets import ColumnFacet
from datasette.utils import escape_sqlite, path_with_added_args, path_with_removed_args, sqlite_timelimit

from ..store import values as stored
from ..store.schema import FACETED, PARAGRAPHS as TABLE
from .scope import is_archive_database

# The where clause Datasette writes for ?_search= alone, holding the FTS query.
_SEARCH_ONLY = re.compile(r"where id in \(select rowid (?P<hits>from (\w+) where \2 match (?:escape_fts\(:search\)|:search))\) ")


class FacetValues:
    """The faceted columns of every paragraph, as one integer key per id (store.values.Values)."""

    def __init__(self, values: stored.Values):
        self.keys = values.keys
        self.combinations = values.combinations
        self.articles = values.articles
        self._everything = None

    def count_keys(self, ids) -> collections.Counter:
        per_key = collections.Counter(map(self.keys.__getitem__, ids))
        per_key.pop(0, None)
        return per_key

    def everything(self) -> collections.Counter:
        if self._everything is None:
            self._everything = self.count_keys(range(len(self.keys)))
        return self._everything

    def counts(self, per_key, columns) -> dict:
        """{column: {value: count}} of NULL-free values, from count_keys."""
        positions = {column: FACETED.index(column) for column in columns}
        counts = {column: collections.Counter() for column in columns}
        for key, n in per_key.items():
            values = self.combinations[key]
            for column, position in positions.items():
                if values[position] is not None:
                    counts[column][values[position]] += n
        return counts


_loaded = weakref.WeakKeyDictionary()  # Database -> FacetValues, or None where it does not apply


async def load(db):
    """Read the facet values of an immutable archive."""
    if db not in _loaded:
        applies = not db.is_mutable and not db.is_memory and await is_archive_database(db)
        try:
            _loaded[db] = FacetValues(await db.execute_fn(stored.load)) if applies else None
        except stored.TooSparse:
            _loaded[db] = None
    return _loaded[db]


def _sqlite_order(item):
    """ORDER BY count desc, value, as SQLite orders values of mixed types."""
    value, count = item
    rank = 1 if isinstance(value, (int, float)) else 2 if isinstance(value, str) else 3
    return -count, rank, value


class MemoryColumnFacet(ColumnFacet):
    """ColumnFacet, answered from FacetValues where they apply."""

    _answered = frozenset()

    def get_configs(self):
        return [c for c in super().get_configs() if _column(c) not in self._answered]

    async def facet_results(self):
        db = self.ds.get_database(self.database)
        values = await load(db) if self.table == TABLE else None
        configs = super().get_configs()
        columns = {_column(c) for c in configs} & set(FACETED) if values else set()
        if not columns:
            return await super().facet_results()
        counts = await self._counts(db, values, columns)
        self._answered = frozenset(columns)
        try:
            other_results, other_timed_out = await super().facet_results()
        finally:
            del self._answered  # suggest() must see every configured facet
        # In the order of the configs, as ColumnFacet gives them.
        other = iter(other_results)
        results, timed_out = [], []
        for config in configs:
            column = _column(config)
            if column not in columns:
                if column in other_timed_out:
                    timed_out.append(column)
                else:
                    results.append(next(other))
            elif counts is None:
                timed_out.append(column)
            else:
                results.append(await self._result(column, config["source"], counts[column]))
        return results, timed_out

    async def _counts(self, db, values, columns):
        """{column: Counter} for the rows self.sql selects; None on a time-out."""
        _, _, where = self.sql.partition(f" from {escape_sqlite(TABLE)} ")
        if not where:
            return values.counts(values.everything(), columns)
        search = _SEARCH_ONLY.fullmatch(where)
        # One JSON array: handing Python 700,000 rows one by one took longer than the search.
        ids_sql = (f"select json_group_array(rowid) {search['hits']}" if search
                   else f"select json_group_array(id) from {escape_sqlite(TABLE)} {where}")
        limit = self.ds.sql_time_limit_ms  # as Datasette.execute reads custom_time_limit
        if 0 < self.ds.setting("facet_time_limit_ms") < limit:
            limit = self.ds.setting("facet_time_limit_ms")

        def count(conn):
            started = time.perf_counter()
            with sqlite_timelimit(conn, limit):
                try:
                    (ids,) = conn.execute(ids_sql, self.params).fetchone()
                except sqlite3.OperationalError as error:
                    # Out of time; stopped while opening the FTS5 table, it fails as "vtable constructor failed".
                    if error.args == ("interrupted",) or time.perf_counter() - started >= limit / 1000:
                        return None
                    raise
            return values.counts(values.count_keys(json.loads(ids)), columns)

        return await db.execute_fn(count)

    async def _result(self, column, source, counts) -> dict:
        """The dict ColumnFacet.facet_results gives for one column."""
        facet_size = self.get_facet_size()
        ordered = sorted(counts.items(), key=_sqlite_order)
        shown = ordered[:facet_size]
        labels = await self.ds.expand_foreign_keys(self.database, self.table, column, [v for v, _ in shown])
        qs_pairs = self.get_querystring_pairs()
        column_qs = f"{column}__exact" if column.startswith("_") else column
        results = []
        for value, count in shown:
            selected = (column_qs, str(value)) in qs_pairs
            toggle_path = (path_with_removed_args(self.request, {column_qs: str(value)}) if selected
                           else path_with_added_args(self.request, {column_qs: value}))
            results.append({
                "value": value,
                "label": labels.get((column, value), value),
                "count": count,
                "toggle_url": self.ds.absolute_url(self.request, self.ds.urls.path(toggle_path)),
                "selected": selected,
            })
        return {
            "name": column,
            "type": self.type,
            "hideable": source != "metadata",
            "toggle_url": self.ds.urls.path(path_with_removed_args(self.request, {"_facet": column})),
            "results": results,
            "truncated": len(ordered) > facet_size,
        }


def _column(config) -> str:
    return config["config"].get("column") or config["config"]["simple"]
