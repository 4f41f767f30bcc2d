"""The faceted values and the article of every paragraph, kept in the database.

The pages of an immutable archive count a search's hits in memory, from
arrays indexed by paragraph id: the number of each paragraph's combination
of FACETED values, and its article (web/facets.py, web/hits.py). Reading
them from the paragraphs takes one pass over each column's index and one
over the table, at every start of the server: seconds at a million
paragraphs, a minute at ten million. The build reads them once and keeps
them as they are held in memory: the combinations in COMBINATIONS_TABLE,
the arrays as blobs of consecutive ids in KEYS_TABLE, which the server
reads in about a second at ten million (BENCHMARKS.md, Start-up). Like the
kept counts, they depend on every row, so every build writes them again.

An archive without the tables (built by a loader before them), or whose
paragraphs have another number of rows or another highest id than the
tables record (another program added or deleted rows), is read from its
paragraphs.
"""
import array
import sys
from dataclasses import dataclass

from .schema import COMBINATIONS_TABLE, FACETED, KEYS_TABLE, PARAGRAPHS, has_values

# Ids are dense (store.Ids); an old database with sparse ids would need arrays far larger than its rows.
MAX_IDS_PER_ROW = 2
ABSENT = object()  # the value of an id with no paragraph: combination 0 holds it in every column
CHUNK = 1 << 20  # ids per row of KEYS_TABLE: 4 MB blobs


class TooSparse(ValueError):
    """The paragraph ids leave too many gaps to be held as arrays."""


class _Numbering(dict):
    """Numbers in order of first appearance, after the ones it starts with."""

    def __missing__(self, value):
        self[value] = number = len(self)
        return number


@dataclass
class Values:
    keys: array.array  # "I": the combination number of every id; 0 where no paragraph has the id
    combinations: list  # the FACETED values of each number, as tuples; number 0 is ABSENT throughout
    articles: array.array  # "I": the article of every id; 0 where no paragraph has the id


def scan(conn) -> Values:
    """Values from the paragraphs."""
    cursor = conn.cursor()
    cursor.row_factory = None
    (highest,) = cursor.execute(f"select coalesce(max(id), 0) from {PARAGRAPHS}").fetchone()
    # Column by column, so that each scan reads that column's index and
    # not the table, which is mostly text: on a cold cache that is
    # seconds instead of a 1 GB read.
    value_numbers, codes = [], []
    for column in FACETED:
        numbering, column_codes = _Numbering({ABSENT: 0}), array.array("I", bytes(4 * (highest + 1)))
        for pid, value in cursor.execute(f"select id, {column} from {PARAGRAPHS}"):
            column_codes[pid] = numbering[value]
        value_numbers.append(numbering)
        codes.append(column_codes)
    combinations = _Numbering({(0,) * len(FACETED): 0})  # key 0: an id with no paragraph
    keys = array.array("I", map(combinations.__getitem__, zip(*codes)))
    del codes  # 4 bytes a column an id: gone before the articles' array is made
    values = [list(numbering) for numbering in value_numbers]
    articles = array.array("I", bytes(4 * (highest + 1)))
    for pid, article_id in cursor.execute(f"select id, article_id from {PARAGRAPHS}"):
        articles[pid] = article_id
    return Values(keys, [tuple(v[code] for v, code in zip(values, combination)) for combination in combinations],
                  articles)


def _little_endian(ids: array.array) -> array.array:
    if sys.byteorder == "big":
        ids = array.array(ids.typecode, ids)
        ids.byteswap()
    return ids


def read(conn, rows: int, highest: int) -> Values | None:
    """The Values the build kept, or None: an archive without them, or whose paragraphs (`rows` of
    them, the `highest` id) they do not describe."""
    if not has_values(conn):
        return None
    keys, articles, kept_rows = array.array("I"), array.array("I"), 0
    for first, chunk_keys, chunk_articles, paragraphs in conn.execute(
            f"select first, keys, articles, paragraphs from {KEYS_TABLE} order by first"):
        if first != len(keys):
            return None
        keys.frombytes(chunk_keys)
        articles.frombytes(chunk_articles)
        kept_rows += paragraphs
    if (kept_rows, len(keys) - 1, len(articles)) != (rows, highest, len(keys)):
        return None
    combinations = [(ABSENT,) * len(FACETED)]
    for key, *values in conn.execute(f"select key, {', '.join(FACETED)} from {COMBINATIONS_TABLE} order by key"):
        if key != len(combinations):
            return None
        combinations.append(tuple(values))
    return Values(_little_endian(keys), combinations, _little_endian(articles))


def load(conn) -> Values:
    """The Values the build kept, else from the paragraphs, for the server to hold.
    Raises TooSparse: arrays far larger than the rows."""
    rows, highest = conn.execute(f"select count(*), coalesce(max(id), 0) from {PARAGRAPHS}").fetchone()
    if highest > MAX_IDS_PER_ROW * rows + 1024:
        raise TooSparse(f"{PARAGRAPHS} ids are too sparse to index in memory")
    return read(conn, rows, highest) or scan(conn)


def refresh(conn) -> Values:
    """Write the Values of the paragraphs again (conn: the database being built) and give them."""
    conn.execute(f"delete from {KEYS_TABLE}")
    conn.execute(f"delete from {COMBINATIONS_TABLE}")
    values = scan(conn)
    conn.executemany(f"insert into {COMBINATIONS_TABLE} (key, {', '.join(FACETED)}) "
                     f"values (?, {', '.join('?' for _ in FACETED)})",
                     ((key, *combination) for key, combination in enumerate(values.combinations) if key))
    keys, articles = _little_endian(values.keys), _little_endian(values.articles)
    for first in range(0, len(keys), CHUNK):
        chunk = keys[first:first + CHUNK]
        conn.execute(f"insert into {KEYS_TABLE} (first, keys, articles, paragraphs) values (?, ?, ?, ?)",
                     [first, chunk.tobytes(), articles[first:first + CHUNK].tobytes(), len(chunk) - chunk.count(0)])
    return values
