"""The SQLite schema: every table and column name, and the one step that gives a database its shape."""
import collections
import sqlite3
from dataclasses import dataclass

import sqlite_utils

from ..ingest import sources

ARTICLES, PARAGRAPHS, FILES = "articles", "paragraphs", "files"
FTS_TABLE = PARAGRAPHS + "_fts"  # the paragraphs' index: contentless FTS5, rowid = paragraphs.id
# The best paragraphs of every frequent search term, by the ranking's BM25 (store/top.py):
# WITHOUT ROWID, keyed by (phrase, position); phrase is the term's FTS5 expression; weight is
# the row's BM25 for the term over the term's IDF (store/top.py).
TOP_TABLE = PARAGRAPHS + "_top"
TOP_SQL = (f"CREATE TABLE IF NOT EXISTS {TOP_TABLE} "
           "(phrase TEXT NOT NULL, position INTEGER NOT NULL, id INTEGER NOT NULL, weight REAL NOT NULL, "
           "PRIMARY KEY (phrase, position)) WITHOUT ROWID")
# The counts of every frequent search term's hits (store/counts.py), keyed by the term's FTS5 expression.
COUNTS_TABLE = PARAGRAPHS + "_counts"
COUNTS_SQL = f"CREATE TABLE IF NOT EXISTS {COUNTS_TABLE} (phrase TEXT PRIMARY KEY, counts BLOB NOT NULL)"
# The faceted values and the article of every paragraph, as the pages hold them in memory (store/values.py):
# each combination of FACETED values by its number, and the number and article of every id, in blobs of
# consecutive ids (4-byte unsigned little-endian integers) from `first`, `paragraphs` of whose ids have a row.
COMBINATIONS_TABLE = PARAGRAPHS + "_combinations"
KEYS_TABLE = PARAGRAPHS + "_keys"
BUILD_TABLE = "build_info"  # what the build records about itself; the plugin recognises an archive by it
OLD_KEYS = "old_record_keys"  # temporary, for one build: the keys of a big export's old articles (ids.OldRecords)
ARTICLE_COLUMNS = {
    "id": int, "source_file": str, "article_no": int, "title": str,
    "city": str, "province": str, "district": str,
    "date": str, "date_precision": str, "year": int, "month": str,
    "city_source": str, "city_confidence": float, "city_evidence": str,
    "date_source": str, "date_confidence": float, "date_evidence": str,
    "source": str, "url": str, "keywords": str, "paragraph_count": int,
}
PARAGRAPH_COLUMNS = {
    "id": int, "article_id": int, "seq": int, "kind": str, "text": str,
    "city": str, "province": str, "district": str,
    "date": str, "year": int, "month": str, "places": str,
}
# sha256: of the file's bytes and of what else changes what it gives (its manifest entries, --field);
# seen: of its size and modification time with the same, as the build that read it saw them.
FILE_COLUMNS = {"path": str, "sha256": str, "bytes": int, "encoding": str, "articles": int, "paragraphs": int,
                "seen": str}
FACETED = ("city", "province", "year", "month", "kind", "date")
# No declared types: a value keeps the storage class it has in PARAGRAPHS.
COMBINATIONS_SQL = f"CREATE TABLE IF NOT EXISTS {COMBINATIONS_TABLE} (key INTEGER PRIMARY KEY, {', '.join(FACETED)})"
KEYS_SQL = (f"CREATE TABLE IF NOT EXISTS {KEYS_TABLE} (first INTEGER PRIMARY KEY, keys BLOB NOT NULL, "
            "articles BLOB NOT NULL, paragraphs INTEGER NOT NULL)")
# The ascii tokenizer cuts only at ASCII characters other than letters and digits. The column
# holds nothing else but spaces (text.segment spells every other character as a code unicode61
# keeps in a token too), so its tokens and index are unicode61's, and no character is looked up
# in unicode61's tables: the one-writer insert runs 1.37x as fast (benchmarks/build.py).
FTS_TOKENIZER = "tokenize='ascii'"
FTS_SQL = f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(text, content='', {FTS_TOKENIZER})"
# The same table with the tokenizer whose tokens ascii's equal there: what tests and benchmarks compare with.
UNICODE61_FTS_SQL = FTS_SQL.replace(FTS_TOKENIZER, "tokenize='unicode61 remove_diacritics 0'")
# FTS5 writes its pending postings out as a new segment every hashsize bytes
# (1 MB by default) and merges segments automerge at a time (4). A bigger
# buffer and wider merges rewrite the postings less often: the one-writer
# insert of a 100,000-paragraph corpus ran 1.7-2.0x as fast (benchmarks/build.py).
FTS_CONFIG = {"hashsize": 64 << 20, "automerge": 8}


def columns(conn, table) -> set:
    """The names of a table's columns (an older database may lack some)."""
    return {row[1] for row in conn.execute(f"pragma table_info({table})")}


def ensure_tables(db: sqlite_utils.Database):
    """Create what is missing, columns included: a column a newer loader
    adds is added to an older database by its next update, no rebuild
    needed (its values arrive as files are read again; --full fills them all)."""
    for table, columns in ((ARTICLES, ARTICLE_COLUMNS), (PARAGRAPHS, PARAGRAPH_COLUMNS), (FILES, FILE_COLUMNS)):
        if table in db.table_names():
            have = db[table].columns_dict
            for name, kind in columns.items():
                if name not in have:
                    db[table].add_column(name, kind)
    if ARTICLES not in db.table_names():
        db[ARTICLES].create(ARTICLE_COLUMNS, pk="id", not_null={"source_file", "article_no"})
    if PARAGRAPHS not in db.table_names():
        db[PARAGRAPHS].create(
            PARAGRAPH_COLUMNS, pk="id", not_null={"article_id", "seq", "kind", "text"},
            foreign_keys=[("article_id", ARTICLES, "id")],
        )
    if FILES not in db.table_names():
        db[FILES].create(FILE_COLUMNS, pk="path")
    if BUILD_TABLE not in db.table_names():
        db[BUILD_TABLE].create({"key": str, "value": str}, pk="key")
    if sources.TABLE not in db.table_names():
        db[sources.TABLE].create(sources.COLUMNS, pk="label", not_null={"path"})
        db[sources.TABLE].create_index(["path"], unique=True)
    ensure_fts(db)
    db.execute(TOP_SQL)
    db.execute(COUNTS_SQL)
    db.execute(COMBINATIONS_SQL)
    db.execute(KEYS_SQL)


def ensure_fts(db, config=FTS_CONFIG):
    """The FTS5 table and its settings, which it keeps in the database; db may be a sqlite3 connection."""
    db.execute(FTS_SQL)
    for name, value in config.items():
        db.execute(f"insert into {FTS_TABLE}({FTS_TABLE}, rank) values (?, ?)", [name, value])


def ensure_shape(db: sqlite_utils.Database):
    """Indexes and views; run at the end of every build."""
    ensure_tables(db)
    db[ARTICLES].create_index(["source_file", "article_no"], unique=True, if_not_exists=True)
    for column in ("city", "province", "year", "date"):
        db[ARTICLES].create_index([column], if_not_exists=True)
    db[PARAGRAPHS].create_index(["article_id", "seq"], if_not_exists=True)
    for column in FACETED:
        db[PARAGRAPHS].create_index([column], if_not_exists=True)


def is_archive(conn: sqlite3.Connection) -> bool:
    """Whether conn is a database this loader built: it has the build table and the paragraph index."""
    tables = (BUILD_TABLE, FTS_TABLE)
    try:
        found = conn.execute(
            f"select count(*) from sqlite_master where type = 'table' and name in ({', '.join('?' for _ in tables)})",
            tables).fetchone()[0]
    except sqlite3.DatabaseError:  # not a database Datasette can read either: plain Datasette reports it
        return False
    return found == len(tables)


def has_lists(conn: sqlite3.Connection) -> bool:
    """Whether the archive has the ranked lists of its frequent terms (TOP_TABLE); one built by a
    loader before them has not, and its searches score every hit."""
    return _has_table(conn, TOP_TABLE)


def has_weights(conn: sqlite3.Connection) -> bool:
    """Whether the archive's ranked lists keep their rows' weights; those of a loader before them
    do not, and its searches for a phrase of several tokens score every hit."""
    return "weight" in columns(conn, TOP_TABLE)


def has_counts(conn: sqlite3.Connection) -> bool:
    """Whether the archive has the counts of its frequent terms (COUNTS_TABLE); one built by a
    loader before them has not, and its pages count the ids of every hit."""
    return _has_table(conn, COUNTS_TABLE)


def has_values(conn: sqlite3.Connection) -> bool:
    """Whether the archive keeps the faceted values and the article of every paragraph (KEYS_TABLE);
    one built by a loader before them has not, and the server reads them from its paragraphs."""
    return _has_table(conn, KEYS_TABLE)


# The index's terms and the rows that hold each (fts5vocab 'row': term, doc, cnt), while vocabulary() reads it.
VOCAB_TABLE = "temp.zh_vocab"
# Every occurrence of every term (fts5vocab 'instance': term, doc, col, offset), for store/top.py.
OCCURRENCES_TABLE = "temp.zh_occurrences"


@dataclass(frozen=True)
class Vocabulary:
    """What the build's ranked lists and kept counts read of the index's tokens."""
    rows: dict  # {token: the rows that have it} of the tokens in at least vocabulary()'s `least` rows
    prefix_rows: dict  # {character code: the sum of the rows of the tokens starting with it}
    occurrences: dict  # {token: its occurrences} of the tokens in rows
    prefix_occurrences: dict  # {character code: the occurrences of the tokens starting with it}

    def characters_over(self, threshold: int) -> list:
        """[(character code, hits at most)] of the characters whose prefix query may find more than
        threshold rows: a character's prefix query finds at most the sum of its tokens' hits."""
        return sorted((code, rows) for code, rows in self.prefix_rows.items() if rows > threshold)


def vocabulary(conn: sqlite3.Connection, least: int) -> Vocabulary:
    """The Vocabulary of the index, with the tokens in at least `least` rows, in one pass: counting
    each token's rows reads the whole index (47 s at ten million paragraphs), so the lists and the
    counts share it."""
    conn.execute(f"create virtual table {VOCAB_TABLE} using fts5vocab(main, {FTS_TABLE}, 'row')")
    try:
        rows, prefix_rows, occurrences, prefix_occurrences = {}, collections.Counter(), {}, collections.Counter()
        for term, doc, cnt in conn.execute(f"select term, doc, cnt from {VOCAB_TABLE}"):
            prefix_rows[term[0]] += doc
            prefix_occurrences[term[0]] += cnt
            if doc >= least:
                rows[term], occurrences[term] = doc, cnt
    finally:
        conn.execute(f"drop table {VOCAB_TABLE}")
    return Vocabulary(rows, dict(prefix_rows), occurrences, dict(prefix_occurrences))


def _has_table(conn, name) -> bool:
    found = conn.execute("select 1 from sqlite_master where type = 'table' and name = ?", (name,)).fetchone()
    return found is not None
