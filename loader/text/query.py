"""Search query semantics, the same in every entry point.

- a term with no spaces matches paragraphs that contain it exactly (after
  normalization; whitespace in the text is not significant);
- terms separated by spaces must all match (AND);
- "quoted text" is one exact term, spaces included;
- A OR B matches either; a leading - excludes a term.

Every term becomes an FTS5 phrase of marked tokens, so nothing a user types
can reach FTS5 as syntax.
"""
import html
import re
from dataclasses import dataclass

from .normalize import normalize
from .segment import bigram_tokens, match_chars, prefix_code, word_tokens

MAX_QUERY_CHARS = 5000
MAX_TERMS = 32


class QueryError(ValueError):
    """A search query that cannot mean anything, with a message for the user."""


@dataclass(frozen=True)
class Term:
    chars: str  # normalized, whitespace removed
    negated: bool = False


def _raw_terms(query: str):
    """Split on whitespace, keeping "quoted runs" together; an unclosed quote runs to the end."""
    for match in re.finditer(r'(-?)"([^"]*)"?|(\S+)', query):
        if match.group(3) is not None:
            yield match.group(3), False
        else:
            yield match.group(1) + match.group(2), True


def parse(query: str) -> list:
    """The query as a list of clauses (all must match); a clause is a list of
    alternatives (any may match); an alternative is a Term."""
    if query is None or not query.strip():
        raise QueryError("Type a word or phrase to search for.")
    if len(query) > MAX_QUERY_CHARS:
        raise QueryError(f"The search is too long: {len(query)} characters; the limit is {MAX_QUERY_CHARS}.")
    raw_terms = list(_raw_terms(query))
    clauses, pending_or = [], False
    for i, (raw, quoted) in enumerate(raw_terms):
        # OR and AND are operators between two terms, and plain words anywhere else.
        if not quoted and raw in ("OR", "AND") and clauses and i + 1 < len(raw_terms):
            pending_or = raw == "OR"
            continue
        if not quoted and not raw.strip("-"):
            continue  # a dash with nothing to exclude
        negated = raw.startswith("-") and len(raw) > 1
        text = raw[1:] if negated else raw
        chars = match_chars(normalize(text))
        if not chars:
            continue
        term = Term(chars, negated)
        if pending_or and not negated and not clauses[-1][0].negated:
            clauses[-1].append(term)
        else:
            clauses.append([term])
        pending_or = False
    if len(clauses) > MAX_TERMS:
        raise QueryError(f"Too many search terms: {len(clauses)}; the limit is {MAX_TERMS}.")
    if not clauses:
        raise QueryError("Type a word or phrase to search for.")
    if not any(not clause[0].negated for clause in clauses):
        raise QueryError("Add at least one term to look for: terms starting with - only exclude.")
    return clauses


def phrase(tokens) -> str:
    """The FTS5 phrase of index tokens, in order."""
    return '"' + " ".join(tokens) + '"'


def prefix_phrase(code: str) -> str:
    """The FTS5 phrase of every token starting with a character's code."""
    return phrase([code]) + " *"


def recall_phrase(chars: str) -> str:
    """FTS5 phrase matching exactly the paragraphs that contain chars."""
    if len(chars) == 1:
        # Every occurrence of the character starts a token: a bigram, its
        # paragraph's last-character token, or a word (words are substrings too).
        return prefix_phrase(prefix_code(chars))
    return phrase(bigram_tokens(chars))


def words_phrase(chars: str) -> str:
    """FTS5 phrase matching paragraphs where chars is cut into the same jieba words."""
    return phrase(word_tokens(chars))


def clause(alternatives: str) -> str:
    """The MATCH expression of one clause (a term, or terms joined by OR): the whole expression
    of a query of one term."""
    return "(" + alternatives + ")"


def _expression(clauses, layer_phrase) -> str:
    positive = [c for c in clauses if not c[0].negated]
    negative = [c[0] for c in clauses if c[0].negated]
    expr = " AND ".join(clause(" OR ".join(layer_phrase(t.chars) for t in terms)) for terms in positive)
    if negative:
        # An excluded term is excluded wherever it is a substring, on either layer.
        expr = f"({expr}) NOT (" + " OR ".join(recall_phrase(t.chars) for t in negative) + ")"
    return expr


def match_expression(query: str) -> str:
    """The FTS5 MATCH expression for exact-substring search (the recall layer)."""
    return _expression(parse(query), recall_phrase)


def words_expression(query: str) -> str:
    """The same query on the word layer: hits where each term is whole jieba
    words, and no excluded term is a substring; so every hit is also a hit of
    match_expression (an excluded phrase adds nothing to a hit's BM25)."""
    return _expression(parse(query), words_phrase)


def sole_term(query: str):
    """The characters of the query's one positive term, when it looks for one term and that
    term has no alternatives (OR); else None."""
    try:
        clauses = parse(query)
    except QueryError:
        return None
    positive = [c for c in clauses if not c[0].negated]
    if len(positive) != 1 or len(positive[0]) != 1:
        return None
    return positive[0][0].chars


def excluded_terms(query: str) -> list:
    """The characters of the query's excluded terms."""
    return [term.chars for alternatives in parse(query) for term in alternatives if term.negated]


def _one_term(query: str, layer_phrase):
    """The expression of the query's sole term on a layer, when it excludes none of one
    character (whose prefix phrase FTS5 cannot test row by row); else None."""
    chars = sole_term(query)
    if chars is None or any(c[0].negated and len(c[0].chars) == 1 for c in parse(query)):
        return None
    return clause(layer_phrase(chars))


def words_term(query: str):
    """The word layer's expression of the query's one term (_one_term): the key of its list in TOP_TABLE."""
    return _one_term(query, words_phrase)


def recall_term(query: str):
    """The recall layer's expression of the query's one term (_one_term): the key of its list in TOP_TABLE."""
    return _one_term(query, recall_phrase)


def highlight_terms(query: str) -> list:
    try:
        clauses = parse(query)
    except QueryError:
        return []
    return sorted({t.chars for clause in clauses for t in clause if not t.negated}, key=len, reverse=True)


def _spans(text: str, terms) -> list:
    """(start, end) offsets in text of every occurrence of the terms, merged."""
    normalized = normalize(text)
    positions = [i for i, c in enumerate(normalized) if not c.isspace()]
    stripped = "".join(normalized[i] for i in positions)
    spans = []
    for term in terms:
        start = stripped.find(term)
        while start != -1:
            spans.append((positions[start], positions[start + len(term) - 1] + 1))
            start = stripped.find(term, start + 1)
    merged = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _marked(text: str, spans, start=0, end=None) -> str:
    end = len(text) if end is None else end
    out, position = [], start
    for s, e in spans:
        s, e = max(s, start), min(e, end)
        if s >= e:
            continue
        out.append(html.escape(text[position:s]))
        out.append("<mark>" + html.escape(text[s:e]) + "</mark>")
        position = e
    out.append(html.escape(text[position:end]))
    return "".join(out)


def highlight(text: str, query: str) -> str:
    """The reader's text, HTML-escaped, with every match wrapped in <mark>."""
    if text is None:
        return ""
    return _marked(text, _spans(text, highlight_terms(query)))


def snippet(text: str, query: str, size: int = 120) -> str:
    """Like highlight, cut to about size characters around the first match."""
    if text is None:
        return ""
    spans = _spans(text, highlight_terms(query))
    if len(text) <= size:
        return _marked(text, spans)
    first = spans[0][0] if spans else 0
    start = max(0, min(first - size // 3, len(text) - size))
    end = start + size
    return ("…" if start else "") + _marked(text, spans, start, end) + ("…" if end < len(text) else "")


SAFE_MARKUP = re.compile(r"(?:[^<>]|</?mark>)*", re.S)
