"""Lay true paragraphs out the way raw files arrive: web pages, reports that open
with a timestamp line, and columns hard-wrapped at a fixed width.

Used to measure paragraph reconstruction (`zh-news eval paragraphs`):
each layout is a function of one article and a random.Random, so a seed gives
the same files every time.

Column layouts are as wide as real pages: a column of 8-40, its width band
drawn first (8-11, 12-16, 17-24, 25-40) so that every band is measured alike;
counted by display width (print, where a Latin letter or digit is half a
cell) or by character count (text editors, `fold`, many exports, where a line
full of digits looks short); the first line of a paragraph two characters in,
its indent written `　　`, two or four ASCII spaces, or lost; lines broken
naively or with punctuation hung at the end of a line; a clean right edge, or
the ragged one that line-breaking rules leave (a mark that may not open a
line goes down with the character before it, no line ends on an opening
mark, a run of digits or Latin letters is not parted); OCR spaces in 0-5% of
characters, at a line's ends too; and, beside the layout's own blank lines
(none, between paragraphs, after every line), random extra ones. A page dump
often changes column width within one file: the columns layout sets every few
paragraphs in a new width.
"""
import random

from ..ingest.clean import visual_width
from ..ingest.layout.breaks import UNBROKEN
from ..text.characters import FULL_STOPS, NO_LINE_START

LAYOUTS = ("web", "timestamp", "blank", "every", "indent")
# Measured on request (`--layout columns`), not in the default table: a new
# column width every few paragraphs is harsher than most pages.
EXTRA_LAYOUTS = ("columns",)
PUBLISHERS = ("新民晚报", "宁夏日报", "人民网", "新华网", "河北法制报", "大众日报", "南方日报", "央视新闻",
              "濮阳日报", "平安时报", "市公安局", "县人民政府办公室")
EDITORS = ("王琳", "李建国", "张晓", "刘洋", "陈思远", "赵敏")
CAPTIONS = ("图为活动现场。", "图为民警在社区开展防范宣传。", "图为工作人员正在核对信息", "上图：志愿者为居民配送物资",
            "图为施工现场", "图：医护人员在病房内忙碌。")
CHROME = ("【字号：加大 还原 减小】", "下载 打印 全屏 收藏", "【字号：大 中 小】 打印本页 关闭窗口", "分享到：",
          "[打印本页] [关闭窗口]", "【我要纠错】")
_NO_LINE_START = set(NO_LINE_START)
_SENTENCE_END = tuple(FULL_STOPS + "”")


def _stamp(rng, date: str, publisher: str) -> str:
    """A timestamp line as sites and report archives print it."""
    y, m, d = (int(x) for x in date.split("-"))
    hh, mm, ss = rng.randrange(24), rng.randrange(60), rng.randrange(60)
    return rng.choice((
        f"{y}年{m:02d}月{d:02d}日 {hh:02d}:{mm:02d}:{ss:02d} 来源： {publisher}",
        f"{y}-{m}-{d} {hh}:{mm:02d}:{ss:02d}",
        f"时间：{y}-{m:02d}-{d:02d}",
        f"发布时间：{y}-{m:02d}-{d:02d} {hh:02d}:{mm:02d}  来源：{publisher}",
        f"{y}-{m:02d}-{d:02d} {hh:02d}:{mm:02d}  来源：{publisher}  作者：{rng.choice(EDITORS)}",
        f"{y}年{m}月{d}日 {'一二三四五六日'[rng.randrange(7)].join(('星期', ''))}",
    ))


def _source_lines(rng, date, publisher) -> list:
    lines = [_stamp(rng, date, publisher)]
    if rng.random() < 0.4:
        lines.append(rng.choice((f"来源：{publisher}", f"作者：{rng.choice(EDITORS)}", f"来源：{publisher} 作者：{rng.choice(EDITORS)}")))
    return lines


BANDS = ((8, 11), (12, 16), (17, 24), (25, 40))  # column widths, measured band by band
INDENTS = ("　　", "  ", "    ")
OCR_RATES = (0, 0, 0.01, 0.02, 0.03, 0.05)


def band(width: int) -> str:
    """The width band a column width falls in, `12-16`; `-` for a page that is not wrapped."""
    return next((f"{lo}-{hi}" for lo, hi in BANDS if lo <= width <= hi), "-")


def _ocr(rng, text: str, rate: float) -> str:
    """Stray OCR spaces: around numbers, after punctuation, now and then between
    characters, and at either end of the line."""
    if not rate:
        return text
    out = [" "] if rng.random() < rate else []
    for i, c in enumerate(text):
        out.append(c)
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if not nxt:
            continue
        if (c.isdigit() != nxt.isdigit() and not (c.isascii() and nxt.isascii())) or c in "，。：":
            if rng.random() < 4 * rate:
                out.append(" ")
        elif rng.random() < rate:
            out.append(" ")
    if rng.random() < 4 * rate:
        out.append(" ")
    return "".join(out)


def wrap(text: str, width: int, first: int, hang: bool, *, chars: bool = False, rules: bool = False) -> list:
    """Break text into lines of `width` display columns, the first `first` wide.
    hang: punctuation that may not open a line hangs at the end of the one before;
    chars: count every character as a whole column (an editor's or `fold`'s wrap);
    rules: break by line-breaking rules, not anywhere: a mark that may not open a line goes
    down with the character before it (unless it hangs), an opening mark with the character
    after it, and a run of digits or Latin letters whole, so lines break early (a ragged edge)."""
    def measure(piece):
        return len(piece) if chars else sum(visual_width(c) for c in piece)

    lines, line, used = [], [], 0.0
    limit = first
    for unit in (UNBROKEN.findall(text) if rules else text):
        w = measure(unit)
        # (hung marks sit past the edge: only what comes before them must fit)
        fit = measure(unit.rstrip(NO_LINE_START) or unit) if hang else w
        if used + fit > limit and line and not (hang and not rules and unit in _NO_LINE_START):
            lines.append("".join(line))
            line, used, limit = [], 0.0, width
        if fit > limit and not line:  # a run wider than the column: parted as a naive wrap would
            pieces = wrap(unit, limit, limit, hang, chars=chars)
            lines += pieces[:-1]
            unit, w, limit = pieces[-1], measure(pieces[-1]), width
        line.append(unit)
        used += w
    if line:
        lines.append("".join(line))
    return lines


def _width(rng) -> int:
    lo, hi = rng.choice(BANDS)
    return rng.randint(lo, hi)


def _column(rng, article, layout):
    width = _width(rng)
    hang = rng.random() < 0.5
    chars = rng.random() < 0.5
    rules = rng.random() < 0.5  # broken by line-breaking rules: a ragged edge
    rate = rng.choice(OCR_RATES)
    if layout == "indent":
        indent = rng.choice(INDENTS)
    else:
        indent = rng.choice(INDENTS + ("", "", ""))
    extra = rng.random() < 0.3  # random extra blank lines
    paragraphs = article["paragraphs"]
    out = []
    if rng.random() < 0.3:
        out += [_stamp(rng, article["date"], article.get("publisher") or rng.choice(PUBLISHERS)), ""]
    out += [article["title"], ""]
    caption_at = rng.randrange(len(paragraphs)) if rng.random() < 0.3 else -1
    marker_at = rng.randrange(len(paragraphs)) if rng.random() < 0.2 else -1
    for n, paragraph in enumerate(paragraphs):
        if layout == "columns" and n and rng.random() < 0.35:
            width = _width(rng)  # the next block of the page, in a column of its own
        lines = [_ocr(rng, line, rate)
                 for line in wrap(paragraph, width, width - 2, hang, chars=chars, rules=rules)]
        lines[0] = indent + lines[0].lstrip(" ")
        drops = {}
        inside = [k for k in range(1, len(lines)) if not lines[k - 1].rstrip().endswith(_SENTENCE_END)]
        if n == caption_at and inside:
            drops[rng.choice(inside)] = rng.choice(CAPTIONS)
        if n == marker_at and inside:
            drops[rng.choice(inside)] = f"({rng.choice('上下')}接0{rng.randint(1, 8)}版)"
        for k, line in enumerate(lines):
            if k in drops:
                # A caption or marker set off by blank lines, except in a column without any.
                out += [drops[k]] if layout == "indent" else ["", drops[k], ""]
            out.append(line)
            if layout == "every":
                out.append("")
            if extra and rng.random() < 0.03:
                out.append("")  # a stray blank line (a page's end, a scan's gap)
        if layout in ("blank", "columns"):
            out.append("")
    settings = {"width": width, "counted": "chars" if chars else "display", "hang": hang, "rules": rules,
                "ocr": rate, "indent": indent, "extra blank lines": extra}
    return "\n".join(out).rstrip("\n") + "\n", settings


def _web(rng, article) -> str:
    publisher = article.get("publisher") or rng.choice(PUBLISHERS)
    indent = "　　" if rng.random() < 0.3 else ""
    out = [article["title"]]
    out += _source_lines(rng, article["date"], publisher)
    out += rng.sample(CHROME, rng.randint(1, 2))
    out += [indent + p for p in article["paragraphs"]]
    if rng.random() < 0.7:
        out.append(rng.choice((f"责任编辑：{rng.choice(EDITORS)}", f"【我要纠错】 责任编辑：{rng.choice(EDITORS)}",
                               f"编辑：{rng.choice(EDITORS)}")))
    if rng.random() < 0.4:
        out.append(rng.choice(CHROME))
    return "\n".join(out) + "\n"


def _timestamp(rng, article) -> str:
    publisher = article.get("publisher") or rng.choice(PUBLISHERS)
    out = [_stamp(rng, article["date"], publisher), "", article["title"], ""]
    for p in article["paragraphs"]:
        out += [p, ""]
    return "\n".join(out)


def lay_out(article: dict, layout: str, seed: int = 0) -> str:
    """The raw text of one article ({"title", "date", "paragraphs", ...}) in one layout."""
    return laid_out(article, layout, seed)[0]


def laid_out(article: dict, layout: str, seed: int = 0) -> tuple:
    """(raw text, settings) of one article in one layout: settings says how a column was set
    (width, how it was counted, hanging, raggedness, OCR rate, indent, extra blank lines), {} for a page
    that is not wrapped."""
    rng = random.Random(f"{seed}/{layout}/{article.get('source')}/{article.get('id')}")
    if layout == "web":
        return _web(rng, article), {}
    if layout == "timestamp":
        return _timestamp(rng, article), {}
    if layout in ("blank", "every", "indent", "columns"):
        return _column(rng, article, layout)
    raise ValueError(f"unknown layout {layout!r}; layouts: {', '.join(LAYOUTS + EXTRA_LAYOUTS)}")
