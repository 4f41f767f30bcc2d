"""The layout of one raw file, read from all its lines before any line break is decided."""
import bisect
import collections
import functools
import itertools
import math
import re
import statistics
from dataclasses import dataclass

from . import breaks
from ...text.characters import CLAUSE_MARKS, HANGING

# A file is wrapped at a column when most of its lines end near its widest
# common width; pasted web text has lines of every width.
WRAPPED_SHARE = 0.3
WIDEST_COLUMN = 60
NARROW = 40  # a file of a few lines is wrapped only this narrow
NEAR = 20  # lines either side that show the column at a line: a page dump mixes columns
LOCAL = 6  # middle lines it takes to read the column there rather than the stretch's
STRETCH = 4  # middle lines that show a stretch of another column width
STEP = 4
INDENTED_SHARE = 0.05
CUT_SHARE = 0.3
OVER_SHARE = 0.2
HUNG_SHARE = 0.02
_OPENS_CUT = tuple(HANGING)
_CLAUSE_MARK = re.compile(f"[{CLAUSE_MARKS}]")
FULL_BEFORE = 0.7  # of the line after it: a line cut that far along was cut by the column


PROOF_BLOCKS = 3  # blocks it takes to prove that blank lines part a file's paragraphs
PROOF_MISFITS = 0.1  # of the blocks: how many may end on a full line cut mid-sentence, or hold a short line
# How far short of the column a first line may stop where its indent was lost: the indent and half a cell.
FIRST_LINE_SHORT = breaks.INDENT + 0.5
RAGGED = 2  # characters a ragged edge breaks short of its column
RAGGED_SHARE = 0.2  # of a column's middle lines: a width this many share is one its edge breaks at
RAGGED_COVER = 0.8  # of a column's middle lines: at those widths, or the lines do not show a ragged edge


# How wide digits and Latin letters print depends on the typesetting: lines
# holding them do not show the column's width.
_LATIN = re.compile(r"[0-9A-Za-z]")


@dataclass
class Layout:
    wrapped: bool  # hard-wrapped at a column, not a paragraph per line
    blank: str  # "none", "separators" (between paragraphs) or "every" (after every line)
    indented: bool  # an indent marks a paragraph's first line
    hangs: bool = False  # punctuation that may not open a line hangs past the column's edge
    paragraph: float = 0.0  # a paragraph per line: median width of the lines that end a sentence
    parted: bool = False  # wrapped, and every blank-delimited block ends where a paragraph ends
    by_characters: bool = False  # wrapped by character count, not display width


def read(lines) -> Layout:
    """Read the layout of lines (a file's text lines, with .text, .width,
    .gap_before, .indent and .ends: ends a sentence), and set each line's .column and .tolerance:
    the width of the column around it and how ragged that column is; and,
    where the file hangs punctuation, each line's .hung: the width of the
    punctuation it ends on, which sits past the column's edge."""
    by_characters = _counted_by_characters(lines)
    if by_characters:
        for line in lines:
            line.width = line.chars
    wrapped = _wrapped([line for line in lines if line.width > 0])
    hangs = False
    if wrapped:
        _columns(lines, wrapped)
        hangs = _hangs(lines)
        for line, after in zip(lines, lines[1:]):
            # (most lines fill the column: the cheap test first)
            if line.width - line.hung < line.column and breaks.pushed(line, after, by_characters, hangs):
                line.pushed = True
    gaps = [line.gap_before > 0 for line in lines[1:]]
    share = sum(gaps) / len(gaps) if gaps else 0
    blank = "none" if share < 0.05 else "every" if share > 0.75 else "separators"
    indents = sum(line.indent for line in lines)
    if wrapped:
        # (long paragraphs in a narrow column indent fewer lines than the share: half the lines
        # that end a sentence will do, most paragraphs ending on one)
        share = min(INDENTED_SHARE * len(lines), max(2, 0.5 * sum(line.ends for line in lines)))
        indented = share <= indents < len(lines)
    else:
        indented = indents > 0
    # A paragraph per line: how wide its paragraphs run, to tell subheadings by.
    ends = [] if wrapped else [line.width for line in lines if line.ends]
    parted = bool(wrapped) and blank == "separators" and _blocks_end(lines)
    return Layout(bool(wrapped), blank, indented, hangs, statistics.median(ends) if ends else 0.0, parted,
                  by_characters)


def _blocks_end(lines) -> bool:
    """Does the page prove that its blank lines part paragraphs and that its blocks (runs of
    lines between blank lines) hold whole ones? It does when no line inside a block stops short
    of the column (a block's first line may be short by its indent), and the blocks end where a
    paragraph may end (breaks.may_end), all but a few misfits: a caption or a page marker taken
    out of a paragraph leaves a block ending on a full line cut mid-sentence, a ragged column
    read from a few lines may leave a line inside a block short of it."""
    blocks = misfits = 0
    for i, (line, after) in enumerate(zip(lines, lines[1:] + [None])):
        own = i == 0 or line.gap_before  # a block's first line
        if after is not None and not after.gap_before:
            if not (breaks.fills(line) or breaks.cut(line)
                    or (own and line.width >= line.column - line.tolerance - FIRST_LINE_SHORT)):
                misfits += 1  # a line stops short inside a block: a paragraph may end there
            continue
        blocks += 1
        if after is not None and after.text.startswith(breaks.CONTINUATION):
            misfits += 1
        elif not (breaks.may_end(line) or (own and (line.width > line.column + line.tolerance
                                                      or not _CLAUSE_MARK.search(line.text)))):
            misfits += 1  # (a line of its own wider than the column, or holding no clause mark: a heading)
    return blocks >= PROOF_BLOCKS and misfits <= max(1, PROOF_MISFITS * blocks)


def _counted_by_characters(lines) -> bool:
    """Was the file wrapped by character count (an editor's or `fold`'s wrap) rather than by
    display width? Lines cut mid-sentence that hold digits or Latin letters tell: wrapped by
    count, most of them hold one of two numbers of characters (a full line, a first line short
    by its indent) and their display widths scatter; wrapped by display width, it is the other
    way round (at a line's end a wide character that does not fit leaves half a cell empty)."""
    chars, widths = collections.Counter(), collections.Counter()
    for line in lines:
        if line.chars > line.width and line.text[-1:].isalnum():
            chars[line.chars] += 1
            widths[math.ceil(line.width)] += 1
    if sum(chars.values()) < 2:
        return False
    # (as many either way, as in a short file: the count most of them share, or the width)
    return (sum(n for _, n in chars.most_common(2)), chars.most_common(1)[0][1]) > (
        sum(n for _, n in widths.most_common(2)), widths.most_common(1)[0][1])


def _trailing(text: str) -> int:
    """How many marks that may not open a line the text ends on."""
    return len(text) - len(text.rstrip(HANGING))


def _hangs(lines) -> bool:
    """Print that hangs punctuation shows lines running past the column by
    exactly the marks they end on, and hardly a line opening with one; naive
    wrapping opens lines with them."""
    over = sum(1 for line in lines
               if line.width > line.column + 0.5 >= line.width - _trailing(line.text))
    opening = sum(1 for line in lines if line.text.startswith(_OPENS_CUT))
    if over < max(2, HUNG_SHARE * len(lines)) or opening > over / 4:
        return False
    for line in lines:
        line.hung = _trailing(line.text)
    return True


def _wrapped(lines) -> float:
    """The widest common width when the lines are wrapped, else 0."""
    widths = [line.width for line in lines]
    if len(widths) < 3:
        return 0
    # The widest width that several lines share (a headline may be wider), and that another line
    # reaches too where one does (not a headline above a column of lines two characters narrower).
    common = max(2, 0.2 * len(widths))
    ordered = sorted(widths)
    # (read from the widest down, only as far as needed: most files find it among their widest lines)
    shared = (w for w in reversed(ordered)
              if bisect.bisect_right(ordered, w + 0.5) - bisect.bisect_left(ordered, w - 2.5) >= common)

    def reached(w):
        return bisect.bisect_right(ordered, w + 0.5) - bisect.bisect_left(ordered, w - 1) >= 2

    first = next(shared, 0)
    widest = first if reached(first) else next((w for w in shared if reached(w)), first)
    if not widest or widest > WIDEST_COLUMN + 1.5 or (len(widths) < 5 and widest > NARROW):
        return 0
    if sum(1 for w in widths if w > widest + 1.5) > OVER_SHARE * len(widths):
        return 0  # most lines run past it
    near = [line for line in lines if 0.7 * widest <= line.width <= widest + 1.5]
    if len(near) < WRAPPED_SHARE * len(widths):
        return 0
    # Wrapped lines stop anywhere; a paragraph per line stops at the end of a sentence.
    long = near
    if sum(1 for line in long if not line.ends) < CUT_SHARE * len(long):
        return 0
    return widest


def _columns(lines, widest):
    """Lines cut inside a sentence, after a line that was cut near the column's
    edge too, are the middle of a paragraph: they fill the column, as ragged
    as it is (digits, Latin letters and compressed punctuation are narrower).
    A short line ending on a character is a heading, and the line after it a
    paragraph's first line, short by its indent."""
    half = 0.5 * widest
    # (a line cut inside a sentence ends on a character or number, not on punctuation)
    middle = [(i, line.width) for i, (before, line) in enumerate(zip(lines, lines[1:]), start=1)
              if line.width >= half and line.text[-1:].isalnum() and before.text[-1:].isalnum()
              and before.width >= FULL_BEFORE * line.width and not _LATIN.search(line.text)]
    if len(middle) < 3:  # a short text: the widest lines are the full ones
        middle = [(i, line.width) for i, line in enumerate(lines) if widest - 1 <= line.width <= widest + 1.5]
    at = [i for i, _ in middle]
    read = _windows([w for _, w in middle])
    segments = _segments([w for _, w in middle], read)
    first = 0
    for (lo, hi), end in zip(segments, _stretches(lines, middle, segments, read)):
        # Within a stretch the column drifts slowly: read it once every few
        # lines from the middle lines near them, in the stretch only.
        for start in range(first, end, STEP):
            a = max(lo, bisect.bisect_left(at, start - NEAR))
            b = min(hi, bisect.bisect_right(at, start + STEP + NEAR))
            column = read(a, b) if b - a >= LOCAL else read(lo, hi)
            for line in lines[start:min(start + STEP, end)]:
                line.column, line.tolerance = column
        first = end


def _windows(widths):
    """_column of widths[lo:hi], read once for each window: the window after
    one point is the window before another, and neighbouring lines share one."""
    read = {}

    def column(lo, hi):
        if (lo, hi) not in read:
            read[lo, hi] = _column(tuple(sorted(widths[lo:hi])))
        return read[lo, hi]
    return column


def _segments(widths, column):
    """Split the middle lines' widths where the column changes (a page dump
    holds columns of several widths): where the column read from the LOCAL
    middle lines before a point and the one read from those after it lie
    outside each other's tolerance, at the point that parts them best.
    column: _windows(widths)."""
    cuts, run = [], []
    for k in range(STRETCH, len(widths) - STRETCH + 1):
        left, right = column(max(0, k - LOCAL), k), column(k, k + LOCAL)
        if abs(left[0] - right[0]) > max(left[1], right[1]) + 1:
            before, after = widths[max(0, k - LOCAL):k], widths[k:k + LOCAL]
            # How far the lines next to the point lie from their column, a stray headline no more than a misfit
            spread = (sum(min(abs(w - left[0]), 3) for w in before[-STRETCH:])
                      + sum(min(abs(w - right[0]), 3) for w in after[:STRETCH]))
            run.append((spread, k))
        elif run:  # the end of a run of points the columns differ across: cut where they fit best
            cuts.append(min(run)[1])
            run = []
    if run:
        cuts.append(min(run)[1])
    bounds = [0] + cuts + [len(widths)]
    return list(zip(bounds, bounds[1:]))


def _stretches(lines, middle, segments, column):
    """Where each stretch of one column width ends (a line index). Between the
    last middle line of one stretch and the first of the next, the lines
    belong to the narrower column unless too wide for it; a change to a
    narrower column comes at a paragraph's first line. column: _windows of the middle lines' widths."""
    ends = []
    for (lo, hi), (nlo, nhi) in zip(segments, segments[1:]):
        this, after = column(lo, hi), column(nlo, nhi)
        gap = range(middle[hi - 1][0] + 1, middle[nlo][0])
        if after[0] < this[0]:
            wide = [i for i in gap if lines[i].width > after[0] + after[1] + 1]
            end = wide[-1] + 1 if wide else gap.start
            end = next((i for i in range(end, gap.stop) if lines[i].gap_before or lines[i].indent), end)
        else:
            end = next((i for i in gap if lines[i].width > this[0] + this[1] + 1), gap.stop)
        ends.append(end)
    return ends + [len(lines)]


@functools.lru_cache(maxsize=1 << 14)
def _column(ordered: tuple):
    """The column's width and tolerance from its lines' widths, sorted (a tuple: cached, as most
    windows of a clean column hold the same few widths): at a ragged edge, the widest of the widths its lines
    commonly break at and how far below it they reach; otherwise the median and (from the median
    deviation) how far lines spread about it. statistics.median, written out: read every few lines
    of every file, its checks cost more than the sorts."""
    half, odd = len(ordered) // 2, len(ordered) % 2
    centre = ordered[half] if odd else (ordered[half - 1] + ordered[half]) / 2
    if ordered[0] == ordered[-1]:
        return centre, 1.0  # every line as wide: a clean column
    counts = {w: len(list(run)) for w, run in itertools.groupby(ordered)}
    # A ragged edge: lines break a character or two short of the column, as many at each width,
    # none between them missing (not full lines and first lines short by an indent) and none
    # wider than the edge (type set justified spreads both ways from its column).
    common = max(2, RAGGED_SHARE * len(ordered))
    frequent = [w for w, n in counts.items() if n >= common and abs(w - centre) <= RAGGED]
    if (frequent and frequent[-1] - frequent[0] < len(frequent)
            and sum(counts[w] for w in frequent) >= RAGGED_COVER * len(ordered)
            and not any(frequent[-1] < w <= centre + RAGGED for w in counts)):
        return frequent[-1], max(1.0, frequent[-1] - frequent[0])
    if counts.get(centre, 0) > half:
        return centre, 1.0  # most lines exactly as wide (a clean column): the median deviation is 0
    deviations = sorted([abs(w - centre) for w in ordered])
    spread = deviations[half] if odd else (deviations[half - 1] + deviations[half]) / 2
    return centre, max(1.0, 2.5 * spread)
