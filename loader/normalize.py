"""The one text normalization, used at index time and at query time.

Every character maps to exactly one character, so a substring of the
normalized text is the normalized substring, and offsets in the normalized
text are offsets in the original: highlighting can work on what the reader sees.
"""
import functools

import opencc

# Full-width ASCII variants (Ａ, ２, ，) sit at a fixed offset from ASCII.
_FULLWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_CJK_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))


@functools.lru_cache(maxsize=1)
def _table():
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
    for start, end in _CJK_RANGES:
        chars = "".join(chr(cp) for cp in range(start, end + 1))
        converted = t2s.convert("\n".join(chars)).split("\n")
        for original, simple in zip(chars, converted):
            if len(simple) == 1 and simple != original:
                table[ord(original)] = ord(simple)
    return table


def normalize(text: str) -> str:
    """Fold width, Latin case and traditional characters; same length as the input."""
    return text.translate(_table())
