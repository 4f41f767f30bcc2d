"""Searching the store: the one ranking and the one set of filters, in SQL.

The canned queries of the Datasette plugin, the researcher's pages and
notebooks (loader.ranked) all run this SQL, so a filter or an order means the
same wherever a reader meets it. The SQL functions it calls (zh_match,
zh_words, zh_snippet) are registered by register_functions: on Datasette's
connections by the plugin, on any other by ranked().
"""
import bisect
import collections
import json
import re
import sqlite3
from pathlib import Path

from ..text.query import (QueryError, clause, excluded_terms, match_expression, phrase, recall_phrase, recall_term,
                          snippet, sole_term, words_expression, words_phrase, words_term)
from ..text.normalize import normalize
from ..text.segment import (bigram_tokens, match_chars, substring_occurrences, word_occurrences, word_tokens,
                            words)
from . import fingerprint
from .counts import COUNTED, read
from .schema import (ARTICLES, BUILD_TABLE, COUNTS_TABLE, FTS_TABLE, PARAGRAPHS, TOP_TABLE, has_counts, has_lists,
                     has_weights)
from .top import averages, factor, varint

NO_MATCH = '"\ue003"'  # a token no paragraph has
# Optional filters of every search, as named parameters ('' = no filter). A
# city or province may be given in short (濮阳, 河南) or in full (濮阳市, 河南省);
# dates are YYYY, YYYY-MM or YYYY-MM-DD, and date_to takes in the whole of its period.
FILTERS = ("city", "province", "kind", "date_from", "date_to")
FILTER_SQL = (
    "(:city = '' or p.city in (:city, :city || '市'))\n"
    "  and (:province = '' or p.province = :province or p.province like :province || '%')\n"
    "  and (:kind = '' or p.kind = :kind)\n"
    "  and (:date_from = '' or p.date >= :date_from)\n"
    "  and (:date_to = '' or substr(p.date, 1, length(:date_to)) <= :date_to)"
)


def passes(column: str, value, wanted) -> bool:
    """FILTER_SQL's test of one filter, for counts kept in memory."""
    if column == "city":
        return value in (wanted, wanted + "市")
    if column == "province":
        return value is not None and value.startswith(wanted)
    return value == wanted


def hits_sql(joins: str = "", unless_kept: bool = False) -> str:
    """The from and where clauses of every paragraph p that contains :q and
    passes the filters, for the counts of a search (trend, map, feed); joins
    go after p's. unless_kept: none when the row `kept` (kept_sql) has found
    the counts, so that the hits are not read at all."""
    # kept first, so that its test comes before the index is read.
    kept, unless = ("kept cross join ", "kept.found is null and ") if unless_kept else ("", "")
    return (f"from {kept}{FTS_TABLE} f\njoin {PARAGRAPHS} p on p.id = f.rowid{joins}\n"
            f"where {unless}f.{FTS_TABLE} match zh_match(:q)\n  and {FILTER_SQL}")


# The rows counted() gives, by what they count: the columns of each, in order.
COUNTED_ROWS = {"year": ("year", "paragraphs", "articles"), "place": ("city", "province", "paragraphs")}


def kept_sql(by: str) -> str:
    """A common table expression `kept` of one row, whose column found holds the counted() rows
    by `by` of :q with the filters, or NULL; and `counted`, those rows as columns."""
    columns = ",\n  ".join(f"json_extract(row.value, '$[{i}]') as {name}" for i, name in enumerate(COUNTED_ROWS[by]))
    return (f"kept as (select zh_counted(:q, '{by}', {', '.join(':' + name for name in FILTERS)}) as found),\n"
            f"counted as (select\n  {columns}\n  from kept, json_each(kept.found) row)")


_YEAR = re.compile(r"\d{4}")


def counted(conn, query: str, by: str, *filter_values):
    """zh_counted(q, by, city, province, kind, date_from, date_to): the counts of a search, with
    the filters, from those the build kept (store/counts.py), as a JSON array of rows: by 'year',
    [year, paragraphs, articles]; by 'place', [city, province, paragraphs]. None for any other
    `by`, and where SQL must count the hits: a search with no kept counts, a date finer than a
    year, or a province with LIKE's wildcards in it (which FILTER_SQL's LIKE reads as such)."""
    filters = {name: value for name, value in zip(FILTERS, filter_values) if value}
    dates = [filters.get(name, "0000") for name in ("date_from", "date_to")]
    wildcards = any(c in filters.get("province", "") for c in "%_")
    if by not in COUNTED_ROWS or not all(map(_YEAR.fullmatch, dates)) or wildcards:
        return None
    try:
        counts = read(conn, match_expression(query)) if query.strip() else None
    except QueryError:
        return None  # zh_match raises it again where SQL counts, as every search does
    if counts is None:
        return None
    since, until = filters.pop("date_from", None), filters.pop("date_to", None)
    at_year = COUNTED.index("year")
    tests = [(COUNTED.index(c), c, v) for c, v in filters.items()]

    def passing(values) -> bool:
        year = values[at_year]
        return (not since or year is not None and year >= int(since)) \
            and (not until or year is not None and year <= int(until)) \
            and all(passes(c, values[i], v) for i, c, v in tests)

    grouped = [COUNTED.index(c) for c in COUNTED_ROWS[by] if c in COUNTED]
    paragraphs = collections.Counter()
    for values, n in counts.paragraphs.items():
        if passing(values):
            paragraphs[tuple(values[i] for i in grouped)] += n
    if by == "place":
        return json.dumps([[*key, n] for key, n in paragraphs.items()], ensure_ascii=False)
    articles = counts.articles_by_year(passing)
    return json.dumps([[y, n, articles[y]] for (y,), n in paragraphs.items()])


# No filter given: no paragraph is looked up.
_NO_FILTER = " || ".join(":" + name for name in FILTERS) + " = ''"
# Whether the paragraph {id} passes the filters.
PASSES = f"({_NO_FILTER}\n      or {{id}} in (select p.id from {PARAGRAPHS} p where {FILTER_SQL}))"

# Paragraphs where the query is whole words come first, then those where it is
# part of a longer word; within each, by BM25 (of the word layer for the first,
# of the substring layer for the rest), then by id. Each part is ranked on its
# own and the substring part only runs when the whole-word part cannot fill the
# page (the compound's limit stops before it). A part whose query is one term
# with a list in TOP_TABLE (store/top.py) takes its rows from the list when
# enough of the list's rows pass (the list is that order, so they are the true
# top); else, for one term with no list (a phrase of several tokens), from
# zh_bounded (bounded()) when it can prove them: the list of one of its tokens
# bounds every other hit below its best rows among the list's, or (whole-word
# part) its hits are few enough to read or come in order from the substring
# layer; else BM25 scores every hit of the part. Only the page's rows are joined to their article and get a snippet.
# {limit} and {offset} are SQL expressions.
_LISTED = """select t.position, t.id from {top} t
  where t.phrase = {key}(:q)
    and {passes}
    and ({expression}(:q) = t.phrase
         or exists (select 1 from {fts} where {fts} match {expression}(:q) and rowid = t.id)){also}
  order by t.position
  limit {wanted}"""
# The substring part runs only when the whole-word part has fewer rows than the page needs, so
# then `words` holds every whole-word hit that passes the filters: reading them from it spares a
# second pass over the word layer's phrase, which costs as much as finding the hits.
_NOT_WORD_HIT = "\n    and t.id not in (select id from words)"
_WANTED = "{limit} + {offset}"
_SUBSTRINGS_WANTED = "{limit} + {offset} - (select count(*) from words)"
_FILTER_ARGUMENTS = ", ".join(":" + name for name in FILTERS)


# PASSES for a list's rows, looked up one by one: a list is short, the paragraphs that pass may not be.
_ROW_PASSES = f"({_NO_FILTER}\n         or exists (select 1 from {PARAGRAPHS} p where p.id = {{id}} and {FILTER_SQL}))"


def _listed(key, expression, wanted, also=""):
    return _LISTED.format(top=TOP_TABLE, fts=FTS_TABLE, key=key, expression=expression, wanted=wanted, also=also,
                          passes=_ROW_PASSES.format(id="t.id"))


def _unless_listed(part, expression, wanted):
    """The part's MATCH expression, or one that matches nothing when its list or bounded() gave the
    rows: in the MATCH itself, as a WHERE term beside it let SQLite build the filters' list of ids first."""
    return (f"case when (select count(*) from {part}_listed) < {wanted} and (select found from {part}_found) is null"
            f" then {expression}(:q) else '{NO_MATCH}' end")


def _found(part, wanted):
    """bounded()'s answer for a part (NULL: it has none), asked only when its list has too few; the
    substring part's excludes the whole-word hits."""
    excluded = "(select json_group_array(id) from words)" if part == "substrings" else "'[]'"
    return (f"select case when (select count(*) from {part}_listed) < {wanted} "
            f"then zh_bounded(:q, '{part}', {wanted}, {excluded}, {_FILTER_ARGUMENTS}) end as found")


# An archive built before the lists has no TOP_TABLE: its parts score every hit.
_NO_LIST = "select null as position, null as id limit 0"
_NOT_FOUND = "select null as found"


def _parts(lists: bool) -> str:
    words_listed = _listed("zh_words_term", "zh_words", _WANTED) if lists else _NO_LIST
    substrings_listed = (_listed("zh_match_term", "zh_match", _SUBSTRINGS_WANTED, also=_NOT_WORD_HIT)
                         if lists else _NO_LIST)
    words_found = _found("words", _WANTED) if lists else _NOT_FOUND
    substrings_found = _found("substrings", _SUBSTRINGS_WANTED) if lists else _NOT_FOUND
    return f"""words_listed as (
  {words_listed}
),
words_found as materialized (
  {words_found}
),
words_bounded as (
  select key as position, value as id from words_found, json_each(words_found.found, '$.ids')
),
words as materialized (
  select id, 0 as substring, position as score from words_listed
  where (select count(*) from words_listed) = {_WANTED}
  union all
  select id, 0, position from words_bounded
  union all
  select * from (
    select w.rowid, 0, w.score
    from (select rowid, bm25({FTS_TABLE}) as score
          from {FTS_TABLE} where {FTS_TABLE} match {_unless_listed("words", "zh_words", _WANTED)}) w
    where {PASSES.format(id="w.rowid")}
    order by w.score, w.rowid
    limit {_WANTED}
  )
),
substrings_listed as (
  {substrings_listed}
),
substrings_found as materialized (
  {substrings_found}
),
substrings_bounded as (
  select key as position, value as id from substrings_found, json_each(substrings_found.found, '$.ids')
),
substrings as (
  select id, 1, position from substrings_listed
  where (select count(*) from substrings_listed) = {_SUBSTRINGS_WANTED}
  union all
  select id, 1, position from substrings_bounded
  union all
  select * from (
    select h.rowid, 1, h.score
    from (select rowid, bm25({FTS_TABLE}) as score
          from {FTS_TABLE}
          where {FTS_TABLE} match {_unless_listed("substrings", "zh_match", _SUBSTRINGS_WANTED)}) h
    where {PASSES.format(id="h.rowid")}
      and h.rowid not in (select id from words)
    order by h.score, h.rowid
    limit {_WANTED}
  )
)"""


def _size_of(rowid: str) -> str:
    """SQL of the size record (the length in tokens, a varint: top.varint) of the row `rowid`."""
    return f"(select sz from {FTS_TABLE}_docsize where id = {rowid})"


# The rows of a list that pass the filters, in its order: their weight, text and size record. Whether a row is a hit is found from its text: FTS5 takes up to 25 ms to look
# one row up in a phrase of frequent words at ten million paragraphs.
_LIST_ROWS = f"""select t.id, t.weight, p.text, {_size_of("t.id")}
from {TOP_TABLE} t join {PARAGRAPHS} p on p.id = t.id
where t.phrase = :list
  and {_ROW_PASSES.format(id="t.id")}
order by t.position"""
# A part's hits among the rows of a list that pass, best first, each with its size record; the
# substring part's leave out the whole-word hits.
_CANDIDATES = f"""select rowid, bm25({FTS_TABLE}), {_size_of(FTS_TABLE + ".rowid")}
from {FTS_TABLE}
where {FTS_TABLE} match :expression
  and +rowid in (select id from {TOP_TABLE} where phrase = :list)
  and {_ROW_PASSES.format(id=FTS_TABLE + ".rowid")}
  and rowid not in (select value from json_each(:excluded))
order by 2, 1"""
_LIST_PASSING = f"select count(*) from {TOP_TABLE} t where phrase = :list and {_ROW_PASSES.format(id='t.id')}"
# The rows _list_bound reads before it lets FTS5 rank, and of them the rows with the term whose
# occurrences it counts (cutting their words), besides 4 for each row wanted.
READ_LISTED, COUNTED_LISTED = 2000, 500
# The hits of a part for which bounded() walks lists or the substring layer's order: FTS5 scores
# fewer about as fast (top.Lists' threshold).
MANY = 20_000
# The whole-word hits of a term bounded() reads and orders itself.
READ_WHOLE = 500
# How much denser than its whole-word hits a term's substring hits may be, where
# _in_substring_order takes them in order: the substring layer's BM25 reads every substring hit.
DENSER = 1.5
# The first `most` hits of an expression that pass, by id.
_HITS = f"""select rowid from {FTS_TABLE}
where {FTS_TABLE} match :expression
  and {_ROW_PASSES.format(id=FTS_TABLE + ".rowid")}
limit :most"""
_TEXTS = f"""select p.id, p.text, {_size_of("p.id")}
from {PARAGRAPHS} p where p.id in (select value from json_each(:ids))"""
# The first `most` hits of the substring layer's phrase that pass, as the substring part orders them.
_SUBSTRING_ORDER = f"""select h.rowid, p.text, {_size_of("h.rowid")}
from (select rowid, bm25({FTS_TABLE}) as score from {FTS_TABLE}
      where {FTS_TABLE} match :expression
        and {_ROW_PASSES.format(id=FTS_TABLE + ".rowid")}
      order by score, rowid
      limit :most) h
join {PARAGRAPHS} p on p.id = h.rowid
order by h.score, h.rowid"""


def _many_hits(conn, chars) -> bool:
    """Whether the term has its hits counted by the build (store/counts.py: more than its
    threshold): too many to score them all as fast as the lists are walked."""
    return has_counts(conn) and conn.execute(f"select 1 from {COUNTS_TABLE} where phrase = ?",
                                             [clause(recall_phrase(chars))]).fetchone() is not None


def bounded(conn, query: str, part: str, wanted: int, excluded: str, *filter_values):
    """The first `wanted` rows of a part ('words' or 'substrings') of the ranked search of one
    term with no list of its own (a phrase of several tokens, or a term with excluded terms of
    one character), without FTS5's BM25 scoring every hit: a JSON object of their ids, best
    first ("ids"), and how they were found ("by"): "read" (_read: the whole-word hits are few),
    "bound" (_list_bound) or "substring order" (_in_substring_order); None when none of them
    can prove the rows, and the part scores every hit. excluded: a JSON array of ids that are
    not the part's hits (for the substring part, the whole-word hits).

    Within one term's part every hit has the same IDF, so the order is by its factor alone
    (store/top.py), found here from each row's text (text.segment.word_occurrences, which cuts it
    as the index did where the archive's fingerprint holds this loader's segmenter) and its length."""
    chars = sole_term(query)
    if chars is None or wanted < 1:
        return None
    if not fingerprint.cuts_as_now(dict(conn.execute(f"select key, value from {BUILD_TABLE}"))):
        return None  # its paragraphs would be cut otherwise than its index was: FTS5 ranks them
    named = {**dict(zip(FILTERS, (str(v or "") for v in filter_values))), "q": query, "excluded": excluded}
    rows, tokens_in_all = averages(conn)
    if not rows:
        return None
    average, found, hits = tokens_in_all / rows, None, []
    if part == "words" and len(word_tokens(chars)) > 1:  # a word's own hits are as fast scored
        hits = _first_hits(conn, named, words_expression(query), READ_WHOLE + 1)
        if len(hits) <= READ_WHOLE:
            found = _read(conn, chars, hits, wanted, average)
    if part == "words":
        many = _many_hits(conn, chars) or _more_than(MANY, hits, rows)
    else:  # a character's tf on the substring layer counts the tokens it starts, not it
        many = len(chars) > 1 and (_many_hits(conn, chars) or _more_than(
            MANY, _first_hits(conn, named, match_expression(query), READ_WHOLE + 1), rows))
    if found is None and many:
        found = _list_bound(conn, query, chars, part, wanted, named, average)
    if found is None and many and len(hits) > READ_WHOLE:
        found = _in_substring_order(conn, query, chars, wanted, named, average, hits)
    return None if found is None else json.dumps(dict(zip(("by", "ids"), found)))


def _first_hits(conn, named, expression, most) -> list:
    """The ids of the first `most` hits of an expression that pass the filters, in order."""
    return [rowid for rowid, in conn.execute(_HITS, {**named, "expression": expression, "most": most})]


def _more_than(many, first, rows) -> bool:
    """Whether a part whose first hits (ids in order, READ_WHOLE + 1 of them if it has more) are
    `first` has more than `many` hits, by how many rows they span of the index's."""
    return len(first) > READ_WHOLE and len(first) * rows / max(first[-1], 1) > many


def _read(conn, chars, hits, wanted, average):
    """("read", the ids) of the first `wanted` of a term's whole-word hits, all of them read and
    ordered."""
    found = []
    for rowid, text, size in conn.execute(_TEXTS, {"ids": json.dumps(hits)}):
        as_words = word_occurrences(normalize(text), chars)
        if not as_words:
            return None  # not the index's segmentation: let FTS5 rank
        found.append((-factor(as_words, varint(size)[0], average), rowid))
    return "read", [rowid for _, rowid in sorted(found)[:wanted]]


def _list_bound(conn, query, chars, part, wanted, named, average):
    """("bound", the ids) or None. The list of a token found wherever the term is bounds the
    term's factor: its substring's, its bigrams', its characters', and on the word layer its
    words' too (where the term is whole words it is also a substring, in a row of the same
    length). Each row's weight in it bounds the term's factor in that row, and its last weight
    every row's outside it. So the lists are walked in order, that whose weight ends lowest
    first; once `wanted` hits rank before the row just read and beat the list's last weight, no
    hit not read can rank among them. A walk that reads too many rows hands a term whose hits
    the build counted to _hits_in_list."""
    if not has_weights(conn):
        return None
    on_words = part == "words"
    words_cut = word_tokens(chars) if on_words else []
    keys = {clause(recall_phrase(chars))} | {clause(recall_phrase(char)) for char in chars} | {
        clause(phrase([token])) for token in [*(bigram_tokens(chars) if len(chars) > 1 else []), *words_cut]}
    if on_words:
        keys.add(clause(words_phrase(chars)))
    last = dict(conn.execute(f"select phrase, min(weight) from {TOP_TABLE} "
                             f"where phrase in (select value from json_each(?)) group by phrase",
                             [json.dumps(sorted(keys))]))
    if (words_term if on_words else recall_term)(query) in last:
        return None  # the term's own list gave the rows if any could
    if any(clause(phrase([token])) not in last for token in words_cut):
        return None  # a word with no list has few hits (top.Lists), and so has its phrase: as fast scored
    # A list that ends above what a row with the term once can reach proves only rows with it twice or more.
    keys = sorted((key for key in last if last[key] < factor(1, 1, average)), key=last.get)
    excluded, excluding = set(json.loads(named["excluded"])), excluded_terms(query)
    read, counted = 0, 0
    for key in keys:
        found = []
        for rowid, weight, text, size in conn.execute(_LIST_ROWS, {**named, "list": key}):
            read += 1
            if read > READ_LISTED or counted > COUNTED_LISTED + 4 * wanted:
                return _hits_in_list(conn, query, on_words, wanted, named, average, keys[0], last[keys[0]]) \
                    if _many_hits(conn, chars) else None
            normalized = normalize(text)
            stripped = match_chars(normalized)  # what the recall layer finds a term in
            # Most rows of a token's list have not the term: a test of the characters, before cutting words.
            if chars not in stripped or rowid in excluded or any(term in stripped for term in excluding):
                continue
            counted += 1
            occurring = (word_occurrences if on_words else substring_occurrences)(normalized, chars)
            if not occurring:
                continue
            bisect.insort(found, (-factor(occurring, varint(size)[0], average), rowid))
            page_last = found[wanted - 1] if len(found) >= wanted else None
            if page_last is not None and _before(page_last, weight, rowid) and _above(page_last, last[key]):
                return "bound", [rowid for _, rowid in found[:wanted]]
        if len(found) >= wanted and _above(found[wanted - 1], last[key]):
            return "bound", [rowid for _, rowid in found[:wanted]]
    return None


def _hits_in_list(conn, query, on_words, wanted, named, average, key, last_weight):
    """_list_bound's answer from every hit among one list's rows, scored by FTS5's BM25, for a
    term whose hits the walk cannot pass over: when the page's last of them scores better than
    IDF × the list's last weight, no other hit can rank among them. The IDF is at most a hit's
    BM25 over its factor with one occurrence (its tf is at least 1), and equal to it for a hit
    with one: the smallest such quotient over the hits scored stands for it. FTS5 reads every hit
    of the phrase once to find those among the list's rows."""
    named = {**named, "list": key, "expression": (words_expression if on_words else match_expression)(query)}
    if conn.execute(_LIST_PASSING, named).fetchone()[0] < wanted:
        return None  # too few of the list's rows pass the filters: no need to read the hits
    scored = conn.execute(_CANDIDATES, named).fetchall()
    if len(scored) < wanted:
        return None
    term_idf = min(-score / factor(1, varint(size)[0], average) for _, score, size in scored)
    if -scored[wanted - 1][1] <= term_idf * last_weight * (1 + _ROUNDING):
        return None
    return "bound", [rowid for rowid, _, _ in scored[:wanted]]


# A list's weights are BM25 over IDF, which may round a factor by a step either way: a factor within
# this share of a weight may equal it.
_ROUNDING = 1e-9


def _above(hit, weight) -> bool:
    """Whether a hit (-factor, id) has a factor above a weight's."""
    return -hit[0] > weight * (1 + _ROUNDING)


def _before(hit, weight, rowid) -> bool:
    """Whether a hit (-factor, id) ranks before every row of a list past its row (weight, rowid):
    above its weight, or equal to it and of a smaller id (the list orders rows alike by id)."""
    return _above(hit, weight) or -hit[0] >= weight * (1 - _ROUNDING) and hit[1] <= rowid


def _in_substring_order(conn, query, chars, wanted, named, average, hits):
    """("substring order", the ids) of the whole-word part of a term that jieba cuts into several
    words, one of them of one character (，的 为: the index's longest postings, which FTS5 walks
    twice to rank the phrase), from the substring layer, whose phrase of the same characters is
    far shorter to walk; hits: its first whole-word hits. Only where the term's substring hits
    are mostly whole words: else reading them costs more. The substring hits come in FTS5's
    order, by their substring factor; a row's whole-word factor is at most that (its whole words
    are substrings too, of the same row), so once `wanted` whole-word hits rank before the last
    substring hit read, no hit not read can rank among them."""
    cut = words(chars)
    if len(cut) < 2 or all(len(word) > 1 for word in cut):
        return None
    named = {**named, "expression": match_expression(query)}
    # The first substring hits span less of the ids than as many whole-word hits by how much denser they are.
    substring_hits = _first_hits(conn, named, named["expression"], len(hits))
    if len(substring_hits) < len(hits) or hits[-1] > DENSER * substring_hits[-1]:
        return None
    most = 4 * wanted + 20
    found, read, last = [], 0, None
    for rowid, text, size in conn.execute(_SUBSTRING_ORDER, {**named, "most": most}):
        length, normalized = varint(size)[0], normalize(text)
        as_words, as_substring = word_occurrences(normalized, chars), substring_occurrences(normalized, chars)
        key = (-factor(as_substring, length, average), rowid)
        if not as_substring or (last is not None and key <= last):
            return None  # not FTS5's order by this factor: let FTS5 rank
        if as_words:
            found.append((-factor(as_words, length, average), rowid))
        read, last = read + 1, key
    found.sort()
    if read < most or len(found) >= wanted and found[wanted - 1] <= last:
        return "substring order", [rowid for _, rowid in found[:wanted]]
    return None


def ranked_sql(lists: bool = True) -> str:
    """The ranked search; lists=False for an archive without TOP_TABLE."""
    return f"""with {_parts(lists)},
page as (
  select * from words
  union all
  select * from substrings
  limit {{limit}} offset {{offset}}
)
select
  p.id, zh_snippet(p.text, :q) as snippet, a.title, p.city, p.province, p.date, p.kind,
  p.article_id, p.seq,
  case when page.substring then 'substring' else 'word' end as match
from page
join {PARAGRAPHS} p on p.id = page.id
join {ARTICLES} a on a.id = p.article_id
order by page.substring, page.score, page.id"""


RANKED_SQL = ranked_sql()


def _lists_sql(lists: bool) -> str:
    """Where each part's first rows come from: 'list', 'bound' or 'every hit'; NULL for the
    substring part when the whole-word part fills the page."""
    def source(part, wanted):
        return (f"case when (select count(*) from {part}_listed) = {wanted} then 'list' "
                f"else coalesce((select json_extract(found, '$.by') from {part}_found), 'every hit') end")
    return f"""with {_parts(lists)}
select {source("words", _WANTED)} as words,
       case when (select count(*) from words) < {_WANTED}
            then {source("substrings", _SUBSTRINGS_WANTED)} end as substrings"""


def or_null(fn):
    """SQL functions return NULL for NULL input instead of raising."""
    def wrapper(*args):
        if args[0] is None:
            return None
        return fn(*args)
    return wrapper


def _match(query: str) -> str:
    """An empty query matches nothing (a canned query page before the user types)."""
    return match_expression(query) if query.strip() else NO_MATCH


def _words(query: str) -> str:
    return words_expression(query) if query.strip() else NO_MATCH


_FUNCTIONS = {"zh_match": (1, _match), "zh_words": (1, _words), "zh_snippet": (2, snippet),
              "zh_match_term": (1, recall_term), "zh_words_term": (1, words_term)}


def function(name):
    """The Python function behind one of the search SQL's functions."""
    return or_null(_FUNCTIONS[name][1])


def register_functions(conn: sqlite3.Connection):
    """The SQL functions the search SQL calls; zh_snippet takes an optional size. zh_bounded
    reads conn's lists and index, zh_counted its kept counts."""
    for name, (arguments, fn) in _FUNCTIONS.items():
        conn.create_function(name, arguments, or_null(fn), deterministic=True)
    conn.create_function("zh_snippet", 3, or_null(snippet), deterministic=True)
    conn.create_function("zh_bounded", 4 + len(FILTERS), or_null(lambda *args: bounded(conn, *args)))
    conn.create_function("zh_counted", 2 + len(FILTERS), or_null(lambda *args: counted(conn, *args)))


def parameters(query: str, **filters) -> dict:
    """The named parameters of the search SQL; TypeError for a filter it does not have."""
    unknown = set(filters) - set(FILTERS)
    if unknown:
        raise TypeError(f"unknown filter {', '.join(sorted(unknown))}: the filters are {', '.join(FILTERS)}")
    return {"q": query, **{name: str(filters.get(name) or "") for name in FILTERS}}


def ranked(db, query: str, limit: int = 20, offset: int = 0, **filters) -> list:
    """Paragraphs that contain query, in the order the results page shows
    them: a dict per paragraph (id, snippet, title, city, province, date,
    kind, article_id, seq, match). db is a path or an open sqlite3
    connection; filters are city, province, kind, date_from and date_to.
    Raises text.query.QueryError for a query that cannot mean anything.

    Example: ranked("news.db", "公安 -派出所", limit=5, city="濮阳")
    """
    return _run(db, ranked_sql, query, limit, offset, filters)


def lists_used(db, query: str, limit: int = 20, offset: int = 0, **filters) -> dict:
    """Where ranked() with the same arguments takes each part's rows from:
    {"words": "list" (its term's list), "bound", "read" or "substring order"
    (bounded() and how it found them) or "every hit" (scoring every hit),
    "substrings": the same, or None when the whole-word hits fill the page}."""
    (row,) = _run(db, _lists_sql, query, limit, offset, filters)
    return row


def _run(db, sql_for, query, limit, offset, filters) -> list:
    """Rows of sql_for(whether the archive has lists) for query and filters."""
    match_expression(query)  # a QueryError before any SQL runs
    conn = db if isinstance(db, sqlite3.Connection) else sqlite3.connect(f"file:{Path(db)}?mode=ro", uri=True)
    try:
        try:
            conn.execute("select zh_match('')")
        except sqlite3.OperationalError:  # no such function: not a connection Datasette prepared
            register_functions(conn)
        cursor = conn.execute(sql_for(has_lists(conn)).format(limit=":limit", offset=":offset"),
                              {**parameters(query, **filters), "limit": limit, "offset": offset})
        columns = [d[0] for d in cursor.description]
        return [dict(zip(columns, row)) for row in cursor]
    finally:
        if conn is not db:
            conn.close()
