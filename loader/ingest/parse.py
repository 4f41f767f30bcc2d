"""Rebuild articles and paragraphs from a raw newspaper-page dump.

The dumps mix hard-wrapped body text, headings, bylines, picture captions,
page markers and metadata lines. The file's layout is read first
(layout.reading); then, line by line, layout.breaks decides whether a line
continues the paragraph above, layout.kinds sets metadata and chrome apart,
and the rules here tell headings, bylines and captions from text.
"""
import re
from dataclasses import dataclass, field

from .clean import (
    ends_sentence,
    has_sentence_punctuation,
    is_cjk,
    join_lines,
    squash_spaces,
    visual_width,
)
from .layout import breaks, reading
from .layout.kinds import BARE_DATE, CLOCK_OPENS, PAGE_MARKER, heading_number, line_kind, numbered
from ..text.characters import (
    CLAUSE_MARKS,
    COLONS,
    COMMA,
    HAN,
    NAME,
    PAUSES,
    SEMICOLONS,
    SENTENCE_ENDS,
    SOURCE_LABELS,
    STOPS,
    alternation,
)

# `□ 本报记者 李文秀`, `记者 王琳 通讯员 张晓`, `文图 王絮冬 薛树旺`: names, not a sentence (`记者从…获悉`).
_NAMES = NAME + r"(?:\s+(?:(?:本报)?(?:记者|通讯员)\s*)?" + NAME + ")*"
# `记者 张三`, `文/图 李四`, `文|王一然 编辑|王珊`, `记者/ 李佳楠 实习记者/ 陈威敬`: credit lines
BYLINE = re.compile(rf"^(□\s*\S.*|(本报)?(特约)?(实习)?(记者|通讯员)[\s:：|｜/]*{_NAMES}|"
                    rf"(文图|图文|文/图|图、文|摄影|撰文|文|图)\s*[\s:：|｜/]\s*\S.*)$")
BYLINE_CHARS = 40
_ROLE = re.compile(r"(?:本报|特约|实习|记者|通讯员)")  # a credit's next name opens with its role
HEADLINE = "## "
_WORD = re.compile(r"\w")
_ASCII = re.compile(r"[\x00-\x7f]")
_ASCII_MARKS = re.compile(r"[,;:!?()](?![0-9A-Za-z])")
_SENTENCE_MARK = re.compile(f"[{CLAUSE_MARKS}]")
# Marks of running prose, that a heading has none of; and every mark inside a sentence.
_PROSE_MARK = re.compile(f"[{COMMA}。{SEMICOLONS}{COLONS}]")
_PAUSE = re.compile(f"[{PAUSES}]")
_ENDS_ON_PAUSE = re.compile(f"[{PAUSES}]$")
# Digits, Latin words and marks a short heading in a wrapped column has none of.
_WORDS_OR_STOPS = re.compile(f"[0-9A-Za-z{SEMICOLONS}{COLONS}、。]")
# Two phrases a space parts: `打防并举 守护万家灯火`.
_PHRASE_BREAK = re.compile(f"[{HAN}”」》]" + r"\s+" + f"[{HAN}“「《]")
LABEL_MARKS = "■●◆▲★▼◇□"
# How a formal document ends, not a caption: its date (`二〇〇四年九月二十三日`), a note in brackets
# (`（此件公开发布）`, `（本文有删减）`), or the body that signs it (`上海市人民政府`, `中共上海市委`).
_NUMERAL = "[〇零一二三四五六七八九十0-9０-９]"
_CLOSING_LINE = re.compile(rf"{_NUMERAL}{{2,4}}年{_NUMERAL}{{1,2}}月{_NUMERAL}{{1,3}}日$|[（(][^（）()]*[)）]$"
                           r"|^\S{2,20}(?:人民政府|委员会|[省市区县]委|办公厅|办公室)$")
_STOP_OR_COLON = re.compile(f"[{STOPS}{COLONS}]")
# Where a numbered paragraph stops being read as a heading to end at a short line: a sentence's or a
# clause's end, or a comma (in the formal corpus one numbered heading in eight holds a comma).
_NOT_IN_HEADING = re.compile(f"[{STOPS}{COLONS}{COMMA}]")
HEADING_LENGTH = 60  # characters: a numbered paragraph this long with no full stop is a heading
CAPTION_PREFIX = ("图为", "图：", "图:", "上图", "下图")
# A photo's credit, that ends its caption: `高展 摄`, `摄影：罗珺 马寒玉`, `（资料图）南如卓玛 摄`. Pages
# glue the story on after it (`…分发服装。摄影：罗珺 马寒玉8月21日，随着…`): the credit's end is the
# caption's end. Names end where a space and 摄 or a character no name holds follows them.
_CREDIT_NAMES = rf"{NAME}(?:\s+{NAME})*"
_SHOT = r"(?<![拍航])摄(?![影像制于氏取入])"  # not 拍摄, 摄影师, 摄像, 摄于, 摄氏, 摄入
_CREDIT = re.compile(rf"\s*(?:[（(]资料图[)）]\s*)?(?:摄影\s*[：:]\s*{_CREDIT_NAMES}(?=[^{HAN}\s·])"
                     rf"|{_CREDIT_NAMES}\s+{_SHOT})[)）]?")
# Under `图为…` a credit may also be glued to its name (`赵延摄`) or be an agency's
# (`中国农业大学峰云社供图`, `图由受访者提供`, after the caption's sentence).
_PREFIXED_CREDIT = re.compile(rf"{_SHOT}[)）]?|(?<=[{SENTENCE_ENDS}）)])[^{CLAUSE_MARKS}]{{2,16}}?(?:供图|提供)")
CAPTION_CHARS = 80  # a caption's sentence and credit: where a glued story's text is looked past
# A line opening `图为` this long, with two sentences and no credit, is a story's paragraph.
PARAGRAPH_CHARS = 120
_FULL_STOP = re.compile(f"[{SENTENCE_ENDS}]")


@dataclass
class Paragraph:
    kind: str  # body, heading, byline, caption, marker, meta
    text: str


@dataclass
class Article:
    paragraphs: list = field(default_factory=list)
    headline_index: int = -1  # index of a "## " headline, when there is one

    @property
    def title(self) -> str:
        return article_title(self)

    def has_body(self) -> bool:
        return any(p.kind == "body" for p in self.paragraphs)


@dataclass(slots=True)
class _Line:
    raw: str
    text: str  # OCR spaces removed
    width: float  # visual width of text
    gap_before: int  # blank lines before it
    gap_after: int
    block_size: int  # lines in its run of non-blank lines
    indent: bool  # opens with spaces or ideographic spaces
    chars: float = 0.0  # width counting every character as a whole one, as naive wrapping does
    column: float = 0.0  # width of the column around it, when the file is wrapped
    tolerance: float = 0.0  # how far short of the column a line may end and still fill it
    hung: float = 0.0  # width of the punctuation it ends on, when the file hangs it past the column
    ends: bool = False  # ends a sentence (clean.ends_sentence), asked of most lines several times
    pushed: bool = False  # stops short because line-breaking rules sent its next piece down (reading.read)


def parse_lines(text: str) -> list:
    """The text lines of a raw file, measured (width with OCR spaces removed, indent, blank lines around)."""
    out, gap = [], 0
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if not line or line.isspace():
            gap += 1
            continue
        text = squash_spaces(line)
        # An indent takes its place in the column: `　　` is two characters wide.
        lead = line[:len(line) - len(line.lstrip())] if line[0].isspace() else ""
        if lead == " ":
            lead = ""  # one ASCII space is an OCR space, not an indent (two or four are, or `　`)
        indent = min(4.0, lead.count("\u3000") + 0.5 * (len(lead) - lead.count("\u3000"))) if lead else 0.0
        if _ASCII.search(text):
            # ASCII punctuation in Chinese text stands for full-width marks (OCR reads `，` as `,`).
            width = visual_width(text) + 0.5 * len(_ASCII_MARKS.findall(text))
            chars = len(text) - text.count(" ")
        else:  # most lines: wide characters only, each a column wide
            width = chars = len(text)
        if "\u3000" in line:
            # `第一章　总则`: an ideographic space inside a line takes its cell (not an OCR space)
            inner = line.strip().count("\u3000")
            width, chars = width + inner, chars + inner
        if out:
            out[-1].gap_after = gap
        out.append(_Line(line.rstrip(), text, width + indent, gap, 0, 0, bool(lead), chars + indent,
                         ends=ends_sentence(text)))
        gap = 0
    if out:
        out[-1].gap_after = 99
    start = 0  # the first line of the run of non-blank lines being read
    for i in range(1, len(out) + 1):
        if i == len(out) or out[i].gap_before:
            for line in out[start:i]:
                line.block_size = i - start
            start = i
    return out


def caption_end(raw: str) -> int:
    """Where the caption a line opens with ends, when the story's text is glued on after its
    credit (`图为…。高展 摄山清水秀，…`, `…分发服装。摄影：罗珺 马寒玉8月21日，…`); 0 when it does not."""
    if raw.startswith(CAPTION_PREFIX):
        found = [m for m in (_PREFIXED_CREDIT.search(raw, 0, CAPTION_CHARS), _CREDIT.search(raw, 0, CAPTION_CHARS))
                 if m]
        end = min((m.end() for m in found), default=0)
    elif "摄" not in raw:
        return 0  # (every credit holds 摄: most lines have none)
    else:  # a caption with no 图为: its one sentence, a credit right after it
        stop = _FULL_STOP.search(raw, 0, CAPTION_CHARS)
        m = stop and _CREDIT.match(raw, stop.end())
        end = m.end() if m else 0
    rest = raw[end:].strip()
    return end if end and len(rest) >= 10 and _PROSE_MARK.search(rest) else 0


def is_caption(text: str) -> bool:
    """A line opening 图为, 上图…, unless it runs on as a story's paragraph does."""
    return text.startswith(CAPTION_PREFIX) and not (
        len(text) > PARAGRAPH_CHARS and len(_FULL_STOP.findall(text)) >= 2 and not _CREDIT.search(text[-20:]))


def _split_captions(lines) -> tuple:
    """The lines with each caption that has the story glued on after it (caption_end) made a
    line of its own; and the indexes of those captions."""
    out, captions = [], set()
    for line in lines:
        raw = line.raw.strip()
        end = caption_end(raw) if len(raw) > 10 else 0
        if not end:
            out.append(line)
            continue
        caption, story = parse_lines(raw[:end])[0], parse_lines(raw[end:].strip())[0]
        caption.gap_before, caption.gap_after = line.gap_before, 0
        story.gap_before, story.gap_after = 0, line.gap_after
        caption.block_size = story.block_size = line.block_size + 1
        captions.add(len(out))
        out += [caption, story]
    return out, captions


def is_byline(text: str) -> bool:
    """A paragraph that is a credit line: `记者 张三`, `文/图 李四` (BYLINE), short."""
    squashed = " ".join(text.split())
    return len(squashed) <= BYLINE_CHARS and bool(BYLINE.match(squashed))


# `来源：人民网-文化频道`, `来源：央视网　2025年02月14日`: where the story was first published.
SOURCE_LABEL = re.compile(alternation(SOURCE_LABELS) + r"\s*[：:]\s*")
# In a text, a line that starts with the label or has it after a space (`2019年06月15日08:18 来源：人民网`),
# not inside a sentence (`数据来源：国家统计局`); a line this short.
_CREDIT_LINE = re.compile(r"(?:^|\s)" + SOURCE_LABEL.pattern)
CREDIT_LINE_CHARS = 80
_DATE_AFTER_NAME = re.compile(r"(?:19|20)\d{2}\s*[-/.年].*$|[，,。；;].*$")


def source_name(text: str) -> str | None:
    """The name a 来源 label gives: `来源：人民网-文化频道 原创稿` -> 人民网-文化频道,
    `来源：央视网2025年02月14日` -> 央视网; None when it gives none."""
    words = SOURCE_LABEL.sub("", text.replace("\xa0", " ")).split()
    return _DATE_AFTER_NAME.sub("", words[0]).strip() or None if words else None


def credited_source(lines) -> str | None:
    """The source the first credit line among a text's lines names, or None."""
    for line in lines:
        m = len(line) < CREDIT_LINE_CHARS and _CREDIT_LINE.search(line)
        name = m and source_name(line[m.end():])
        if name:
            return name
    return None


def _is_spaced_heading(raw: str) -> bool:
    """`全 力 打 造 平 安` — a headline set letter-spaced, with no digits or punctuation."""
    parts = raw.split()
    return len(parts) >= 3 and all(len(p) <= 2 and all(is_cjk(c) for c in p) for p in parts)


def _is_headline_shaped(raw: str) -> bool:
    """`打防并举 守护万家灯火` — phrases separated by spaces, no sentence punctuation."""
    text = raw.strip()
    if visual_width(text) > 30 or _SENTENCE_MARK.search(text):
        return False
    phrases = text.split()
    return len(phrases) >= 2 and all(len(p) >= 2 for p in phrases) and bool(
        _PHRASE_BREAK.search(text))


def heading_text(raw: str) -> str:
    """Headings and bylines keep the spaces between their phrases."""
    if _is_spaced_heading(raw):
        return squash_spaces(raw)
    return " ".join(squash_spaces(part) for part in raw.split())


def _stands_alone(layout, line, following, headline=False) -> bool:
    """A line in a block of its own. Where a blank line follows every line, that says
    nothing: below the headline (the first line of text), a line that runs to the column's
    edge, or opens an indented paragraph, with text going on below it, is not alone."""
    if line.block_size != 1:
        return False
    if layout.blank != "every" or following is None or headline:
        return True
    if layout.indented:
        return not (line.indent and not following.indent)
    return not (breaks.fills(line) or breaks.cut(line))


def _kind(lines, i, layout, in_paragraph, before_body, following, above_meta=False, article=None) -> str:
    """following: the next line of text, past captions, markers and metadata;
    above_meta: the next line is a metadata line (来源：… 时间：…);
    article: the article the line falls in (after a headline, a subtitle may follow)."""
    line = lines[i]
    text = line.text
    if PAGE_MARKER.match(text):
        return "marker"
    if not _WORD.search(text):
        return "ornament"
    if is_caption(text) or (
        not before_body and line.block_size == 1 and line.gap_before >= 2 and not line.ends
        # (in a column with a blank line after every line, a stray one may fall before a line of text:
        # a caption is set off by more blank lines after it too, text after them, or is a photo's credit)
        and (layout.blank != "every" or not layout.wrapped or (line.gap_after >= 2 and following is not None)
             or _CREDIT.search(text))
        and not numbered(text)
        and not (following and (following.text.startswith(breaks.CONTINUATION) or breaks.runs_on(text, following.text)))
    ):
        return "caption"
    if in_paragraph:
        return "text"  # the layout says the paragraph goes on: no heading or byline starts here
    if following and following.text.startswith(breaks.CONTINUATION):
        return "text"  # the next line opens with a mark cut from this one
    if len(text) <= BYLINE_CHARS and BYLINE.match(" ".join(line.raw.split())) and not (
            layout.wrapped and breaks.opens(layout, line, following)):
        return "byline"  # (not `记者：前两场…`, a first line short by its indent with a full line below)
    if before_body and above_meta and visual_width(text) <= 60 and not line.ends:
        return "heading"  # a web page's headline, its source and time line below it
    if line.ends and not text.startswith("—"):
        return "text"
    if numbered(text) and not (text.startswith("—") and (
            before_body or (article and article.paragraphs and article.paragraphs[-1].kind == "heading"))):
        # a heading if nothing ends a clause before its paragraph ends (flush, below); under a
        # headline, `——写在…之际` is its subtitle
        return "text"
    if text[0] in LABEL_MARKS or (text.startswith("—") and not has_sentence_punctuation(text)):
        return "heading"
    ends_block = following is None or line.gap_after > 0
    if layout.wrapped and breaks.opens(layout, line, following):
        return "text"  # a paragraph's first line, short by its indent, with a full line below
    if _is_spaced_heading(line.raw):
        return "heading"
    if layout.wrapped and not before_body and following is not None and breaks.cut(line):
        return "text"  # cut near the column's edge, OCR spaces or not: a heading does not fill the column
    if _is_headline_shaped(line.raw) and (ends_block or not _PROSE_MARK.search(following.text)) and not (
            following and breaks.runs_on(text, following.text)):
        return "heading"
    if before_body and not _PAUSE.search(text) and visual_width(text) <= 40 and (
        not layout.wrapped or _stands_alone(layout, line, following, headline=not (
            article and any(p.kind != "meta" for p in article.paragraphs)))
    ) and not (following and breaks.runs_on(text, following.text)):
        return "heading"
    if (following is None and not in_paragraph and not before_body and not has_sentence_punctuation(text) and line.width <= 40
            and not _CLOSING_LINE.match(text)):
        return "caption"  # a last line that ends no sentence: the photo's caption
    if not layout.wrapped:
        # Paragraph-per-line pages: a block of several short unpunctuated
        # lines is a two-line subheading.
        if line.block_size >= 2 and visual_width(text) <= 30 and not _PROSE_MARK.search(text):
            return "heading"
        return "text"
    if (
        not in_paragraph
        and line.gap_after >= 1
        and not _WORDS_OR_STOPS.search(text)
        and not _ENDS_ON_PAUSE.search(text)
        and len(line.raw.split()) <= 2  # letter-spaced OCR lines were justified to full width
        and text.count("，") + text.count(",") <= 1
        and line.width < breaks.nearly_full(line)
        and not (following and breaks.runs_on(text, following.text))
    ):
        return "heading"
    return "text"


def parse_text(text: str) -> list:
    """Split one raw file into articles of typed, cleaned paragraphs."""
    lines, captions = _split_captions(parse_lines(text))
    kinds = ["caption" if i in captions else line_kind(line.text) for i, line in enumerate(lines)]
    ended = False  # a line of text above has ended a sentence
    for i, line in enumerate(lines):
        if kinds[i] == "meta" and ((i + 1 < len(lines) and lines[i + 1].text.startswith(breaks.CONTINUATION))
                                   or (BARE_DATE.match(line.text) and (ended or (
                                       i + 1 < len(lines) and CLOCK_OPENS.match(lines[i + 1].text))))):
            # a date wrapped onto a line of its own, inside a sentence, or with the time of day after
            # it on the next line; a closing date
            kinds[i] = ""
        ended = ended or (not kinds[i] and line.ends)
    layout = reading.read([line for line, kind in zip(lines, kinds) if not kind])
    # The next line of text after each line, past captions, markers and metadata.
    following, after = [None] * len(lines), None
    for i in range(len(lines) - 1, -1, -1):
        following[i] = after
        if not kinds[i] and not is_caption(lines[i].text):
            after = lines[i]
    articles = [Article()]
    buffer = []  # lines of the paragraph being rebuilt
    quotes = [0]  # “ opened minus ” closed in the buffer
    heads = [False]  # the buffer is a numbered heading: `一、`, `（一）`... and no clause mark after the number
    held = []  # captions and markers that fell inside it
    last = None  # the buffer's last line
    credit = None  # the credit line just read and its last line, which the next line may finish
    seen = _Seen()

    def flush():
        article = articles[-1]
        if buffer:
            paragraph = squash_spaces(join_lines(buffer))
            kind = "body"
            if paragraph.endswith("——") and not has_sentence_punctuation(paragraph):
                kind = "heading"  # a lead-in kicker above the headline
            elif (len(paragraph) <= HEADING_LENGTH and heading_number(paragraph)
                  and not _STOP_OR_COLON.search(paragraph) and not paragraph.endswith(tuple(PAUSES))):
                kind = "heading"  # `一、总体要求`, `（三）加快建设现代化产业体系，推动高质量发展`
            article.paragraphs.append(Paragraph(kind, paragraph))
            buffer.clear()
            quotes[0] = 0
        article.paragraphs.extend(held)
        held.clear()

    for i, line in enumerate(lines):
        if line.text.startswith("##") and line.raw.lstrip().startswith(HEADLINE):
            flush()
            if articles[-1].has_body():
                articles.append(Article())
            article = articles[-1]
            article.headline_index = len(article.paragraphs)
            article.paragraphs.append(Paragraph("heading", heading_text(line.raw.lstrip()[len(HEADLINE):])))
            continue
        if kinds[i] in ("chrome", "ornament"):
            continue
        if kinds[i] == "caption":
            (held if buffer else articles[-1].paragraphs).append(Paragraph("caption", line.text))
            continue
        if kinds[i] == "meta":
            flush()
            articles[-1].paragraphs.append(Paragraph("meta", " ".join(line.raw.split())))
            continue
        article = articles[-1]
        if credit and not buffer and article.paragraphs and article.paragraphs[-1] is credit[0] and layout.wrapped and (
                breaks.fills(credit[1]) or breaks.cut(credit[1])):
            # A credit line that runs to the column's edge (`本报通讯员 甘力` / `心 记者 屠瑜`): the
            # next line finishes it while the two still read as one credit line.
            space = " " if credit[1].raw[-1:].isspace() or _ROLE.match(line.text) else ""
            joined = credit[0].text + space + heading_text(line.raw)
            if is_byline(joined):
                credit[0].text, credit = joined, (credit[0], line)
                continue
        credit = None
        if article is not seen.article or len(article.paragraphs) != seen.count:
            seen.read(article)
        before_body = not buffer and not seen.body_or_byline
        goes_on = bool(buffer) and breaks.continues(
            layout, last, line, following[i], prev_opens=len(buffer) == 1,
            prev_heads=len(buffer) == 1 and not seen.text, in_head=not seen.sentence, open_quote=quotes[0] > 0,
            heading=heads[0], after_heading=len(buffer) == 1 and bool(article.paragraphs)
            and not ends_sentence(article.paragraphs[-1].text), page=text)
        if goes_on and line.text.startswith(breaks.CONTINUATION):
            kind = "text"
        else:
            kind = _kind(lines, i, layout, goes_on, before_body, following[i],
                         above_meta=i + 1 < len(lines) and kinds[i + 1] == "meta",
                         article=None if buffer else article)
        if kind == "ornament":
            continue
        if kind in ("caption", "marker"):
            (held if buffer else articles[-1].paragraphs).append(Paragraph(kind, line.text))
            continue
        if kind in ("heading", "byline"):
            flush()
            articles[-1].paragraphs.append(Paragraph(kind, heading_text(line.raw)))
            credit = (articles[-1].paragraphs[-1], line) if kind == "byline" else None
            continue
        if buffer and not goes_on:
            flush()
        if not buffer:
            number = heading_number(line.text)
            heads[0] = bool(number) and not _NOT_IN_HEADING.search(line.text, number.end())
        elif heads[0] and _NOT_IN_HEADING.search(line.text):
            heads[0] = False
        buffer.append(line.text)
        quotes[0] += line.text.count("“") - line.text.count("”")
        last = line
    flush()
    return [a for a in articles if a.paragraphs]


class _Seen:
    """What an article's paragraphs so far hold, read once each as they are added."""

    def __init__(self):
        self.article, self.count = None, 0
        self.body_or_byline = self.text = self.sentence = False

    def read(self, article):
        if article is not self.article:
            self.__init__()
            self.article = article
        for p in article.paragraphs[self.count:]:
            self.body_or_byline |= p.kind in ("body", "byline")
            self.text |= p.kind != "meta"
            self.sentence |= p.kind == "body" and ends_sentence(p.text)
        self.count = len(article.paragraphs)


def article_title(article: Article) -> str:
    """The headline, with its subtitle where there is one."""
    paragraphs = article.paragraphs
    headings = [i for i, p in enumerate(paragraphs) if p.kind == "heading"]
    if not headings:
        return next((p.text for p in paragraphs if p.kind == "body"), "")[:30]

    def is_heading(i):
        return i < len(paragraphs) and paragraphs[i].kind == "heading"

    kickers = [i for i in headings if paragraphs[i].text.endswith("——") and is_heading(i + 1)]
    subtitled = [i for i in headings if is_heading(i + 1) and paragraphs[i + 1].text.startswith("—")]
    if article.headline_index >= 0:
        start = article.headline_index
    elif kickers:
        start = kickers[0] + 1
    elif subtitled:
        start = subtitled[0]
    else:
        start = headings[0]
    title = paragraphs[start].text
    subtitle = paragraphs[start + 1].text if is_heading(start + 1) else ""
    first = next((i for i, p in enumerate(paragraphs) if p.kind != "meta"), 0)  # below any timestamp line
    opens_article = start == first and article.headline_index < 0
    if subtitle.startswith("—") or (subtitle and opens_article):
        title += "——" + subtitle.lstrip("—－- ")
    return title
