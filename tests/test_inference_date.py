"""Publication dates: the lines that state them, datelines, relative dates,
and plan targets that must never become the date. Real regexes, no mocks."""
import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from loader.inference import infer_place
from loader.inference.date import infer_date, relative_dates


def dated(*paragraphs, title=""):
    got = infer_date(title, list(paragraphs))
    return got["date"], got["precision"]


@pytest.mark.parametrize("line, expected", [
    ("2014年03月19日 12:17:48", "2014-03-19"),
    ("2006-8-14 9:34:32", "2006-08-14"),
    ("2008-04-15", "2008-04-15"),
    ("2014-04-18 15:26:01　来源: 中国网", "2014-04-18"),
    ("发布时间：2021-12-15", "2021-12-15"),
    ("时间：2026-02-12  来源：省政府办公厅", "2026-02-12"),
    ("来源：人民网　时间：2020/02/03 07:50", "2020-02-03"),
    ("来源：央视网　2025年02月14日", "2025-02-14"),
    ("稿源：人民日报 2024年3月5日 第04版", "2024-03-05"),
    ("来源: 新华社 | 2024-03-05", "2024-03-05"),
    ("2019.05.06 10:00", "2019-05-06"),
    ("20221027 19:00", "2022-10-27"),
])
def test_publication_lines(line, expected):
    body = "全市各级各部门认真落实会议部署，2013年以来累计投入资金3亿元。"
    assert dated(line, body, title="市里召开会议") == (expected, "day")
    # the same line run into the headline or the lede, as pasted from a web page
    assert dated(body, title="市里召开会议" + line)[0] == expected or dated(line + body)[0] == expected


def test_a_date_after_a_credit_is_a_stamp_only_with_its_day_and_where_the_date_ends():
    body = "全市各级各部门认真落实会议部署，2013年以来累计投入资金3亿元。"
    assert dated("来源：央视网　2025年02月14日", body)[1] == "day"
    # a figure's credit in the text, and a month alone, are not the publication
    assert dated(body + "数据来源：市统计局2024年3月5日发布。")[0] != "2024-03-05"
    assert dated("来源：央视网　2025年02月", body)[1] != "day"


def test_a_day_only_when_the_line_gives_the_day():
    assert dated("发布日期：2021年12月", "市公安局召开会议。") == ("2021-12", "month")
    assert dated("2021年12月15日，市公安局召开会议。")[1] == "month"  # an event in the lede, not a stamp


def test_delivery_line_of_a_speech_or_report():
    report = ["政府工作报告", "——2026年1月27日在省第十四届人民代表大会第五次会议上",
              "省长 某某", "各位代表：", "现在，我代表省人民政府，向大会报告工作。"]
    assert dated(*report[1:], title=report[0]) == ("2026-01-27", "day")


@pytest.mark.parametrize("lede, expected", [
    ("新华社北京3月5日电（记者张三）2019年全国两会今天开幕。", "2019-03-05"),
    ("中国网4月18日讯 2014年一季度，全省经济运行平稳。", "2014-04-18"),
    ("国务院新闻办公室今天（1月13日）上午举行新闻发布会，介绍2021年工作。", "2021-01-13"),
    ("昨天（4月20日），上海本土确诊病例出院1173例。2022年以来累计出院逾万例。", "2022-04-21"),
])
def test_datelines_take_their_year_from_the_text(lede, expected):
    assert dated(lede) == (expected, "day")


def test_a_papers_own_dateline_gives_the_month():
    # filed on the 18th, printed on the 18th or the 19th: 人民日报 of 2025-03-25 carries
    # 本报北京3月24日电
    assert dated("本报讯（记者 李四 通讯员 王五）3月18日，2015年全省春耕现场会在县里召开。") == ("2015-03", "month")
    assert dated("本报北京3月24日电（记者王浩）2025年补水计划持续至6月。") == ("2025-03", "month")


def test_a_report_is_filed_after_every_day_it_tells_of():
    assert dated("新华社南宁1月2日电 2024年12月31日，北部湾港2024年集装箱吞吐量突破900万标箱。") == ("2025-01-02", "day")


def test_a_month_that_runs_into_a_sentence_is_history_not_a_stamp():
    assert dated("1938年10月武汉、广州沦陷后，逃难的人奔向桂林。") == (None, None)


def test_the_latest_year_a_feature_names_is_no_date_but_the_year_to_date_is():
    # right 4 times in 15 on the development corpus: no date is better than a wrong one
    assert dated("我2004年就到绍兴名城保护利用办公室工作。古城里多了年轻人。") == (None, None)
    got = infer_date("", ["2023年以来，全市公安机关破获电信诈骗案件1200余起。"])
    assert (got["date"], got["kind"]) == ("2023", "year: year to date")


def test_a_stamp_in_iso_form_dates_the_text_whatever_follows_it():
    assert dated("2025/06/11在位于西藏自治区那曲市尼玛县的自然保护区深处，一座座人工鹰架吸引猛禽栖息。") == (
        "2025-06-11", "day")


def test_a_dateline_without_any_year_gives_no_date():
    assert dated("新华社北京3月5日电 全国两会今天开幕。") == (None, None)


def test_relative_dates_resolve_against_the_publication_date():
    published = datetime.date(2024, 3, 15)  # a Friday
    got = dict(relative_dates("昨天下午，记者来到现场；今日上午召开会议；上周五发生事故；11日下午抓获嫌疑人；"
                              "20日晚接到报警。", published))
    assert got == {"昨天": "2024-03-14", "今日": "2024-03-15", "上周五": "2024-03-08", "11日": "2024-03-11",
                   "20日": "2024-02-20"}


GOALS_2030_2035 = [
    "2026年是“十五五”开局之年。过去一年，全省地区生产总值增长5.5%，“十四五”规划圆满收官。",
    "到2030年，全省地区生产总值突破10万亿元，基本建成现代化产业体系。",
    "2035年基本实现社会主义现代化，人均地区生产总值达到中等发达国家水平。",
    "力争2028年前完成全部老旧小区改造。“十五五”时期，我们将坚定不移推进高质量发展。",
]


def test_plan_targets_never_become_the_date():
    # with its delivery line, a 2026 report setting goals for 2030 and 2035
    with_line = ["——2026年1月27日在省第十四届人民代表大会第五次会议上", "各位代表："] + GOALS_2030_2035
    assert dated(*with_line, title="政府工作报告") == ("2026-01-27", "day")
    # and without it: the year it speaks from, never a target year
    date, precision = dated(*GOALS_2030_2035, title="政府工作报告")
    assert (date, precision) == ("2026", "year")


def test_future_years_are_never_the_date():
    assert dated("到2035年，基本实现社会治理体系和治理能力现代化。") == (None, None)
    assert dated("预计2029年全面建成。", "目标：2030年前碳达峰。") == (None, None)
    future = datetime.date.today().year + 3
    assert dated(f"{future}年世界大会将在本市举办。", "2019年以来本市接待游客1亿人次。") == ("2019", "year")


@pytest.mark.parametrize("text", ["2021-13-45", "发布时间：2021-13-45 12:00", "2021年2月30日 10:00",
                                  "时间：2019-00-10", "20211345 10:00", "日期：0000-00-00", "2021/02/31"])
def test_dates_that_do_not_exist_are_ignored(text):
    got = infer_date("", [text, "2018年全市生产总值增长7%。"])
    assert got["date"] in ("2018", None)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="0123456789０１２３年月日号-/.:： 时间发布来源今天昨（）新华社电讯北京上海市县区，。——在会上", max_size=60),
                max_size=4))
def test_inference_never_raises_on_date_like_text(paragraphs):
    got = infer_date(paragraphs[0] if paragraphs else "", paragraphs)
    if got["date"]:
        year, *rest = (int(x) for x in got["date"].split("-"))
        assert 1900 <= datetime.date(year, *(rest + [1] * (2 - len(rest)))).year <= 2099  # a real date
        assert got["precision"] == ("year", "month", "day")[len(rest)]
    else:
        assert got["precision"] is None
    place = infer_place("", paragraphs)
    assert place["city"] is None or place["province"] is not None
