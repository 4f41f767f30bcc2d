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
qualify too. The counts depend on every
row, so every build counts every term again.
"""
import array
import collections
import json
import operator
import zlib
from dataclasses import dataclass

from ..text.query import clause, phrase, prefix_phrase
from ..text.segment import BIGRAM, PAIRED, code_bigrams
from . import parallel
from .schema import ARTICLES, COUNTS_TABLE, FACETED, FTS_TABLE, VOCAB_TABLE, characters_over, has_counts, vocabulary
from .values import Values

# The columns the pages count hits by, in the order of the keys of their counts.
COUNTED = ("province", "city", "year", "kind")


@dataclass(frozen=True)
class Counted:
    threshold: int = 100_000  # hits of a term above which the build keeps its counts (BENCHMARKS.md)
    longest: int = 8  # characters of the longest string whose counts are kept


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
    # One JSON array: handing Python a million rows one by one takes longer than the search.
    (found,) = conn.execute(f"select json_group_array(rowid) from {FTS_TABLE} where {FTS_TABLE} match ?",
                            [expression]).fetchone()
    return json.loads(found)


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
    """The COUNTED values of every paragraph, as one number per id, and its article with them as another."""

    def __init__(self, values: Values, articles: Articles):
        numbers = {}
        positions = [FACETED.index(column) for column in COUNTED]
        number_of_key = [0] + [numbers.setdefault(tuple(combination[p] for p in positions), len(numbers) + 1)
                               for combination in values.combinations[1:]]  # combination 0: no paragraph
        self.of = array.array("I", map(number_of_key.__getitem__, values.keys))  # 0: no paragraph
        self.values = {number: values for values, number in numbers.items()}
        # (article, number) as one integer: a set of a million of them builds faster than of tuples.
        self._width = len(numbers) + 1
        self._pair = array.array("Q", map(operator.add, map(self._width.__mul__, articles.of), self.of))
        self._year = articles.year

    def count(self, found) -> Counts:
        per_number = collections.Counter(map(self.of.__getitem__, found))
        per_number.pop(0, None)
        hit = collections.defaultdict(set)
        for pair in set(map(self._pair.__getitem__, found)):
            article, number = divmod(pair, self._width)
            if number:
                hit[article].add(self.values[number])
        return Counts(collections.Counter({self.values[number]: n for number, n in per_number.items()}),
                      collections.Counter((self._year.get(article), frozenset(values))
                                          for article, values in hit.items()))


def _count(conn, term, values: _Values) -> tuple:
    """(term, its Counts encoded, or None when it has too few hits) of term: (codes, MATCH
    expression, threshold)."""
    _, expression, threshold = term
    found = ids(conn, expression)
    return term, (_encoded(values.count(found)) if len(found) > threshold else None)


def refresh(conn, values: Values, counted: Counted = Counted(), each=None) -> int:
    """Count every frequent term again (conn: the database being built, values: store.values.refresh's;
    each: store.parallel's, to read the terms elsewhere); the number of terms kept. Every term that
    qualifies: each length is read after the one before."""
    conn.execute(f"delete from {COUNTS_TABLE}")
    values = _Values(values, Articles(conn, values.articles))
    each = each or parallel.each(conn)
    with vocabulary(conn):
        characters = [code for code, _ in characters_over(conn, counted.threshold)]
        bigrams = [term[:2] for (term,) in conn.execute(
            f"select term from {VOCAB_TABLE} where doc > ? and length(term) = 3 and substr(term, 3) = ?",
            [counted.threshold, BIGRAM])]
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

    keep([(code, clause(prefix_phrase(code)), counted.threshold) for code in characters if code < PAIRED])
    strings = [codes for codes in bigrams if max(codes) < PAIRED]
    following = collections.defaultdict(list)
    for codes in strings:
        following[codes[0]].append(codes[1])
    while strings and len(strings[0]) <= counted.longest:
        qualified = keep([(codes, clause(phrase(code_bigrams(codes))), counted.threshold) for codes in strings])
        known = set(qualified)
        strings = [codes + code for codes in qualified for code in following[codes[-1]] if codes[1:] + code in known]
    return kept
