"""Lines that are not the article's text: metadata, web page chrome, page markers.

Metadata lines (a timestamp, 来源：, 作者：, 编辑：) become their own paragraphs
of kind meta, so what they say stays available to date and place inference
and never glues onto a paragraph. Chrome (font-size and print buttons) and
ornaments (a rule of dots or dashes) say nothing and are dropped.
"""
import re

from ...text.characters import (
    COUNT_LABELS,
    CREDIT_LABELS,
    DATE_LABELS,
    SENTENCE_ENDS,
    SOURCE_LABELS,
    UPDATED_LABELS,
    alternation,
)

PAGE_MARKER = re.compile(r"^[（(]\s*[上下][接转]\s*[0-9０-９A-Za-z]+\s*版\s*[)）]$")
_LABEL = alternation(SOURCE_LABELS + CREDIT_LABELS + DATE_LABELS + UPDATED_LABELS + COUNT_LABELS)
# A whole date: `2014年03月19日`, `2006-8-14`, `2020/02/05` (a wrapped line may hold `2016 年 11 月 12`).
_DATE = r"(?:\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}\s*([-/.])\s*\d{1,2}\s*\1\s*\d{1,2}(?!\d))"
_TIME = r"(?:\d{1,2}:\d{2}(?::\d{2})?)"
_WEEKDAY = r"(?:星期|周)[一二三四五六日天]"
# `2014年03月19日 12:17:48 来源： 宁夏日报`, `2006-8-14 9:34:32`, `2020年2月5日 星期三`:
# a date that is the whole line, or is followed only by a time, a weekday or labelled fields.
TIMESTAMP = re.compile(rf"^{_DATE}\s*(?:{_TIME})?\s*(?:{_WEEKDAY})?\s*(?:{_LABEL}\s*[：:].*)?$")
# `2019年1月27日`: a date and nothing else. Below text that has ended a sentence it is a
# document's closing date, its last paragraph, not a time stamp.
BARE_DATE = re.compile(rf"^{_DATE}$")
# `0—12时`, `17:00-26日`, `9时许`: a time of day a line opens with. After a bare date it finishes the
# date's phrase, cut by the column: `2020年1月30日` / `0—12时，重庆市报告…` is text, not a time stamp.
CLOCK_OPENS = re.compile(r"^\d{1,2}\s*(?:[:：]\s*\d{2}|时|点|[-—–～~至])")
# `来源：宁夏日报`, `责任编辑：王琳`, `时间：2026-02-12`: a labelled field opening a short line.
LABELLED = re.compile(rf"^[【\[]?{_LABEL}\s*[：:]")
# `原文来自「后窗工作室」：…`, `本文由简悦SimpRead转码，原文地址来自澎湃新闻`: where a repost was taken from.
REPOST = re.compile(r"^(?:原文来自|原文地址|原文链接|本文来自|本文转自|本文转载自|转载自|本文由|本文原创)")
_CHROME_WORDS = re.compile(
    r"【[^】]*字号[^】]*】|\[[^\]]*\]|【我要纠错】|字号[：:]?|打印本页|关闭窗口|返回顶部|分享到[：:]?|"
    r"下载|打印|全屏|收藏|关闭|分享|大|中|小|默认|超大|加大|还原|减小|[|｜/]")
_BUTTONS = re.compile(r"字号|打印|下载|收藏|关闭|分享|纠错")
_LEADING_CHROME = re.compile(r"^(?:【[^】]{0,12}】\s*|\[[^\]]{0,12}\]\s*)+")
# A character every metadata line, marker or button holds one of (a colon, a
# digit, the first of 字号 打印 下载 收藏 关闭 分享 纠错, 版, or the first of
# 原文 本文 转载): one character class, read far faster than the words
# themselves on every line of a file.
_ANY = re.compile(r"[：:\d字打下收关分纠版原本转]")
_TERMINAL = re.compile(f"[{SENTENCE_ENDS}]")
META_WIDTH = 60
# A numbered item or heading: `一、`, `（一）`, `(1)`, `1.`, `——`, `第一，`, `第一章`, `第五条`. In long
# formal documents a line opening with one after a line that closes a sentence opens a
# paragraph (in the formal corpus nine in ten such markers open one); with no
# sentence or clause mark after it, the paragraph is a heading (but a regulation's
# article, `第五条`, is never one).
_CN_NUMBER = "[一二三四五六七八九十]{1,3}"
_HEADING_NUMBER = (rf"{_CN_NUMBER}、|[（(](?:{_CN_NUMBER}|\d{{1,2}})[)）]|\d{{1,2}}[.．、](?!\d)|——"
                   rf"|第[一二三四五六七八九十百零]{{1,4}}(?:[，,、]|[章节编])")
_NUMBERED = re.compile(rf"(?:{_HEADING_NUMBER}|第[一二三四五六七八九十百零]{{1,4}}条)")
_NUMBERED_HEADING = re.compile(_HEADING_NUMBER)
_NUMBER_START = frozenset("一二三四五六七八九十（(0123456789０１２３４５６７８９—第")  # (most lines open otherwise: no regex)


def numbered(text: str) -> bool:
    """Does text open with a number of an item or heading (or `——`)?"""
    return text[:1] in _NUMBER_START and _NUMBERED.match(text) is not None


def heading_number(text: str):
    """The match of the number a heading may open with (not a regulation's `第五条`), or None."""
    return _NUMBERED_HEADING.match(text) if text[:1] in _NUMBER_START else None
# `…………`, `———`, `＊＊＊`: a rule between sections, not a mark ending a sentence.
ORNAMENT = re.compile(r"^[…—－\-_=＝*＊·•～~\s]{3,}$")


def line_kind(text: str) -> str:
    """"meta", "chrome", "marker", "ornament" or "" (text) for one line, spaces squashed."""
    if ORNAMENT.match(text):
        return "ornament"
    if len(text) > META_WIDTH + 20 or not _ANY.search(text):
        return ""  # most lines: too long, or nothing a metadata line, marker or button holds
    if PAGE_MARKER.match(text):
        return "marker"
    if _is_chrome(text):
        return "chrome"
    if text.startswith(("【", "[")):  # `【我要纠错】 责任编辑：王琳`: buttons in front of a field
        text = _LEADING_CHROME.sub("", text)
    if len(text) <= META_WIDTH + 20 and TIMESTAMP.match(text):
        return "meta"
    if len(text) <= META_WIDTH and LABELLED.match(text) and not _TERMINAL.search(text):
        return "meta"
    if REPOST.match(text) and not _TERMINAL.search(text):
        return "meta"
    return ""


def _is_chrome(text: str) -> bool:
    """Only buttons: `下载 打印 全屏 收藏`, `【字号：加大 还原 减小】`, `[打印本页] [关闭窗口]`."""
    if len(text) > 40 or not _BUTTONS.search(text):
        return False
    return not _CHROME_WORDS.sub("", text).replace(" ", "").replace("　", "")
