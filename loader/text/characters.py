"""The character classes and punctuation sets every text rule shares: what
counts as a Chinese character, the marks that end a sentence or a clause,
closing quotes and brackets, the marks that may not open a line, and the
labels of a page's metadata fields.

A set of marks is a string of its characters: `c in SET`, `text.rstrip(SET)`,
`tuple(SET)` for startswith, or f"[{SET}]" in a regular expression (none holds
a character special inside a class, except CLOSERS). HAN is a class body of
ranges, for inside [...] only.
"""
import re

# Han characters: CJK Unified Ideographs Extension A, the unified block and
# the compatibility ideographs, as (first, last) code points (not the Yijing
# hexagram symbols between Extension A and the unified block).
HAN_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))
HAN = "".join(f"\\u{first:04x}-\\u{last:04x}" for first, last in HAN_RANGES)
# What SQLite's unicode61 tokenizer (Unicode 6.1) keeps inside a token of
# Han characters: the unified block and Extension A as they stood then. Not
# HAN: the index must match what any SQLite client does (text.segment).
UNICODE61_HAN = "\u4e00-\u9fcc\u3400-\u4db5"
# (HAN_RANGES decides what normalize folds to simplified characters, and
# UNICODE61_HAN what segment escapes: a change to either changes the index
# tokens, so bump store.fingerprint.INDEX_VERSION with it.)

# A person's name in a byline or a credit: two to four Han characters, a
# transliterated one with · (a pattern, not a class).
NAME = f"[{HAN}·]{{2,4}}"

# Marks that end a sentence. The ASCII full stop is not one: it is a decimal
# point or part of an address as often.
FULL_STOPS = "。！？"
SENTENCE_ENDS = FULL_STOPS + "!?"
ELLIPSIS = "…"
# Marks inside a sentence.
COMMA = "，,"
COMMAS = COMMA + "、"  # and the enumeration comma
SEMICOLONS = "；;"
COLONS = "：:"
PAUSES = COMMAS + SEMICOLONS + COLONS
# What joins the items of a list: 陕西、甘肃, 徐汇和静安.
LIST_JOINERS = "、和与及"
# A sentence's end or a semicolon: a line holding one is prose, not a heading.
STOPS = SENTENCE_ENDS + SEMICOLONS
# Every mark that ends a clause: a line holding none is a phrase.
CLAUSE_MARKS = SENTENCE_ENDS + PAUSES

CLOSING_QUOTES = "”’」』"
CLOSING_PARENS = "）)"
# What closes a quotation, an aside or a title.
CLOSING_MARKS = CLOSING_QUOTES + CLOSING_PARENS + "》"
# What may stand after a sentence's last mark, as OCR and pasted text write it too.
CLOSERS = CLOSING_MARKS + "]\"'"
# Marks that may not open a line: print hangs them past the column's edge.
HANGING = CLAUSE_MARKS + "." + CLOSING_MARKS + ELLIPSIS
# ...and % after its number: a line opening with any of these was cut from the line before.
NO_LINE_START = HANGING + "%"
# Marks that open a quotation, an aside or a title: line-breaking rules never end a line on one.
OPENING_MARKS = "“‘「『（(《〈【"


def wide(chars: str) -> str:
    """The full-width marks among chars."""
    return "".join(c for c in chars if not c.isascii())


# ---------------------------------------------------------------- field labels
# The labels of a web page's or report's metadata fields (来源：新华社, 责任编辑：王琳).

SOURCE_LABELS = ("来源", "稿源")
CREDIT_LABELS = ("作者", "编辑", "责任编辑")
# Who made a picture or wrote the text, in a byline (文|王一然, 记者 李四).
BYLINE_LABELS = ("记者", "文", "图")
# When the page was published or updated. A metadata line (ingest.layout.kinds)
# opens with DATE_LABELS or UPDATED_LABELS, a chrome line that place inference
# passes over with DATE_LABELS; date inference reads all three. (Kept apart as
# the rules had them: one set for all would change what they decide.)
DATE_LABELS = ("发布时间", "发布日期", "时间", "日期")
UPDATED_LABELS = ("更新时间",)
RARER_DATE_LABELS = ("发表时间", "发表日期", "出版日期", "发稿时间", "上传时间", "刊发时间")
# A reprint's note of the headline it first ran under: 原标题：….
TITLE_LABELS = ("原标题",)
# Page counters: 浏览次数：123.
COUNT_LABELS = ("浏览次数", "点击数", "阅读次数")


def alternation(words) -> str:
    """A non-capturing group that matches any of words, the longest tried first."""
    return "(?:" + "|".join(sorted(map(re.escape, words), key=len, reverse=True)) + ")"
