"""When an article was published, from its own text."""
from __future__ import annotations

import re

from .gazetteer import ascii_digits as _ascii_digits

_Y = r"((?:19|20)\d{2})"
_YEAR_LIST = re.compile(r"((?:19|20)\d{2}(?:\s*[、和与及]\s*(?:19|20)\d{2})*)\s*年(度)?")
_YEAR_MONTH = re.compile(_Y + r"\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*[日号])?")
_MONTH_DAY = re.compile(r"(?<![\d年])(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]")
_THIS_YEAR_MONTH = re.compile(r"今年\s*(\d{1,2})\s*月(份)?")
_MONTH_ONLY = re.compile(r"(?<![\d年])(\d{1,2})\s*月份")
_FUTURE_BEFORE = re.compile(r"(?:到|至|力争|预计|计划|争取|目标|[—–\-~～])\s*$")
_FUTURE_AFTER = re.compile(r"^\s*年(?:度)?\s*(?:前|以前|远景|目标|规划|愿景)")
_PLAN_SENTENCE = re.compile(r"(?:如何|将|计划|打算|目标|展望|力争|谋划|要)")
_ANNUAL_RESULTS = re.compile(r"^.{0,12}(?:考评|考核|成绩|表彰|评选|总结|绩效|先进|述职)")
_DATELINE = re.compile(r"(?:发布时间|发布日期|出版日期|日期)\s*[:：]\s*" + _Y + r"\s*[-/年.]\s*(\d{1,2})\s*[-/月.]\s*(\d{1,2})")
_FIVE_YEAR_PLAN = re.compile(r"[“「\"『]?十([一二三四五])五[”」\"』]?(以来|期间|时期|收官|成绩单|成就|发展成就)?")
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
_PEG_AFTER = re.compile(r"^[^。！？]{0,30}?(?:召开|举行|举办|记者|采访|发布会|获悉|表彰大会|启动仪式|开幕|揭牌)")


def _snippet(text, start, end, more=8):
    """The matched words and a few after them, up to a punctuation mark."""
    tail = re.split(r"[，,。；;！？、：:“”\n]", text[end : end + more])[0]
    return text[start:end] + tail


def infer_date(title: str, paragraphs: list) -> dict:
    texts = [_ascii_digits(title or "")] + [_ascii_digits(p) for p in paragraphs]
    whole = "\n".join(texts)
    result = {"date": None, "precision": None, "confidence": 0.0, "evidence": []}

    # Substring tests first: these patterns have no fixed first character, so re
    # would try them at every position of texts they cannot match.
    m = _DATELINE.search(whole) if "日期" in whole or "发布时间" in whole else None
    if m:
        y, mo, d = (int(x) for x in m.groups())
        result.update(date=f"{y:04d}-{mo:02d}-{d:02d}", precision="day", confidence=0.9,
                      evidence=[m.group(0)])
        return result

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
            ev = _snippet(text, m.start(), m.end())
            bounds.append((last, "explicit", ev))
            if m.group(2) and _ANNUAL_RESULTS.match(text[m.end() :]):
                bounds.append((last + 1, "annual", ev))
            # "2022年，…如何…": the year ahead, as seen from its start
            sentence_start = m.start() == 0 or text[m.start() - 1] in "。！？”\n"
            after = text[m.end() : m.end() + 40]
            clause = re.split(r"[。！？?]", after)[0]
            if len(years) == 1 and sentence_start and after[:1] in "，," and _PLAN_SENTENCE.search(clause):
                plan_years.append((last, text[m.start() : m.end()] + clause[:14]))
        if "党的" not in text:
            continue  # every event names it
        for m in _EVENT.finditer(text):
            if m.group(1):
                continue  # 迎接党的二十大: before it
            key = m.group(2)
            when = _PLENUM.get((key, m.group(3))) if m.group(3) else _CONGRESS.get(key)
            if when:
                bounds.append((when[0], "event", m.group(0).strip()))
    five_years = bool(_FIVE_YEARS.search(whole))
    for m in _FIVE_YEAR_PLAN.finditer(whole):
        end_year = _PLAN_END[m.group(1)]
        ev = m.group(0)
        if m.group(2) and five_years:
            bounds.append((end_year, "review", ev))
        elif m.group(2):
            bounds.append((end_year - 4, "plan", ev))

    if not bounds and not plan_years:
        relative = re.search(r"今年\s*\d{1,2}\s*月|近日|日前|今年以来", whole)
        if relative:
            result["evidence"] = [relative.group(0)]
        return result

    year = max([b[0] for b in bounds] + [p[0] for p in plan_years])
    kinds = {b[1] for b in bounds if b[0] == year}
    support = [b[2] for b in bounds if b[0] == year]
    scores = {"explicit": 0.65, "annual": 0.7, "review": 0.65, "event": 0.5, "plan": 0.4}
    conf = max([scores[k] for k in kinds] or [0.0])
    if any(p[0] == year for p in plan_years):
        conf = max(conf, 0.8)
        kinds.add("plan-year")
        support = [p[1] for p in plan_years if p[0] == year] + support
    if "explicit" in kinds and re.search(r"今年", whole):
        conf = max(conf, 0.75)
    conf = min(0.9, conf + 0.05 * (len(kinds) - 1))

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
        for m in _MONTH_ONLY.finditer(text):
            if text[max(0, m.start() - 2) : m.start()] != "今年":
                month(text, m, int(m.group(1)), can_peg=False)

    evidence = list(dict.fromkeys(support))[:3]
    if months:
        latest = max(mo for mo, _, _ in months)
        pegs = [ev for mo, peg, ev in months if mo == latest and peg]
        if pegs:
            result.update(date=f"{year:04d}-{latest:02d}", precision="month",
                          confidence=round(conf * 0.85, 2), evidence=[pegs[0]] + evidence)
            return result
    result.update(date=f"{year:04d}", precision="year", confidence=round(conf, 2), evidence=evidence)
    return result
