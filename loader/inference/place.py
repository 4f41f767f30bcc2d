"""Where an article is about: mentions of divisions weighed the way a reader
weighs them, counties and districts rolled up to their city.

Every mention of a province, prefecture-level city or county/district in the
gazetteer is scored (headline and lede count more, "X市公安局"/"X公安"/"平安X"
subject phrases count more, a place after 在/赴/盘踞 is a place in passing),
and the best-supported city wins. Short names (濮阳, 湛河) are kept only on
jieba word boundaries; a county's short name counts only in an institutional
phrase (湛河分局, 鹰手营子公安分局), never before 派出所. Nicknames (鹰城,
龙都) are never guessed.
"""
from __future__ import annotations

import copy
import math
import re
from collections import defaultdict

from .gazetteer import CITY, COUNTY, PROVINCE, gazetteer, mentions as _mentions

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
