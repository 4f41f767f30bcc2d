"""The one segmenter, shared by the loader and the query side.

jieba's dictionary and algorithm through rjieba (jieba-rs), which gives the
same tokens as jieba about twenty times faster (tests/test_segment.py proves
it on the whole seed corpus, user dictionary included).

The FTS5 column holds two token streams for each paragraph:
- words: jieba words, for relevance;
- bigrams: every pair of adjacent characters, marked, so that a phrase of
  bigrams finds any substring of two or more characters exactly; the last
  character gets a marked token of its own, so every character starts a
  token and a one-character query is a prefix query.
Every token is built from characters unicode61 keeps inside tokens and
spaces separate them, so the index's ascii tokenizer cuts them as unicode61
would, and the index works in any SQLite client with no custom tokenizer.
"""
import array
import functools
import itertools
import operator
import re
from pathlib import Path

import rjieba

from .characters import UNICODE61_HAN
from .normalize import changed_chars, normalize, replace_each

USERDICT = Path(__file__).with_name("userdict.txt")
BIGRAM = "\ue001"  # private-use characters are token characters in unicode61
# The characters that are not their own code (see _Escapes).
_ESCAPED = re.compile("([^a-z0-9 " + UNICODE61_HAN + "])")
# Every two-character code (see _Escapes) starts at or above it; every one-character code is below it.
PAIRED = "\U00100000"


class _Escapes(dict):
    """Characters unicode61 would split on (punctuation, symbols, characters
    newer than Unicode 6.1, private-use characters of the text itself) get a
    code of private-use characters from planes 15 and 16, which it keeps:
    one character for the Basic Multilingual Plane, two for the rest."""

    def __missing__(self, char):
        codepoint = ord(char)
        if not _ESCAPED.match(char):
            value = char
        elif codepoint < 0xFFFE:
            value = chr(0xF0000 + codepoint)
        else:
            value = chr(ord(PAIRED) + (codepoint >> 8)) + chr(ord(PAIRED) + (codepoint & 0xFF))
        self[char] = value
        return value


_ESCAPES = _Escapes()
# Full-width punctuation and the ideographic space: jieba cuts each of them,
# and what normalize makes of it, into a token of its own between words.
_SEPARATORS = frozenset("\u3000！＂＄＇（）＊，／：；＜＝＞？＠［＼］＾｀｛｜｝～")
_UTF32 = "utf-32-le"  # no byte-order mark: four bytes per character
# A bigram token in 32-bit slots: two characters to fill in, the mark, a space.
_TOKEN_SLOTS = bytes(8) + (BIGRAM + " ").encode(_UTF32)


def userdict_entries(path: Path = USERDICT):
    """(word, freq, tag) for each line of the domain dictionary."""
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if parts and not parts[0].startswith("#"):
            yield parts[0], int(parts[1]), (parts[2] if len(parts) > 2 else None)


@functools.lru_cache(maxsize=1)
def _load_userdict():
    for word, freq, tag in userdict_entries():
        rjieba.add_word(word, freq, tag)
    return True


@functools.lru_cache(maxsize=256)
def tokens(text: str) -> list:
    """jieba tokens of already-normalized text, whitespace included; the list
    is shared, not to be changed. Cached for an article's paragraphs: keywords
    reads them after index_text has cut them."""
    _load_userdict()
    return rjieba.cut(text)


def raw_tokens(text: str) -> list:
    """jieba tokens of text that was not normalized, true to it in every token
    of two characters or more: where normalizing only folds _SEPARATORS, these
    are the tokens of the normalized text, most often cut already."""
    normalized = normalize(text)
    return tokens(normalized if changed_chars(text) <= _SEPARATORS else text)


def words(text: str) -> list:
    """jieba words of already-normalized text, whitespace dropped."""
    return [w for w in tokens(text) if not w.isspace()]


def dictionary_words(text: str) -> list:
    """Dictionary words only (no HMM guesses): for layout decisions, not the index."""
    _load_userdict()
    return rjieba.cut(text, False)


def tagged(text: str) -> list:
    """(word, part-of-speech tag) of text: ns a place name, nr a person's, n
    a common noun... (jieba's tag set); for inference, not the index."""
    _load_userdict()
    return rjieba.tag(text)


def escape(text: str) -> str:
    return replace_each(_ESCAPED, _ESCAPES, text)  # most characters are their own code


def match_chars(normalized: str) -> str:
    """The characters substring matching works on: whitespace is not significant."""
    return "".join(normalized.split())


def _codes(chars: str):
    """The code of each character: the string itself when every code is one character."""
    coded = escape(chars)
    return coded if len(coded) == len(chars) else [_ESCAPES[c] for c in chars]


def match_codes(text: str) -> str:
    """The codes substring matching works on, of reader text, one character each: the bigram
    tokens of index_text pair each with the next. A character with a two-character code becomes
    PAIRED, so a run of one-character codes is found here exactly where index_text has its bigrams
    in a row."""
    codes = _codes(match_chars(normalize(text)))
    return codes if isinstance(codes, str) else "".join(code if len(code) == 1 else PAIRED for code in codes)


def bigram_tokens(chars: str) -> list:
    return code_bigrams(_codes(chars))


def code_bigrams(codes) -> list:
    """The bigram tokens of a run of character codes (a string of one-character codes, or a list)."""
    return [a + b + BIGRAM for a, b in zip(codes, codes[1:])]


def prefix_code(char: str) -> str:
    """What every token starting with char starts with: a one-character query is a prefix query."""
    return _ESCAPES[char]


def word_tokens(normalized: str) -> list:
    return escape(" ".join(words(normalized))).split()


def word_occurrences(normalized: str, chars: str) -> int:
    """How often the index holds chars (normalized, whitespace removed) as whole words in the row
    of normalized text: its word tokens' phrase among the row's, as FTS5 counts a phrase
    (overlapping occurrences too)."""
    return _occurrences(word_tokens(normalized), word_tokens(chars))


def substring_occurrences(normalized: str, chars: str) -> int:
    """How often the index holds chars (as word_occurrences takes them, two characters or more) as
    a substring in the row of normalized text: its bigrams' phrase among the row's."""
    return _occurrences(_codes(match_chars(normalized)), _codes(chars))


def _occurrences(sequence, part) -> int:
    if isinstance(sequence, str) and isinstance(part, str):
        found, at = 0, sequence.find(part)
        while at != -1:
            found, at = found + 1, sequence.find(part, at + 1)
        return found
    sequence, part = list(sequence), list(part)
    return sum(sequence[i:i + len(part)] == part for i in range(len(sequence) - len(part) + 1))


def index_text(text: str) -> str:
    """The FTS5 column value for one paragraph of reader text."""
    normalized = normalize(text)
    codes = _codes(match_chars(normalized))
    if not codes:
        return ""
    return escape(" ".join(tokens(normalized))) + " " + _marked_bigrams(codes)


def _marked_bigrams(codes) -> str:
    """The bigram tokens of index_text, built without a Python step per
    character: this runs on every paragraph. The last character pairs with
    nothing, so every character starts a token."""
    if isinstance(codes, list):  # some character has a two-character code
        return (BIGRAM + " ").join(map(operator.add, codes, itertools.chain(codes[1:], ("",)))) + BIGRAM
    chars = array.array("I", codes.encode(_UTF32))
    slots = array.array("I", _TOKEN_SLOTS * len(codes))
    slots[0::4] = chars
    slots[1:-4:4] = chars[1:]
    slots[-3] = slots[2]  # the last token is its character and the mark
    return str(memoryview(slots)[:-2], _UTF32)
