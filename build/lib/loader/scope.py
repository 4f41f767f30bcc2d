"""Which databases the plugin's rules apply to: the ones this loader built.

Datasette serves any number of databases side by side, and the plugin's
hooks (escape_fts, the 400 for an empty search, highlights, memory facets)
see all of them. An ordinary FTS database served beside the archive must
behave as plain Datasette, so each rule first asks whether the database is
an archive: one that has the build table the loader writes (store.BUILD_TABLE)
and the paragraph index.
"""
import sqlite3
import weakref

from .store import BUILD_TABLE

_TABLES = (BUILD_TABLE, "paragraphs_fts")
_known = weakref.WeakKeyDictionary()  # Datasette Database -> bool


def is_archive(conn: sqlite3.Connection) -> bool:
    try:
        found = conn.execute(
            f"select count(*) from sqlite_master where type = 'table' and name in ({', '.join('?' for _ in _TABLES)})",
            _TABLES).fetchone()[0]
    except sqlite3.DatabaseError:  # not a database Datasette can read either: plain Datasette reports it
        return False
    return found == len(_TABLES)


async def is_archive_database(db) -> bool:
    """is_archive for a Datasette Database, asked once per database."""
    if db not in _known:
        _known[db] = await db.execute_fn(is_archive)
    return _known[db]
