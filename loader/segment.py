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
Every token is built from characters unicode61 keeps inside tokens, so the
index works in any SQLite client with no custom tokenizer.
"""
import functools
import itertools
import operator
from pathlib import Path

import rjieba

from .normalize import normalize

USERDICT = Path(__file__).with_name("userdict.txt")
BIGRAM = "\ue001"  # private-use characters are token characters in unicode61


class _Escapes(dict):
    """Characters unicode61 would split on (punctuation, symbols, characters
    newer than Unicode 6.1, private-use characters of the text itself) get a
    code of private-use characters from planes 15 and 16, which it keeps:
    one character for the Basic Multilingual Plane, two for the rest."""

    def __missing__(self, codepoint):
        char = chr(codepoint)
        if ("a" <= char <= "z") or ("0" <= char <= "9") or char == " " or (
                "\u4e00" <= char <= "\u9fcc") or ("\u3400" <= char <= "\u4db5"):
            value = char
        elif codepoint < 0xFFFE:
            value = chr(0xF0000 + codepoint)
        else:
            value = chr(0x100000 + (codepoint >> 8)) + chr(0x100000 + (codepoint & 0xFF))
        self[codepoint] = value
        return value


_ESCAPES = _Escapes()


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


def words(text: str) -> list:
    """jieba words of already-normalized text, whitespace dropped."""
    _load_userdict()
    return [w for w in rjieba.cut(text) if not w.isspace()]


def dictionary_words(text: str) -> list:
    """Dictionary words only (no HMM guesses): for layout decisions, not the index."""
    _load_userdict()
    return rjieba.cut(text, False)


def escape(text: str) -> str:
    return text.translate(_ESCAPES)


def match_chars(normalized: str) -> str:
    """The characters substring matching works on: whitespace is not significant."""
    return "".join(normalized.split())


def _codes(chars: str):
    """The code of each character: the string itself when every code is one character."""
    coded = chars.translate(_ESCAPES)
    return coded if len(coded) == len(chars) else [_ESCAPES[ord(c)] for c in chars]


def bigram_tokens(chars: str) -> list:
    codes = _codes(chars)
    return [a + b + BIGRAM for a, b in zip(codes, codes[1:])]


def prefix_code(char: str) -> str:
    """What every token starting with char starts with: a one-character query is a prefix query."""
    return _ESCAPES[ord(char)]


def word_tokens(normalized: str) -> list:
    return escape(" ".join(words(normalized))).split()


def index_text(text: str) -> str:
    """The FTS5 column value for one paragraph of reader text."""
    _load_userdict()
    normalized = normalize(text)
    codes = _codes(match_chars(normalized))
    if not codes:
        return ""
    # Whole-string joins rather than a loop per character: this runs on every
    # paragraph. The last character pairs with nothing, so every character starts a token.
    bigrams = (BIGRAM + " ").join(map(operator.add, codes, itertools.chain(codes[1:], ("",)))) + BIGRAM
    return escape(" ".join(rjieba.cut(normalized))) + " " + bigrams
