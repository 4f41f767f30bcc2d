"""When an article was published, from its own text.

The publication date comes first, from the line that states it, in the order
a reader trusts them:

1. a labelled time: 发布时间：, 发布日期：, 时间：, 日期：, 出版日期：…;
2. a time stamp: a date with a clock time (2014-04-18 15:26:01, 2014年03月19日
   12:17:48, 2006-8-14 9:34:32), or a date beside 来源: (…　来源: 中国网, or
   来源：央视网　2025年02月14日);
3. the delivery line of a speech or report (——2026年1月27日在…会议上);
4. a date standing alone at the head of the text or of a paragraph;
5. a dateline: 新华社北京3月5日电, 中国网4月18日讯, 本报讯（记者…）3月18日, or
   今天（3月5日） / 昨天（4月20日）, its year from the years the text names.

A day is given only when the line gives the day. Without any of these the
year (and a month, from a news peg) is estimated from the latest past events
the article names; dates in the future of the document (到2035年, 2030年前,
a five-year plan named for its end, any year after today) are never taken.
Dates that do not exist (2021-13-45) are ignored.
"""
from __future__ import annotations

import datetime
import re

from ..text.characters import (
    COMMA,
    COMMAS,
    CREDIT_LABELS,
    DATE_LABELS,
    FULL_STOPS,
    LIST_JOINERS,
    PAUSES,
    RARER_DATE_LABELS,
    SENTENCE_ENDS,
    SOURCE_LABELS,
    UPDATED_LABELS,
    alternation,
)
from ..text.normalize import simplified
from .gazetteer import ascii_digits as _ascii_digits

# A year the news may be of, 1900-2099.
YEAR = r"(?:19|20)\d{2}"
_Y = "(" + YEAR + ")"
_YEAR_LIST = re.compile("(" + YEAR + r"(?:\s*[" + LIST_JOINERS + r"]\s*" + YEAR + r")*)\s*年(度)?")
_YEAR_MONTH = re.compile(_Y + r"\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*[日号])?")
_LEDE_DATE = re.compile(r"^\s*(?:截至|截止|据[^，。]{0,12}，)?\s*" + _Y + r"\s*年\s*(\d{1,2})\s*月\s*\d{1,2}\s*日")
_MONTH_DAY = re.compile(r"(?<![\d年])(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]")
_THIS_YEAR_MONTH = re.compile(r"今年\s*(\d{1,2})\s*月(份)?")
_MONTH_ONLY = re.compile(r"(?<![\d年])(\d{1,2})\s*月份")
_FUTURE_BEFORE = re.compile(r"(?:到|至|力争|预计|计划|争取|目标|[—–\-~～])\s*$")
_FUTURE_AFTER = re.compile(r"^\s*年(?:度)?\s*(?:前|以前|远景|目标|规划|愿景|基本实现|全面建成|建成|实现|力争|将)")
_PLAN_SENTENCE = re.compile(r"(?:如何|将|计划|打算|目标|展望|力争|谋划|要)")
_YEAR_AHEAD = re.compile(r"是[^。，]{0,20}之年|(?:重点工作|工作安排|工作要点|主要目标任务|目标任务)")
_ANNUAL_RESULTS = re.compile(r"^.{0,12}(?:考评|考核|成绩|表彰|评选|总结|绩效|先进|述职)")
_FIVE_YEAR_PLAN = re.compile(r"[“「\"『]?十([一二三四五])五[”」\"』]?(以来|期间|时期|收官|成绩单|成就|发展成就)?")
_PLAN_NAME = re.compile("十[一二三四五]五")
_FIVE_YEARS = re.compile(r"这五年|五年来|5年来|五载|近五年|过去五年|五年间")
_PLAN_END = {"一": 2010, "二": 2015, "三": 2020, "四": 2025, "五": 2030}
_CONGRESS = {"十八": (2012, 11), "十九": (2017, 10), "二十": (2022, 10)}
_PLENUM = {
    ("十八", "三"): (2013, 11), ("十八", "四"): (2014, 10), ("十八", "五"): (2015, 10),
    ("十八", "六"): (2016, 10), ("十八", "七"): (2017, 10), ("十九", "一"): (2017, 10),
    ("十九", "二"): (2018, 1), ("十九", "三"): (2018, 2), ("十九", "四"): (2019, 10),
    ("十九", "五"): (2020, 10), ("十九", "六"): (2021, 11), ("十九", "七"): (2022, 10),
    ("二十", "一"): (2022, 10), ("二十", "二"): (2023, 2), ("二十", "三"): (2024, 7),
    ("二十", "四"): (2025, 10),
}
_EVENT = re.compile(r"(迎接|喜迎|迎)?\s*党的(十八|十九|二十)(?:大|届([一二三四五六七])中全会)")
_PEG_AFTER = re.compile(f"^[^{FULL_STOPS}]{{0,30}}?" + r"(?:召开|举行|举办|记者|采访|发布会|获悉|表彰大会|启动仪式|开幕|揭牌)")


# A calendar date: 2021-12-15, 2021/12/15, 2021.12.15, 2021年12月15日 (day optional
# where the label says it is a date), and 20211215 only with a clock time.
_DATE = (_Y + r"\s*(?:([-/.])\s*(\d{1,2})\s*(?:\2\s*(\d{1,2}))?(?![-/.]?\d)"
         r"|年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*[日号])?)")
_CLOCK = r"\s*(?:[T\s　]|日)?\s*(\d{1,2}\s*[:：]\s*\d{2}(?:\s*[:：]\s*\d{2})?)"
_LABELLED = re.compile(alternation(DATE_LABELS + UPDATED_LABELS + RARER_DATE_LABELS) + r"\s*[:：]\s*" + _DATE)
_STAMP = re.compile(r"(?<!\d)" + _DATE + _CLOCK)
_COMPACT_STAMP = re.compile(r"(?<!\d)" + _Y + r"(\d{2})(\d{2})\s+(\d{1,2}:\d{2})")
_SOURCE_NEAR = re.compile(r"(?<!\d)" + _DATE + r"(?=\s*(?:[|｜]\s*)?" + alternation(SOURCE_LABELS + CREDIT_LABELS)
                          + r"\s*[:：])")
# 来源：央视网　2025年02月14日: the date after the credit, with its day, ending the line or
# followed by a clock or a separator (数据来源：统计局2024年3月5日发布 is no stamp).
_AFTER_SOURCE = re.compile(alternation(SOURCE_LABELS + CREDIT_LABELS) + r"\s*[:：]\s*[^\s\d:：，。；]{1,20}?\s*(?:[|｜/]\s*)?"
                           + _DATE + r"(?=\s*$|\s|[|｜/])")
_DELIVERY = re.compile(r"[—－-]{1,2}\s*" + _DATE + r"\s*在[^。\n]{1,60}?上")
# What follows a date that starts a sentence about that day: a time of day (晚,
# 清晨, 11时), a range (至, 起, —), 这天, 是, 在…: such a date is an event.
_EVENT_FOLLOWS = PAUSES + "。（(—\\-~～至到起前后以之时点晚早凌清傍深夜黎上下中午这那当是的在召举将及和与"
# A date at the head of a paragraph that is not the start of its first sentence
# (2021年12月15日，… / 2020年2月2日12—24时 / 2021年12月15日晚 are events): a stamp
# whose line break was lost runs straight into the headline or the lede.
_ALONE = re.compile(r"^\s*" + _DATE + r"(?=\s*(?:星期.|周.)?\s*$|——|\s*[^\s\d" + _EVENT_FOLLOWS + r"]|\s+\S)")
# 2025-12-10, 2025/06/11 with the day: prose never writes a date so, whatever follows it
_HEAD_DATE = re.compile(r"^\s*" + _DATE + r"(?![\d:：])")
_LINE_END = re.compile(r"\s*(?:星期.|周.)?\s*$")
# A machine-written stamp (2023-07-25, 2023年07月25日: writers do not pad months
# with a zero) that a pasted page ran into its headline and lede.
_EMBEDDED = re.compile(r"(?<!\d)" + _Y + r"(?:([-/.])(\d{1,2})\2(\d{1,2})(?!\d)|年(0\d|1[0-2])月(\d{1,2})日|年(\d{1,2})月(0\d)日)"
                       r"(?=——|\s*[^\s" + _EVENT_FOLLOWS + r"])")
_AGENCY = (r"新华社|中新社|中新网|人民网|新华网|央视网|中国网|中国新闻网|光明网|经济日报|法制网|本报|本刊|本台|"
           r"记者|通讯员|[^\s，。、“”]{2,6}(?:日报|晚报|晨报|网|社|台)")
_DATELINE = re.compile(r"(?:" + _AGENCY + r")[^\s，。、；“”（(]{0,10}?(?<!\d)(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*(?:电|讯)")
_BENBAO = re.compile(r"(?:本报讯|本台消息|本网讯|央视网消息)\s*(?:[（(][^）)]{0,40}[）)])?\s*[：:]?\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_TODAY = re.compile(r"(今天|今日|昨天|昨日|前天)\s*[（(]\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*[）)]")
_DAYS_BACK = {"今天": 0, "今日": 0, "昨天": 1, "昨日": 1, "前天": 2}
# The order a reader trusts publication lines in (a smaller number wins).
_LINE_KINDS = ("labelled time", "time stamp", "delivery line", "date line")  # and "stamp in text", ranked with "date line"


def _this_year():
    return datetime.date.today().year


def _calendar(y, m=None, d=None):
    """A real date as (y, m, d) (m, d None when not given), or None."""
    try:
        datetime.date(int(y), int(m or 1), int(d or 1))
    except ValueError:
        return None
    if int(y) > _this_year():
        return None
    return int(y), int(m) if m else None, int(d) if d else None


def _head_iso(text):
    """A match of _HEAD_DATE when the date is in - or / form with its day."""
    m = _HEAD_DATE.match(text)
    return m if m and m.group(2) in ("-", "/") and m.group(4) else None


def _date_groups(match):
    """(y, m, d) of a match of a pattern that opens with _DATE."""
    y, _, m1, d1, m2, d2 = match.group(1, 2, 3, 4, 5, 6)
    return _calendar(y, m1 or m2, d1 or d2)


def publication_line(texts: list):
    """(kind, (y, m, d), evidence) of the line that states when the text was
    published, or None. Every text is searched: a time stamp pasted into the
    first paragraph, or chrome after the headline, is as good as its own line."""
    found = []
    for order, text in enumerate(texts):
        if not _YEAR_DIGITS.search(text):
            continue  # every line below names its year
        colon = ":" in text or "：" in text  # (every pattern but the delivery line's holds one)
        for kind, pattern in (("labelled time", _LABELLED), ("time stamp", _STAMP), ("time stamp", _SOURCE_NEAR),
                              ("time stamp", _AFTER_SOURCE), ("delivery line", _DELIVERY)):
            if not colon and pattern is not _DELIVERY:
                continue
            for m in pattern.finditer(text):
                when = _date_groups(m)
                if when and (pattern is not _AFTER_SOURCE or when[2]):
                    found.append((_LINE_KINDS.index(kind), -len(list(filter(None, when))), order, m.start(), kind,
                                  when, m.group(0).strip()))
        for m in _COMPACT_STAMP.finditer(text) if colon else ():
            when = _calendar(*m.group(1, 2, 3))
            if when:
                found.append((1, -3, order, m.start(), "time stamp", when, m.group(0)))
        if order <= 2:
            for m in _EMBEDDED.finditer(text[:120]):
                y, _, m1, d1, m2, d2, m3, d3 = m.groups()
                when = _calendar(y, m1 or m2 or m3, d1 or d2 or d3)
                if when:
                    found.append((3, -3, order, m.start(), "stamp in text", when, m.group(0)))
        m = (_ALONE.match(text) or _head_iso(text)) if order <= 3 else None
        if m and not (m.group(4) or m.group(6)) and not _LINE_END.match(text, m.end()):
            m = None  # "1938年10月武汉沦陷后": a month that runs into a sentence is history, not a stamp
        when = m and _date_groups(m)
        if when:
            found.append((3, -len(list(filter(None, when))), order, 0, "date line", when, m.group(0).strip()))
    if not found:
        return None
    # the most trusted kind, then the most precise (a headline cut at 30
    # characters may hold the first part of a stamp), then the first
    *_, kind, when, evidence = min(found)
    return kind, when, evidence


def is_publication_line(text: str) -> bool:
    """Is this short paragraph a line that says when the text was published?"""
    return len(text) < 80 and publication_line([_ascii_digits(text)]) is not None


def dateline(texts: list):
    """(kind, (month, day, days_back), evidence) of an agency or newspaper
    dateline, or of 今天（3月5日）, in the first paragraphs; None if there is none."""
    for text in texts[:4]:
        if "月" not in text:
            continue  # every pattern below names a month
        for pattern in (_DATELINE, _BENBAO):
            m = pattern.search(text)
            if m and _calendar(2000, *m.group(1, 2)):
                kind = "paper dateline" if m.group(0).startswith(("本报", "本刊")) else "dateline"
                return kind, (int(m.group(1)), int(m.group(2)), 0), m.group(0)
        m = _TODAY.search(text)
        if m and _calendar(2000, *m.group(2, 3)):
            return "today (date)", (int(m.group(2)), int(m.group(3)), _DAYS_BACK[m.group(1)]), m.group(0)
    return None


_RELATIVE = re.compile(r"(今天|今日|今晨|今晚|昨天|昨日|昨晚|前天|明天|明日|上周([一二三四五六日天])|本周([一二三四五六日天])|"
                       r"(?<![\d月])(\d{1,2})日(?=[上下晚凌早中]|[" + COMMAS + r"]|\s))")
_WEEKDAY = "一二三四五六日"


def relative_dates(text: str, published) -> list:
    """(phrase, ISO date) for each relative date in text (昨天, 今日, 上周五,
    11日下午), resolved against the publication date (a datetime.date)."""
    out = []
    for m in _RELATIVE.finditer(_ascii_digits(text)):
        word = m.group(1)
        if m.group(2) or m.group(3):
            weekday = _WEEKDAY.index(m.group(2) or m.group(3)) if (m.group(2) or m.group(3)) != "天" else 6
            monday = published - datetime.timedelta(days=published.weekday())
            day = monday + datetime.timedelta(days=weekday - (7 if m.group(2) else 0))
        elif m.group(4):
            n = int(m.group(4))
            if not 1 <= n <= 31:
                continue
            year, month = published.year, published.month
            if n > published.day:  # a day of the month past: the month before
                year, month = (year, month - 1) if month > 1 else (year - 1, 12)
            if not _calendar(year, month, n):
                continue
            day = datetime.date(year, month, n)
        else:
            back = {"今": 0, "昨": 1, "前": 2, "明": -1}[word[0]]
            day = published - datetime.timedelta(days=back)
        out.append((m.group(0), day.isoformat()))
    return out


_YEAR_DIGITS = re.compile(YEAR)
_FULL_DATE = re.compile(r"(?<!\d)" + _Y + r"\s*(?:年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]|([-/.])(\d{1,2})\4(\d{1,2}))(?!\d)")


def _blank_impossible(text, impossible):
    """The text with dates that do not exist (2021-13-45, 2021年2月30日) blanked
    out, so no rule reads a year or a month from them; each one is added to
    impossible, so the build can say what it ignored."""
    if not _YEAR_DIGITS.search(text):
        return text

    def blank(m):
        y, m1, d1, _, m2, d2 = m.groups()
        try:
            datetime.date(int(y), int(m1 or m2), int(d1 or d2))
            return m.group(0)
        except ValueError as error:
            impossible.append(f"'{m.group(0)}' is not a date: {error}")
            return " " * len(m.group(0))

    return _FULL_DATE.sub(blank, text)


def infer_date(title: str, paragraphs: list) -> dict:
    """{"date", "precision", "confidence", "evidence", "kind", "impossible"} of the
    article's publication; impossible lists the dates the text gives that do not exist."""
    impossible = []
    # 發佈時間：, 來源： read as 发布时间：, 来源：
    texts = [_blank_impossible(_ascii_digits(simplified(t)), impossible) for t in [title or ""] + list(paragraphs)]
    return dict(_infer(texts), impossible=impossible)


def _infer(texts):
    line = publication_line(texts)
    if line:
        kind, (y, m, d), evidence = line
        return _result(kind, y, m, d, [evidence])
    estimate = _estimate(texts)
    year = int(estimate["date"][:4]) if estimate["date"] else None
    peg = dateline(texts) if year else None
    if peg:
        kind, (m, d, back), evidence = peg
        when = _calendar(year, m, d)
        latest = _latest_full_date(texts)
        # the report is filed after every day it tells of: 本报南宁1月2日电 with
        # 2024年12月31日 in it is of 2025
        if when and latest and datetime.date(*when) < latest and year < _this_year():
            when = _calendar(year + 1, m, d)
        if when:
            day = datetime.date(*when) + datetime.timedelta(days=back)
            # a paper's own dateline (本报北京3月24日电) is the day its report
            # was filed, printed that day or the next: it gives the month
            return _result(kind, day.year, day.month, None if kind == "paper dateline" else day.day,
                           [evidence] + estimate["evidence"][:2])
    if not estimate["date"] or CONFIDENCE.get(estimate["kind"], 0.5) < 0.5:
        # a kind of estimate that is wrong more often than right (the latest
        # year a feature names: 2004年就到…, published in 2025) gives no date:
        # no date is better than a wrong one
        return {"date": None, "precision": None, "confidence": 0.0, "evidence": estimate["evidence"],
                "kind": None}
    y, m = (estimate["date"].split("-") + [None])[:2]
    return _result(estimate["kind"], int(y), int(m) if m else None, None, estimate["evidence"])


def _latest_full_date(texts):
    """The latest real day the text names in full (2024年12月31日, 2024-12-31)."""
    days = []
    for text in texts:
        for m in _FULL_DATE.finditer(text):
            when = _calendar(m.group(1), m.group(2) or m.group(5), m.group(3) or m.group(6))
            if when:
                days.append(datetime.date(*when))
    return max(days, default=None)


def _result(kind, y, m, d, evidence):
    date = f"{y:04d}" + (f"-{m:02d}" if m else "") + (f"-{d:02d}" if m and d else "")
    precision = "day" if m and d else "month" if m else "year"
    return {"date": date, "precision": precision, "confidence": CONFIDENCE.get(kind, 0.5),
            "evidence": list(dict.fromkeys(evidence)), "kind": kind}


# Confidence is the measured probability that the date is right at the
# precision given, for each kind of evidence: (right + 1) / (answers + 2) on
# the calibration part of the development corpus, as
# `zh-news eval metadata --calibrate` prints it; 0.5 where the corpus
# has no such answer yet.
CONFIDENCE = {
    "labelled time": 0.99,  # 76 of 76
    "time stamp": 0.99,  # 72 of 72
    "date line": 0.99,  # 146 of 146
    "stamp in text": 0.8,  # 3 of 3
    "delivery line": 0.5,  # not measured
    "dateline": 0.5,  # not measured
    "paper dateline": 0.75,  # 2 of 2
    "today (date)": 0.67,  # 1 of 1
    "month: lede date": 0.86,  # 5 of 5
    "month: news peg": 0.5,  # 1 of 2
    "year: plan year": 0.5,  # not measured
    "year: this year": 0.25,  # 0 of 2
    "year: latest year named": 0.29,  # 4 of 15
    "year: event or plan": 0.5,  # not measured
}


_SNIPPET_END = re.compile(f"[{PAUSES}{FULL_STOPS}“”\n]")


def _snippet(text, start, end, more=8):
    """The matched words and a few after them, up to a punctuation mark."""
    tail = _SNIPPET_END.split(text[end : end + more])[0]
    return text[start:end] + tail


_SENTENCE_BEFORE = FULL_STOPS + "”\n"  # what a sentence starts after
_SENTENCE_END = re.compile(f"[{SENTENCE_ENDS}]")


def _estimate(texts: list) -> dict:
    """The year (and a month, from a news peg) the article's own events bound it to."""
    whole = "\n".join(texts)
    result = {"date": None, "precision": None, "kind": None, "evidence": []}

    # (year, kind, evidence) -- every item says "published in or after year"
    bounds = []
    plan_years = []
    for text in texts:
        for m in _YEAR_LIST.finditer(text):
            before = text[max(0, m.start() - 4) : m.start()]
            if _FUTURE_BEFORE.search(before) or _FUTURE_AFTER.match(text[m.end() - 1 - bool(m.group(2)) :]):
                continue
            years = [int(y) for y in re.findall(r"\d{4}", m.group(1))]
            last = max(years)
            if last > _this_year():
                continue  # nothing is published in the future of the reader
            ev = _snippet(text, m.start(), m.end())
            # "2023年以来": the year to date, the way reports speak of the present year
            bounds.append((last, "since" if text.startswith("以来", m.end()) else "explicit", ev))
            if m.group(2) and _ANNUAL_RESULTS.match(text[m.end() :]):
                bounds.append((last + 1, "annual", ev))
            # "2022年，…如何…": the year ahead, as seen from its start
            sentence_start = m.start() == 0 or text[m.start() - 1] in _SENTENCE_BEFORE
            after = text[m.end() : m.end() + 40]
            clause = _SENTENCE_END.split(after)[0]
            # "2026年是“十五五”开局之年", "2026年重点工作": the year the text speaks in
            if len(years) == 1 and sentence_start and (
                    (after[:1] in COMMA and _PLAN_SENTENCE.search(clause)) or _YEAR_AHEAD.match(after)):
                plan_years.append((last, text[m.start() : m.end()] + clause[:14]))
        if "党的十" not in text and "党的二十" not in text:
            continue  # every event names its congress so (党的十八…, 党的二十…)
        for m in _EVENT.finditer(text):
            if m.group(1):
                continue  # 迎接党的二十大: before it
            key = m.group(2)
            when = _PLENUM.get((key, m.group(3))) if m.group(3) else _CONGRESS.get(key)
            if when:
                bounds.append((when[0], "event", m.group(0).strip()))
    five_years = bool(_FIVE_YEARS.search(whole))
    # (read from the first plan's name on: the pattern opens with an optional quotation mark, which
    # the regex engine would otherwise try at every character of the article)
    first = _PLAN_NAME.search(whole)
    plans = list(_FIVE_YEAR_PLAN.finditer(whole, max(0, first.start() - 1))) if first else []
    latest_plan = max((_PLAN_END[m.group(1)] for m in plans), default=None)
    for m in plans:
        end_year = _PLAN_END[m.group(1)]
        ev = m.group(0)
        # "十四五期间…五年来" reviews a plan as a whole; "十四五以来" is within it;
        # the latest plan named, when an earlier one is named too, is the one
        # ahead ("十五五"开局, "十五五"时期): it bounds nothing
        ahead = end_year == latest_plan and len({p.group(1) for p in plans}) > 1
        if ahead or not m.group(2):
            continue
        if m.group(2) in ("收官", "成绩单", "成就", "发展成就") or five_years:
            bounds.append((end_year, "review", ev))
        elif m.group(2) == "以来":
            bounds.append((end_year - 4, "plan", ev))

    if not bounds and not plan_years:
        relative = re.search(r"今年\s*\d{1,2}\s*月|近日|日前|今年以来", whole)
        if relative:
            result["evidence"] = [relative.group(0)]
        return result

    year = max([b[0] for b in bounds] + [p[0] for p in plan_years])
    kinds = {b[1] for b in bounds if b[0] == year}
    support = [b[2] for b in bounds if b[0] == year]
    if any(p[0] == year for p in plan_years):
        kinds.add("plan-year")
        support = [p[1] for p in plan_years if p[0] == year] + support
    if "plan-year" in kinds:
        kind = "year: plan year"
    elif kinds & {"event", "review", "plan"}:
        kind = "year: event or plan"  # 党的二十届四中全会, a “十四五” review: the latest of its kind
    elif "since" in kinds:
        kind = "year: year to date"
    elif "explicit" in kinds and "今年" in whole:
        kind = "year: this year"
    else:
        kind = "year: latest year named"

    # months of the publication year, with the latest one's context
    months = []  # (month, is_peg, evidence)

    def month(text, m, value, can_peg=True):
        if not 1 <= value <= 12:
            return
        peg = _PEG_AFTER.match(text[m.end() :]) if can_peg else None
        ev = text[m.start() : m.end() + peg.end()] if peg else _snippet(text, m.start(), m.end())
        months.append((value, bool(peg), ev))

    for text in texts:
        if "月" not in text:
            continue  # every pattern below names a month
        for m in _YEAR_MONTH.finditer(text):
            if int(m.group(1)) == year:
                month(text, m, int(m.group(2)))
        for m in _MONTH_DAY.finditer(text):
            if 1 <= int(m.group(2)) <= 31:
                month(text, m, int(m.group(1)))
        for m in _THIS_YEAR_MONTH.finditer(text):
            month(text, m, int(m.group(1)))
        for m in _MONTH_ONLY.finditer(text) if "月份" in text else ():
            if text[max(0, m.start() - 2) : m.start()] != "今年":
                month(text, m, int(m.group(1)), can_peg=False)

    evidence = list(dict.fromkeys(support))[:3]
    for text in texts[1:3]:
        # "2020年2月11日0-24时，…" opening the lede: the news is of that day,
        # published that day or the next; the month, not the day
        m = _LEDE_DATE.match(text)
        if m and int(m.group(1)) == year and 1 <= int(m.group(2)) <= 12:
            result.update(date=f"{year:04d}-{int(m.group(2)):02d}", precision="month", kind="month: lede date",
                          evidence=[_snippet(text, m.start(), m.end())] + evidence)
            return result
    if months:
        latest = max(mo for mo, _, _ in months)
        pegs = [ev for mo, peg, ev in months if mo == latest and peg]
        if pegs:
            result.update(date=f"{year:04d}-{latest:02d}", precision="month", kind="month: news peg",
                          evidence=[pegs[0]] + evidence)
            return result
    result.update(date=f"{year:04d}", precision="year", kind=kind, evidence=evidence)
    return result
