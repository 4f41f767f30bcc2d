"""Line breaks from the file's own layout: one example per signal a reader uses,
and metadata lines that never end up inside a paragraph of text."""
import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from loader.store.build import build
from loader.cli import cli
from loader.dev.layouts import LAYOUTS, lay_out, wrap
from loader.ingest.layout import breaks, reading
from loader.ingest.parse import parse_lines, parse_text
from loader.dev.eval_paragraphs import CORPUS, Result, count_junctures, genre_table, load, score, table


ROOT_CORPUS = Path(__file__).resolve().parent.parent / CORPUS


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
    "原文来自「后窗工作室」：寿光水灾六日图景",
    "本文由简悦SimpRead转码，原文地址来自澎湃新闻",
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
    assert "| all | all | 45 | 45 | 100.0% | 100.0% (seed 0) |" in result.output
    result = CliRunner().invoke(cli, ["eval", "paragraphs", str(tmp_path), "--seed", "5"])
    assert "| test | web | 3 | 3 | 100.0% | 100.0% (seed 5) |" in result.output
    result = CliRunner().invoke(cli, ["eval", "paragraphs", str(tmp_path), "--seeds", "0,x"])
    assert result.exit_code == 2 and "--seeds" in result.output


def test_eval_table_gives_the_worst_seed_beside_the_pooled_share():
    """A layout that passes on average but fails at one seed shows that seed."""
    results = [Result(0, "a", "1", "every", 100, 100), Result(1, "a", "2", "every", 100, 94)]
    row = next(r for r in table(results) if (r.source, r.layout) == ("a", "every"))
    assert (row.true, row.recovered, row.share, row.worst_seed, row.worst_share) == (200, 194, 0.97, 1, 0.94)


def test_eval_table_by_genre_and_width_band():
    results = [Result(0, "a", "1", "every", 100, 90, genre="formal", band="8-11"),
               Result(0, "a", "2", "every", 100, 100, genre="formal", band="25-40"),
               Result(0, "b", "3", "every", 100, 99, genre="news", band="8-11")]
    rows = {(r.source, r.layout, r.band): (r.true, r.recovered) for r in genre_table(results)}
    assert rows["formal", "every", "all"] == (200, 190)
    assert rows["formal", "every", "8-11"] == (100, 90)
    assert rows["all", "every", "8-11"] == (200, 189)
    assert rows["formal", "every", "12-40"] == (100, 100)
    assert ("news", "every", "25-40") not in rows


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


# A column 24 wide (first lines 22) that hangs punctuation past its edge:
# `，` and `。` sit in a 25th place rather than open the next line. A first
# line is then 22 characters of text plus the mark it hangs.
def test_hung_punctuation_aside_a_first_line_is_short_by_its_indent():
    text = (
        "捣烂凤鲚制玉饼\n\n上海人吃的凤尾鱼多来自浙东沿海，少量来自崇\n\n明岛，以五六月份捕捞的品质最高，鱼籽紧实，轻轻\n\n"
        "咬下，满口膏腴，鲜香十足。吃凤尾鱼，鱼籽的多寡\n\n与松紧是评判优劣的关键。\n\n"
        "凤尾鱼肉薄而多骨刺，参以本帮爆鱼的塑身大法，\n\n先倒些老抽在鱼身“郁”一下，沥干后入油锅炸至酥\n\n"
        "脆，起锅后投入事先调制好的卤汁中，十数秒后捞起，\n\n趁热上桌，连骨咀嚼，送酒隽品。在饭店里凤尾鱼比\n\n"
        "熏鱼卖得贵，成本放在那里，消费者能够理解。\n\n苏州人也视凤尾鱼为珍品，制卤时会多放一些糖。\n\n"
        "前阵子在十六铺松鹤楼请几位广东朋友吃饭，我点了\n\n一款烤籽鱼，柴把似的堆起，凤尾高翘，抱籽紧实，\n\n"
        "像一堆凝固的篝火。此物岭南没有，朋友一吃，连声\n\n称美。\n\n"
        "最好不要请北方朋友吃凤尾鱼，他们以为上海小\n\n气，叫一碟小猫鱼虚应故事。不懂得它的价值，吃相\n\n"
        "也就好不到哪里去，就像苏州人说的——“牛嚼草”。\n"
    )
    assert texts(text) == [
        "捣烂凤鲚制玉饼",
        "上海人吃的凤尾鱼多来自浙东沿海，少量来自崇明岛，以五六月份捕捞的品质最高，鱼籽紧实，轻轻咬下，满口膏腴，"
        "鲜香十足。吃凤尾鱼，鱼籽的多寡与松紧是评判优劣的关键。",
        "凤尾鱼肉薄而多骨刺，参以本帮爆鱼的塑身大法，先倒些老抽在鱼身“郁”一下，沥干后入油锅炸至酥脆，起锅后投入"
        "事先调制好的卤汁中，十数秒后捞起，趁热上桌，连骨咀嚼，送酒隽品。在饭店里凤尾鱼比熏鱼卖得贵，成本放在那里，"
        "消费者能够理解。",
        "苏州人也视凤尾鱼为珍品，制卤时会多放一些糖。前阵子在十六铺松鹤楼请几位广东朋友吃饭，我点了一款烤籽鱼，"
        "柴把似的堆起，凤尾高翘，抱籽紧实，像一堆凝固的篝火。此物岭南没有，朋友一吃，连声称美。",
        "最好不要请北方朋友吃凤尾鱼，他们以为上海小气，叫一碟小猫鱼虚应故事。不懂得它的价值，吃相也就好不到哪里去，"
        "就像苏州人说的——“牛嚼草”。",
    ]


# A clean column 34 wide, a blank line after every line: a line that ends a
# sentence a whole character short of the edge had room for one more, so its
# paragraph ended there.
def test_a_line_ending_a_sentence_with_room_left_ends_its_paragraph():
    text = (
        "第三次阿富汗邻国外长会在华举行\n\n"
        "这两天，安徽黄山屯溪吸引了世界目光。在这个风景秀美、历史悠久的地\n\n"
        "方，第三次阿富汗邻国外长会迎来了多位重量级海外宾客。\n\n"
        "会上，各方来宾围绕阿富汗局势向稳、帮助支持阿富汗人民等议题，充分\n\n交换看法、协调立场。\n\n"
        "3月31日，国家主席习近平向本次会议发表书面致辞。他强调，阿富汗邻\n\n"
        "国要各尽所能，凝聚共识，协调配合，支持阿富汗人民开创美好未来。\n\n"
        "分析人士认为，本次会议凸显了中国作为负责任大国在阿富汗问题上发挥\n\n"
        "积极作用的外交形象，以及勇于承担国际责任的精神。\n"
    )
    assert texts(text) == [
        "第三次阿富汗邻国外长会在华举行",
        "这两天，安徽黄山屯溪吸引了世界目光。在这个风景秀美、历史悠久的地方，第三次阿富汗邻国外长会迎来了多位重量级海外宾客。",
        "会上，各方来宾围绕阿富汗局势向稳、帮助支持阿富汗人民等议题，充分交换看法、协调立场。",
        "3月31日，国家主席习近平向本次会议发表书面致辞。他强调，阿富汗邻国要各尽所能，凝聚共识，协调配合，"
        "支持阿富汗人民开创美好未来。",
        "分析人士认为，本次会议凸显了中国作为负责任大国在阿富汗问题上发挥积极作用的外交形象，以及勇于承担国际责任的精神。",
    ]


# A paragraph per line with blank lines between: a subheading is a phrase
# without a full stop, much shorter than the paragraphs, and stands alone.
def test_a_short_phrase_between_paragraphs_is_a_subheading():
    text = (
        "2022年05月01日 12:17:48 来源： 解放日报\n\n梁万年谈上海疫情防控\n\n"
        "国家卫健委新冠肺炎疫情应对处置工作领导小组专家组组长梁万年在发布会上回答记者提问，谈到了上海疫情防控的多个问题。\n\n"
        "集中隔离在当前形势下是必要的\n\n"
        "梁万年表示，坚持无症状感染者、轻症患者集中隔离，这是由我国“动态清零”的总方针决定的，也是由奥密克戎变异株的特点决定的。\n\n"
        "解封有条件，要保证传播链被切断\n\n"
        "梁万年表示，上海市当前实行全域静态管理。解封从概念上讲是分区、分类、分级、分层次的，要按照国家有关的防控标准和规范来研究解封的事情。\n"
    )
    assert texts(text)[2:] == [
        "集中隔离在当前形势下是必要的",
        "梁万年表示，坚持无症状感染者、轻症患者集中隔离，这是由我国“动态清零”的总方针决定的，也是由奥密克戎变异株的特点决定的。",
        "解封有条件，要保证传播链被切断",
        "梁万年表示，上海市当前实行全域静态管理。解封从概念上讲是分区、分类、分级、分层次的，要按照国家有关的防控标准和规范来研究解封的事情。",
    ]


# The same layout, but the short line is a phrase cut short: `不仅` waits for
# its `也`, so the blank line fell inside the sentence (a photo was taken out).
def test_a_phrase_cut_short_goes_on_past_a_blank_line():
    text = (
        "保定公安创新“空地一体、屯警街面”立体巡控模式，建强古城机动队、直隶铁骑等专业力量，用实际行动践行着庄严承诺，让安全感成为街头巷尾最温暖的底色。\n\n"
        "一系列有力举措不仅体现在街面\n\n"
        "动态防控上，也深入到社会治理的各个方面。保定公安建成治安基础管控中心，研发数据模型精准感知治安态势，推动5个派出所获评全国及省级“枫桥式公安派出所”。\n"
    )
    assert texts(text)[1] == (
        "一系列有力举措不仅体现在街面动态防控上，也深入到社会治理的各个方面。保定公安建成治安基础管控中心，"
        "研发数据模型精准感知治安态势，推动5个派出所获评全国及省级“枫桥式公安派出所”。")


# Under a headline, a line that opens with a particle (`的`) finishes the one above: no heading there.
def test_a_line_opening_with_a_particle_finishes_the_line_above():
    text = (
        "上海新增13例，累计确诊66例\n\n上海市新增新型冠状病毒 感染\n\n的肺炎确诊病例13例。\n\n"
        "截至1月27日 24时，上海市累\n\n计发现确诊病例66例，其中，男性\n\n35例，女性31 例；年龄最 大88岁，\n\n最小 7岁。\n"
    )
    assert paragraphs(text)[1:] == [
        ("body", "上海市新增新型冠状病毒感染的肺炎确诊病例13例。"),
        ("body", "截至1月27日24时，上海市累计发现确诊病例66例，其中，男性35例，女性31例；年龄最大88岁，最小7岁。"),
    ]


# A short report with a blank line after every line shows no column to read:
# a line ending on a comma still goes on, under the headline too.
def test_a_line_ending_on_a_comma_goes_on():
    text = (
        "武汉18日新增病例59例，19日新增病例77例\n\n"
        "18日，治愈出院5例，新增死亡1例；19日，治愈出院1例。截\n\n"
        "至19日22时，武汉市累计报告新型冠状病毒感染的肺炎病例198例，\n\n"
        "已治愈出院25例，死亡3例。\n"
    )
    assert texts(text)[1:] == [
        "18日，治愈出院5例，新增死亡1例；19日，治愈出院1例。截至19日22时，"
        "武汉市累计报告新型冠状病毒感染的肺炎病例198例，已治愈出院25例，死亡3例。"]


# A number and the unit or measure word that opens the next line are one phrase (`死亡45` / `例，`).
def test_a_number_runs_on_into_its_unit():
    text = (
        "武汉新型肺炎死亡病例已有45人\n\n"
        "武汉市市长周先旺：截至今天凌晨，武汉累计报告618例，已经治愈出院40例，死亡45\n\n"
        "例，目前在院治疗533例，重症87例，危重53例，都在定点医院接受隔离治疗。\n"
    )
    assert texts(text)[1:] == [
        "武汉市市长周先旺：截至今天凌晨，武汉累计报告618例，已经治愈出院40例，死亡45例，"
        "目前在院治疗533例，重症87例，危重53例，都在定点医院接受隔离治疗。"]


# A column 25 wide: the reporter's name after the last full stop ends the
# paragraph, though the line runs close to the column's edge.
def test_a_reporters_name_after_a_full_stop_ends_the_paragraph():
    text = (
        "同时，以地图方式呈现的疫情点位热力图不仅直观地将\n风险点位显示出来，当热力图上呈现出一个明显的“包\n"
        "围圈”的时候，人们就很容易发现点位之间的联系，从\n而找到传播链条，迅速堵住隐患。本报记者 孙云\n"
        "第4计\n药袋接单\n昨天上午7时30分，章琦熟门熟路地来到松江区\n永丰街道的社区服务点，开始一天的代配药工作。\n"
    )
    assert texts(text)[:2] == [
        "同时，以地图方式呈现的疫情点位热力图不仅直观地将风险点位显示出来，当热力图上呈现出一个明显的“包围圈”的时候，"
        "人们就很容易发现点位之间的联系，从而找到传播链条，迅速堵住隐患。本报记者孙云",
        "第4计",
    ]


# A column about 30 wide (digits print half as wide): a full line ending in a
# colon closes its paragraph when the line below opens one (short by its indent, a full line after it).
def test_a_full_line_ending_in_a_colon_closes_its_paragraph_before_an_opening_line():
    text = (
        "河南新增确诊40例，河南累计确诊168例\n\n2020年1月 27日0-24时， 河南省12市（县）新型冠状病毒感染\n\n"
        "的肺炎新增确诊病例40例，新增重症病例11例、危重 2例。 其中：\n\n焦作市为报告首例确诊病例，确诊2例。其他地市新增确诊病\n\n"
        "例中，郑州市8例、开封市1例、安阳市4例、新乡市2例、许昌市1\n\n例、漯河市3例、南阳市7例、商丘市1例、周口市4例、信阳市6例\n\n"
        "、驻马店市1例。\n"
    )
    assert texts(text)[1:] == [
        "2020年1月27日0-24时，河南省12市（县）新型冠状病毒感染的肺炎新增确诊病例40例，新增重症病例11例、危重2例。其中：",
        "焦作市为报告首例确诊病例，确诊2例。其他地市新增确诊病例中，郑州市8例、开封市1例、安阳市4例、新乡市2例、许昌市1例、"
        "漯河市3例、南阳市7例、商丘市1例、周口市4例、信阳市6例、驻马店市1例。",
    ]


# A column 24 wide whose lines under a heading are first lines, two short: the
# column is read from lines inside paragraphs, after a line cut at the edge,
# not from a first line under a short heading (that would make the 24-wide
# lines look wider than the column, each a line of its own).
def test_the_column_is_not_read_from_first_lines_under_headings():
    text = (
        "应检未检将被依法处理\n\n（一）《治安管理处罚法》第五十条第一款第一\n\n项\n\n"
        "第五十条 有下列行为之一的，处警告或者二百元\n\n以下罚款；情节严重的，处五日以上十日以下拘留，\n\n"
        "可以并处五百元以下罚款：（一）拒不执行人民政府\n\n在紧急状态情况下依法发布的决定、命令的；……\n\n"
        "（二）《刑法》第三百三十条第一款第五项\n\n第三百三十条 违反传染病防治法的规定，有下列\n\n"
        "情形之一，引起甲类传染病以及依法确定采取甲类传\n\n染病预防、控制措施的传染病传播或者有传播严重危\n\n"
        "险的，处三年以下有期徒刑或者拘役；后果特别严重\n\n的，处三年以上七年以下有期徒刑：……\n"
    )
    assert texts(text)[1:] == [
        "（一）《治安管理处罚法》第五十条第一款第一项",
        "第五十条有下列行为之一的，处警告或者二百元以下罚款；情节严重的，处五日以上十日以下拘留，可以并处五百元以下罚款："
        "（一）拒不执行人民政府在紧急状态情况下依法发布的决定、命令的；……",
        "（二）《刑法》第三百三十条第一款第五项",
        "第三百三十条违反传染病防治法的规定，有下列情形之一，引起甲类传染病以及依法确定采取甲类传染病预防、控制措施的"
        "传染病传播或者有传播严重危险的，处三年以下有期徒刑或者拘役；后果特别严重的，处三年以上七年以下有期徒刑：……",
    ]


# A column 26 wide, first lines 24: a one-line paragraph, short by its indent
# and ending a sentence, then a short line that ends none. That line is not
# the paragraph's last line (it would end a sentence) but a subheading.
def test_a_short_line_ending_no_sentence_under_a_one_line_paragraph_is_a_heading():
    text = (
        "长三角一家人\n\n这种进化也来自于基层创新。为应对公路运输受阻\n\n的压力，中远海运、中国铁路上海局积极行动起来，增\n\n"
        "加水水中转、海铁联运比重，保证物流链“主动脉”畅\n\n通。其中，铁路运输不仅缓解了公路运输压力，还实现\n\n"
        "了区域联动。5月1日至21日，长三角铁路日均卸车达17\n\n507车，同比增长19.2%。\n\n"
        "进化之下，长三角的产业链齿轮重新咬合、转动。\n\n蔬菜团购的启示\n\n"
        "在长三角，总不乏这样的故事：在遭遇困难时，能\n\n够创造新条件，发现新契机，找到迂回的解题方法，在\n\n"
        "各种不确定性中寻找确定性，这也是一个地区经济韧性\n\n的体现。\n"
    )
    assert paragraphs(text)[2:4] == [
        ("body", "进化之下，长三角的产业链齿轮重新咬合、转动。"),
        ("heading", "蔬菜团购的启示"),
    ]


def test_column_narrowing_within_a_file_is_read_where_it_narrows():
    # A page dump: a paragraph set 24 wide, then a stretch of the page set 12 wide.
    # Lines filling the narrow column go on; none is a heading.
    wide = ("今年以来，全市公安机关坚持以人民为中心，持续深化平安建设，社会治安形势持续向好，群众安全感不断提升，"
            "为经济社会发展营造了良好环境。全市公安机关持续推进扫黑除恶常态化，严厉打击各类违法犯罪活动，"
            "深入开展矛盾纠纷排查化解，切实维护社会大局持续稳定。")
    narrow = ["破案神速！今年11月7日，市公安局图侦中心民警通过视频侦查，仅用一天时间就破获了一起砸车盗取车内物品案件。",
              "坚持用数据说话、用数据管理、用数据创新，市公安局依托信息平台采集基础信息，加强关联比对，更好地为决策服务。"]
    text = "\n".join(wrap(wide, 24, 24, hang=False)) + "\n\n" + "\n\n".join(
        "\n".join(wrap(p, 12, 12, hang=False)) for p in narrow) + "\n"
    assert paragraphs(text) == [("body", wide)] + [("body", p) for p in narrow]


def test_ornament_line_is_dropped():
    text = ("市公安局召开全市公安工作会议，\n"
            "总结去年工作，部署今年任务。\n"
            "…………\n"
            "会议强调，要坚持以人民为中心。\n")
    assert "…………" not in "".join(texts(text))
    assert texts(text)[0] == "市公安局召开全市公安工作会议，总结去年工作，部署今年任务。"


def test_a_credit_line_with_a_bar_or_a_slash_is_a_byline():
    assert paragraphs("幸存者的同学聚会\n\n文|王一然 编辑|王珊\n\n老北川中学就剩下这两棵泡桐树了。\n") == [
        ("heading", "幸存者的同学聚会"), ("byline", "文|王一然 编辑|王珊"), ("body", "老北川中学就剩下这两棵泡桐树了。")]


def test_the_line_above_a_web_pages_source_line_is_its_headline():
    # a headline with a comma in its series title, which a headline rarely has
    got = paragraphs("云南建设面向南亚东南亚辐射中心（奋勇争先，决战决胜“十四五”）\n来源：人民日报　时间：2025-06-11\n\n"
                     "“这段时间，一柜难求。”正值水果上市旺季，张德欢连续几天忙到深夜。\n")
    assert got == [("heading", "云南建设面向南亚东南亚辐射中心（奋勇争先，决战决胜“十四五”）"),
                   ("meta", "来源：人民日报 时间：2025-06-11"),
                   ("body", "“这段时间，一柜难求。”正值水果上市旺季，张德欢连续几天忙到深夜。")]


# Long formal documents: numbered headings with no final punctuation.
_REPORT = ("今年以来，全市坚持稳中求进工作总基调，经济运行总体平稳，发展质量稳步提升。",
           "要完整准确全面贯彻新发展理念，加快构建新发展格局，着力推动高质量发展。")


def _page(paragraphs, width, blank):
    """paragraphs wrapped at width (first lines two short, the indent lost); blank: "between" or "every"."""
    lines = ["市政府召开常务会议"] + ([] if blank == "every" else [""])  # the title, on a line of its own
    for paragraph in paragraphs:
        lines += wrap(paragraph, width, width - 2, hang=False) + ([] if blank == "every" else [""])
    return ("\n\n" if blank == "every" else "\n").join(lines) + "\n"


@pytest.mark.parametrize("head, room", [(head, room) for head in ["一、总体要求", "（一）坚持稳中求进", "1.加强组织领导",
                                                                    "——经济运行总体平稳", "第一，坚持党的领导"]
                                         for room in (0, 2)])
@pytest.mark.parametrize("blank", ["between", "every"])
def test_numbered_heading_is_a_heading_row(head, blank, room):
    """A numbered heading stands apart from the paragraphs around it, whatever the blank lines say,
    even where it is as wide as a first line short by its lost indent (room 2) or wraps onto a second line (0)."""
    got = paragraphs(_page((_REPORT[0], head, _REPORT[1], _REPORT[0]), len(head) + room, blank))
    assert got[:4] == [("heading", "市政府召开常务会议"), ("body", _REPORT[0]), ("heading", head), ("body", _REPORT[1])]


def test_a_numbered_heading_may_hold_a_comma():
    head = "（三）加快建设现代化产业体系，推动高质量发展"
    assert paragraphs(_page((_REPORT[0], head, _REPORT[1]), 16, "every"))[1:4] == [
        ("body", _REPORT[0]), ("heading", head), ("body", _REPORT[1])]


def test_numbered_item_after_a_full_line_ending_a_sentence_opens_a_paragraph():
    # `…按照规定。` fills the column: without the number the next line would go on from it.
    text = ("第五条　公安机关是养犬管理工作的主\n"
            "管部门，负责组织实施本条例，按照规\n"
            "定。\n"
            "第六条　乡镇人民政府应当按照职责\n"
            "做好辖区内养犬管理相关工作，街道\n"
            "办事处应当配合相关部门做好工作。\n"
            "（一）受理能源利用违法行为的举报\n"
            "、投诉；\n")
    assert texts(text) == ["第五条公安机关是养犬管理工作的主管部门，负责组织实施本条例，按照规定。",
                           "第六条乡镇人民政府应当按照职责做好辖区内养犬管理相关工作，街道办事处应当配合相关部门做好工作。",
                           "（一）受理能源利用违法行为的举报、投诉；"]


def test_one_ascii_space_opening_a_line_is_not_an_indent():
    """OCR puts a space before a line now and then; an indent is two or four spaces, or `　　`."""
    text = ("　　市公安局召开全市公安工作会议，总结\n"
            " 去年工作，部署今年任务。会议强调，要\n"
            "坚持以人民为中心的发展思想。\n"
            "　　会议还通报了去年全市公安工作的主要\n"
            "成绩，表彰了一批先进集体和先进个人。\n")
    assert texts(text) == [
        "市公安局召开全市公安工作会议，总结去年工作，部署今年任务。会议强调，要坚持以人民为中心的发展思想。",
        "会议还通报了去年全市公安工作的主要成绩，表彰了一批先进集体和先进个人。"]


def test_a_number_cut_at_its_decimal_point_runs_on():
    # `2.` is short by display width: without the number it would end its paragraph.
    text = ("　　生态环境明显改善，全年空气质量优良\n"
            "天数保持在355天以上，完成植树造林2.\n"
            "5万亩。\n"
            "　　城市面貌发生巨变，城市建设步伐全面\n"
            "加快，承载能力显著增强。\n")
    assert texts(text) == ["生态环境明显改善，全年空气质量优良天数保持在355天以上，完成植树造林2.5万亩。",
                           "城市面貌发生巨变，城市建设步伐全面加快，承载能力显著增强。"]


def test_a_page_wrapped_by_character_count_keeps_its_lines_full_of_digits():
    """An editor's wrap counts a digit as a whole column: `G15沈海高速1203公` is full, though
    narrower by display width than a line of Chinese characters."""
    report = ["2月19日11时许，市公安局110指挥中心接到报警称，在G15沈海高速1203公里处发生一起交通事故，民警于11时35分赶到现场处置。",
              "经初步调查，事故造成2人受伤，已于12时10分送往医院救治，道路于13时20分恢复通行。",
              "目前，事故原因正在进一步调查之中，警方提醒广大驾驶人注意行车安全。"]
    lines = [line for paragraph in report for line in wrap(paragraph, 10, 8, hang=False, chars=True)]
    assert "G15沈海高速120" in lines
    assert texts("交通事故快报\n\n" + "\n".join(lines) + "\n")[1:] == report


def test_a_regulations_article_with_a_space_after_its_number_is_not_a_headline():
    """`第十四条 零散…` looks like two phrases a space parts, but an article opens a paragraph of text."""
    law = ["第十三条 零散工业废水产生单位应当与处理单位按照协议约定转移交付零散工业废水，并现场核验废水转移量、填写转移联单。",
           "第十四条 零散工业废水产生单位禁止实施下列行为：",
           "（一）在零散工业废水收集、储存设施内预设暗口或者安装旁通阀门；"]
    lines = [line for article in law for line in wrap(article, 17, 15, hang=False, chars=True)]
    assert "第十四条 零散工业废水产生单位" in lines
    assert paragraphs("东莞市零散工业废水管理条例\n\n" + "\n\n".join(lines) + "\n")[1:] == [
        ("body", article.replace(" ", "")) for article in law]


def test_a_stray_blank_line_before_a_full_line_is_no_caption():
    """A blank line after every line, and one more before `坚持以人民…`: a full line cut
    mid-sentence, not a caption standing apart."""
    text = ("全市公安工作会议召开\n\n"
            "市公安局召开全市公安工作会议，总结\n\n"
            "去年工作，部署今年任务。会议强调，要\n\n\n"
            "坚持以人民为中心的发展思想，守住安全\n\n"
            "底线，确保大局稳定。\n\n"
            "会议还通报了去年全市公安工作的主要\n\n"
            "成绩，表彰了一批先进集体和先进个人。\n")
    assert texts(text)[1:] == [
        "市公安局召开全市公安工作会议，总结去年工作，部署今年任务。会议强调，要坚持以人民为中心的发展思想，守住安全底线，确保大局稳定。",
        "会议还通报了去年全市公安工作的主要成绩，表彰了一批先进集体和先进个人。"]


@pytest.mark.parametrize("last", ["二〇〇四年九月二十三日", "（此件公开发布）"])
def test_a_formal_documents_date_or_note_at_its_end_is_no_caption(last):
    text = ("国务院办公厅关于加强地质灾害防治工作的通知\n\n"
            "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：\n\n"
            "为切实做好地质灾害防治工作，经国务院同意，现就有关事项通知如下。\n\n"
            "国务院办公厅\n\n" + last + "\n")
    assert paragraphs(text)[-1] == ("body", last)


def test_indents_of_long_paragraphs_in_a_narrow_column_open_them():
    """Fewer than one line in twenty is indented, yet every paragraph opens with `　　`."""
    sentence = "今年以来，全市坚持稳中求进工作总基调，经济运行总体平稳，发展质量稳步提升。"
    report = [sentence * 6, "各位代表：", sentence * 7]
    lines = []
    for paragraph in report:
        wrapped = wrap(paragraph, 8, 6, hang=False)
        lines += ["　　" + wrapped[0]] + wrapped[1:]
    assert len(report) < 0.05 * len(lines)
    assert texts("\n".join(lines) + "\n") == report


def test_a_word_opening_with_a_particles_character_does_not_run_on():
    """`过去` is no particle `过`: the numbered heading above it ends (a paragraph a line, blank lines between)."""
    text = ("2022年03月05日 09:54:21 来源： 国务院\n\n政府工作报告\n\n"
            "现在，我代表国务院，向大会报告政府工作，请予审议，并请全国政协委员提出意见。\n\n"
            "一、2021年工作回顾\n\n"
            "过去一年是党和国家历史上具有里程碑意义的一年。全年主要目标任务较好完成，“十四五”实现良好开局。\n")
    assert paragraphs(text)[-2:] == [
        ("heading", "一、2021年工作回顾"),
        ("body", "过去一年是党和国家历史上具有里程碑意义的一年。全年主要目标任务较好完成，“十四五”实现良好开局。")]


def test_a_page_whose_blocks_hold_whole_paragraphs_parts_them_only_at_its_blank_lines():
    # Every block ends where a paragraph may end: inside one, `提升。…有力有效。` at the column's
    # edge followed by a line two short (as a first line that lost its indent) goes on.
    text = ("今年以来，全市坚持稳\n中求进工作总基调，经济运\n行总体平稳，发展质量稳步\n提升。民生保障有力有效。\n"
            "全市上下团结一心真抓\n实干，各项事业取得新的进\n展。\n\n"
            "要完整准确全面贯彻新\n发展理念，加快构建新发展\n格局，着力推动高质量发展\n，更好统筹发展和安全。\n\n"
            "全市公安机关坚持以人\n民为中心，持续深化平安建\n设，社会治安形势持续向好\n。\n")
    assert texts(text) == ["今年以来，全市坚持稳中求进工作总基调，经济运行总体平稳，发展质量稳步提升。民生保障有力有效。"
                           "全市上下团结一心真抓实干，各项事业取得新的进展。",
                           "要完整准确全面贯彻新发展理念，加快构建新发展格局，着力推动高质量发展，更好统筹发展和安全。",
                           "全市公安机关坚持以人民为中心，持续深化平安建设，社会治安形势持续向好。"]


def test_a_ragged_column_is_read_at_its_edge():
    # Lines break up to two characters short of a 12-wide column (a blank line after each): a first
    # line two short of the edge opens its paragraph, as wide as it is, and is no heading.
    order = [_REPORT[0], _REPORT[1], "全市公安机关坚持以人民为中心，持续深化平安建设，社会治安形势持续向好。",
             "各级政府要自觉接受人民代表大会及其常委会的监督，主动接受人民政协的民主监督。",
             "深入推进依法行政，加快建设法治政府，严格规范公正文明执法。"]
    lines = ["今年以来，全市坚持稳", "中求进工作总基调，经济", "运行总体平稳，发展质量稳", "步提升。",
             "要完整准确全面贯彻新", "发展理念，加快构建新", "发展格局，着力推动高质量", "发展。",
             "全市公安机关坚持以人", "民为中心，持续深化平", "安建设，社会治安形势持续", "向好。",
             "各级政府要自觉接受人", "民代表大会及其常委会", "的监督，主动接受人民政协", "的民主监督。",
             "深入推进依法行政，加", "快建设法治政府，严格规范", "公正文明执法。",
             "今年以来，全市坚持稳", "中求进工作总基调，经济运", "行总体平稳，发展质量稳", "步提升。",
             "要完整准确全面贯彻新", "发展理念，加快构建新发展", "格局，着力推动高质量发展", "。"]
    text = "\n\n".join(["市政府召开常务会议"] + lines) + "\n"
    assert paragraphs(text) == [("heading", "市政府召开常务会议")] + [("body", p) for p in order + order[:2]]


def test_in_a_narrow_column_a_line_two_characters_short_is_nearly_full():
    # 10 wide: `…总结去年` stops two short, mid-sentence: the text goes on past it.
    text = "市公安局召开全市公安\n工作会议总结去年\n工作，部署今年任务。\n会议强调，要坚持以人\n民为中心的发展思想，\n守住安全底线。\n"
    assert texts(text) == ["市公安局召开全市公安工作会议总结去年工作，部署今年任务。会议强调，要坚持以人民为中心的发展思想，守住安全底线。"]


def test_a_bare_date_below_the_text_is_the_documents_closing_date():
    # Above the text a date is a time stamp (meta); below text that has ended a sentence it is a paragraph.
    text = ("2019年1月20日 10:20:00 来源：市政府\n\n市政府关于做好春节工作的通知\n\n各区要做好春节期间各项工作。\n\n"
            "市人民政府\n\n2019年1月27日\n")
    got = paragraphs(text)
    assert got[0] == ("meta", "2019年1月20日 10:20:00 来源：市政府")
    assert got[-1] == ("body", "2019年1月27日")


def test_a_headings_number_is_not_a_clause_mark():
    # A paragraph per line: `二、` is a number, so the heading holds one clause mark (its comma) and stands apart.
    head = "二、丰富赛事活动，完善赛事体系"
    body = ["到2025年，体育竞赛表演产业总规模达到2万亿元，基本形成产品丰富、结构合理、基础扎实、发展均衡的产业体系。",
            "（四）大力发展职业赛事。着力发展足球、篮球、排球、乒乓球、羽毛球、冰球、围棋等职业联赛，鼓励网球、自行车、"
            "拳击、赛车等有条件的项目发展职业赛事。",
            "（五）支持引进国际重大赛事。综合评估世界锦标赛、世界杯赛等大型单项国际赛事的综合效益，有序引进国际知名品牌赛事。"]
    text = "\n\n".join(["市政府关于促进体育赛事的意见", body[0], head] + body[1:]) + "\n"
    assert paragraphs(text)[1:4] == [("body", body[0]), ("heading", head), ("body", body[1])]


def test_below_the_headline_a_line_filling_the_column_is_text_where_a_blank_line_follows_every_line():
    lines = ["澳门确诊首例新型肺炎感染案例", "澳门新型冠状病毒感染应变协调中心今天", "11时召开新闻发布会，会上发布消息称，澳",
             "门出现首例确诊新型冠状病毒感染的案例。", "患者为一名来自武汉的52岁女子，其咽痛、", "咳嗽约一周，昨日到医院求诊，即时隔离。"]
    assert paragraphs("\n\n".join(lines) + "\n") == [("heading", lines[0]), ("body", "".join(lines[1:]))]


def test_in_a_ragged_column_a_line_an_indent_short_after_a_sentences_end_opens_a_paragraph():
    # Lines break up to two short of a 12-wide column. `…满意度提高。` reaches the edge, and the
    # next line stops exactly two short, with a full line after it: nothing on the page tells a
    # lost indent from an early break; the loader takes the indent (the likelier in the corpus).
    paras = [["全市公安机关坚持以人", "民为中心持续深化平安建设", "社会治安形势持续向好群", "众安全感不断提升社会", "大局保持和谐稳定。"],
             ["各级政府自觉接受人大", "及其常委会的监督主动接受", "人民政协的民主监督依法", "行政水平不断提升效能", "明显增强群众满意度提高。"],
             ["深入推进依法行政加快", "建设法治政府严格规范公正", "文明执法全面提升执法", "质量和水平。"],
             ["今年以来全市坚持稳中", "求进工作总基调经济运行总", "体平稳发展质量稳步提升", "民生保障有力有效。"]]
    text = "市政府召开常务会议\n\n" + "\n".join(line for p in paras for line in p) + "\n"
    assert texts(text)[1:] == ["".join(p) for p in paras]


def test_a_numbered_line_cut_near_the_columns_edge_goes_on():
    # `（四）…滥` stops two short of a 14-wide column mid-word, and the next line is as short:
    # not a heading ending there, but an item's first line (its indent lost) that goes on.
    lines = ["违反本条例规定的，由有关部门", "责令改正，对直接负责的主管人", "员和其他直接责任人员依法给予", "处分；情节严重的，依法追究其",
             "法律责任；", "（四）有其他玩忽职守、滥", "用职权、徇私舞弊的，依法", "追究其法律责任，构成犯罪的，", "依法追究刑事责任。"]
    assert paragraphs("\n".join(lines) + "\n")[1:] == [("body", "".join(lines[5:]))]


def test_a_page_wrapped_by_character_count_is_told_by_its_modal_line_widths():
    # 18 characters a line, nearly every line holding digits: by count they are all 18, by display
    # width they scatter (16.5, 17, 17.5). Counted by characters, `病例13例，…其中：13` is full,
    # and the stray blank line above it falls inside the paragraph.
    text = ("内蒙古新增2例，累计确诊13例\n\n1月27日0-24时，内蒙古自治\n区报告新型冠状病毒感染的肺炎新增确诊\n"
            "病例2例。报告新增疑似病例1例。其中\n：新增2例确诊病例中包头市1例、赤峰\n市1例；呼伦贝尔市的额尔古纳市新增疑\n"
            "似病例1例。\n\n截至1月27日24时，内蒙古自治\n区累计报告新型冠状病毒感染的肺炎确诊\n\n病例13例，疑似病例2例。其中：13\n\n"
            "例确诊病例中包括，包头市昆都仑区3例\n，呼伦贝尔市2例（满洲里市1例、牙克\n石市1例），兴安盟乌兰浩特市1例，通\n"
            "辽市经济开发区1例，赤峰市2例（松山\n区1例、林西县1例），锡林郭勒盟2例\n（锡林浩特市1例，二连浩特市1例），\n"
            "鄂尔多斯市2例（东胜区1例、鄂托克前\n旗1例）；疑似病例2例中呼伦贝尔市\n的额尔古纳市新增疑似病例1例、锡林郭\n"
            "勒盟苏尼特左旗疑似病例1例。\n\n均在定点医院接受隔离治疗。目前追\n踪到密切接触者334人，正在接受医学\n观察。\n")
    assert texts(text)[2].startswith("截至1月27日24时，内蒙古自治区累计报告新型冠状病毒感染的肺炎确诊病例13例，")


def test_a_line_holding_digits_half_a_cell_short_of_a_ragged_edge_is_full():
    # A 16-wide column whose lines break a character early now and then: `另截至1月22日16时，…` holds
    # 16 characters, 14.5 cells wide (a wide character did not fit after the digits' half cells).
    # After `…不必恐慌。` it is a full line, not a short heading: the paragraph goes on.
    lines = ["经国家卫生健康委确认，安徽省收到", "合肥市报告的首例新型冠状病毒感染", "的肺炎病例为确诊病例该患者正在接",
             "受隔离治疗目前病情稳定各项防控措", "施均已落实到位请市民不必恐慌。", "另截至1月22日16时，省卫生健康", "委收到省内各市累计报告新型冠状",
             "病毒感染的肺炎疑似病例四例均已隔", "离。"]
    tail = ["省卫生健康委提醒广大市民出行时要", "科学佩戴口罩勤洗手常通风不去人员", "密集场所，发现症状及时就医。"]
    text = "\n".join(["安徽确诊首例新型肺炎病例", ""] + lines + [""] + tail) + "\n"
    assert texts(text)[1:] == ["".join(lines), "".join(tail)]


def test_eval_paragraphs_counts_the_junctures_nothing_decides(tmp_path):
    # Three work reports laid out with a blank line after every line: the junctures where a sentence
    # ends at the column's edge are counted, each as a break or not, by genre and juncture.
    reports = [a for a in load(ROOT_CORPUS) if a["source"] == "wikisource"][:3]
    counts = count_junctures(reports)
    assert counts[("formal", "pushed", False)] and counts[("formal", "full", False)]
    assert {g for g, _, _ in counts} == {"formal"}
    with open(tmp_path / "wikisource.jsonl", "w", encoding="utf-8") as out:
        out.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in reports)
    result = CliRunner().invoke(cli, ["eval", "paragraphs", str(tmp_path), "--junctures", "--seeds", "0"])
    assert result.exit_code == 0 and "formal: a sentence's end at the edge, the next line full: a break" in result.output


def test_wrap_by_line_breaking_rules_leaves_a_ragged_edge():
    # Rules, not a random early break: an opening mark goes down with the character after it, so
    # `…称赞` stops a character short; broken naively the line ends on `“`.
    text = "今年以来全市共破获电信网络诈骗案件三百余起，挽回群众损失2050万元。市民纷纷称赞“放心”。"
    assert wrap(text, 10, 10, hang=False, rules=True)[3:] == ["万元。市民纷纷称赞", "“放心”。"]
    assert wrap(text, 10, 10, hang=False)[3].endswith("“")
    # A number too wide for the room left goes down whole.
    assert wrap("请拨打电话13800138000咨询", 10, 10, hang=False, rules=True) == ["请拨打电话", "13800138000咨询"]


def test_a_line_short_because_the_next_piece_did_not_fit_goes_on():
    # 12 wide: `…拨打热线。` stops a character short, but the next line opens with `“民`, which line-breaking
    # rules keep together and which would not fit: the edge is explained, the paragraph goes on.
    lines = ["市公安局开通反诈骗咨", "询热线，遇到可疑来电的市", "民群众都可以拨打热线。", "“民警全天接听来电，及时",
             "提醒群众防范各类诈骗。”", "今年以来全市共破获电", "信网络诈骗案件三百余起，", "挽回群众损失两千余万元，", "市民纷纷称赞。"]
    text = "反诈骗热线开通\n\n" + "\n".join(lines) + "\n"
    assert texts(text)[1:] == ["".join(lines[:5]), "".join(lines[5:])]


def test_a_stray_blank_line_in_a_column_with_a_blank_line_after_every_line_is_no_captions_mark():
    # `回归正常轨道` ends its paragraph short of the edge after two blank lines, not one: a stray
    # blank line, not a caption set off (a caption is set off after it too, or is a photo credit).
    lines = ["市政府召开常务会议", "会议要求，全市上下要在", "毫不放松抓好疫情防控的同", "时，推动经济社会发展尽快", "回归正常轨道",
             "会议强调，要完整准确全面", "贯彻新发展理念，加快构建", "新发展格局，更好统筹发展", "和安全。"]
    text = "\n\n".join(lines[:4]) + "\n\n\n" + "\n\n".join(lines[4:]) + "\n"
    assert texts(text) == [lines[0], "".join(lines[1:5]), "".join(lines[5:])]



def test_a_headline_two_characters_wider_than_a_narrow_column_is_not_its_edge():
    # 10 wide, a blank line after every line, digits in nearly every line: the headline is 12.5
    # wide and no other line reaches it, so the column is read at 10, where the text lines end.
    lines = ["重庆新增17例累计确诊182例", "2020年1月30日0—", "12时，重庆市报告新型", "冠状病毒感染的肺炎新", "增确诊病例17例。新增",
             "确诊病例中，渝中区3", "例、江北区2例、渝北", "区1例、大足区2例、开", "州区1例、梁平区1例、", "垫江县3例、忠县1例、",
             "云阳县1例、巫溪县2例", "。截至1月30日12时，", "重庆市累计报告新型冠", "状病毒感染的肺炎确诊"]
    assert texts("\n\n".join(lines) + "\n") == [lines[0], "".join(lines[1:])]


def test_a_first_line_that_opens_like_a_byline_goes_on_when_a_full_line_follows():
    # 8 wide by character count, a blank line after every line: `记者：前两场` reads like a byline, but it
    # stops an indent short with a full line below: an interview's question, cut by the column.
    paras = ["对话周冠宇", "记者：前两场比赛取得不错战绩，自己感觉有哪些变化？", "周冠宇：得到了车队的认可，感觉心里更加平和，比赛时也更放松。",
             "记者：在上一场比赛中，车队出现了一些失误，对你有影响吗？"]
    lines = [line for p in paras for line in wrap(p, 8, 6, hang=True, chars=True)]
    assert paragraphs("\n\n".join(lines) + "\n") == [("heading", paras[0])] + [("body", p) for p in paras[1:]]


def test_eval_paragraphs_scores_the_cues_each_source_held_out(tmp_path):
    # Two sources: each is held out in turn, its sentence ends scored by cues trained on the other.
    corpus = [a for a in load(ROOT_CORPUS) if a["source"] in ("dxy", "pkulaw")]
    for source in ("dxy", "pkulaw"):
        with open(tmp_path / f"{source}.jsonl", "w", encoding="utf-8") as out:
            out.writelines(json.dumps(a, ensure_ascii=False) + "\n" for a in corpus if a["source"] == source)
    result = CliRunner().invoke(cli, ["eval", "paragraphs", str(tmp_path), "--cues"])
    assert result.exit_code == 0, result.output
    rows = [line.split(" | ") for line in result.output.splitlines() if line.startswith(("| dxy", "| pkulaw"))]
    assert [row[0] for row in rows] == ["| dxy", "| pkulaw"] and all(row[-1].endswith("% |") for row in rows)
    assert "| opens:number |" in result.output


def test_a_files_last_line_after_a_stray_blank_line_is_no_caption():
    # A blank line after every line and a stray one before the last: nothing follows it, so no
    # blank lines after it set it off; `和安全，守牢底线` ends the paragraph above.
    lines = ["市政府召开常务会议", "会议要求，全市上下要在", "毫不放松抓好疫情防控的同", "时，推动经济社会发展尽快", "回归正常轨道。",
             "会议强调，要完整准确全面", "贯彻新发展理念，加快构建", "新发展格局，更好统筹发展", "和安全，守牢底线"]
    text = "\n\n".join(lines[:8]) + "\n\n\n" + lines[8] + "\n"
    assert texts(text) == [lines[0], "".join(lines[1:5]), "".join(lines[5:])]


def test_a_short_file_wrapped_by_character_count_is_told_by_two_lines():
    # Only two lines cut mid-sentence hold digits: both 20 characters, 17 and 18 cells wide. As
    # many either way, the count they share tells the wrap (a short dxy item, laid out by `fold`).
    lines = ["吉林省卫生健康委员会通报疫情", "省卫生健康委员会今天通报全省疫情防控", "工作最新情况截至1月27日24时全省累计",
             "报告确诊病例8例其中长春市共有3例和吉林", "市两例。"]
    assert reading.read(parse_lines("\n".join(lines) + "\n")).by_characters



def test_a_bare_date_with_the_time_of_day_on_the_next_line_is_text():
    # 12 wide by character count, a blank line after every line: the column cut the first line of
    # the text after its date; `0—12时，…` finishes the date's phrase, so it is no time stamp.
    paras = ["2020年1月30日0—12时，重庆市报告新型冠状病毒感染的肺炎新增确诊病例17例。",
             "新增确诊病例中，渝中区3例、江北区2例、渝北区1例、大足区2例、开州区1例、梁平区1例。",
             "截至1月30日12时，重庆市累计报告新型冠状病毒感染的肺炎确诊病例182例。"]
    lines = ["重庆新增17例累计确诊182例"] + [line for p in paras for line in wrap(p, 12, 10, hang=False, chars=True)]
    assert lines[1] == "2020年1月30日"
    assert paragraphs("\n\n".join(lines) + "\n") == [("heading", lines[0])] + [("body", p) for p in paras]


def test_a_letters_signature_on_its_last_line_is_no_caption():
    # The last line ends no sentence, but it names the body that signs the letter: a paragraph.
    paras = ["致全市人民的感谢信", "全市人民团结一心，同舟共济，打赢了这场大上海保卫战。让我们携手迈向更加美好的未来！", "中共上海市委",
             "上海市人民政府"]
    text = "2022-6-1 14:23:06\n\n" + "\n\n".join(paras) + "\n"
    assert texts(text) == paras



def test_a_pull_quote_is_its_own_paragraph():
    # 解放日报 (tests/data/paragraphs/cnki.jsonl), a paragraph per line: the pull quote between
    # two paragraphs ends no sentence, but its words come again in the body, so it is no sentence
    # a photo taken out has cut.
    article = next(json.loads(line) for line in (ROOT_CORPUS / "cnki.jsonl").open(encoding="utf-8")
                   if json.loads(line)["id"] == "310")
    paras = [article["title"]] + article["paragraphs"][5:20]
    quote = paras[5]
    assert not quote.endswith("。") and quote in paras[-1]
    text = "发布时间：2022-05-29 03:37 来源：解放日报\n\n" + "\n\n".join(paras) + "\n"
    assert texts(text) == paras


def test_a_credit_line_cut_by_the_column_is_one_byline():
    # 新民晚报 (tests/data/paragraphs/xinmin.jsonl), 11 wide by character count, paragraphs indented, a
    # blank line after every line: each credit line runs to the column's edge and the next line
    # finishes it (`通讯员 严莺`, `记者 屠瑜`: still a credit line read as one).
    lines = ["请帮忙尽快把饭送到老人", "家中。 ”很快，居委会便 ", "为他落实了志愿者。", "\u3000\u3000本报记者 江跃中 ", "通讯员 严莺",
             "\u3000\u3000一呼百应", "\u3000\u3000此外，“楼组长”志愿", "者叶爱莉不辞辛劳地一次", "次上门排摸，大家一起守", "望相助，也 是我人生中",
             "感受到无比温暖的一次回", "忆”。", "\u3000\u3000本报通讯员 甘力心", " 记者 屠瑜", "\u3000\u3000“爱心名册”",
             "\u3000\u3000分出五色关爱圈", "\u3000\u3000“这些天阿姨你要做 ", "好防护，好好待在家里。", "”民警范晓斌为独居老人",
             "武阿姨送上热腾腾的饭菜", "时，再次叮嘱了几句。"]
    bylines = [t for kind, t in paragraphs("\n\n".join(lines) + "\n") if kind == "byline"]
    assert bylines == ["本报记者 江跃中 通讯员 严莺", "本报通讯员 甘力心 记者 屠瑜"]


def test_a_number_cut_from_its_unit_goes_on_below_a_short_line():
    # A short dxy item (tests/data/paragraphs/dxy.jsonl), 23 wide by character count: too few lines
    # to read the column, but `新增死亡 1` does not end a sentence before the unit that opens `例；…`.
    text = ("武汉 18 日新增病例 59 例，19 日新增病例 77 例\n\n18 日，治愈出院 5 例，新增死亡 1 \n\n例；19 日，治愈出院 1 例。"
            "截至 19 日\n\n 22 时，武汉市累计报告新型冠状病毒感染的肺\n\n炎病例 198 例 ，已治愈出院 25 例，死 亡\n\n 3 例。\n")
    assert [t.replace(" ", "") for t in texts(text)] == [
        "武汉18日新增病例59例，19日新增病例77例",
        "18日，治愈出院5例，新增死亡1例；19日，治愈出院1例。截至19日22时，武汉市累计报告新型冠状病毒感染的肺炎病例198例，"
        "已治愈出院25例，死亡3例。"]


def test_a_first_line_broken_early_by_a_line_breaking_rule_goes_on():
    # 新民晚报 (tests/data/paragraphs/xinmin.jsonl), 18 wide by character count, the indent lost, lines
    # broken by line-breaking rules: `周大新珍爱自己的写作事业。` ends a sentence well short of the edge,
    # but `1952` would not have fitted in a first line's 16 characters, so it went down whole.
    lines = ["不难看出， 虽然作 品精彩，但他的写", "作过程却是艰辛的，他是目前少有的仍然", "坚持写作的50后作家群当中， 写作 精神",
             "与路遥、史铁生酷似的一位写作者，就像", "文学评论家胡平所说的那样，“点燃了自", "身，以生命为火炬，照亮了我们意识到的 ",
             "生死两界。”", "周大新珍爱自己的写作事业。", "1952年出生于河南农村家庭的他，期", "望通过写作改变命运，但直到1970年",
             "入伍解决了吃饱的问题后，才有机会真正 ", "创作。被退稿的他觉得最难挨的时候，是 ", "走在路上遭到挖苦与嘲笑。作家的出身与 ",
             "经历，以及他所承受的磨难与打击 ，很容", "易留下印痕并且难以磨灭，如何坦然面对 ", "这些，决定了一位作家是否能够从困境中 ",
             "突围，实现写作的真正升华。 "]
    assert texts("\n\n".join(lines) + "\n")[-1].startswith("周大新珍爱自己的写作事业。1952年出生于河南农村家庭的他")


def test_a_subheadings_second_line_stops_where_a_first_line_does():
    # 新民晚报 (tests/data/paragraphs/xinmin.jsonl), 9 wide, the indent lost, a blank line after every
    # line: below the subheading `自助助人`, `抗原检测高效率` stops two short of the edge, as a first line
    # does, but it holds no clause mark and `黄浦大楼，地处` below it is short by an indent too, with a
    # full line under it: the subheading's second line, not the first line of the paragraph below.
    lines = ["、抗原检测……经历", "了这些天的疫情封控", "，“ 银发族”“老宝", "贝”们可还安好？他", "们的就餐就医需求与",
             "生活物资谁来保障？", "上海各街镇社区，助", "老慰老在行动。", "自助助人", "抗原检测高效率", "黄浦大楼，地处",
             "黄浦区南京东路街道", "长江居委辖区，大楼", "住户多数都是老人家", "。3月26日，南京东", "路街道发布公告，即",
             "日起辖区居民实施一", "次抗原检测。闻令而", "动，黄浦大楼里的一", "群老宝贝忙活起来了 ", "。", "“这种时候，居",
             "委会忙不过来。我们", "自发组织志愿者，帮"]
    got = texts("\n\n".join(lines) + "\n")
    assert got[1:4] == ["自助助人", "抗原检测高效率", "黄浦大楼，地处黄浦区南京东路街道长江居委辖区，大楼住户多数都是老人家。"
                        "3月26日，南京东路街道发布公告，即日起辖区居民实施一次抗原检测。闻令而动，黄浦大楼里的一群老宝贝忙活起来了。"]


def test_a_time_cut_at_its_colon_goes_on():
    # A dxy item (tests/data/paragraphs/dxy.jsonl), 8 wide by character count, lines broken by
    # line-breaking rules: `今晚20：` stops well short of the edge, but the time goes on below it.
    lines = ["山东首批 138 人医疗队驰援武汉", "  今晚20：", "00，山东首批", "138人医疗队在", "济南遥墙机场集结", "后乘专机出发，支",
             "援湖北。他们分别", "来自各大医院呼吸", "科、感染性疾病", "科、医院感染管理", "科、重症医学科和", "护理部门等。"]
    assert texts("\n\n".join(lines) + "\n")[1] == ("今晚20：00，山东首批138人医疗队在济南遥墙机场集结后乘专机出发，支援湖北。"
                                                   "他们分别来自各大医院呼吸科、感染性疾病科、医院感染管理科、重症医学科和护理部门等。")


def test_a_subheadings_second_line_over_a_first_line_that_holds_digits():
    # The same page: `3月28日起，徐` is short by an indent and a half-width cell, counted by display
    # width; by characters it is short of the column too, so `送菜上门抚人心` is the subheading's
    # second line (a line counted by characters to the full column is a full line, not a first one).
    lines = ["老人，由王忆萍陪同", "医生一起上门作核酸", "检测采样。", "“宝宝阿姨”", "送菜上门抚人心", "3月28日起，徐",
             "汇区天平街道太原居", "民区，熟悉家家户户", "情况的“宝怡乐”团", " 队志愿者们行动起来", "， 团队负责人“宝宝",
             "阿姨”孙鸿银早早起", "床，骑上助动车，在", "永嘉路、五原路的菜", "店超市里采购蔬菜、", "鸡蛋，惦记着给社区",
             "里的孤老、独居老人", "和残疾人家庭送上门", "。"]
    got = texts("\n\n".join(lines) + "\n")
    i = got.index("“宝宝阿姨”")
    assert got[i + 1] == "送菜上门抚人心" and got[i + 2].startswith("3月28日起，徐汇区")


def test_reporters_names_on_a_line_of_their_own_end_the_paragraph():
    # 新民晚报 (tests/data/paragraphs/xinmin.jsonl) as `eval paragraphs` lays it out (seed 1): 8 wide,
    # OCR spaces, a blank line after every line, indents lost. `本报记 者 孙 云` stops an indent
    # short, like a first line whose indent was lost, but it is a credit: `第10 计` opens a paragraph.
    lines = ["抗疫新招", "街道还将继续优化", "设备 的网络稳定性，", "更大范围推广 这一 ", "做法。 ", "本报记 者 孙 云", "第10 计",
             "百宝“ 神箱” ", "应急物资派用", "场", "这几天，在静", "安区芷江西路街道", "普善居民区，一只"]
    assert texts("\n\n".join(lines) + "\n")[2:5] == ["本报记者孙云", "第10计", "百宝“神箱”"]


@pytest.mark.parametrize("line, names", [
    ("疫。本报记者解敏", True), ("本报通讯员刘诗寒记者屠瑜", True), ("。记者高峰", True),
    ("记者了解到", False), ("理。记者从中获悉", False), ("记者在现场", False), ("。本报记者兵分", False),
    ("本报记者江跃中通讯员", False),
])
def test_a_credit_names_a_person(line, names):
    # A reporter's name opens with a character that opens names (jieba's dictionary), not with a
    # word (`了解`), a preposition (`在`, `从`) or a character no name opens with (`兵`).
    assert breaks.signed(line) is names


def test_a_credit_runs_on_only_where_its_names_cross_the_line_break():
    # A paragraph per line: the next item also ends on a credit, which does not make it part of this one.
    paras = ["6.静安区的陈女士求助，母亲每周3次透析。患者已接受血透治疗。本报记者 夏韵",
             "7.静安区的苏先生求助，每周要去医院做三次血透。苏先生被接至医院进行了血透。本报实习生 姚储杰"]
    assert texts("急难愁盼\n" + "\n".join(paras) + "\n") == ["急难愁盼"] + [p.replace(" ", "") for p in paras]


def test_a_short_line_before_an_opening_line_ends_its_heading():
    # 新民晚报, 8 wide, a blank line after every line, indents lost: `积极志愿服务` stops an indent
    # short, ends no sentence, and the line below opens a paragraph (an indent short, a full line
    # after it): the heading ends there.
    paras = ["感染者讲述", "安心隔离治疗积极志愿服务",
             "王先生说，一开始听说自己是阳性感染者时，内心有点恐惧，不知道怎么会轮到自己的。"]
    lines = [line for p in paras for line in wrap(p, 8, 6, hang=False)]
    assert lines[1:4] == ["安心隔离治疗", "积极志愿服务", "王先生说，一"]
    assert texts("\n\n".join(lines) + "\n") == paras


def test_a_second_heading_below_a_heading_is_its_own_paragraph():
    # 新民晚报 as `eval paragraphs` lays it out (seed 1), 8 wide: `出码“神器”` and `二维码“批量` /
    # `生成”` are two headings, neither with a clause mark, under `第7计`.
    lines = ["抗疫新招", "起看看他们有什么", "好办法。", "第7计", "出码“神器”", "二维码“批量", "生成”", "在青浦区 练塘",
             "镇东淇 村，近三分", "之二村民都是60岁", "以上老人。他们不", "擅长使用智能设备，", "需要工作人员帮忙"]
    assert texts("\n\n".join(lines) + "\n")[2:5] == ["第7计", "出码“神器”", "二维码“批量生成”"]
