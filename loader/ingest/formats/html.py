"""Saved web pages: the story alone, by trafilatura, with its own paragraphs.

trafilatura (made for news pages) finds the story among menus, share bars,
related links, comments and footers; with favor_precision it leaves out
lists of teasers that border the text. Its XML output keeps the page's own
<p>, <head> and <br> (<lb/>): each is a paragraph, never re-wrapped. The
title, date and URL come from the page's metadata (<meta>, JSON-LD, <time>,
visible dates: trafilatura's and htmldate's rules; the URL from
<link rel="canonical">, <base href> or og:url); a page with no URL there
gives the address it was saved from, where the saving tool wrote it in a
comment (saved_from). The source comes from a `source` meta tag, an element
whose class or id is `source`, or a 来源： line.
"""
import re

from ..decode import SkippedFile, decode
from ..layout.kinds import line_kind
from ..clean import ends_sentence
from ..parse import SOURCE_LABEL, caption_end, is_byline, is_caption, source_name
from ...text.characters import CLAUSE_MARKS, COLONS, TITLE_LABELS
from . import Problem, Record
from .fields import clean

# trafilatura turns U+00A0 into a space and drops private-use characters; a
# stand-in it keeps (the braille blank, never in Chinese news) keeps the reader's character.
_NBSP = re.compile(r"\xa0|&(?:nbsp|#160|#x0*a0);", re.IGNORECASE)
_STAND_IN = "\u2800"
# `法国全国大罢工再次严重影响交通-新华网`, `…_新浪新闻`, `… | 澎湃新闻`: the site's name after the headline.
_SITE_SUFFIX = re.compile(r"\s*[-_|｜—]+\s*[^-_|｜—\s]{2,12}$")
# A subheading: a short line with no mark of a clause (a closing colon allowed: `点评：`).
HEADING_CHARS = 24
_CLAUSE = re.compile(f"[{CLAUSE_MARKS}]")
# `李尕 摄`: the photographer's credit that ends a caption.
_PHOTO_CREDIT = re.compile(r"\s(?:摄|摄影)$")
# `更多猛料！欢迎扫描左方二维码关注新浪新闻官方微信`: the site's promotion at the story's foot.
_PROMO = re.compile(r"二维码|公众号|^(?:更多|欢迎|点击|下载|关注).{0,20}(?:微信|微博|客户端|APP|App)")
PROMO_CHARS = 60
# Where saving tools write the address a page was saved from, in a comment before its <head>:
# browsers `<!-- saved from url=(0055)https://… -->`, SingleFile `url: https://…` on a line of
# its comment, others the bare address `<!--http://…-->`.
_COMMENT = re.compile(r"<!--(.*?)-->", re.DOTALL)
_HEAD_OR_BODY = re.compile(r"<(?:head|body)\b", re.IGNORECASE)
_SAVED_FROM = (re.compile(r"saved from url=\(\d+\)(https?://[^\s<>]+)", re.IGNORECASE),
               re.compile(r"^\s*url:\s*(https?://\S+)\s*$", re.MULTILINE),
               re.compile(r"^\s*(https?://\S+)\s*$"))
PROLOG_CHARS = 4096  # where the comment is looked for in a page with no <head> or <body>


def read(path):
    text, _ = decode(open(path, "rb").read())
    for item in page(text, ""):
        if isinstance(item, Problem):  # a saved page is one record: its problem skips the file
            raise SkippedFile(item.reason)
        yield item


def page(text: str, where: str, url=None, fallback_date=None, number=1):
    """The Record of one page's HTML text, or a Problem when it holds no story.
    url and fallback_date (a capture's): used when the page names none."""
    import trafilatura  # slow to import: only for builds that read pages
    from lxml import etree

    text = _NBSP.sub(_STAND_IN, text)
    try:
        xml = trafilatura.extract(text, output_format="xml", favor_precision=True, include_comments=False,
                                  include_tables=True, with_metadata=True, url=url)
    except Exception as error:  # lxml and trafilatura raise many kinds for a page they cannot parse
        yield Problem(where, f"not a readable page: {error}")
        return
    if not xml:
        yield Problem(where, "no story found in the page")
        return
    root = etree.fromstring(xml.encode("utf-8"))
    paragraphs = []
    for element in root.find("main").iter("p", "head", "item", "quote", "cell"):
        if any(ancestor.tag in ("p", "head", "item", "quote") for ancestor in element.iterancestors()):
            continue  # its text is read with the block that holds it
        kind = "heading" if element.tag == "head" else None
        for line in _lines(element):
            end = not kind and caption_end(line)
            if end:  # a caption with the story glued on after its credit: two paragraphs
                story = line[end:].strip()
                paragraphs += [("caption", line[:end].strip()), (_kind(story), story)]
            else:
                paragraphs.append((kind or _kind(line), line))
    paragraphs = _story(paragraphs)
    if not paragraphs:
        yield Problem(where, "no story found in the page")
        return
    title = _restore(root.get("title") or "")
    headline = _SITE_SUFFIX.sub("", title)
    title = headline if len(headline) >= 4 else title  # `人民网-文化`: no headline left to keep
    values, named = {}, {}
    for role, value, origin in (("date", root.get("date") or fallback_date, "page metadata"),
                                ("url", url or root.get("url") or saved_from(text),
                                 "capture" if url else "page" if root.get("url") else "saved-from comment"),
                                ("source", _source(text), "page")):
        if clean(value):
            values[role], named[role] = clean(value), origin
    if fallback_date and not root.get("date"):
        named["date"] = "capture date"
    yield Record(number, where, title=clean(title), paragraphs=paragraphs,
                 values=values, named=named)


def saved_from(text: str) -> str | None:
    """The address a saved page was saved from, as its saving tool wrote it, or None."""
    head = _HEAD_OR_BODY.search(text)
    for comment in _COMMENT.findall(text[:head.start() if head else PROLOG_CHARS]):
        for pattern in _SAVED_FROM:
            m = pattern.search(comment)
            if m:
                return m.group(1)
    return None


def _lines(element) -> list:
    """The paragraphs of one block: its text split at <lb/> (a <br> in the page)."""
    pieces, current = [], [element.text or ""]
    for child in element:
        if child.tag == "lb":
            pieces.append("".join(current))
            current = []
        else:
            current.append("".join(child.itertext()))
        current.append(child.tail or "")
    pieces.append("".join(current))
    return [line for line in (_restore(piece).strip() for piece in pieces) if line]


def _restore(text: str) -> str:
    return text.replace(_STAND_IN, "\xa0")


def _story(paragraphs) -> list:
    """paragraphs without the site's promotions, and without what follows the
    story's last sentence from a heading on (`推荐新闻` and the links under it)."""
    kept = [(kind, text) for kind, text in paragraphs if len(text) > PROMO_CHARS or not _PROMO.search(text)]
    last = max((i for i, (kind, text) in enumerate(kept) if kind == "body" and ends_sentence(text)), default=-1)
    tail = next((i for i in range(last + 1, len(kept)) if kept[i][0] == "heading"), len(kept))
    return kept[:tail]


def _kind(text: str) -> str:
    squashed = " ".join(text.split())
    if line_kind(squashed) == "meta" or squashed.startswith(TITLE_LABELS):
        return "meta"
    if is_byline(text):
        return "byline"
    if is_caption(text) or _PHOTO_CREDIT.search(text):
        return "caption"
    if len(text) <= HEADING_CHARS and not _CLAUSE.search(text.rstrip(COLONS)):
        return "heading"
    return "body"


def _source(text: str) -> str | None:
    """Where the story was first published, as the page says it."""
    from lxml import html as lxml_html

    try:
        tree = lxml_html.fromstring(text)
    except Exception:  # an empty or broken document: no source
        return None
    for content in tree.xpath("//meta[translate(@name, 'SOURCE', 'source') = 'source']/@content"):
        found = _first_name(content)
        if found:
            return found
    for element in tree.xpath("//*[contains(concat(' ', normalize-space(@class), ' '), ' source ') or @id = 'source']"):
        found = _first_name(element.text_content())
        if found:
            return found
    for line in tree.xpath("//body//text()"):
        if SOURCE_LABEL.search(line):
            found = _first_name(SOURCE_LABEL.split(line, 1)[1])
            if found:
                return found
    return None


def _first_name(text: str) -> str | None:
    return clean(source_name(_restore(text)))
