"""Paragraph reconstruction, checked against hand-read seed paragraphs."""
import re
import sqlite3

import pytest

from loader.ingest.parse import credited_source, parse_text
from loader.ingest.clean import squash_spaces

from .conftest import SEEDS


def rows(db):
    conn = sqlite3.connect(db)
    return conn.execute(
        "select a.source_file, p.seq, p.kind, p.text from paragraphs p join articles a on a.id = p.article_id "
        "order by p.id").fetchall()


def paragraph(db, start):
    found = [(kind, text) for _, _, kind, text in rows(db) if text.startswith(start)]
    assert len(found) == 1, f"{start!r}: {len(found)} paragraphs"
    return found[0]


# (kind, exact text) of hand-checked paragraphs, with what makes each hard.
EXPECTED = [
    # joined across a blank line inside a sentence (平安濮 / 阳建设)
    ("body", "一组数据和一项项殊荣见证着平安濮阳建设的新高度：在12月15日召开的平安中国建设表彰大会上，市公安局荣获“平安中国建设先进集体”，这也是全省唯一获此殊荣的公安机关；全国第一期市域社会治理现代化试点合格城市；在全省率先实现公安政务服务“只进一门、一窗通办”，公众安全感、执法满意度连续5年全省领先，整体公安工作多年位居全省第一方阵，公安部、省公安厅10余次贺电表扬……“平安濮阳”已成为濮阳一张闪亮名片。"),
    # joined across a blank line inside a wrapped quote (“施工 / 图”)
    ("body", "市委、市政府、市委政法委高度重视平安濮阳建设，注重强化顶层制度设计，明确各级党委政府和各个部门职责任务，厘清了各级党政主要负责同志、分管负责同志、班子其他成员在平安建设中的工作责任，切实把中央的决策部署，省委、省政府关于平安建设的“作战图”细化为濮阳市的“施工图”，主动担负起维护一方稳定、确保一方平安的重大政治责任。"),
    # every line followed by a blank line, letter-spaced OCR
    ("body", "2021年度全市公安工作综合考评成绩位居市区分局序列第一，其中食药环、国保等多项工作位居市区分局序列第一。"),
    # a short column-cut fragment joined across a blank line
    ("body", "一系列有力举措不仅体现在街面动态防控上，也深入到社会治理的各个方面。保定公安建成治安基础管控中心，研发数据模型精准感知治安态势，同时创新和发展新时代“枫桥经验”，推动5个派出所获评全国及省级“枫桥式公安派出所”。在未成年人保护领域，健全“警校联动”机制，配齐法治副校长，常态化开展法治进校园等活动，筑牢青少年健康成长安全防线。"),
    # two captions (民警合力雨中推车, 开展安全检查) taken out of the middle
    ("body", "“要贯彻落实好市委、市政府和省公安厅的决策部署,积极探索构建‘专业+机制+大数据’新型警务运行模式,实施公安机关新质战斗力提升工程,持之以恒铸忠诚、转理念、强作风、提能力、严纪律、优保障、建新功,全力抓好防风险、保安全、护稳定、促发展各项措施落实,着力提升综合打防质效,强化社会治安整体防控,全力营造安全稳定的社会环境。”近日,在市公安局学习贯彻党的二十届四中全会精神市委扩大会议上,副市长,市公安局党委书记、局长时中华表示,全市公安机关要在推动高质量发展、推进高效能治理上展现更强担当和更大作为,助力我市实现“十四五”规划圆满收官、“十五五”发展良好开局。"),
    # caption 区委书记谷宏健(前排右一)… taken out (the page itself lost a character after 开展上)
    ("body", "为企业提供法律支持和帮助。企业驻地派出所定期深入辖区企业开展上服务活动,有效开展经济风险预警;及时督促企业完善内部安全防范制度和人防、物防、技防措施,维护正常的生产经营秩序。治安部门适时开展企业周边秩序整顿活动,积极参与并指导协助企业对占地拆迁、项目建设等重大事项进行社会稳定风险评估。对涉企的各类矛盾纠纷,做到全面排查,就地调处化解。"),
    # caption 图为在衡水市政务服务中心… taken out
    ("body", "该市坚持和发展新时代“枫桥经验”，推广故城义警、桃城婚姻调解室、阜城“三所一庭共建”基层首创机制经验，组建由5115个治保会、4.6万名义警、2万名网格员构成的群防群治队伍，排查整治各类隐患、共同调处矛盾纠纷，形成了警民协同、共建共享的良好局面。"),
    # caption 图为保定市公安局特巡警支队… taken out
    ("body", "围绕规范执法标准流程，保定公安制定“阳光警务”场景工作法，持续转变执法理念、规范执法行为，越来越多的“教科书式执法”获得群众认可，法治公安的形象更加深入人心。"),
    # separated from the heading 打防并举 守护万家灯火 before it
    ("body", "“多亏了民警,要不我的14万元钱就没了!”10月13日,刘女士在诈骗分子的诱导下提取了14万元现金,准备交给诈骗分子。千钧一发之际,市公安局反诈中心紧急预警,民警快速出击,阻止了刘女士。"),
    # separated from the heading 注重科技强警，强化视频导侦 (same line width as the body)
    ("body", "为提高公安工作效率，该局制定了依靠科技强警、强化视频导侦、破解打击难题的工作思路。一方面与科技公司合作，利用大数据支撑强力打击各类涉网犯罪；一方面将公安“天眼”与政府视频监控系统进行资源整合，组建视频侦查中队，增强分析研判能力。"),
    # separated from the two-line heading 立足主业 重拳出击 / 以高压态势构筑安全防线
    ("body", "衡水市公安局坚决履行好打击犯罪和保护人民的职责，坚持“全链条打击、多维度震慑”，始终保持对违法犯罪的高压态势。"),
    # separated from the heading 密织天网 构筑立体化治安防控体系
    ("body", "鹰城有“神鹰”,在它的监控之下,一切犯罪行迹都将无处遁形;鹰城有“神盾”,在它的守望之下,辖区人民群众的平安和幸福才有了保障。"),
    # OCR spaces around digits removed, hard wraps joined
    ("body", "2020年11月26日，随着一声声清脆的法槌声敲响，危害淇滨大地近20年，犯下69起案件、涉案财产总价值1.3亿余元，令人“谈‘焦’色变”的焦某某黑社会性质组织案成功判决。这是省公安厅组织濮阳市公安局异地用警，摧毁的一个长期盘踞鹤壁的涉黑犯罪组织。"),
    ("body", "3月8日，记者深入市公安局湛河分局进行了采访。"),
    ("heading", "全力打造平安中国豫北高地"),
    ("heading", "打防并举 守护万家灯火"),
    ("heading", "力促矛盾纠纷排查化解"),
    ("heading", "注重科技强警，强化视频导侦"),
    ("byline", "文图 王絮冬 薛树旺"),
    ("byline", "□ 本报记者 李文秀"),
    ("caption", "民警合力雨中推车"),
    ("caption", "图为保定市公安局特巡警支队警务无人机大队在开展警务工作。"),
    ("marker", "(上接01版)"),
]


@pytest.mark.parametrize("kind,text", EXPECTED, ids=[t[:12] for _, t in EXPECTED])
def test_hand_checked_paragraph(seed_db, kind, text):
    assert paragraph(seed_db, text[:20]) == (kind, text)


def test_heading_not_glued_to_next_paragraph(seed_db):
    texts = [(kind, text) for _, _, kind, text in rows(seed_db)]
    i = texts.index(("heading", "打防并举 守护万家灯火"))
    assert texts[i + 1][1].startswith("“多亏了民警")
    i = texts.index(("heading", "注重科技强警，强化视频导侦"))
    assert texts[i + 1][1].startswith("为提高公安工作效率")


def test_no_whitespace_between_chinese_characters_in_body(seed_db):
    bad = [t for _, _, kind, t in rows(seed_db) if kind == "body" and re.search(r"[\u3400-\u9fff]\s+[\u3400-\u9fff]", t)]
    assert bad == []


def test_page_marker_not_in_body(seed_db):
    assert not [t for _, _, kind, t in rows(seed_db) if kind == "body" and "接01版" in t]


def test_articles(seed_db):
    conn = sqlite3.connect(seed_db)
    got = conn.execute("select source_file, article_no, city, province, date from articles order by source_file, article_no").fetchall()
    assert got == [
        ("seeds/000_6e14d6ca0b2c9a00.txt", 1, "濮阳市", "河南省", "2021-12"),
        ("seeds/001_672eb72f82046523.txt", 1, "漯河市", "河南省", "2025"),
        ("seeds/002_cb0f99506ac12ff2.txt", 1, "承德市", "河北省", "2017"),
        ("seeds/003_ea18962126a94bbe.txt", 1, "平顶山市", "河南省", "2022-03"),
        ("seeds/004_61574c15c0d3fc1c.txt", 1, "衡水市", "河北省", "2025"),
        ("seeds/004_61574c15c0d3fc1c.txt", 2, "保定市", "河北省", "2025-12"),
    ]
    missing = conn.execute(
        "select count(*) from paragraphs where city is null or province is null or date is null").fetchone()[0]
    assert missing == 0


def test_titles_from_the_text():
    """Without a manifest, titles come from the headline and subtitle."""
    titles = [a.title for f in sorted(SEEDS.glob("*.txt")) for a in parse_text(f.read_text(encoding="utf-8"))]
    assert titles == [
        "全力打造平安中国豫北高地——写在市公安局荣获“平安中国建设先进集体”之际",
        "融入大局勇担当 护航发展善作为",
        "不忘初心 牢记使命 公安工作开新局——承德市公安局鹰手营子分局创新防控体系打造平安鹰城纪实",
        "鹰城公安的湛河实践",
        "守护万家灯火 书写平安答卷——衡水公安五年奋进谱写现代化治理新篇",
        "云端服务“不打烊” “阳光警务”促规范——保定公安以实干亮出“十四五”成绩单",
    ]


def test_private_use_and_unmapped_characters_survive():
    text = "市公安局\ue123民警在\U000f0001现场。\n\n这是第二段，含有\u9fff字。"
    paragraphs = [p.text for a in parse_text(text) for p in a.paragraphs]
    assert paragraphs == ["市公安局\ue123民警在\U000f0001现场。", "这是第二段，含有\u9fff字。"]


@pytest.mark.parametrize("raw,clean", [
    ("2021 年", "2021年"),
    ("全 力 打 造", "全力打造"),
    ("国 家 反 诈 中 心 APP 累 计", "国家反诈中心APP累计"),
    ("共 计 16 万", "共计16万"),
    ("COVID 19 疫情", "COVID 19疫情"),
])
def test_squash_spaces(raw, clean):
    assert squash_spaces(raw) == clean


@pytest.mark.parametrize("lines, source", [
    (["来源：央视网\u30002025年02月14日"], "央视网"),
    (["2019年06月15日08:18 来源：人民网-文化频道 原创稿"], "人民网-文化频道"),
    (["发布时间：2022年04月01日  来源：新民晚报 第13版:文体新闻/体育"], "新民晚报"),
    (["来源：财新网，原文有删节"], "财新网"),
    (["据统计，数据来源：国家统计局"], None),  # a figure's credit inside a sentence
    (["来源：", "正文第一段。"], None),
])
def test_the_source_a_credit_line_names(lines, source):
    assert credited_source(lines) == source


def kinds(text):
    return [(p.kind, p.text) for article in parse_text(text) for p in article.paragraphs]


# Photo captions a page glued the story onto: the caption ends at its credit, the story goes on as text.
@pytest.mark.parametrize("line, caption, story", [
    ("《求是》杂志社工作人员给孩子们分发服装。摄影：罗珺 马寒玉8月21日，随着火车的鸣笛声，师生乘坐的列车缓缓进站，顺利抵京。",
     "《求是》杂志社工作人员给孩子们分发服装。摄影：罗珺马寒玉", "8月21日，随着火车的鸣笛声，师生乘坐的列车缓缓进站，顺利抵京。"),
    ("图为贡保扎西“藏家乐”客栈内部。 高展 摄贡保扎西是该村第一家经营“藏家乐”的带头人。他告诉记者，客栈只收50元。",
     "图为贡保扎西“藏家乐”客栈内部。高展摄", "贡保扎西是该村第一家经营“藏家乐”的带头人。他告诉记者，客栈只收50元。"),
    ("图为西藏大学副教授马海林在交流会上作报告赵延摄“希望西藏解剖学会利用独特的地理优势，开展更多的学术交流。”",
     "图为西藏大学副教授马海林在交流会上作报告赵延摄", "“希望西藏解剖学会利用独特的地理优势，开展更多的学术交流。”"),
    ("图为车手骑行。环湖赛组委会提供据邱基金介绍，赛段长度设置要结合青海高海拔、缺氧的实际。",
     "图为车手骑行。环湖赛组委会提供", "据邱基金介绍，赛段长度设置要结合青海高海拔、缺氧的实际。"),
], ids=["labelled credit", "name and 摄", "name glued to 摄", "agency's credit"])
def test_caption_glued_to_the_story_keeps_the_story(line, caption, story):
    text = f"草原“格桑花”绽放北京\n\n在北京西站合影留念。\n\n{line}\n\n活动持续十天。\n"
    assert kinds(text)[2:4] == [("caption", caption), ("body", story)]


def test_caption_and_its_credit_alone_stay_a_caption():
    text = "甘南草原迎来旅游旺季\n\n游客在草原上骑马。\n\n图为游客在草原上骑马。 高展 摄\n\n今年游客比往年多了一成。\n"
    assert ("caption", "图为游客在草原上骑马。高展摄") in kinds(text)


def test_a_long_line_opening_with_tu_wei_that_runs_on_is_text():
    # no credit to end a caption at: a line of several sentences is a story's paragraph
    line = ("图为《藏歌会》音乐总监谭伊哲《天籁之音——中国藏歌会》是四川卫视历时八年打造起来的一个王牌节目。"
            "第五季回归，除了音乐上的创新之外，为力求对音乐声画合一的完美诠释，也邀请了国内外顶级的导播团队和灯光团队保驾护航。"
            "导播李庆文曾负责过多台晚会的导播工作。")
    text = f"四川卫视《中国藏歌会》强势回归\n\n近日，第五季《中国藏歌会》已进入录制阶段。\n\n{line}\n"
    assert ("body", line) in kinds(text)


def test_a_headline_above_captions_is_not_one():
    # every line below opens 图为: the headline is not the file's last line of text, so no caption
    text = ("2018年09月19日 10:58\n\n甘肃碌曲“藏家乐”：农牧民依山傍水吃上“旅游饭”\n\n"
            "图为客栈门前挂满了各种牌匾。 高展 摄山清水秀、空气清新，这里是甘肃省甘南州碌曲县贡去乎村。\n")
    got = kinds(text)
    assert ("caption", "甘肃碌曲“藏家乐”：农牧民依山傍水吃上“旅游饭”") not in got
    assert ("body", "山清水秀、空气清新，这里是甘肃省甘南州碌曲县贡去乎村。") in got


@pytest.mark.parametrize("line", [
    "2020-01-24 15:08:19 1月24日，上海启动重大突发公共卫生事件一级响应机制",
    "中新网青海茫崖11月24日电 题：青海油田的“铁人”指挥长：高位截肢仍盼早日回归工作",
], ids=["time stamp glued", "dateline"])
def test_the_one_line_below_a_headline_is_the_story_not_a_caption(line):
    got = kinds(f"上海启动一级响应\n\n{line}\n")
    assert got[-1][0] == "body"
