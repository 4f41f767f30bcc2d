"""Line breaks from the file's own layout: one example per signal a reader uses,
and metadata lines that never end up inside a paragraph of text."""
import json
import sqlite3

import pytest
from click.testing import CliRunner

from loader.build import build
from loader.cli import cli
from loader.layouts import LAYOUTS, lay_out, wrap
from loader.parse import parse_text
from loader.eval_paragraphs import Result, score, table


def paragraphs(text):
    return [(p.kind, p.text) for a in parse_text(text) for p in a.paragraphs]


def texts(text):
    return [t for kind, t in paragraphs(text) if kind not in ("meta", "marker", "caption")]


# A column 16 characters wide; first lines two characters in (the indent lost by the scan).
def test_full_line_ending_in_full_stop_continues():
    text = (
        "市公安局召开全市公安工作会议，\n"
        "总结去年工作，部署今年任务。会\n"
        "议强调，要坚持以人民为中心的发\n"
        "展思想。各级公安机关要守住安全\n"
        "底线，筑牢平安屏障，确保社会大\n"
        "局持续稳定。\n"
        "会议还通报了去年全市公安工作的\n"
        "主要成绩，表彰了一批先进集体和\n"
        "先进个人。\n"
    )
    assert texts(text) == [
        "市公安局召开全市公安工作会议，总结去年工作，部署今年任务。会议强调，要坚持以人民为中心的发展思想。"
        "各级公安机关要守住安全底线，筑牢平安屏障，确保社会大局持续稳定。",
        "会议还通报了去年全市公安工作的主要成绩，表彰了一批先进集体和先进个人。",
    ]


def test_full_line_ending_a_sentence_still_continues():
    # "…安全底线。" fills the column: the paragraph goes on below it.
    text = (
        "派出所民警深入辖区走访，宣传\n"
        "防范电信诈骗知识，筑牢安全底线。\n"
        "走访中，民警还为群众办理了户籍\n"
        "业务。\n"
        "下一步，派出所将继续开展走访\n"
        "活动，把服务送到群众家门口。\n"
    )
    assert texts(text) == [
        "派出所民警深入辖区走访，宣传防范电信诈骗知识，筑牢安全底线。走访中，民警还为群众办理了户籍业务。",
        "下一步，派出所将继续开展走访活动，把服务送到群众家门口。",
    ]


def test_short_line_ends_its_paragraph():
    text = (
        "今年以来，全市共破获电信网络诈\n"
        "骗案件三百余起，挽回群众损失两\n"
        "千余万元。\n"
        "同时，全市公安机关持续开展反诈\n"
        "宣传进社区、进校园、进企业活动\n"
        "，覆盖群众五十万人次。\n"
    )
    assert texts(text) == [
        "今年以来，全市共破获电信网络诈骗案件三百余起，挽回群众损失两千余万元。",
        "同时，全市公安机关持续开展反诈宣传进社区、进校园、进企业活动，覆盖群众五十万人次。",
    ]


@pytest.mark.parametrize("opening", ["，", "。", "、", "”", "；"])
def test_line_opening_with_punctuation_continues(opening):
    # Naive wrapping leaves punctuation at the start of a line: it belongs to the line above.
    text = (
        "记者从市交通运输局获悉\n"
        f"{opening}全市公交线路已恢复运营\n"
        "。\n"
        "市民出行请佩戴口罩。\n"
    )
    got = texts(text)
    assert got[0].startswith(f"记者从市交通运输局获悉{opening}全市公交线路已恢复运营")
    assert got[0].endswith("。") and got[-1] == "市民出行请佩戴口罩。"


def test_line_holding_only_a_full_stop_is_kept():
    text = (
        "今年以来，全市共破获电信网络诈\n"
        "骗案件三百余起，挽回群众损失两\n"
        "千余万元，群众安全感持续提升\n"
        "。\n"
        "同时，全市公安机关持续开展反诈\n"
        "宣传进社区活动。\n"
    )
    assert texts(text) == [
        "今年以来，全市共破获电信网络诈骗案件三百余起，挽回群众损失两千余万元，群众安全感持续提升。",
        "同时，全市公安机关持续开展反诈宣传进社区活动。",
    ]


def test_indented_line_starts_a_paragraph():
    # Two ideographic spaces open each paragraph; no blank lines at all.
    text = (
        "　　3月8日，记者深入市公安局湛河\n"
        "分局进行了采访。\n"
        "　　该局用短短一年时间，以优异成\n"
        "绩强势交卷，实属不易。这份荣光\n"
        "彰显政治担当，全面强化平安守护。\n"
        "　　副市长对分局整体工作给予高度\n"
        "评价。\n"
    )
    assert texts(text) == [
        "3月8日，记者深入市公安局湛河分局进行了采访。",
        "该局用短短一年时间，以优异成绩强势交卷，实属不易。这份荣光彰显政治担当，全面强化平安守护。",
        "副市长对分局整体工作给予高度评价。",
    ]


def test_first_line_short_by_a_lost_indent_continues():
    # The scan lost the indent: first lines are two characters short, yet go on.
    # A full line ending in 。 before a line two short with a full line after it: a new paragraph.
    text = (
        "市政府召开常务会议，研究\n"
        "部署安全生产工作。会议要求各\n"
        "地各部门压实责任，排查隐患。\n"
        "会议还研究了其他事项，审\n"
        "议通过了有关文件和工作方案，\n"
        "并部署了下一阶段的工作。\n"
    )
    assert texts(text) == [
        "市政府召开常务会议，研究部署安全生产工作。会议要求各地各部门压实责任，排查隐患。",
        "会议还研究了其他事项，审议通过了有关文件和工作方案，并部署了下一阶段的工作。",
    ]


def test_blank_lines_between_paragraphs():
    text = (
        "打防并举 守护万家灯火\n\n"
        "今年以来，全市共破获电信网络诈\n"
        "骗案件三百余起。\n\n"
        "同时，全市公安机关持续开展反诈\n"
        "宣传进社区活动。\n"
    )
    assert paragraphs(text) == [
        ("heading", "打防并举 守护万家灯火"),
        ("body", "今年以来，全市共破获电信网络诈骗案件三百余起。"),
        ("body", "同时，全市公安机关持续开展反诈宣传进社区活动。"),
    ]


def test_blank_line_inside_a_sentence_is_not_a_break():
    # Blank lines part these paragraphs, but one fell after a full line cut mid-word.
    text = (
        "近年来，市公安局坚持和发展新\n"
        "时代“枫桥经验”，推动社会治理\n\n"
        "重心向基层下移，取得了明显成\n"
        "效。\n\n"
        "下一步，市公安局将继续深化改\n"
        "革，提升基层治理能力。\n"
    )
    assert texts(text) == [
        "近年来，市公安局坚持和发展新时代“枫桥经验”，推动社会治理重心向基层下移，取得了明显成效。",
        "下一步，市公安局将继续深化改革，提升基层治理能力。",
    ]


def test_blank_line_after_every_line_carries_no_break():
    text = (
        "今年以来，全市共破获电信网络诈\n\n"
        "骗案件三百余起，挽回群众损失两\n\n"
        "千余万元。\n\n"
        "同时，全市公安机关持续开展反诈\n\n"
        "宣传进社区活动。\n"
    )
    assert texts(text) == [
        "今年以来，全市共破获电信网络诈骗案件三百余起，挽回群众损失两千余万元。",
        "同时，全市公安机关持续开展反诈宣传进社区活动。",
    ]


def test_one_paragraph_per_line_is_not_joined():
    # As published on the web: no blank lines, every line a paragraph, however it ends.
    text = (
        "上海新增13例，累计确诊66例\n"
        "截至1月27日24时，上海市累计发现确诊病例66例，其中，男性35例，女性31例；年龄最大88岁，最小7岁。\n"
        "累计确诊病例中，27例有湖北居住史、23例有湖北旅行史、16例有相关确诊病例接触史；外地来沪人员33例。\n"
        "目前，60例病情平稳，2例病情危重，3例出院，1例死亡。已累计排除75例疑似病例，尚有129例疑似病例正在排查中。\n"
        "本报记者 左妍\n"
    )
    assert len(texts(text)) == 5


def test_ocr_spaces_are_removed():
    text = "标题\n\n2020 年 11 月 26 日， 随着一声声清脆的法槌声敲响，案件 成功判决。 COVID 19 疫情\n"
    assert texts(text)[1:] == ["2020年11月26日，随着一声声清脆的法槌声敲响，案件成功判决。COVID 19疫情"]


# Metadata lines, in a web page and above a hard-wrapped report: kind meta
# (chrome is dropped), never part of a body paragraph.
META_LINES = [
    "2014年03月19日 12:17:48 来源： 宁夏日报",
    "2006-8-14 9:34:32",
    "时间：2026-02-12",
    "发布时间：2022-04-01 10:56  来源：新民晚报",
    "2020年2月5日 星期三",
    "来源：河北法制报",
    "作者：王琳",
    "责任编辑：李建国",
    "编辑：张晓",
    "【我要纠错】 责任编辑：王琳",
]
CHROME = ["【字号：加大 还原 减小】", "下载 打印 全屏 收藏", "【字号：大 中 小】 打印本页 关闭窗口", "[打印本页] [关闭窗口]"]
BODY = ["市公安局召开全市公安工作会议，总结去年工作，部署今年任务。", "会议强调，要坚持以人民为中心的发展思想。"]


def _web(line):
    return "\n".join(["全市公安工作会议召开", line, *BODY, line]) + "\n"


def _report(line):
    return (f"{line}\n\n全市公安工作会议召开\n\n市公安局召开全市公安工作会议，总结\n"
            f"去年工作，部署今年任务。会议强调，\n要坚持以人民为中心的发展思想。\n\n{line}\n")


@pytest.mark.parametrize("layout", [_web, _report], ids=["web", "report"])
@pytest.mark.parametrize("line", META_LINES)
def test_metadata_line_is_meta_and_never_in_a_paragraph(layout, line):
    got = paragraphs(layout(line))
    assert [t for kind, t in got if kind == "meta"] == [" ".join(line.split())] * 2
    assert [t for kind, t in got if kind not in ("meta", "heading")] == (
        BODY if layout is _web else ["".join(BODY)])


@pytest.mark.parametrize("layout", [_web, _report], ids=["web", "report"])
@pytest.mark.parametrize("line", CHROME)
def test_web_chrome_is_dropped(layout, line):
    got = paragraphs(layout(line))
    assert all(kind != "meta" and "打印" not in t and "字号" not in t for kind, t in got)
    assert [t for kind, t in got if kind == "body"] == (BODY if layout is _web else ["".join(BODY)])


@pytest.mark.parametrize("marker", ["(上接01版)", "（下转02版）"])
def test_page_marker_dropped_mid_paragraph(marker):
    text = (f"今年以来，全市共破获电信网络诈\n骗案件三百余起，挽回群众损失两\n\n{marker}\n\n"
            "千余万元。\n\n同时，全市公安机关持续开展反诈\n宣传进社区活动。\n")
    assert paragraphs(text) == [
        ("body", "今年以来，全市共破获电信网络诈骗案件三百余起，挽回群众损失两千余万元。"),
        ("marker", marker),
        ("body", "同时，全市公安机关持续开展反诈宣传进社区活动。"),
    ]


def test_date_wrapped_onto_its_own_line_stays_in_the_sentence():
    text = ("市公安局召开全市公安工作会议，会议于\n2014年3月19日\n，在市行政中心举行，总结去年工作，部\n"
            "署今年任务。\n")
    assert paragraphs(text) == [("body", "市公安局召开全市公安工作会议，会议于2014年3月19日，在市行政中心举行，"
                                         "总结去年工作，部署今年任务。")]


def test_body_sentence_opening_with_a_date_is_not_meta():
    assert paragraphs("2020年11月26日，随着一声声清脆的法槌声敲响，案件成功判决。\n") == [
        ("body", "2020年11月26日，随着一声声清脆的法槌声敲响，案件成功判决。")]


# The layout generator and the quality command.
ARTICLE = {"id": "1", "source": "test", "date": "2022-04-01", "title": "全市公安工作会议召开",
           "paragraphs": ["市公安局召开全市公安工作会议，总结去年工作，部署今年任务。会议强调，要坚持以人民为中心的发展思想。",
                          "会议还通报了去年全市公安工作的主要成绩，表彰了一批先进集体和先进个人。"]}


def test_wrap_fills_the_column_and_indents_the_first_line():
    lines = wrap("今年以来，全市共破获电信网络诈骗案件三百余起，挽回群众损失两千余万元。", 12, 10, hang=False)
    assert [len(l) for l in lines] == [10, 12, 12, 1]
    assert "".join(lines).startswith("今年以来")


def test_layouts_are_deterministic_and_keep_the_text():
    for layout in LAYOUTS:
        text = lay_out(ARTICLE, layout, seed=3)
        assert text == lay_out(ARTICLE, layout, seed=3)
        assert score(ARTICLE, layout, seed=3).recovered == 3, layout


def test_eval_paragraphs_command(tmp_path):
    (tmp_path / "test.jsonl").write_text(json.dumps(ARTICLE, ensure_ascii=False) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["eval", "paragraphs", str(tmp_path), "--worst", "3"])
    assert result.exit_code == 0, result.output
    assert "seeds 0, 1, 2" in result.output
    assert "| test | web | 9 | 9 | 100.0% | 100.0% (seed 0) |" in result.output
    assert "| all | web | 9 | 9 | 100.0% | 100.0% (seed 0) |" in result.output
    result = CliRunner().invoke(cli, ["eval", "paragraphs", str(tmp_path), "--seed", "5"])
    assert "| test | web | 3 | 3 | 100.0% | 100.0% (seed 5) |" in result.output
    result = CliRunner().invoke(cli, ["eval", "paragraphs", str(tmp_path), "--seeds", "0,x"])
    assert result.exit_code == 2 and "--seeds" in result.output


def test_eval_table_gives_the_worst_seed_beside_the_pooled_share():
    """A layout that passes on average but fails at one seed shows that seed."""
    results = [Result(0, "a", "1", "every", 100, 100), Result(1, "a", "2", "every", 100, 94)]
    row = next(r for r in table(results) if (r.source, r.layout) == ("a", "every"))
    assert (row.true, row.recovered, row.share, row.worst_seed, row.worst_share) == (200, 194, 0.97, 1, 0.94)


def test_eval_paragraphs_names_a_bad_line(tmp_path):
    (tmp_path / "bad.jsonl").write_text('{"title": "x", "paragraphs": ["a"]}\nnot json\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["eval", "paragraphs", str(tmp_path)])
    assert result.exit_code == 1 and "bad.jsonl:2:" in result.output


def test_metadata_lines_are_stored_and_date_the_article(tmp_path):
    """A report under its timestamp line: the line is a meta row, and the article's date comes from it."""
    source = tmp_path / "src"
    source.mkdir()
    (source / "report.txt").write_text(
        "2014年03月19日 12:17:48 来源： 宁夏日报\n\n全市公安工作会议召开\n\n"
        "市公安局召开全市公安工作会议，总结去年工作，部署今年任务。\n\n"
        "会议强调，要坚持以人民为中心的发展思想。\n", encoding="utf-8")
    db = tmp_path / "news.db"
    build(db, [source], jobs=1, warn=lambda message: None)
    conn = sqlite3.connect(db)
    assert conn.execute("select kind, text from paragraphs order by seq").fetchall() == [
        ("meta", "2014年03月19日 12:17:48 来源： 宁夏日报"),
        ("heading", "全市公安工作会议召开"),
        ("body", "市公安局召开全市公安工作会议，总结去年工作，部署今年任务。"),
        ("body", "会议强调，要坚持以人民为中心的发展思想。"),
    ]
    (title, date), = conn.execute("select title, date from articles").fetchall()
    assert title == "全市公安工作会议召开" and date.startswith("2014")
