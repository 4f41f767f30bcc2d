"""Does a line continue the paragraph before it? The evidence a reader uses,
weighed against the file's own layout (reading.Layout)."""
import re

from ..clean import ends_sentence, visual_width
from ...text.characters import (
    CLAUSE_MARKS,
    CLOSING_PARENS,
    COLONS,
    COMMA,
    COMMAS,
    FULL_STOPS,
    HAN,
    NAME_OPENERS,
    NO_LINE_START,
    OPENING_MARKS,
    SEMICOLONS,
    SENTENCE_ENDS,
    STOPS,
    SURNAMES,
)
from ...text.segment import dictionary_words
from .kinds import heading_number, numbered

# Punctuation that never opens a line of its own accord: a line starting with
# it was cut from the line before.
CONTINUATION = tuple(NO_LINE_START)
# Up to this raggedness a column is clean enough to see a lost indent.
CLEAN_COLUMN = 1.0
INDENT = 2  # characters: how far short of the column a paragraph's first line stops where its indent was lost
NEARLY_FULL = 0.84  # of the column: shorter lines are short (headings), longer ones nearly full
SUBHEADING = 14  # narrower lines without a full stop are taken for subheadings, wider ones for cut text


# What line-breaking rules (kinsoku, as word processors and browsers apply them) keep on one
# line: a run of digits and Latin letters, or one character, with the opening marks before it
# and the marks that may not open a line after it.
UNBROKEN = re.compile(f"[{re.escape(OPENING_MARKS)}]*(?:[0-9A-Za-z]+(?:[.．][0-9]+)*|.)[{re.escape(NO_LINE_START)}]*")


def pushed(line, after, by_characters: bool, hangs: bool, short: float = 0) -> bool:
    """Did line break short of the column by a line-breaking rule? The piece after opens with
    (UNBROKEN: a number, a word, a character and the mark after it, an opening mark and the
    character after it) is wider than the room line leaves, so it went down whole: a ragged edge
    the page explains, not a paragraph's end. short: how far short of the column the line was
    set (a first line whose indent was lost)."""
    piece = UNBROKEN.match(after.text)
    if piece is None:
        return False
    piece = piece.group()
    if hangs:  # (marks after it would hang past the edge: only the rest must fit)
        piece = piece.rstrip(NO_LINE_START) or piece
    # (a line set short ends inside its column: the marks it ends on took their cells, none hung)
    width = line.width if short else line.width - line.hung
    return width + (len(piece) if by_characters else visual_width(piece)) > line.column - short


# A paragraph may end on a reporter's credit: `……。本报记者 袁玮`, `（总台央视记者骆群）`.
_CREDIT_PARENS = re.compile(r"[(（][^()（）]*[)）]$")
_CREDIT_NAMED = re.compile(f"(?:本报|新华社|记者|通讯员|摄影|编辑)[^{SENTENCE_ENDS}{COMMA}{SEMICOLONS}]{{0,20}}$")
CREDIT_TAIL = 23  # the longest credit _CREDIT_NAMED matches: searched in a line's tail, not along all of it
# `……堵住隐患。本报记者 孙云`, `本报通讯员 刘诗寒 记者 屠瑜`: reporters' names after the last full
# stop, or on a line of their own, end the paragraph.
_REPORTER = r"(?:本报|新华社)?(?:特约|见习)?(?:记者|通讯员)"
_SIGNED = re.compile(f"(?:^|[{FULL_STOPS}]”?){_REPORTER}([{HAN}]{{2,3}})(?:(?:{_REPORTER})?([{HAN}]{{2,3}}))?$")
# Characters that open what a reporter does, not who the reporter is: `记者在现场`, `记者从中获悉`.
_NOT_NAME = frozenset("在从向对把被给让与和跟同也还又都就的了们等将已正曾再才")


def _name(text: str) -> bool:
    """Could text be a person's name? It opens with a common surname, or with a character that
    opens names and here opens no word with the next one (`了解`, `获悉`) and is no preposition
    or particle."""
    return text[0] in SURNAMES or (text[0] in NAME_OPENERS and text[0] not in _NOT_NAME
                                   and len(dictionary_words(text)[0]) == 1)


def _signature(text: str) -> int:
    """Where the reporters' names text ends on start (at the full stop before them), or -1."""
    tail = text[-CREDIT_TAIL:]
    if "记者" not in tail and "通讯员" not in tail:  # (the cheap sign first: few lines hold a credit)
        return -1
    m = _SIGNED.search(text)
    return m.start() if m is not None and all(_name(name) for name in m.groups() if name) else -1


def signed(text: str, own_line: bool = True) -> bool:
    """Does text end on reporters' names after a full stop (or consist of them, if own_line)?"""
    return _signature(text) >= (0 if own_line else 1)


NAME_PIECE = 2  # characters: a line no longer than this below a credit may be the rest of a name
# (not the ASCII colon: a clock's, 9:30, as often as a clause's)
_SENTENCE = re.compile(f"[{CLAUSE_MARKS.replace(':', '')}]")
_COMMAS = tuple(COMMAS)
_CLOSES_ITEM = tuple(SEMICOLONS + COLONS + CLOSING_PARENS)  # (`……（牵头单位：省财政厅）`)
_FULL_STOP = re.compile(f"[{STOPS}]")
HEADING_SHARE = 0.5  # of the file's typical paragraph: a line without a full stop shorter than this may head one
# Words that open a paired construction (不仅…也, 虽然…但): a phrase holding
# one without its partner after it is cut, not a heading.
_PAIRED = re.compile(r"(?:不仅|不但|不只|不光|虽然|尽管|无论|不管|即使|即便|哪怕|一方面|与其)(?!.*(?:也|还|而且|更|但|却|都|另一方面|不如))")
# Words a sentence or a heading cannot end on: conjunctions and prepositions.
_NO_END = frozenset("和 与 及 或 对 把 被 从 向 给 让 使 而 并 且 但 在 将 以 为 由 就 以及 或者 并且 但是 因为 如果 由于 关于 对于 通过 根据 按照".split())
_NO_END_LAST = frozenset(word[-1] for word in _NO_END)
# Characters no sentence opens with: particles that hang on the word before.
_NO_START = tuple("的地得之了着过吗呢吧")
# Measure words and units: a number does not end a line that its unit opens (`死亡45` / `例，…`).
_UNITS = tuple("例人名个位件起次元万亿年月日时岁天家所座条项台辆吨米倍户批份%％")
# A number cut at its decimal point, between its digits, or at the mark inside a time, a range or a
# telephone number: `增长7.` / `6%`, `达到341` / `67公顷`, `今晚20：` / `00，`, `0-` / `24时`, `027-` / `82210181`.
_IN_NUMBER = re.compile(r"\d[.．:：\-—–～~]?$")


def runs_on(left: str, right: str) -> bool:
    """Is left a phrase cut short that right finishes? It opens a paired
    construction it does not close, ends on a conjunction or preposition, a
    word runs across, right opens with a particle, a number with its unit, or
    a number cut at its decimal point or between its digits."""
    return phrase_runs_on(left, right) or crosses_word(left, right)


def phrase_runs_on(left: str, right: str) -> bool:
    """runs_on, but for a word run across the break (the dictionary also holds phrases,
    `回顾过去`: weak evidence after a line that stops well short of the column)."""
    return ((right.startswith(_NO_START) and len(dictionary_words(right[:4])[0]) == 1)  # (not `过去`, `地方`)
            or (left[-1:].isdigit() and right.startswith(_UNITS))
            or (right[:1].isdigit() and _IN_NUMBER.search(left[-2:]) is not None)
            or bool(_PAIRED.search(left)) or _ends_on_link(left))


def _ends_on_link(text: str) -> bool:
    """Ends on a conjunction or preposition (segmented only when its last character may end one)."""
    return text[-1:] in _NO_END_LAST and dictionary_words(text[-4:])[-1] in _NO_END


def ends_paragraph(text: str) -> bool:
    """A paragraph may end here: a sentence's end, `...`, or a reporter's credit."""
    return (ends_sentence(text) or text.endswith("...")
            or (text[-1:] in CLOSING_PARENS and bool(_CREDIT_PARENS.search(text)))
            or bool(_CREDIT_NAMED.search(text[-CREDIT_TAIL:])))


def closes(text: str) -> bool:
    """A paragraph may end here, or on a colon: the list or notice it announces opens the next one."""
    return ends_paragraph(text) or text.endswith(tuple(COLONS))


def may_end(line) -> bool:
    """A paragraph may end after this line: it closes one (or an item: `……；`, `……（牵头单位：…）`),
    or stops short of the column."""
    return closes(line.text) or line.text.endswith(_CLOSES_ITEM) or not (fills(line) or cut(line))


def crosses_word(left: str, right: str) -> bool:
    """Does a word run across the line break? Then the line is wrapped, not a heading."""
    left, right = left[-4:], right[:4]
    position = 0
    for word in dictionary_words(left + right):
        if position < len(left) < position + len(word):
            return True
        position += len(word)
    return False


def fills(line) -> bool:
    """The line runs to the column's edge, so the text goes on past it."""
    # (a line holding half-width characters may stop half a cell short: a wide one did not fit)
    return line.pushed or line.width >= line.column - line.tolerance - (0.5 if line.chars != line.width else 0.0)


def nearly_full(line) -> float:
    """How wide a line must be to be nearly full: a ragged edge (tolerance past a clean
    column's) lowers the mark as far as its lines break short."""
    return min(NEARLY_FULL * line.column, line.column - INDENT) - max(0.0, line.tolerance - CLEAN_COLUMN)


def cut(line) -> bool:
    """Stops inside a sentence (on a character or a comma), close to the column's
    edge: the text goes on past it. Digits and Latin letters print wider than
    half a character and naive wrapping counts them whole, so a line holding
    them is measured both ways."""
    return ((line.text[-1:].isalnum() or line.text[-1:] in COMMAS)
            and max(line.width, line.chars) >= nearly_full(line)
            and not signed(line.text, own_line=False))  # (a credit of its own may be cut: `本报记者 王若` / `弦`)


def continues(layout, prev, line, nxt, *, prev_opens=False, prev_heads=False, in_head=False, open_quote=False,
              heading=False, after_heading=False, page="") -> bool:
    """Does line go on from prev, the last line of the paragraph being rebuilt?
    nxt: the line after line, or None; prev_opens: prev is its paragraph's
    first line; prev_heads: prev is the first line of the article's text;
    in_head: no paragraph of the article has ended a sentence yet (headline, deck, byline);
    open_quote: the paragraph so far opens a quotation it does not close;
    heading: the paragraph so far is a numbered heading (kinds.heading_number, no clause mark after it);
    after_heading: the paragraph before it ends no sentence (a heading, a credit line);
    page: the file's whole text, where a pull quote's words come again."""
    if line.text.startswith(CONTINUATION):
        return True
    if signed(prev.text):
        # The reporters' names sign the paragraph off, unless the credit runs on (`本报记者 王若` / `弦`).
        return len(line.text) <= NAME_PIECE or 0 <= _signature(prev.text + line.text) < len(prev.text)
    if layout.parted and line.gap_before and may_end(prev) and not (prev_opens and _first_line_goes_on(layout, prev)):
        return False  # the page proves that its blank lines part paragraphs
    if heading and not prev.text.endswith(_COMMAS) and not phrase_runs_on(prev.text, line.text) and not (
            layout.wrapped and (fills(prev) or cut(prev) or (prev_opens and _first_line_goes_on(layout, prev)
                                                and not opens(layout, line, nxt)))):
        # A numbered heading ends where its line stops short, whatever the blank lines say; a
        # first line short by its lost indent goes on, unless the next line opens a paragraph too.
        return False
    if (prev.ends or heading or prev.text.endswith(_CLOSES_ITEM)) and numbered(line.text):
        return False  # a numbered item after a sentence's end opens a paragraph
    if layout.indented and line.indent:
        return False  # an indented line opens a paragraph
    if layout.indented and layout.wrapped and prev.ends and (fills(line) or cut(line) or ends_paragraph(line.text)):
        return True  # where indents open paragraphs, a line of text without one goes on, short lines or not
    if not layout.wrapped:
        # A paragraph per line. Where blank lines part the paragraphs, a blank
        # line can also fall inside a sentence (a caption was taken out there).
        if (layout.blank == "none" or prev.ends or ends_paragraph(prev.text) or prev.text[-1:] in COLONS + SEMICOLONS
                or not _SENTENCE.search(line.text)):
            return False
        # A phrase cut short goes on: no paragraph, heading or deck ends on a comma. A line
        # that stops mid-sentence goes on into the next line of text, unless it is a
        # subheading: a phrase or two (one comma at most, no full stop), much shorter than
        # the file's paragraphs. Under the headline, decks end without a full stop too.
        goes_on = prev.text.endswith(_COMMAS) or runs_on(prev.text, line.text) or (
            not in_head and prev.width >= SUBHEADING and not (
                prev.width < HEADING_SHARE * layout.paragraph
                and len(_SENTENCE.findall(prev.text, _number_end(prev.text))) <= 1
                and not _FULL_STOP.search(prev.text)))
        # ...unless it is a pull quote, a sentence of the body set apart: its words come again
        # there (asked last: it reads the whole page).
        return goes_on and not (prev_opens and line.gap_before and page.count(prev.text) > 1)
    if prev_heads and line.gap_before and not (layout.blank == "every" and runs_on(prev.text, line.text)):
        return False  # the headline stands apart from the text below it
    if _over(prev):
        # Wider than the column: a line of its own (a headline), unless a
        # phrase runs on, or it is one of a stretch of wider lines cut
        # mid-sentence (a block set wider than the column around it).
        return (not closes(prev.text) and (not prev_opens or _over(line))) or runs_on(prev.text, line.text)
    if layout.blank == "separators" and line.gap_before:
        # Blank lines part paragraphs, except after a full line cut mid-sentence.
        if prev.ends:
            return False
        if open_quote and not line.text.startswith(("“", "「")):
            return True  # no paragraph ends inside a quotation
        full = fills(prev) or cut(prev) or (prev_opens and _first_line_goes_on(layout, prev))
        return full and (not opens(layout, line, nxt) or runs_on(prev.text, line.text))
    if (after_heading and prev_opens and prev.width < SUBHEADING and _first_line_goes_on(layout, prev)
            and not _SENTENCE.search(prev.text) and (opens(layout, line, nxt) or _heads_too(layout, line, nxt))
            and not line.pushed
            and (line.chars <= line.column - line.tolerance or not layout.by_characters) and not runs_on(prev.text, line.text)):
        # Below a heading (a paragraph that ends no sentence), a short phrase with no clause mark,
        # the next line short by an indent too (not broken early, and short counted by characters:
        # digits narrow a full line) with a full line below: the heading's second line (`自助助人` /
        # `抗原检测高效率`), over a first line.
        return False
    if fills(prev) or cut(prev):
        if layout.parted and not line.gap_before:
            return True  # the page's blocks hold whole paragraphs: inside one a full line goes on
        if prev.ends and _has_room(layout, prev):
            return False  # the next character would have fitted: the paragraph ended here
        # A full line goes on even when it ends in 。, unless the next line
        # opens a paragraph, or is a short line that ends no sentence: not the
        # end of a paragraph but a heading of its own.
        if prev.ends and not fills(line) and not ends_paragraph(line.text):
            return False
        if prev.ends and indent_short(layout, line) and nxt is not None and fills(nxt):
            return False
        # (the cheapest sign first: most lines are full and open nothing)
        if not opens(layout, line, nxt) or line.pushed or runs_on(prev.text, line.text):
            return True
        # Before a paragraph's first line, a line short of the edge ends a phrase of its own (a
        # heading: `积极志愿服务` / `3月23日，34`), unless it is a first line short by its lost
        # indent; a full one ends its paragraph only where a sentence closes.
        return not (heading or closes(prev.text)) and (
            fills(prev) or prev.text.endswith(_COMMAS) or (prev_opens and _first_line_goes_on(layout, prev)))
    if open_quote and not line.text.startswith(("“", "「")):
        return True  # no paragraph ends inside a quotation
    if prev.text[-1:].isalnum() and crosses_word(prev.text, line.text):
        return True  # a word runs on into the next line
    if line.text[:1].isdigit() and _IN_NUMBER.search(prev.text[-2:]):
        return True  # a number runs on: `增长7.` / `6%`
    if prev.text[-1:].isdigit() and line.text.startswith(_UNITS):
        return True  # a number's unit opens the next line: `新增死亡 1` / `例；…`
    if prev_opens and not layout.indented and prev.width < prev.column - INDENT and pushed(
            prev, line, layout.by_characters, layout.hangs, INDENT):
        return True  # a first line whose indent was lost, broken early by a line-breaking rule
    if prev_opens and _first_line_goes_on(layout, prev):
        # A first line whose indent the scan lost, unless it ends a sentence
        # and the next line is short by an indent too (two one-line openings),
        # or is short and ends no sentence (a heading).
        return not (prev.ends and (
            _short_by_indent(layout, line) or not (fills(line) or cut(line) or ends_paragraph(line.text))))
    if prev.text.endswith(_COMMAS):
        return True  # no paragraph ends on a comma: cut short of a column too short a text to read
    return False  # a short line ends its paragraph


def _heads_too(layout, line, nxt) -> bool:
    """A second heading below a heading: short by an indent, then a short line, the two with no
    clause mark and no sentence's end (`二维码“批量` / `生成”`)."""
    return (nxt is not None and line.tolerance <= CLEAN_COLUMN and _short_by_indent(layout, line)
            and not (fills(nxt) or cut(nxt) or ends_paragraph(nxt.text) or _SENTENCE.search(line.text + nxt.text)))


def _number_end(text: str) -> int:
    """Where the text after a heading's number starts (`二、`: its mark is not a clause's), 0 without one."""
    number = heading_number(text)
    return number.end() if number else 0


def _over(line) -> bool:
    """Runs past the column's edge by more than a character."""
    return line.width - line.column - line.tolerance > 1


def _has_room(layout, line) -> bool:
    """In a clean column, a line a whole character short of the edge (however
    its digits and Latin letters are counted) had room for one more, unless
    it is a first line short by its indent."""
    return (line.tolerance <= CLEAN_COLUMN and max(line.width, line.chars) <= line.column - 1
            and not line.pushed and not _short_by_indent(layout, line))


def _short_by_indent(layout, line) -> bool:
    """Two characters short of the column: where a first line ends when the scan lost its indent
    (or its text does, with punctuation hung past that point)."""
    low, high = line.column - line.tolerance - INDENT, line.column - line.tolerance
    return not layout.indented and (low <= line.width < high or low <= line.width - line.hung < high)


def _first_line_goes_on(layout, line) -> bool:
    """A first line short by its lost indent; in a ragged column only when it stops mid-sentence."""
    return _short_by_indent(layout, line) and (line.tolerance <= CLEAN_COLUMN or not ends_paragraph(line.text))


def opens(layout, line, nxt) -> bool:
    """In a clean column, a line short by an indent with a full line after it opens a paragraph."""
    return (line.tolerance <= CLEAN_COLUMN and _short_by_indent(layout, line)
            and nxt is not None and fills(nxt))


def indent_short(layout, line) -> bool:
    """Exactly an indent short of a ragged column's edge: the first line of a paragraph whose
    indent was lost, or a line that broke early. Nothing on the page tells them apart: in the
    development corpus the first is the likelier (`zh-news eval paragraphs`, layout every)."""
    return not layout.indented and line.column - INDENT - 0.5 < line.width <= line.column - INDENT
