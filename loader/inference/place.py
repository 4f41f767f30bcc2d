"""Where an article is about: mentions of divisions weighed the way a reader
weighs them, counties and districts rolled up to their city, and the headline
deciding first.

Every mention of a province, prefecture-level city or county/district in the
gazetteer is scored (headline and lede count more, "X市公安局"/"X公安"/"平安X"
subject phrases count more, a place after 在/赴/盘踞 is a place in passing).
A city in the headline is the story's city; a province there with no city
makes a story about the province, with no city; otherwise the best-supported
city wins only with most of the support and an up-front or institutional
mention. No city is better than a wrong one, and a capital is never a default.
Short names (濮阳, 湛河) are kept only on jieba word boundaries; a county's
short name counts only in an institutional phrase (湛河分局, 鹰手营子公安分局),
never before 派出所. Nicknames (鹰城, 龙都) are never guessed.

The rules' answer is then one piece of evidence among others: every city with
any (mentions by zone, datelines, the outlet's home, landmarks, district names
up front) and "no city" are candidates, and the ranker (rank.py) chooses, its
probability the confidence.
"""
from __future__ import annotations

import copy
import functools
import itertools
import math
import re
from collections import defaultdict

from ..ingest.layout.kinds import REPOST
from ..text.characters import (
    BYLINE_LABELS,
    CREDIT_LABELS,
    DATE_LABELS,
    HAN,
    LIST_JOINERS,
    SOURCE_LABELS,
    TITLE_LABELS,
    alternation,
)
from . import rank
from .date import YEAR
from ..text import segment
from ..text.normalize import simplified
from .gazetteer import (CITY, COUNTY, PROVINCE, DATELINE_AFTER, abroad, dateline_places, gazetteer, in_context,
                        landmarks, outlets, word_boundaries, mentions as _mentions)


def _weight(m, zone_weight):
    w = 1.5 if m.full else 1.0
    if m.strong:
        w *= 3
    elif m.subject:
        w *= 2
    if m.passing and not m.strong:
        w *= 0.4
    return w * zone_weight


# What a publication stamp is written with: 2021年3月5日, 2021-03-05 10:20.
_STAMP_CHARS = r"[\s\d年月日:：/.\-]"
# A line of page chrome (来源：河南日报, 责任编辑：…, 发布时间：…, 文|王一然, a
# repost's 原文来自… or （原标题：…）), a stamp before it or not: it names the publisher
# or repeats the headline, and is not the story's lede.
_CHROME = re.compile("^" + _STAMP_CHARS + r"*[（(]?(?:"
                     + alternation(SOURCE_LABELS + CREDIT_LABELS + DATE_LABELS + BYLINE_LABELS + TITLE_LABELS)
                     + r"\s*[:：|｜/]"
                     r"|" + REPOST.pattern.lstrip("^") + ")")


# A line of chrome or a headline is shorter than this; a paragraph whose opening the parse
# took for the headline (_headline) is longer, and still the lede.
_LINE = 80


def _chrome_line(p):
    """Is this paragraph a short line of page chrome?"""
    return len(p) < _LINE and bool(_CHROME.match(p))


def _zones(title, paragraphs):
    """(zone, text, weight) for the headline, the lede and the rest."""
    yield "title", title or "", 4.0
    long_seen = 0
    for p in paragraphs:
        if _chrome_line(p) or (title and p.startswith(title) and len(p) < _LINE):
            continue  # chrome, or the headline the parse also kept as a paragraph
        if long_seen < 2 and len(p) < 30:
            yield "lede", p, 2.0  # kicker and heading lines above the lede
            continue
        if long_seen < 2:
            long_seen += 1
            yield "lede", p, 2.0
        else:
            yield "body", p, 1.0


def _resolve(mentions_w, home=None):
    """Scores per city, county and province from weighted mentions; counties
    whose name several cities share go to the best-supported of them, or to
    the home of the paper that published the story."""
    g = gazetteer()
    city = defaultdict(float)
    county = defaultdict(float)
    province = defaultdict(float)
    evidence = defaultdict(list)  # city code -> [(weight, phrase)]
    ambiguous = []
    listed = _listed_with_provinces([m for m, _ in mentions_w])
    for m, w in mentions_w:
        if id(m) in listed:
            province[m.codes[0][:2] + "0000"] += w
            continue
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
            at_home = home is not None and home in (t, code[:2] + "0000")
            return (city.get(t, 0.0) if t else 0.0) + 0.5 * province.get(code[:2] + "0000", 0.0) + at_home

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


def _listed_with_provinces(ms):
    """Municipalities named in a list of provinces (陕西、甘肃、四川、重庆四省（市）):
    there they are provinces, not cities."""
    g = gazetteer()
    out = set()
    for a, b in zip(ms, ms[1:]):
        if a.text is b.text and re.fullmatch(f"[{LIST_JOINERS}]", a.text[a.end:b.start]):
            for m, other in ((a, b), (b, a)):
                if m.codes[0][:2] + "0000" in g.municipalities and g.level[other.codes[0]] == PROVINCE:
                    out.add(id(m))
    return out


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


# Words of a story about the whole country (or the world) rather than one place (京津冀等地: several).
# (来自全国各地, 从世界各地采购: where people or goods come from, not what the story covers; 全球仅七宗,
# 世界最高, 全国首个: a record one place holds, not a story of everywhere; 通往世界, 面向全国: a place's
# reach, not the story's)
_NATIONAL = re.compile(r"(?<!来自)(?<!来自全国)(?<!来自世界)(?<!从)(?<!从全国)(?<!从世界)(?<!通往)(?<!走向)(?<!面向)(?:(?:全国|全球|世界)(?!之?[最首仅唯]|第一)|各地|多地|等地|各省|国务院|中央[^，。、]{0,6}(?:会议|宣讲团)|"
                       r"\d+个?省|国家卫健委|国家卫生健康委|外交部|国新办|国台办|人民日报评论员)")
# 北京红黄蓝幼儿园等虐童案, 高雄等台湾县市: a headline's place is the first of several (等, not 等待, 等级...)
_FIRST_OF_SEVERAL = re.compile(r"[^，。、：\s]{0,8}?等(?![待级候同于到])")
# A short phrase in quotation marks is a name or a title: “世界藏学府” (拉卜楞寺), “全国文明城市”.
_QUOTED = re.compile(r"[“「『][^”」』]{1,10}[”」』]")


def _national(text):
    """Does the text speak of the whole country or the world, outside the names it quotes?"""
    return bool(_NATIONAL.search(_QUOTED.sub("", text)))


# The State Council's Taiwan Affairs Office, speaking of Taiwan (GB/T 2260 code 71): national policy.
_TAIWAN_OFFICE = re.compile(r"国台办|国务院台办|国务院台湾事务办公室")
_TAIWAN = "71"
_CAPITAL = "11"  # GB/T 2260 code of 北京市
# A province's own words (全省, 我省, 省委, 省政府): a story of the whole province.
_PROVINCE_WORDS = re.compile(r"全省|我省|本省|全自治区|省委|省政府|省人民政府")
# A city government's own story: 我市, 全市, 市委书记, 市长.
_LOCAL = re.compile(r"(?:我市|本市|全市)(?![场值价])|(?:^|" + f"(?<![{HAN}])" + r"|(?<=讯))(?:市委|市政府|市长|市人大|市政协)")
# A headline (or its subtitle) led by a national leader (习近平会见…, ——习近平总书记参加…)
# reports national politics.
_LEADER_HEAD = re.compile(r"(?:^|——)\W*(?:习近平|李强|赵乐际|王沪宁|蔡奇|丁薛祥|李希|韩正|李克强|栗战书|汪洋|张国清|国务院|中共中央)")
# A headline opened by a central body speaking (最高检：…, 财政部：…, 公安部令：…) reports national
# policy, whatever place it names; the ministries are the State Council's constituent departments.
_CENTRAL_HEAD = re.compile(
    r"^\W*(?:中共中央|中央|国务院|最高检|最高法|最高人民检察院|最高人民法院|(?:外交|国防|发展改革|教育|科技|工业和信息化|工信|"
    r"国家安全|公安|民政|司法|财政|人力资源社会保障|人社|自然资源|生态环境|住房城乡建设|住建|交通运输|水利|农业农村|农业|"
    r"商务|文化和旅游|文旅|卫生健康|退役军人事务|应急管理|审计)部)[^，。：:\s]{0,4}[：:]")
# "论坛在成都举行", "在广州南沙开幕": a headline's venue is the story's place,
# unless the story is national (中央经济工作会议在北京举行).
_VENUE_AFTER = re.compile(r"[^，。、：\s]{0,4}?(?:举行|开幕|召开|闭幕|举办|启动|开赛|落幕)")
# A publication stamp the parse left at the head of the headline.
_STAMP_HEAD = re.compile("^" + _STAMP_CHARS + "*(?:——)?")


def _headline(title, paragraphs):
    """The headline without a publication stamp; a bare stamp or a byline
    (文|王一然 编辑|王珊) means the parse lost the headline into the text, whose
    first line that is neither then stands for it."""
    head = _STAMP_HEAD.sub("", title or "") if re.match(r"\s*" + YEAR, title or "") else title or ""
    if not head or _CHROME.match(head):
        head = next((p[:30] for p in paragraphs if p.strip() and not _CHROME.match(p) and p != title
                     and not re.fullmatch(_STAMP_CHARS + "*", p)), "")
    return head


def _publisher(credits):
    """(paper, code of its place) when a credit (a chrome line, the declared source) names a paper (来源：新民晚报)."""
    papers = gazetteer().publisher
    for p in credits:
        for paper, code in papers.items():
            if paper in p:
                return paper, code
    return None, None


# 第10版:上海新闻, A12版：武汉新闻: the page a paper printed the story on
_PAGE = re.compile(r"版\s*[:：]\s*(\S{2,10})")


def _page_city(paragraphs):
    """(page name, city code) when a chrome line names the paper's page for
    one city's news (第10版:上海新闻), else None."""
    for p in filter(_chrome_line, paragraphs):
        page = _PAGE.search(p)
        cities = {c for m in _mentions(page.group(1)) for c in m.codes
                  if gazetteer().level[c] == CITY} if page else set()
        if len(cities) == 1:
            return page.group(0), cities.pop()
    return None


def infer_place(title: str, paragraphs: list, source: str | None = None) -> dict:
    """The story's city and province (or none), with the ranker's confidence
    and the evidence. source: the outlet that ran it when the file or its
    manifest says so (an export's source field, a manifest's `source:`),
    weighed as a 来源 line naming that outlet would be."""
    # 來源：蘋果日報, 將軍澳: every rule reads simplified characters
    title, paragraphs = simplified(title or ""), [simplified(p) for p in paragraphs]
    source = simplified(source) if source else None
    title = _headline(title, paragraphs)
    g = gazetteer()
    zoned = [(zone, text, weight, _mentions(text)) for zone, text, weight in _zones(title, paragraphs)]
    # 泉港碳九泄漏… over a body that says 泉港区 (or 泉港 again): a county's short
    # name up front counts once the article names the county again
    whole = "\n".join(paragraphs)
    # provinces the headline and lede name, themselves or by a place in them (中国首部盐湖锂… over
    # 青海盐湖研究所: 盐湖区 of 山西 is not in 青海)
    up_front_provinces = {c[:2] for zone, *_, ms in zoned if zone != "body" for m in ms for c in m.codes}
    spelled_out = frozenset(c for *_, ms in zoned for m in ms if m.full for c in m.codes if g.level[c] == COUNTY) | {
        m.codes[0] for m in _mentions(title or "", any_county=True)
        if g.level[m.codes[0]] == COUNTY and m.surface in whole
        and (not up_front_provinces or m.codes[0][:2] in up_front_provinces)}
    shorts = [short for c in spelled_out for short in g.short_names.get(c, ())]
    # the cities the article names, each alone, which settle a common or shared county name (长宁 in 上海)
    cities = {g.city_of(m.codes[0]) for *_, ms in zoned for m in ms
              if not m.passing and len(m.codes) == 1 and g.level[m.codes[0]] != PROVINCE}
    mentions_w, zones = [], []
    for zone, text, weight, ms in zoned:
        again = zone != "body" and any(short in text for short in shorts)  # a scan only where one may count
        ms = _mentions(text, spelled_out) if again else ms
        if cities:  # not where a mention already stands (青海玉树 names 玉树州 after its province)
            ms = sorted(ms + [m for m in in_context(text, cities)
                              if not any(o.start < m.end and m.start < o.end for o in ms)], key=lambda m: m.start)
        for m in ms:
            mentions_w.append((m, _weight(m, weight)))
            zones.append(zone)
    up_front = "".join(text[:150] for zone, text, *_ in zoned if zone != "body")
    lede = next((p for p in paragraphs if len(p) >= 30 and not _CHROME.match(p) and p != title), "")
    first_sentence = lede[:120].split("。")[0]
    credits = [p for p in paragraphs if _chrome_line(p)] + ([source] if source else [])
    own, named_outlets = _outlets_named(title, paragraphs, credits)
    paper, home = _publisher(credits)
    # 【本报讯】 under 来源：苹果日报: a city paper's own story is local news of its city, as 我市 is
    own_city = next(((outlet, city) for outlet, _, city in named_outlets if city), None) if own else None
    if own_city and home is None:
        paper, home = own_city
    local = bool(_LOCAL.search(up_front)) or bool(own_city)
    national = not local and bool(_national((title or "") + first_sentence) or _LEADER_HEAD.search(title or "")
                                   or _CENTRAL_HEAD.search(title or ""))
    if national and _TAIWAN_OFFICE.search((title or "") + first_sentence):
        # 国台办：欢迎高雄等台湾县市…: the mainland's Taiwan policy, a national story whose object is Taiwan
        kept = [(mw, zone) for mw, zone in zip(mentions_w, zones) if not mw[0].codes[0].startswith(_TAIWAN)]
        mentions_w, zones = [mw for mw, _ in kept], [zone for _, zone in kept]
    venues = {_single_city(m) for m in _mentions(first_sentence) if m.passing} - {None}
    lede_names = [m for m in _mentions(lede) if not m.passing]
    lede_provinces = {m.codes[0] for m in lede_names if g.level[m.codes[0]] == PROVINCE}
    lede_cities = {name for m in lede_names for name in _cities_of(m)}
    in_title = zoned[0][3]  # _zones gives the headline first
    several = any(_FIRST_OF_SEVERAL.match(title, m.end) for m in in_title)
    roundup = _national(title or "") or several
    candidates, said = _candidates(title, paragraphs, mentions_w, zones, paper, home, own, named_outlets,
                                   up_front_provinces)
    # 将军澳宝琳北路, 观塘裁判法院: a place below the county up front, and no other city there
    below = [code for code, x in candidates.items()
             if x.get("only_other_evidence") and (x.get("landmark_up") or x.get("district_up"))]
    rule = _decide(mentions_w, zones, national, local=local, home=home, paper=paper,
                   roundup=roundup, several=several, venues=venues,
                   lede_province_only=lede_provinces if not lede_cities else set(),
                   page_city=_page_city(paragraphs),
                   below_county=(said["said"][below[0]][:1], below[0]) if len(below) == 1 else None,
                   located=_located(title, in_title, lede),
                   bureaus={code for code, x in candidates.items() if x.get("dateline_only") and _bureau_seat(code)})
    if rule["city"] is None and not (national or roundup):
        rule = _dateline_away(rule, candidates, said["said"]) or rule
    said["abroad"] = abroad(title or "") or abroad(first_sentence)
    if said["abroad"] and rule["basis"] in ("province", *_FURTHER_DOWN):
        # 美国一名华裔海军少校…向中国或台湾泄密: a story set abroad is no province's for naming one, nor a
        # city's for naming it further down (盐城市公安局 over a leak found by a Dutch researcher)
        rule = dict(rule, city=None, province=None, district=None, evidence=[], basis="no place",
                    confidence=CONFIDENCE["no place"])
    said["lede_province"] = lede_provinces if not lede_cities else set()
    said["province_words"] = bool(_PROVINCE_WORDS.search("\n".join([title] + paragraphs)))
    return _ranked(rule, candidates, said, national, roundup)


# The rules' answers for a city named only further down than the headline and lede.
_FURTHER_DOWN = ("institution", "only city named")


# A paper's or a site's own story: 本报讯, 本报记者, 本报福州2月19日电, 【本報訊】 (folded to simplified).
_OWN_STORY = re.compile(r"本报讯|本报记者|本报[^，。\s]{0,8}电|^[^，。]{0,12}(?:晨报|晚报|都市报|时报|商报|日报|京报|网)快?讯")


# What follows a province in a headline when the province only locates a smaller place: a
# word jieba tags as a place's or a person's name (青海茶卡盐湖, 宁夏贺家塬村), not a common word
# (内蒙古公安系统, 四川省藏区, 辽宁新增), of which the lede must show the first two characters.
_NAME_TAGS = ("ns", "nr")
_NAME_AFTER = re.compile(f"[{HAN}]{{2}}")
# How far past a city or county of the lede that name may stand (海西州茶卡盐湖, 同心县预旺镇贺家塬村).
_LOCATED_WITHIN = 6


def _located(title, in_title, lede):
    """(the headline's phrase, city code) when the headline names a province
    and then a place (青海茶卡盐湖) that the lede puts in one city of that
    province (青海省海西州茶卡盐湖景区): the province only says where that place
    is, so the story is the city's, not the province's. in_title: the
    headline's mentions."""
    g = gazetteer()
    found, tags, in_lede = set(), None, None
    starts = {o.start for o in in_title}
    for m in in_title:
        name = _NAME_AFTER.match(title, m.end)
        if len(m.codes) != 1 or g.level[m.codes[0]] != PROVINCE or not name or m.end in starts:
            continue
        if tags is None:
            words = segment.tagged(title)
            tags = dict(zip(itertools.accumulate((len(w) for w, _ in words), initial=0), (t for _, t in words)))
        if not tags.get(m.end, "").startswith(_NAME_TAGS):
            continue
        in_lede = _mentions(lede) if in_lede is None else in_lede
        for o in in_lede:
            city = _single_city(o)
            if city and o.codes[0][:2] == m.codes[0][:2] and re.match(
                    f"[{HAN}]{{0,{_LOCATED_WITHIN}}}?" + name.group(0), lede[o.end:o.end + _LOCATED_WITHIN + 2]):
                found.add((m.surface + name.group(0), g.city_by_name[city]))
    return found.pop() if len({code for _, code in found}) == 1 else None


def _lede(title, paragraphs):
    """The story's first paragraph: not chrome, nor the headline that the
    parse also kept as a paragraph (whole, or cut to stand for a lost one)."""
    return next((p for p in paragraphs if len(p) >= 20 and p.strip() and not (title and p.startswith(title))
                 and not _chrome_line(p)), "")


def _outlets_named(title, paragraphs, credits):
    """(whether the story is its outlet's own: 本报讯, 晨报讯; [(outlet, province
    code, city code or None)] of the local outlets that the credits (chrome
    lines, the declared source), the lede's opening and the headline name:
    来源：大河网, 南都讯)."""
    lede = _lede(title, paragraphs)
    scan, home = outlets()
    named = [(outlet, *home[outlet]) for text in credits + [lede[:40], title] for _, outlet in scan.find(text)]
    return bool(_OWN_STORY.search(lede[:40])), named


# 【大坑】楊秀惠…: a Hong Kong paper's dateline, the part of the city the story is in.
_BRACKET_DATELINE = re.compile(r"[【\[]([^】\]]{2,4})[】\]]")
# 中环 is Hong Kong's Central and 上海's middle ring road: 中环路, 中环高架, 内环、中环、外环.
_RING_ROAD = re.compile(r"中环(?:路|线|高架|隧道|以[内外]|沿线|[、，和与及]?[内外郊]环)|[内外郊]环[、，和与及]?中环")
# 港铁 is Hong Kong's MTR, and 香港铁路 its full name; 连云港铁路 is a port's railway.
_PORT_RAILWAY = re.compile(r"[^香]港铁路")


def _named_before(text, at, code):
    """Does the paragraph name a place outside code's province before offset at?"""
    return any(m.start < at and any(c[:2] != code[:2] for c in m.codes) for m in _mentions(text))


def _candidates(title, paragraphs, mentions_w, zones, paper, paper_home, own, named_outlets, up_front_provinces):
    """({city code: features}, what else the ranker needs) for every city
    the article gives evidence for: where and how often it is named, in an
    institution's name, as a county in full, as a dateline (新华网西宁4月1日电),
    as the home of the outlet that ran the story (来源：大河网, 南都讯), by a
    landmark in it (八达岭, 首都国际机场). The second part holds the phrases
    that named each city ("said"), the province of a province's outlet
    ("province"), whether the story is the outlet's own (本报讯: "own") and how
    many cities are named up front ("spread")."""
    g = gazetteer()
    feats = defaultdict(lambda: defaultdict(float))
    said = defaultdict(list)
    title_provinces = set()
    support = defaultdict(float)
    named = defaultdict(set)  # province prefix -> cities named not in passing
    for (m, w), zone in zip(mentions_w, zones):
        if len(m.codes) == 1 and g.level[m.codes[0]] == PROVINCE:
            if zone == "title" and not m.passing:
                title_provinces.add(m.codes[0])
            continue
        name = _single_city(m)
        if not name:
            continue
        code = g.city_by_name[name]
        f = feats[code]
        said[code].append(m.surface + m.after)
        if m.passing and not m.strong:  # 于沙田法院认罪: the court is where the story is, as _weight has it
            f["passing"] += 1
            if zone != "body" and DATELINE_AFTER.match(m.text, m.end):
                f["dateline"] = 1.0
            continue
        named[code[:2]].add(code)
        f[zone] += 1
        support[code] += w
        if m.strong:
            f["strong"] = 1.0
        if m.full and g.level[m.codes[0]] == COUNTY:
            f["county"] += 1
    for code, f in feats.items():
        if f.get("dateline") and not named[code[:2]] - {code}:
            f["dateline_alone"] = 1.0  # no other city of its province in the story
            if code[:2] + "0000" in title_provinces:
                f["dateline_in_province"] = 1.0  # 青海首条…, 新华网西宁…电: the headline's province
    body = [p for p in paragraphs if not _chrome_line(p)]
    lede = _lede(title, body)
    province = None
    for outlet, prov, city in named_outlets:
        if city:
            feats[city]["outlet"] = 1.0
            feats[city]["own_story"] = float(own)
            said[city].append(outlet)
        else:
            province = province or prov  # 来源：东南网: a province's portal
    if paper_home in g.level and g.level[paper_home] == CITY:
        feats[paper_home]["outlet"] = 1.0
        feats[paper_home]["own_story"] = float(own)
        said[paper_home].append(paper)
    # a district's short name up front (荃湾工厦…, 在观塘裁判法院), where it names one
    # district in China, is not a common word and lies in the provinces named up front, if any
    for text in (title, lede):
        for m in _mentions(text, any_county=True):
            if not m.full and len(m.codes) == 1 and g.level[m.codes[0]] == COUNTY and g.city_of(m.codes[0]) and (
                    not up_front_provinces or m.codes[0][:2] in up_front_provinces):
                feats[g.city_of(m.codes[0])]["district_up"] += 1
                said[g.city_of(m.codes[0])].append(m.surface)
    bracketed = _BRACKET_DATELINE.match(lede)
    code = dateline_places().get(bracketed.group(1)) if bracketed else None
    if code:
        feats[code]["landmark_up"] += 1
        said[code].append(bracketed.group(0))
    scan, city_of, institution = landmarks()
    for zone, text in [("up", title), ("up", lede)] + [("body", p) for p in body if p != lede]:
        words = None
        for at, name in scan.find(text):
            if name not in city_of:
                continue  # 医政医管局, 环境规划署: another body's name holding one of Hong Kong's
            if len(name) == 2:
                # a name of two characters only as a whole word: 港岛, not 海港岛屿; 特首, not 独特首饰
                words = word_boundaries(text) if words is None else words
                if at not in words or at + 2 not in words:
                    continue
            if name == "中环" and _RING_ROAD.search(text[max(0, at - 3):at + 6]):
                continue
            if name == "港铁" and _PORT_RAILWAY.match(text, max(0, at - 1)):
                continue
            if name in institution and (institution[name] and _named_before(text, at, city_of[name])
                                        or any(m.end == at for m in _mentions(text))):
                # 澳门立法会, 北京市医院管理局: another place's body of that name; 澳门特别行政区身份证明局:
                # the place is named, and counted, as such
                continue
            feats[city_of[name]]["landmark_" + zone] += 1
            said[city_of[name]].append(name)
    total = sum(support.values()) or 1.0
    top = max(support.values(), default=0.0)
    up_front = {code for code, f in feats.items() if f.get("title") or f.get("lede")}
    out = {}
    for code, f in feats.items():
        own_province = code[:2] + "0000"
        x = {"city": 1.0, "share": support[code] / total, "top": float(support[code] == top > 0)}
        if up_front == {code}:
            x["sole"] = 1.0  # the only city named up front
            if own_province in title_provinces:
                x["sole_province_title"] = 1.0  # 甘肃碌曲…: the headline's province, this its one city
        if f.get("dateline") and not top:
            x["dateline_only"] = 1.0  # 中新网北京…电 over a story that names no other city
        if (f.get("landmark_up") or f.get("outlet") or f.get("district_up")) and not up_front - {code}:
            x["only_other_evidence"] = 1.0  # 八达岭, 来源：新京报, 海淀, with no other city named up front
            if f.get("own_story"):
                x["own_story_alone"] = 1.0  # 本报讯 of a city's paper naming no other city
        for key in ("title", "lede", "body", "county", "passing", "landmark_up", "landmark_body", "district_up"):
            if f.get(key):
                x[key] = math.log1p(f[key])
        for key in ("strong", "dateline", "dateline_alone", "dateline_in_province", "outlet", "own_story"):
            if f.get(key):
                x[key] = f[key]
        if own_province in title_provinces:
            x["province_title"] = 1.0
        if title_provinces - {own_province}:
            x["other_province_title"] = 1.0
        out[code] = x
    return out, {"said": said, "province": province, "own": own, "spread": len(up_front)}


def _ranked(rule, candidates, said, national, roundup):
    """The rules' answer weighed with the other evidence by the ranker
    (rank.py): the city (or none) it scores best, with its probability as the
    confidence."""
    g = gazetteer()
    rule_code = g.city_by_name.get(rule["city"]) if rule.get("city") else None
    basis = "rule: " + rule.get("basis", "no place")
    listed = []
    for code, x in candidates.items():
        x = dict(x)
        if national:
            x["national"] = 1.0
        if code[:2] + "0000" in said["lede_province"]:
            x["province_lede_only"] = 1.0  # its province named in the lede, it not
        if code == rule_code:
            x["rule"] = 1.0
            x["rule_conf"] = rule["confidence"]
            x[basis] = 1.0  # how the rules chose it: the headline, most support, a city's own words...
        listed.append((code, x))
    if rule_code and rule_code not in candidates:
        listed.append((rule_code, {"city": 1.0, "rule": 1.0, "rule_conf": rule["confidence"], basis: 1.0}))
    none = {"none": 1.0, "none_spread": math.log1p(said["spread"])}
    if not rule_code:
        none["none_rule"] = 1.0
        none["none_" + basis] = 1.0  # why the rules gave no city: a province story, a national one...
        if rule.get("province"):
            none["none_rule_province"] = 1.0
    else:
        none["none_against_" + basis] = 1.0
    if said["lede_province"]:
        none["none_lede_province"] = 1.0  # 江苏多措并举…: the lede names the province and none of its cities
    if said["province_words"]:
        none["none_province_words"] = 1.0  # 全省无新增确诊病例: the province's own count
    if national:
        none["none_national"] = 1.0
    if said["abroad"]:
        none["none_abroad"] = 1.0  # 美国一名华裔海军少校…, 非洲肯尼亚警方…: a story set in another country
    if roundup:
        none["none_roundup"] = 1.0
    listed.append((None, none))
    code, p = rank.choose(listed)
    result = dict(rule, candidates=listed)
    # 中新社乌鲁木齐11月27日电 over a story naming no other place: the bureau's province, not the
    # capital's (its bureau files the national news)
    datelines = [c for c, x in candidates.items() if x.get("dateline_alone")]
    bureau = g.province_of(datelines[0]) if (len(datelines) == 1 and not datelines[0].startswith(_CAPITAL)
                                             and not national and not roundup) else None
    if code == rule_code and (code or rule.get("province") or not (said["province"] or bureau)):
        result["confidence"] = p
        return result
    if code is None:
        province = rule.get("province") if rule_code is None else None
        if province is None and said["province"] and not national and not roundup:
            province = g.name[said["province"]]  # a story of a province's paper or portal naming no place
        province = province or bureau
        return dict(result, city=None, district=None, province=province, confidence=p, basis="ranked: no city",
                    evidence=[province] if province else [])
    return dict(result, city=g.name[code], province=g.province_of(code), district=None, confidence=p,
                basis="ranked", evidence=list(dict.fromkeys(said["said"][code]))[:4])


def _bureau_seat(code):
    """A province's capital (GB/T 2260 xx01), or a city that is a province of
    its own (北京, 香港): where the agencies' and papers' bureaus sit."""
    return code[2:4] == "01" or code[:2] + "0000" in gazetteer().municipalities


def _dateline_away(rule, candidates, said):
    """人民网上饶11月28日电 over a story naming no other city of its province: a
    dateline away from the bureaus in the capitals says where the reporter went,
    so the story is that city's (a capital's dateline says only which bureau
    filed it)."""
    g = gazetteer()
    away = [c for c, x in candidates.items() if x.get("dateline_alone") and not _bureau_seat(c)]
    if len(away) != 1 or rule.get("province") not in (None, g.province_of(away[0])):
        return None
    code = away[0]
    basis = "dateline away from the capital"
    return dict(rule, city=g.name[code], province=g.province_of(code), district=None, basis=basis,
                confidence=CONFIDENCE[basis], evidence=list(dict.fromkeys(said[code]))[:4])


def _cities_of(m):
    """Names of the cities a mention could be in (counties rolled up)."""
    return _cities(tuple(m.codes))


def _single_city(m):
    """The one city a mention names, or None if it names a province or could
    be in several cities."""
    return _single(tuple(m.codes))


# Of the codes a mention names, asked of every mention several times: cached.
@functools.lru_cache(maxsize=1 << 14)
def _cities(codes: tuple) -> frozenset:
    g = gazetteer()
    return frozenset(g.name[c] for c in (g.city_of(code) for code in codes) if c)


@functools.lru_cache(maxsize=1 << 14)
def _single(codes: tuple):
    names = _cities(codes)
    if len(names) != 1 or any(gazetteer().level[c] == PROVINCE for c in codes):
        return None
    return next(iter(names))


def _decide(mentions_w, zones=None, national=False, local=False, home=None, roundup=False, several=False, venues=(),
            paper=None, lede_province_only=frozenset(), page_city=None, below_county=None, located=None,
            bureaus=frozenset()):
    """The city, province and district the mentions make the article's subject.
    The headline decides first, the way a reader files a story: a city in the
    headline is the story's city; a province there with no city makes a story
    about the province, with no city; with no place in the headline, a story
    of national words has neither, and otherwise the best-supported city wins
    if it has most of the support. A city government's own story (local: 我市,
    市委) that names one city is that city's, and naming none, the city of the
    paper that published it (home); a headline in national words (roundup:
    各地…) names no city by itself, nor does the first place of a headline's
    list (several: 北京红黄蓝幼儿园等虐童案). A headline naming places in two provinces
    is no one city's story, nor is a national story whose lede puts it in
    another city (丁薛祥在北京出席昆明…基金签字仪式: venues). With no place in
    the headline, a lede that names the province and none of its cities
    (江苏多措并举…) makes a story about the province (lede_province_only). A
    story that names no place at all, printed on a city's news page
    (第10版:上海新闻), is that city's (page_city). A province in the headline
    that only locates a place the lede puts in one of its cities (青海茶卡盐湖
    over 青海省海西州茶卡盐湖景区: located) makes that city's story. A bureau
    city named only in a dateline (bureaus) does not stand against a place
    below the county up front (中新网北京…电 over 嵩山少林寺)."""
    g = gazetteer()
    zones = zones or ["body"] * len(mentions_w)
    headline = [m for (m, _), zone in zip(mentions_w, zones) if zone == "title" and (
        not m.passing or m.strong or (not national and _VENUE_AFTER.match(m.text, m.end)))]
    title_cities = {name for name in map(_single_city, headline) if name}
    title_provinces = {c for m in headline for c in m.codes[:1] if len(m.codes) == 1 and g.level[c] == PROVINCE}
    # provinces the headline names, itself or by a city in it
    headline_provinces = title_provinces | {g.city_by_name[n][:2] + "0000" for n in title_cities}
    if len(headline_provinces) < 2 and len(title_cities) < 2:
        # a city set aside is no evidence for its province; two of one province (甘孜眉山携手…) make its story
        headline_provinces = title_provinces
    extra = _link_compounds(mentions_w)
    city, county, province, evidence = _resolve(mentions_w, home)
    if below_county and city and set(city) <= bureaus and {c[:2] + "0000" for c in city} >= set(province):
        city, province = {}, {}  # the dateline says which bureau filed the story, the place where it is
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
        basis = "support"
        if title_cities:
            best_name = max(title_cities, key=lambda n: by_name.get(n, 0.0))
            runner = max((by_name.get(n, 0.0) for n in title_cities - {best_name}), default=0.0)
            basis = "headline" if by_name.get(best_name, 0.0) >= 2 * runner else None
            own_province = g.city_by_name[best_name][:2] + "0000"
            if any(c != own_province for c in title_provinces) or (
                    national and venues and best_name not in venues) or several:
                basis = None
        elif title_provinces:
            basis = None
        else:
            share = by_name[best_name] / sum(by_name.values())
            own = [(m, zone) for (m, _), zone in zip(mentions_w, zones)
                   if not m.passing and best_name in _cities_of(m)]
            # the city must be named up front, or as the subject of an
            # institution ("漯河公安", "X市公安局"), with most of the support;
            # a story in national words needs it named again and again
            own_province = g.city_by_name[best_name][:2] + "0000"
            if roundup or (national and (share < 0.8 or len(own) < 3)) or own_province in lede_province_only:
                basis = None
            elif share >= 0.5 and any(zone != "body" for _, zone in own):
                basis = "support"
            elif share >= 0.6 and any(m.strong for m, _ in own):
                basis = "institution"
            elif share >= 0.8 and len(own) >= 2 and not national:
                basis = "only city named"
            else:
                basis = None
        if basis is None and local and len(by_name) == 1 and not title_provinces:
            basis = "local words"
        if basis is None and page_city and set(by_name) == {g.name[page_city[1]]} and not title_provinces:
            basis = "page"
        if basis is None and located and g.name[located[1]] in by_name and not (national or roundup):
            best_name, basis = g.name[located[1]], "headline place"
        if basis is None and below_county and not (title_provinces or national or roundup) and {
                n for m, _ in mentions_w if not m.passing for n in _cities_of(m)} <= {g.name[below_county[1]]}:
            # 在香港仔运动场: the place below the county, its city named only in passing, and any other
            # city too (北京不满…: the central government)
            if g.name[below_county[1]] not in by_name:
                return _at(g, below_county[1], "below county", below_county[0])
            best_name, basis = g.name[below_county[1]], "below county"
        if basis is None:
            return _province_only(g, province, headline_provinces, national, _named_up_front(mentions_w, zones), roundup)
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
        if national:
            basis += ", national story"  # 习近平在…考察, 丁薛祥出席昆明…: a place, but whose story?
        elif basis == "headline" and share < 0.6:
            basis = "headline, shared"
        result["basis"] = basis
        result["confidence"] = CONFIDENCE[basis]
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
        result["evidence"] = ([page_city[0]] if basis == "page" else below_county[0] if basis == "below county"
                              else [located[0]] if basis == "headline place"
                              else []) + ev
    elif local and home in g.level and g.level[home] == CITY and not title_provinces:
        return _at(g, home, "publisher", [paper])
    elif page_city and not province:
        return _at(g, page_city[1], "page", [page_city[0]])
    elif below_county and not province and not national and not roundup:
        return _at(g, below_county[1], "below county", below_county[0])
    else:
        return _province_only(g, province, headline_provinces, national, _named_up_front(mentions_w, zones), roundup)
    return result


def _at(g, code, basis, evidence):
    """The answer: the city of code, on that basis and evidence."""
    return {"city": g.name[code], "province": g.province_of(code), "district": None, "basis": basis,
            "confidence": CONFIDENCE[basis], "evidence": evidence}


def _named_up_front(mentions_w, zones):
    """(provinces the headline or lede names, {province: times named},
    provinces named as provinces, provinces the headline or lede names in
    passing too), the first two counting only mentions not in passing (a
    city's count for its province)."""
    up_front, named, as_such, up_front_passing = set(), defaultdict(int), set(), set()
    for (m, _), zone in zip(mentions_w, zones):
        if gazetteer().level[m.codes[0]] == PROVINCE:
            as_such.add(m.codes[0])  # in passing too: 在河南省第十四届人民代表大会…上
        if zone != "body":
            up_front_passing.update(c[:2] + "0000" for c in m.codes[:1])
        if m.passing:
            continue
        for c in m.codes[:1]:
            named[c[:2] + "0000"] += 1
            if zone != "body":
                up_front.add(c[:2] + "0000")
    return up_front, named, as_such, up_front_passing


def _province_only(g, province, title_provinces, national, named, roundup=False):
    """No city: the province of a story about one province, else nothing. A
    municipality is its own city, so a story about Shanghai as a whole has
    上海市 for both. A roundup (各地…) is about no one province."""
    result = {"city": None, "province": None, "district": None, "confidence": CONFIDENCE["no place"],
              "evidence": [], "basis": "no place"}
    if len(title_provinces) == 1:
        code = next(iter(title_provinces))
        basis = "province in headline"
    elif title_provinces or roundup:
        return result
    elif province:
        code = max(province, key=province.get)
        share = province[code] / sum(province.values())
        up_front, times, as_such, up_front_passing = named
        # a story of one province names it up front, if only in passing (在河南省…人民代表大会上): a
        # province named only further down is a place the story passes through (…将甘肃武威接入全国高铁网);
        # and it holds most of the support, not just the larger part (涉及北京、天津、河北、山东)
        if share < 2 / 3 or code not in up_front_passing or (
                (national or code not in up_front) and (share < 0.8 or times[code] < 3)):
            return result
        if code not in as_such and code not in g.municipalities:
            return result  # named only through a city set aside (丁薛祥出席昆明…): no story of the province
        basis = "province"
    else:
        return result
    result.update(province=g.name[code], basis=basis, evidence=[g.name[code]], confidence=CONFIDENCE[basis])
    if code in g.municipalities:
        result["city"] = g.name[code]
    return result


# The rules' own confidence, one of the features the ranker weighs (the
# answer's confidence is the ranker's probability): the measured share right
# of each kind of evidence, (right + 1) / (answers + 2) on the calibration part
# of the development corpus when the rules alone answered; 0.5 where the corpus
# had no such answer.
CONFIDENCE = {
    "headline": 0.98,  # 62 of 62
    "headline, shared": 0.5,  # not measured
    "headline, national story": 0.9,  # 8 of 8
    "support": 0.97,  # 57 of 58
    "support, national story": 0.5,  # not measured
    "institution": 0.67,  # 1 of 1
    "institution, national story": 0.5,  # not measured
    "only city named": 0.78,  # 6 of 7
    "only city named, national story": 0.5,  # not measured
    "local words": 0.67,  # 1 of 1
    "publisher": 0.5,  # not measured
    "page": 0.67,  # 1 of 1
    "below county": 0.5,  # not measured
    "headline place": 0.83,  # 4 of 4
    "dateline away from the capital": 0.8,  # 3 of 3
    "province in headline": 0.96,  # 77 of 79
    "province": 0.5,  # 4 of 8
    "no place": 0.95,  # 103 of 108
}


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
