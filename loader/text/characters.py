"""The character classes and punctuation sets every text rule shares: what
counts as a Chinese character, the marks that end a sentence or a clause,
closing quotes and brackets, the marks that may not open a line, and the
labels of a page's metadata fields.

A set of marks is a string of its characters: `c in SET`, `text.rstrip(SET)`,
`tuple(SET)` for startswith, or f"[{SET}]" in a regular expression (none holds
a character special inside a class, except CLOSERS). HAN is a class body of
ranges, for inside [...] only.
"""
import re

# Han characters: CJK Unified Ideographs Extension A, the unified block and
# the compatibility ideographs, as (first, last) code points (not the Yijing
# hexagram symbols between Extension A and the unified block).
HAN_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))
HAN = "".join(f"\\u{first:04x}-\\u{last:04x}" for first, last in HAN_RANGES)
# What SQLite's unicode61 tokenizer (Unicode 6.1) keeps inside a token of
# Han characters: the unified block and Extension A as they stood then. Not
# HAN: the index must match what any SQLite client does (text.segment).
UNICODE61_HAN = "\u4e00-\u9fcc\u3400-\u4db5"
# (HAN_RANGES decides what normalize folds to simplified characters, and
# UNICODE61_HAN what segment escapes: a change to either changes the index
# tokens, so bump store.fingerprint.INDEX_VERSION with it.)

# Half a surrogate pair: a JSON escape can leave one in a string, and no UTF-8 reader (jieba,
# SQLite, the name automata) takes it; it is read as U+FFFD.
LONE_SURROGATE = "\ud800-\udfff"

# A person's name in a byline or a credit: two to four Han characters, a
# transliterated one with · (a pattern, not a class).
NAME = f"[{HAN}·]{{2,4}}"
# Characters that open at least 20 of the two- and three-character person names (tag nr) in
# jieba 0.42.1's dictionary: where a reporter's name may start (`记者屠瑜`, not `记者兵分多路`).
NAME_OPENERS = "丁万三上丘丛东严中丰丹乌乐乔习乾二于云五井亚仁仇从付代仲任伊伍伏伦伯但位何余佩侍侯保俞信修倪傅元光克全公兰关养内冬冯冷凌凡凤刘初利别加劳包化北千华卓单南博卜占卡卢卫却历原双古史叶司吉同后向吕吴周呼和哈唐商嘉国地埃塔塞墨夏多大天太奥姚姜姬子孔孙孟季宁宇安宋宗官宝宣宫家容宿寇富寻寿封尉小尔尚尤尹尼居屈屠山岑岳崔川左巨巴布帅师希帕常干平幸广庄库应庞康廉廖延弓弗弘张强归彭徐德怀恩惠慈慕戈成战戚戴房托扶承拉招掌操支敬文斯新方施无日时昌明易春晋普景智曲曹曼曾有望木本朱朴权李杜来杨杭杰松林柏查柯柳柴格桂桑桓梁梅森楚楼樊欧步武段殷母比毕毛水汉汝江汤汪沃沈沙河法波泰泽洛洪海涂清温游滑滕满潘灵焦熊燕爱牛牟牧特狄玄玉王玛班瑞瓦甄甘生田由申白皮益盖盘盛相真石碧祖祝神禄福秋种科秦程穆空窦立章童符简管米粟索紫红纪纳练终经续维绿罗羊美翁翠老耶耿聂肖胡能舒艾芦花苍苏苑苗若英范茅荆荣莫萧萨葛董蒋蒙蒲蓝蓬蔡薄薛藏虞衣袁裴褚西解言詹许诸谈谢谭谷贝贡费贺贾赖赛赫赵越路车轩辛边达过连迪通道邓邢那邱邵邹郁郎郑郝郭都鄂释里金钟钱铁银长门闵闻阎阮阳阴阿陆陈陶隆隋雅雪雷霍青靖韦韩项须顾颜额饶香马骆高魏鱼鲁鲍鹿麦麻黄黎黑齐龙龚"
# The hundred commonest surnames: a name that opens with one is a name even where the
# dictionary holds it as a word (`记者高峰`).
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"

# Marks that end a sentence. The ASCII full stop is not one: it is a decimal
# point or part of an address as often.
FULL_STOPS = "。！？"
SENTENCE_ENDS = FULL_STOPS + "!?"
ELLIPSIS = "…"
# Marks inside a sentence.
COMMA = "，,"
COMMAS = COMMA + "、"  # and the enumeration comma
SEMICOLONS = "；;"
COLONS = "：:"
PAUSES = COMMAS + SEMICOLONS + COLONS
# What joins the items of a list: 陕西、甘肃, 徐汇和静安.
LIST_JOINERS = "、和与及"
# A sentence's end or a semicolon: a line holding one is prose, not a heading.
STOPS = SENTENCE_ENDS + SEMICOLONS
# Every mark that ends a clause: a line holding none is a phrase.
CLAUSE_MARKS = SENTENCE_ENDS + PAUSES

CLOSING_QUOTES = "”’」』"
CLOSING_PARENS = "）)"
# What closes a quotation, an aside or a title.
CLOSING_MARKS = CLOSING_QUOTES + CLOSING_PARENS + "》"
# What may stand after a sentence's last mark, as OCR and pasted text write it too.
CLOSERS = CLOSING_MARKS + "]\"'"
# Marks that may not open a line: print hangs them past the column's edge.
HANGING = CLAUSE_MARKS + "." + CLOSING_MARKS + ELLIPSIS
# ...and % after its number: a line opening with any of these was cut from the line before.
NO_LINE_START = HANGING + "%"
# Marks that open a quotation, an aside or a title: line-breaking rules never end a line on one.
OPENING_MARKS = "“‘「『（(《〈【"


def wide(chars: str) -> str:
    """The full-width marks among chars."""
    return "".join(c for c in chars if not c.isascii())


# ---------------------------------------------------------------- field labels
# The labels of a web page's or report's metadata fields (来源：新华社, 责任编辑：王琳).

SOURCE_LABELS = ("来源", "稿源")
CREDIT_LABELS = ("作者", "编辑", "责任编辑")
# Who made a picture or wrote the text, in a byline (文|王一然, 记者 李四).
BYLINE_LABELS = ("记者", "文", "图")
# When the page was published or updated. A metadata line (ingest.layout.kinds)
# opens with DATE_LABELS or UPDATED_LABELS, a chrome line that place inference
# passes over with DATE_LABELS; date inference reads all three. (Kept apart as
# the rules had them: one set for all would change what they decide.)
DATE_LABELS = ("发布时间", "发布日期", "时间", "日期")
UPDATED_LABELS = ("更新时间",)
RARER_DATE_LABELS = ("发表时间", "发表日期", "出版日期", "发稿时间", "上传时间", "刊发时间")
# A reprint's note of the headline it first ran under: 原标题：….
TITLE_LABELS = ("原标题",)
# Page counters: 浏览次数：123.
COUNT_LABELS = ("浏览次数", "点击数", "阅读次数")


def alternation(words) -> str:
    """A non-capturing group that matches any of words, the longest tried first."""
    return "(?:" + "|".join(sorted(map(re.escape, words), key=len, reverse=True)) + ")"
