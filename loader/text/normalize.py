"""The one text normalization, used at index time and at query time.

Every character maps to exactly one character, so a substring of the
normalized text is the normalized substring, and offsets in the normalized
text are offsets in the original: highlighting can work on what the reader sees.
"""
import functools
import re

import opencc

from .characters import HAN_RANGES

# Full-width ASCII variants (Ａ, ２, ，) sit at a fixed offset from ASCII.
_FULLWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}


@functools.lru_cache(maxsize=1)
def _changes():
    """A pattern that finds the characters normalization changes, and what each becomes."""
    table = dict(_FULLWIDTH)
    table[0x3000] = 0x20  # ideographic space
    for cp in range(0x10000):
        lower = chr(table.get(cp, cp)).lower()
        if len(lower) == 1 and ord(lower) != table.get(cp, cp):
            table[cp] = ord(lower)
    # Character by character, not phrase by phrase: OpenCC's phrase rules
    # depend on context, which would make a query convert differently from
    # the same characters inside a paragraph.
    t2s = opencc.OpenCC("t2s")
    for start, end in HAN_RANGES:
        chars = "".join(chr(cp) for cp in range(start, end + 1))
        converted = t2s.convert("\n".join(chars)).split("\n")
        for original, simple in zip(chars, converted):
            if len(simple) == 1 and simple != original:
                table[ord(original)] = ord(simple)
    pattern = re.compile("([" + "".join(re.escape(chr(cp)) for cp in sorted(table)) + "])")
    return pattern, {chr(cp): chr(new) for cp, new in table.items()}


def changed_chars(text: str) -> set:
    """The characters of text that normalize changes."""
    return set(_changes()[0].findall(text))


def replace_each(pattern: re.Pattern, replacements, text: str) -> str:
    """text with each character pattern finds (one capturing group) replaced
    by replacements[character]. Where few characters change, finding them in C
    and mapping only those is several times faster than str.translate looking
    up every character."""
    parts = pattern.split(text)  # unchanged runs, with each found character between them
    parts[1::2] = map(replacements.__getitem__, parts[1::2])
    return "".join(parts)


def normalize(text: str) -> str:
    """Fold width, Latin case and traditional characters; same length as the input."""
    return replace_each(*_changes(), text)


@functools.lru_cache(maxsize=1)
def _han_changes():
    pattern, table = _changes()
    han = {k: v for k, v in table.items() if any(start <= ord(k) <= end for start, end in HAN_RANGES)}
    return re.compile("([" + "".join(re.escape(k) for k in sorted(han)) + "])"), han


def simplified(text: str) -> str:
    """Traditional characters folded to simplified, nothing else (a licence
    plate's Latin letters keep their case); same length as the input."""
    pattern, table = _han_changes()
    return replace_each(pattern, table, text) if pattern.search(text) else text  # most text has none
