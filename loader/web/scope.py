"""Which databases the plugin's rules apply to: the ones this loader built.

Datasette serves any number of databases side by side, and the plugin's
hooks (escape_fts, the 400 for an empty search, highlights, memory facets,
metadata and canned queries) see all of them. An ordinary FTS database
served beside the archive must behave as plain Datasette, so each rule
first asks whether the database is an archive (store.schema.is_archive).
"""
import sqlite3
import weakref

from ..store.schema import has_lists, is_archive

_known = weakref.WeakKeyDictionary()  # Datasette Database -> bool


async def is_archive_database(db) -> bool:
    """is_archive for a Datasette Database, asked once per database."""
    if db not in _known:
        _known[db] = await db.execute_fn(is_archive)
    return _known[db]


def is_archive_file(db) -> bool:
    """is_archive_database for the hooks that cannot await (get_metadata):
    the database's file opened read-only, once."""
    return _ask_file(db, is_archive, _known)


_listed = weakref.WeakKeyDictionary()  # Datasette Database -> bool


def has_lists_file(db) -> bool:
    """store.schema.has_lists of an archive's file, asked once."""
    return _ask_file(db, has_lists, _listed)


def _ask_file(db, question, answers) -> bool:
    if db not in answers:
        if db.is_memory or not db.path:
            return False
        try:
            conn = sqlite3.connect(f"file:{db.path}?mode=ro", uri=True)
        except sqlite3.Error:
            return False
        try:
            answers[db] = question(conn)
        finally:
            conn.close()
    return answers[db]
