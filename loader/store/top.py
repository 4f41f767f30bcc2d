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

Which terms get a list: every jieba word of more than `threshold` hits; and
the two-character bigram and the one-character prefix query of more than
`threshold` hits whose whole-word form has fewer than `length` (else the
whole-word hits, ranked first, fill the pages and the substring hits are
rarely reached). A list holds `length` rows, or one in `share` of the term's
hits when that is more, so that a filter keeping one paragraph in a few
hundred still fills a page from it.
"""
from dataclasses import dataclass

from ..text.query import clause, phrase, prefix_phrase
from ..text.segment import BIGRAM, PAIRED
from .schema import FTS_TABLE, TOP_TABLE, VOCAB_TABLE, characters_over, vocabulary


@dataclass(frozen=True)
class Lists:
    threshold: int = 20_000  # hits of a term above which it gets a list (benchmarks: BENCHMARKS.md)
    length: int = 500  # the least rows of a list; at most threshold, so that no list holds every hit
    share: int = 50  # a list holds at least one in share of its term's hits


def terms(conn, lists: Lists) -> dict:
    """{MATCH expression: hits (for a prefix: at most that many)} of the terms that get a list."""
    with vocabulary(conn):
        frequent = dict(conn.execute(f"select term, doc from {VOCAB_TABLE} where doc >= ?",
                                     [min(lists.threshold, lists.length)]))
        prefixes = characters_over(conn, lists.threshold)
    found = {}
    for token, hits in frequent.items():
        if hits <= lists.threshold:
            continue
        if BIGRAM not in token:
            found[clause(phrase([token]))] = hits
        elif len(token) == 3 and frequent.get(token[:2], 0) < lists.length:  # a bigram of two one-character codes
            found[clause(phrase([token]))] = hits
    for code, hits in prefixes:
        if code < PAIRED and frequent.get(code, 0) < lists.length:
            found[clause(prefix_phrase(code))] = hits
    return found


def refresh(conn, lists: Lists = Lists()) -> int:
    """Rank every list again (conn: the database being built); the number of rows written."""
    conn.execute(f"delete from {TOP_TABLE}")
    written = 0
    for expression, hits in terms(conn, lists).items():
        ids = conn.execute(f"select rowid from {FTS_TABLE} where {FTS_TABLE} match ? "
                           f"order by bm25({FTS_TABLE}), rowid limit ?",
                           [expression, max(lists.length, hits // lists.share)]).fetchall()
        conn.executemany(f"insert into {TOP_TABLE} (phrase, position, id) values (?, ?, ?)",
                         [(expression, position, rowid) for position, (rowid,) in enumerate(ids)])
        written += len(ids)
    return written
