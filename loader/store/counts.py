"""The counts of every frequent search term's hits, kept in the database.

The researcher's pages count a search's hits by province, city, year and
kind, and its articles by year. A term in most paragraphs has hundreds of
thousands of hits, and reading their ids takes longer than the page may:
for a one-character term FTS5 merges the doclists of every token that
starts with the character (for ， 0.8 s at a million paragraphs), and
counting the ids in Python costs as much again. The build therefore counts
every term of more than `threshold` hits once, as the pages count it, and
keeps those counts in COUNTS_TABLE, keyed by the term's MATCH expression
(text.query.match_expression of a query of that term alone). A page of such
a term, with or without filters, reads one row and no ids. Articles are
counted by their year and the values of their paragraphs with a hit, so
that a filter keeps exactly the articles with a hit that passes it.

Which terms: every character, and every string of two to `longest`
characters, of more than `threshold` hits. A string can only have that many
hits if the strings it contains have too, so each length is found from the
one before: the strings of n characters that qualify, each followed by a
character whose bigram with its last qualifies and so that the last n characters
qualify too. Where those are many, the strings of three characters are first
bounded by one pass over the text (_Trigrams), and only those that may qualify
are read. The counts depend on every
row, so every build counts every term again.
"""
import array
import collections
import functools
import json
import zlib
from dataclasses import dataclass

import numpy

from ..text.query import clause, phrase, prefix_phrase
from ..text.segment import BIGRAM, PAIRED, code_bigrams, match_codes
from . import parallel
from .schema import ARTICLES, COUNTS_TABLE, FACETED, FTS_TABLE, PARAGRAPHS, Vocabulary, has_counts, vocabulary
from .values import Values

# The columns the pages count hits by, in the order of the keys of their counts.
COUNTED = ("province", "city", "year", "kind")
KEY_LIMIT = 2**63  # the keys that group articles alike are 64-bit integers


@dataclass(frozen=True)
class Counted:
    threshold: int = 100_000  # hits of a term above which the build keeps its counts (BENCHMARKS.md)
    longest: int = 8  # characters of the longest string whose counts are kept
    # strings of three characters to read, from which their hits are first bounded by one pass
    # over the text (_Trigrams; BENCHMARKS.md)
    bounded_from: int = 10_000


def _code_point(char: str) -> int:
    code = match_codes(char)
    return ord(code) if code else -1  # whitespace: no code, substring matching skips it


@functools.lru_cache(maxsize=1)
def _plane_codes() -> numpy.ndarray:
    """The code point of match_codes of every character of the Basic Multilingual Plane, by its own."""
    return numpy.array([_code_point(chr(point)) for point in range(0x10000)], dtype=numpy.int64)


def _match_code_points(text: str) -> numpy.ndarray:
    """The code points of match_codes(text), looked up a character at a time in numpy: match_codes
    maps each character to one code or none."""
    points = numpy.frombuffer(text.encode("utf-32-le"), dtype=numpy.uint32)
    codes = _plane_codes()[numpy.minimum(points, 0xFFFF)]
    beyond = points > 0xFFFF
    if beyond.any():
        distinct, which = numpy.unique(points[beyond], return_inverse=True)
        codes[beyond] = numpy.array([_code_point(chr(point)) for point in distinct], dtype=numpy.int64)[which]
    return codes[codes >= 0]


class _Trigrams:
    """An upper bound of the paragraphs that contain each string of three characters, from one
    pass over every paragraph's text: a count-min sketch of one row. Each paragraph adds one to the
    bucket of each distinct string of three of its match_codes; a string's bucket holds its own
    paragraphs and those of the strings that share the bucket, never fewer. Reading every
    candidate string's phrase in FTS5 instead takes milliseconds each, for tens of thousands of
    strings of which a few percent qualify."""

    BITS = 22  # 2**22 buckets, 16 MB of counts
    IDS_READ = 200_000  # paragraph ids a process reads and counts as one item
    ROWS_AT_ONCE = 20_000  # paragraphs whose strings are sorted at once: a process's peak, about 110 MB
    _MIX = numpy.array([0x9E3779B97F4A7C15], dtype=numpy.uint64)  # Fibonacci hashing's multiplier
    _SEPARATOR = "\0"  # between paragraphs: a character of its own code, not whitespace
    _SEPARATOR_CODE = ord(match_codes(_SEPARATOR))

    def __init__(self, conn, each):
        first, last = conn.execute(f"select min(id), max(id) from {PARAGRAPHS}").fetchone()
        spans = [(start, start + self.IDS_READ - 1) for start in range(first or 0, (last or -1) + 1, self.IDS_READ)]
        self.paragraphs = numpy.zeros(1 << self.BITS, dtype=numpy.uint32)
        _plane_codes()  # made once, before the processes that count are forked
        for counted in each(_Trigrams.count, spans):
            self.paragraphs += counted

    @classmethod
    def buckets(cls, first, second, third) -> numpy.ndarray:
        """The bucket of each string of three code points (int64 arrays of its first, second and third)."""
        key = (first << 42) | (second << 21) | third  # a code point has 21 bits
        return ((key.view(numpy.uint64) * cls._MIX) >> numpy.uint64(64 - cls.BITS)).view(numpy.int64)

    @classmethod
    def count(cls, conn, span, _=None) -> numpy.ndarray:
        """For each bucket, the paragraphs with ids in span (first, last) that have a string in it."""
        counted = numpy.zeros(1 << cls.BITS, dtype=numpy.uint32)
        rows = conn.execute(f"select text from {PARAGRAPHS} where id between ? and ?", span)
        while texts := [text for (text,) in rows.fetchmany(cls.ROWS_AT_ONCE)]:
            # One string of them all: text that has the separator in it is cut into more
            # paragraphs, which only adds to its buckets.
            chars = _match_code_points(cls._SEPARATOR.join(texts))
            row = numpy.cumsum(chars == cls._SEPARATOR_CODE)
            inside = row[:-2] == row[2:]  # the three characters are of one paragraph
            pairs = (row[:-2] << cls.BITS) | cls.buckets(chars[:-2], chars[1:-1], chars[2:])
            pairs = pairs[inside]
            pairs.sort()
            pairs = pairs[numpy.diff(pairs, prepend=-1) != 0]  # each bucket once a paragraph
            numpy.add(counted, numpy.bincount(pairs & ((1 << cls.BITS) - 1), minlength=1 << cls.BITS), out=counted,
                      casting="unsafe")
        return counted

    def at_most(self, strings: list) -> numpy.ndarray:
        """The bound of the paragraphs of each string of three one-character codes."""
        chars = numpy.array([list(map(ord, string)) for string in strings], dtype=numpy.int64).reshape(-1, 3)
        return self.paragraphs[self.buckets(*chars.T)]


@dataclass
class Counts:
    """A search's hits, all of them, counted."""
    paragraphs: collections.Counter  # {(province, city, year, kind): hits}
    # {(year of the article, frozenset of the (province, city, year, kind) of its hits): articles};
    # None where the pages count the articles from the ids
    articles: collections.Counter = None

    def articles_by_year(self, selected) -> collections.Counter:
        """{year: articles with a hit whose values pass selected(values)}."""
        by_year = collections.Counter()
        for (year, combinations), n in self.articles.items():
            if any(map(selected, combinations)):
                by_year[year] += n
        return by_year


class Articles:
    """The article of every paragraph id and the year of every article, for
    counting articles with a hit without looking each hit up."""

    def __init__(self, conn, of: array.array):
        self.of = of  # store.values.Values.articles
        self.year = dict(conn.execute(f"select id, year from {ARTICLES}"))

    def by_year(self, ids) -> collections.Counter:
        """{year: articles} of the articles of the paragraphs ids."""
        return collections.Counter(map(self.year.get, set(map(self.of.__getitem__, ids))))


def ids(conn, expression) -> list:
    """The ids of every paragraph expression matches, in id order."""
    return json.loads(_id_list(conn, expression))


def _id_list(conn, expression) -> str:
    # One JSON array: handing Python a million rows one by one takes longer than the search.
    (found,) = conn.execute(f"select json_group_array(rowid) from {FTS_TABLE} where {FTS_TABLE} match ?",
                            [expression]).fetchone()
    return found


def read(conn, expression: str):
    """The Counts kept for expression, or None: a term below the threshold, or an archive built
    without COUNTS_TABLE, whose pages count the ids."""
    if not has_counts(conn):
        return None
    row = conn.execute(f"select counts from {COUNTS_TABLE} where phrase = ?", [expression]).fetchone()
    if row is None:
        return None
    kept = json.loads(zlib.decompress(row[0]))
    combinations = [tuple(entry[:-1]) for entry in kept["paragraphs"]]
    return Counts(collections.Counter(dict(zip(combinations, (entry[-1] for entry in kept["paragraphs"])))),
                  collections.Counter({(year, frozenset(combinations[i] for i in found)): n
                                       for year, n, found in kept["articles"]}))


def _encoded(counts: Counts) -> bytes:
    # Sorted, so that the rows of a province and city sit together and compress; the values of an
    # article's hits are given by their positions in that order.
    paragraphs = sorted(counts.paragraphs.items(), key=lambda item: json.dumps(item[0], ensure_ascii=False))
    position = {values: i for i, (values, _) in enumerate(paragraphs)}
    articles = sorted(([year, n, sorted(map(position.__getitem__, found))]
                       for (year, found), n in counts.articles.items()), key=json.dumps)
    kept = {"paragraphs": [[*values, n] for values, n in paragraphs], "articles": articles}
    return zlib.compress(json.dumps(kept, ensure_ascii=False, separators=(",", ":")).encode(), 9)


class _Values:
    """The COUNTED values of every paragraph as one number per id, and the article and the year of
    every article, as arrays: a term's hits are counted by indexing them with its ids, a few passes
    in numpy instead of a Python step per hit (at ten million paragraphs, thousands of terms of a
    hundred thousand hits and more)."""

    def __init__(self, values: Values, articles: Articles):
        numbers = {}
        positions = [FACETED.index(column) for column in COUNTED]
        number_of_key = [0] + [numbers.setdefault(tuple(combination[p] for p in positions), len(numbers) + 1)
                               for combination in values.combinations[1:]]  # combination 0: no paragraph
        number_of_key = numpy.array(number_of_key, dtype=numpy.uint32)
        self.of = number_of_key[numpy.asarray(values.keys)]  # 0: no paragraph
        self.values = [None, *numbers]  # the COUNTED values of each number
        self.article = numpy.asarray(values.articles)
        years = {None: 0}  # 0: an article without a year, or without a row
        self.year_of = numpy.zeros(int(self.article.max(initial=0)) + 1, dtype=numpy.int64)
        for article, year in articles.year.items():
            if article < len(self.year_of):
                self.year_of[article] = years.setdefault(year, len(years))
        self.years = list(years)

    def count(self, found: numpy.ndarray) -> Counts:
        numbers = self.of[found]
        per_number = numpy.bincount(numbers, minlength=len(self.values))
        paragraphs = collections.Counter({self.values[number]: int(per_number[number])
                                          for number in numpy.flatnonzero(per_number[1:]) + 1})
        # The numbers of each article's hits: (article, number) pairs, sorted, so each article's together.
        width = len(self.values)
        pairs = self.article[found].astype(numpy.int64) * width + numbers
        pairs.sort(kind="stable")  # a merge sort: the ids of an article follow each other, nearly in order
        pairs = pairs[numpy.diff(pairs, prepend=-1).astype(bool) & (pairs % width != 0)]
        article, number = numpy.divmod(pairs, width)
        first = numpy.flatnonzero(numpy.diff(article, prepend=-1))
        length = numpy.diff(first, append=len(pairs))
        longest = int(length.max(initial=0))
        # Articles alike have the same year and the same numbers: grouped by the year and how many
        # numbers, then by each number in turn, in one key, numbered again only when the next number
        # would not fit (most articles have a hit or two: most terms then take one sort).
        group = self.year_of[article[first]] * (longest + 1) + length
        span = (int(self.year_of.max(initial=0)) + 1) * (longest + 1)  # every key is below it
        for i in range(longest):
            if span * width > KEY_LIMIT:
                group = _numbered(group)
                span = len(group)
            ith = number[numpy.minimum(first + i, len(number) - 1)]
            group = group * width + numpy.where(length > i, ith, 0)
            span *= width
        _, one, alike = numpy.unique(group, return_index=True, return_counts=True)
        start, end = first[one], first[one] + length[one]
        return Counts(paragraphs, collections.Counter({
            (self.years[self.year_of[article[a]]], frozenset(map(self.values.__getitem__, number[a:b]))): int(n)
            for a, b, n in zip(start, end, alike)}))


def _numbered(keys: numpy.ndarray) -> numpy.ndarray:
    """Each key's number among the distinct keys."""
    return numpy.unique(keys, return_inverse=True)[1]


def _count(conn, term, values: _Values) -> tuple:
    """(term, its Counts encoded, or None when it has too few hits) of term: (codes, MATCH
    expression, threshold)."""
    _, expression, threshold = term
    found = numpy.fromstring(_id_list(conn, expression)[1:-1], dtype=numpy.int64, sep=",")
    return term, (_encoded(values.count(found)) if len(found) > threshold else None)


def refresh(conn, values: Values, counted: Counted = Counted(), each=None, known: Vocabulary = None,
            report=lambda characters, made, read, kept: None) -> int:
    """Count every frequent term again (conn: the database being built, values: store.values.refresh's;
    each: store.parallel's, to read the terms elsewhere; known: the index's Vocabulary, if read
    already; report: called as each length is done, with the strings of that many characters
    made from the length before, those read and those kept); the number of terms kept. Every term
    that qualifies: each length is read after the one before."""
    conn.execute(f"delete from {COUNTS_TABLE}")
    values = _Values(values, Articles(conn, values.articles))
    each = each or parallel.each(conn)
    known = known or vocabulary(conn, counted.threshold)
    characters = [code for code, _ in known.characters_over(counted.threshold) if code < PAIRED]
    bigrams = [token[:2] for token, rows in known.rows.items()
               if rows > counted.threshold and len(token) == 3 and token[2] == BIGRAM]
    kept = 0

    def keep(terms) -> list:
        nonlocal kept
        qualified = []
        for (codes, expression, _), encoded in each(_count, terms, values):
            if encoded is not None:
                conn.execute(f"insert into {COUNTS_TABLE} (phrase, counts) values (?, ?)", [expression, encoded])
                qualified.append(codes)
                kept += 1
        return sorted(qualified)

    report(1, len(characters), len(characters),
           len(keep([(code, clause(prefix_phrase(code)), counted.threshold) for code in characters])))
    strings = [codes for codes in bigrams if max(codes) < PAIRED]
    following = collections.defaultdict(list)
    for codes in strings:
        following[codes[0]].append(codes[1])
    while strings and (length := len(strings[0])) <= counted.longest:
        made = len(strings)
        if length == 3 and made >= counted.bounded_from:
            strings = [string for string, bound in zip(strings, _Trigrams(conn, each).at_most(strings))
                       if bound > counted.threshold]
        qualified = keep([(codes, clause(phrase(code_bigrams(codes))), counted.threshold) for codes in strings])
        report(length, made, len(strings), len(qualified))
        qualifying = set(qualified)
        strings = [codes + code for codes in qualified for code in following[codes[-1]]
                   if codes[1:] + code in qualifying]
    return kept
