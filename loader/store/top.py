"""The best paragraphs of every frequent search term, kept in the database.

BM25 scores every hit of the part it ranks, so ranking a term found in
hundreds of thousands of paragraphs takes a second. The build therefore
ranks each frequent term once, as the search ranks a query of that term
alone (store/search.py: BM25, then id), and keeps the start of that order in
TOP_TABLE: (the term's MATCH expression, position, paragraph id). The order
of a query of one term, with or without filters and excluded terms, is that
order with the rows that fail dropped; so the first k rows of the list that
pass are the true top k, whenever k of them pass. Every score depends on the
whole index (the number of paragraphs, their average length), so every build
ranks every list again.

Each row also keeps its weight: the row's BM25 for the term over the term's
IDF. FTS5's BM25 (SQLite's fts5_aux.c) of one phrase in a row is the
phrase's IDF (from the rows that have it) times tf·(k1 + 1) / (tf + k1·(1 −
b + b·length / average length)), tf its occurrences in the row: a factor that
grows with tf and falls with the row's length. A row has a phrase no more
often than it has any token of that phrase, so the weight of a token's list
at a row bounds the factor of every phrase containing the token there, and
a list's weight falls along it: past a list's rows, no row has that token, or
any phrase with it, with a weight above the list's last (store/search.py
ranks queries of several terms from that).

Which terms get a list: every jieba word of more than `threshold` hits; and
the two-character bigram and the one-character prefix query of more than
`threshold` hits whose whole-word form has fewer than `length` (else the
whole-word hits, ranked first, fill the pages and the substring hits are
rarely reached). A list holds `length` rows, or one in `share` of the term's
hits when that is more, so that a filter keeping one paragraph in a few
hundred still fills a page from it.

A term is ranked from its occurrences (fts5vocab's 'instance' table: the row
of each) and every row's length from FTS5's size table, with the arithmetic
of fts5_aux.c's BM25 in the same order on the same doubles, so the scores
and the order are FTS5's own, bit for bit; FTS5's BM25 in SQL took three
times as long, as it reads each row's size with a query of its own. A term
of more occurrences than `at_once` is ranked by FTS5's BM25 in SQL instead,
so that no process holds more than that many at once.
"""
import math
from dataclasses import dataclass

import numpy

from ..text.query import clause, phrase, prefix_phrase
from ..text.segment import BIGRAM, PAIRED
from . import parallel
from .schema import FTS_TABLE, OCCURRENCES_TABLE, TOP_TABLE, Vocabulary, vocabulary


@dataclass(frozen=True)
class Lists:
    threshold: int = 20_000  # hits of a term above which it gets a list (benchmarks: BENCHMARKS.md)
    length: int = 500  # the least rows of a list; at most threshold, so that no list holds every hit
    share: int = 50  # a list holds at least one in share of its term's hits
    at_once: int = 4_000_000  # the most occurrences of a term ranked from its occurrences (32 MB as rowids)


def least(lists: Lists) -> int:
    """The fewest rows of a token the lists look at: the least of the schema.vocabulary they read."""
    return min(lists.threshold, lists.length)


@dataclass(frozen=True)
class Term:
    """A term that gets a list."""
    hits: int  # for a prefix: at most that many
    token: str  # the token, or the character code of a prefix
    prefix: bool
    occurrences: int


def terms(known: Vocabulary, lists: Lists) -> dict:
    """{MATCH expression: Term} of the terms that get a list; known: a schema.vocabulary of at
    most least(lists)."""
    frequent = known.rows
    found = {}
    for token, hits in frequent.items():
        if hits <= lists.threshold:
            continue
        # a bigram of two one-character codes, when its characters are rarely one word
        if BIGRAM not in token or len(token) == 3 and frequent.get(token[:2], 0) < lists.length:
            found[clause(phrase([token]))] = Term(hits, token, False, known.occurrences[token])
    for code, hits in known.characters_over(lists.threshold):
        if code < PAIRED and frequent.get(code, 0) < lists.length:
            found[clause(prefix_phrase(code))] = Term(hits, code, True, known.prefix_occurrences[code])
    return found


# FTS5's BM25 constants (fts5_aux.c).
K1, B = 1.2, 0.75


def idf(rows: int, hits: int) -> float:
    """FTS5's BM25 IDF of a phrase that hits of the index's rows have."""
    value = math.log((rows - hits + 0.5) / (hits + 0.5))
    return value if value > 0 else 1e-6


def factor(tf: float, length: int, average: float) -> float:
    """FTS5's BM25 of a phrase in a row over the phrase's IDF: tf occurrences in a row of length
    tokens, the index's rows being of average length; tf and length may be numpy arrays of rows."""
    return (tf * (K1 + 1.0)) / (tf + K1 * (1 - B + B * length / average))


def varint(data: bytes, at: int = 0) -> tuple:
    """(value, where the next starts) of a varint in SQLite's encoding, as FTS5 writes its sizes."""
    value = 0
    for i in range(at, at + 8):
        value = (value << 7) | (data[i] & 0x7F)
        if data[i] < 0x80:
            return value, i + 1
    return (value << 8) | data[at + 8], at + 9


def averages(conn) -> tuple:
    """(rows, tokens) of the index, as FTS5's BM25 reads them: its averages record."""
    found = conn.execute(f"select block from {FTS_TABLE}_data where id = 1").fetchone()
    if found is None:  # nothing indexed yet
        return 0, 0
    rows, at = varint(found[0])
    return rows, varint(found[0], at)[0]


def lengths(conn) -> numpy.ndarray:
    """Every row's length in tokens as FTS5's BM25 reads it, indexed by rowid: its size record,
    one varint for the one column, in 1 to 8 bytes of 7 bits (so under 2**56 tokens)."""
    top = conn.execute(f"select max(id) from {FTS_TABLE}_docsize").fetchone()[0]
    found = numpy.zeros((top or 0) + 1, numpy.int64)
    cursor = conn.execute(f"select id, sz from {FTS_TABLE}_docsize")
    while batch := cursor.fetchmany(1 << 20):
        ids = numpy.fromiter((row[0] for row in batch), numpy.int64, len(batch))
        widths = numpy.fromiter((len(row[1]) for row in batch), numpy.int64, len(batch))
        data = numpy.frombuffer(b"".join(row[1] for row in batch), numpy.uint8).astype(numpy.int64)
        starts, value = numpy.cumsum(widths) - widths, numpy.zeros(len(batch), numpy.int64)
        for at in range(int(widths.max())):
            longer = widths > at
            value[longer] = (value[longer] << 7) | (data[starts[longer] + at] & 0x7F)
        found[ids] = value
    return found


def _occurrences(conn, term: Term) -> numpy.ndarray:
    """The row of each occurrence of the term's tokens: a token's in order of row."""
    conn.execute(f"create virtual table if not exists {OCCURRENCES_TABLE} "
                 f"using fts5vocab(main, {FTS_TABLE}, 'instance')")
    # Every token character is below U+10FFFF: the tokens starting with a code sort before code + it.
    where, bounds = (("term >= ? and term < ?", [term.token, term.token + "\U0010ffff"]) if term.prefix
                     else ("term = ?", [term.token]))
    found = conn.execute(f"select group_concat(doc) from {OCCURRENCES_TABLE} where {where}", bounds).fetchone()[0]
    return numpy.fromstring(found, numpy.int64, sep=",") if found else numpy.zeros(0, numpy.int64)


def _scored(conn, term: Term, length: int, rows: int, average: float, sizes: numpy.ndarray) -> list:
    """The first `length` (rowid, BM25) of the term in FTS5's order (BM25, then rowid), as
    fts5_aux.c computes them: its tf, its IDF of the rows with the term, its row length."""
    found = _occurrences(conn, term)
    if term.prefix:
        found.sort(kind="stable")  # each token's rows are in order: a merge of runs
    starts = numpy.flatnonzero(numpy.diff(found, prepend=-1))
    ids = found[starts]
    tf = numpy.diff(numpy.append(starts, len(found))).astype(numpy.float64)
    size = sizes[ids].astype(numpy.float64)
    score = -1.0 * (0.0 + idf(rows, len(ids)) * factor(tf, size, average))
    if len(ids) > length:  # the rows tied with the length-th stay in, for the order by id
        keep = numpy.flatnonzero(score <= numpy.partition(score, length - 1)[length - 1])
        ids, score = ids[keep], score[keep]
    order = numpy.lexsort((ids, score))[:length]
    return list(zip(ids[order].tolist(), score[order].tolist()))


def rank(conn, job, shared) -> tuple:
    """(expression, [(id, weight)]) of a term's list: job is (expression, Term, length, whether
    from its occurrences), shared (the index's rows, their average length, lengths() or None)."""
    expression, term, length, from_occurrences = job
    rows, average, sizes = shared
    if from_occurrences:
        scored = _scored(conn, term, length, rows, average, sizes)
    else:
        scored = conn.execute(f"select rowid, bm25({FTS_TABLE}) from {FTS_TABLE} where {FTS_TABLE} match ? "
                              f"order by 2, 1 limit ?", [expression, length]).fetchall()
    # A prefix's hits are at most the sum of its tokens' (and the rows): a smaller IDF, a larger
    # weight, still a bound.
    term_idf = idf(rows, min(term.hits, rows))
    return expression, [(rowid, -score / term_idf) for rowid, score in scored]


def refresh(conn, lists: Lists = Lists(), each=None, known: Vocabulary = None) -> int:
    """Rank every list again (conn: the database being built; each: store.parallel's, to read the
    terms elsewhere; known: the index's Vocabulary, if read already); the number of rows written."""
    conn.execute(f"delete from {TOP_TABLE}")
    written, (rows, tokens) = 0, averages(conn)
    found = terms(known or vocabulary(conn, least(lists)), lists)
    jobs = [(expression, term, max(lists.length, term.hits // lists.share), term.occurrences <= lists.at_once)
            for expression, term in sorted(found.items(), key=lambda item: -item[1].hits)]  # the longest first
    if not jobs:
        return 0
    # Read before the readers are forked, so that they share it.
    shared = (rows, tokens / rows, lengths(conn) if any(job[3] for job in jobs) else None)
    try:
        for expression, scored in (each or parallel.each(conn))(rank, jobs, shared):
            conn.executemany(f"insert into {TOP_TABLE} (phrase, position, id, weight) values (?, ?, ?, ?)",
                             [(expression, position, rowid, weight)
                              for position, (rowid, weight) in enumerate(scored)])
            written += len(scored)
    finally:
        conn.execute(f"drop table if exists {OCCURRENCES_TABLE}")  # made here when each ranks in this process
    return written
