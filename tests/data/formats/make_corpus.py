"""Rebuild the formats corpus (everything here but the page_*.html files and
archive.warc.gz, which make_warc.py writes) from bare git snapshots of the
public source repositories in /work/.mirror, and write expected.json.

    python tests/data/formats/make_corpus.py

Needs: lxml, openpyxl, reportlab, pillow, img2pdf (a scratch venv will do) and
a CJK TrueType font (Debian package fonts-wqy-zenhei). Deterministic: the same
snapshots give the same files (PDFs are written with reportlab's invariant
mode, the xlsx with fixed document properties).
"""
import csv
import html
import datetime as dt
import io
import json
import os
import re
import subprocess
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
MIRROR = os.environ.get("MIRROR", "/work/.mirror")
CCTV = f"{MIRROR}/yuekcc+cctv_news/repo"
CCTV_COMMIT = "f3f077685dd5be6c1dbfe4a65b69d3045d36594f"
DXY = f"{MIRROR}/BlankerL+DXY-COVID-19-Data/repo"
DXY_COMMIT = "3a4b882a0075eba49ffd8ac7c2ad890012cd4974"  # branch dev
XINMIN = f"{MIRROR}/shenxingy+Chinese_newspaper_crawler/repo"
XINMIN_COMMIT = "35a294b4758ed16de3b1968989c1085d60294ebb"
FONT = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
BJ = dt.timezone(dt.timedelta(hours=8))


def git_show(repo, commit, path):
    return subprocess.run(["git", "-C", repo, "show", f"{commit}:{path}"],
                          capture_output=True, check=True).stdout


# ---------------------------------------------------------------- sources

def cctv_items(day):
    """The detailed items of one 新闻联播 transcript news/YYYYMMDD.md."""
    md = git_show(CCTV, CCTV_COMMIT, f"news/{day}.md").decode("utf-8")
    out = []
    for blk in re.split(r"\n### ", md.split("## 详细新闻", 1)[1])[1:]:
        title, _, body = blk.partition("\n")
        url, paras = None, []
        for line in body.split("\n"):
            line = line.strip()
            if not line:
                continue
            m = re.match(r"\[查看原文\]\((.*?)\)", line)
            if m:
                url = m.group(1)
                continue
            paras.append(line.replace("**", ""))  # **央视网消息**（新闻联播）：
        out.append({"title": title.strip(), "paragraphs": paras, "url": url,
                    "date": f"{day[:4]}-{day[4:6]}-{day[6:]}", "source": "央视网",
                    "origin": f"yuekcc/cctv_news@{CCTV_COMMIT[:8]}:news/{day}.md"})
    return out


def cctv(day, title_part):
    hits = [i for i in cctv_items(day) if title_part in i["title"]]
    assert len(hits) == 1, (day, title_part, len(hits))
    return hits[0]


def dxy_rows():
    data = git_show(DXY, DXY_COMMIT, "csv/DXYNews.csv").decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(data)))


def xinmin_rows():
    data = git_show(XINMIN, XINMIN_COMMIT, "Sample_Datasets/XinMin.csv").decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(data)))


def lines_of(text):
    """Paragraphs of a crawler text field: one per line, stripped, blank lines dropped."""
    return [p.strip() for p in text.split("\n") if p.strip()]


def art(item, url_in_file=True, **extra):
    """An expected article. url is the address as the file itself gives it: a PDF names none,
    and then original_url says where the text was published."""
    a = {"title": item["title"], "date": item["date"], "url": item["url"] if url_in_file else None}
    if not url_in_file:
        a["original_url"] = item["url"]
    a.update(source=item["source"], paragraphs=item["paragraphs"])
    a.update(extra)
    a["origin"] = item["origin"]
    return a


# ------------------------------------------------------------- crawler exports

JSONL_PICKS = [
    ("20240615", "全国铁路今起实行新列车运行图"),
    ("20240615", "天津实施城市更新行动"),
    ("20240322", "15项改革举措支持广州南沙"),
    ("20240322", "春意盎然 踏青赏花正当时"),
    ("20240109", "造船厂里的新发现"),
    ("20240109", "2023年国家铁路客货运量均创历史新高"),
    ("20240228", "第十四届全国冬季运动会闭幕"),
    ("20240508", "嫦娥六号探测器进入环月轨道飞行"),
    ("20240918", "九一八事变爆发93周年"),
    ("20241220", "以旧换新促消费持续回暖"),
]
EMPTY_PICK = ("20240726", "【央视快评】坚决打赢防汛抗洪救灾这场硬仗")
XLSX_PICKS = [
    ("20250214", "北京持续构建综合交通体系发展新格局"),
    ("20250214", "上海发布新一轮政策举措"),
    ("20250620", "南方多地强降雨持续 各方积极应对"),
    ("20251112", "全国多地清洁供暖守护蓝天"),
    ("20251112", "我国秋粮收购量超1亿吨"),
]
BROKEN_CSV_PICKS = [
    ("20230412", "新修订的《征兵工作条例》"),
    ("20230412", "春风行动一季度发布岗位3800万个"),
    ("20230412", "全面推进能源高质量发展"),  # the broken row: its url field is missing
    ("20231018", "我国前三季度国内生产总值同比增长5.2%"),
]
BAD_JSONL_PICKS = [
    ("20231018", "上百个国家在联合国大会支持中国正义立场"),
    ("20231018", "美国会众议院首轮投票未能选出议长"),
    ("20230412", "《关于阿富汗问题的中国立场》文件"),  # line 3: cut off mid-record
    ("20230412", "国际货币基金组织预计今年中国经济增长5.2%"),
    ("20230412", "俄乌相互打击对方目标"),
]
REPORT_PICK = ("20250214", "我国春管春耕由南向北陆续展开")
SCAN_PICK = ("20240918", "杨士莪：为祖国海疆筑起万里长城")
# DXYNews.csv rows (dev branch), by id and crawlTime (the feed holds several crawls of an item)
DXY_PICKS = [("583", None), ("552", None), ("517", "2020-01-28 06:51:36"),
             ("3643", "2020-02-11 14:17:04"), ("665", "2020-01-28 21:11:08")]
XINMIN_PICKS = [2, 6, 8, 12, 28]  # 0-based data rows of XinMin.csv


def write_jsonl(expected):
    recs, arts = [], []
    items = [cctv(*p) for p in JSONL_PICKS]
    empty = cctv(*EMPTY_PICK)
    for it in items:
        recs.append({"title": it["title"], "content": "\n".join(it["paragraphs"]),
                     "pubtime": it["date"], "url": it["url"], "source": it["source"]})
        arts.append(art(it))
    # A record whose text the crawler did not get (a video-only item): same fields, empty content.
    recs.insert(5, {"title": empty["title"], "content": "", "pubtime": empty["date"],
                    "url": empty["url"], "source": empty["source"]})
    with open(f"{HERE}/export.jsonl", "w", encoding="utf-8", newline="\n") as f:
        for r in recs:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    expected["export.jsonl"] = {
        "format": "jsonl", "encoding": "utf-8", "records": len(recs), "count": len(arts),
        "fields": {"title": "title", "text": "content", "date": "pubtime", "url": "url", "source": "source"},
        "skip": [{"line": 6, "title": empty["title"],
                  "reason": "no text: content is the empty string (the item's text replaced by \"\", as a crawler writes a video-only page)"}],
        "articles": arts,
    }


def write_json(expected):
    rows = dxy_rows()
    picked = []
    for rid, crawl in DXY_PICKS:
        hits = [r for r in rows if r["id"] == rid and (crawl is None or r["crawlTime"] == crawl)]
        picked.append(hits[0])
    items, arts = [], []
    for r in picked:
        local = dt.datetime.strptime(r["pubDate"], "%Y-%m-%d %H:%M:%S").replace(tzinfo=BJ)
        ms = int(local.timestamp() * 1000)
        items.append({"headline": r["title"], "body": r["summary"], "published": ms,
                      "link": r["sourceUrl"], "media": r["infoSource"]})
        a = {"title": r["title"].strip(), "date": local.date().isoformat(),
             "datetime": local.isoformat(), "url": r["sourceUrl"],
             "source": r["infoSource"].replace("\u200d", "").strip(),
             "paragraphs": lines_of(r["summary"]),
             "origin": f"BlankerL/DXY-COVID-19-Data@{DXY_COMMIT[:8]}:csv/DXYNews.csv id={r['id']} crawlTime={r['crawlTime']}"}
        if local.astimezone(dt.timezone.utc).date() != local.date():
            a["note"] = ("published is epoch milliseconds; read in UTC it falls on "
                         f"{local.astimezone(dt.timezone.utc).date()}, the Beijing date is {local.date()}")
        if r["infoSource"] != r["infoSource"].strip("\u200d "):
            a["note"] = "media ends in U+200D (zero-width joiner) as crawled; the source is the name without it"
        if r["summary"] != "\n".join(lines_of(r["summary"])):
            a.setdefault("note", "body has whitespace-only lines and indented lines as crawled from the web page")
        arts.append(a)
    doc = {"code": 0, "msg": "success", "data": {"total": len(items), "page": 1, "items": items}}
    with open(f"{HERE}/export.json", "w", encoding="utf-8", newline="\n") as f:
        json.dump(doc, f, ensure_ascii=False, indent=2)
        f.write("\n")
    expected["export.json"] = {
        "format": "json", "encoding": "utf-8", "records": len(items), "count": len(arts),
        "records_at": "data.items",
        "fields": {"title": "headline", "text": "body", "date": "published (epoch milliseconds)",
                   "url": "link", "source": "media"},
        "skip": [], "articles": arts,
    }


CSV_HEAD = ["标题", "正文", "发布时间", "来源", "链接"]


def write_gbk_csv(expected):
    rows = xinmin_rows()
    out, arts = [], []
    for i in XINMIN_PICKS:
        r = rows[i]
        paras = [p.strip() for p in re.split(r" {4,}", r["content"]) if p.strip()]
        y, m, d = (int(x) for x in r["date"].split("-"))
        out.append([r["title"].strip(), "\n".join(paras), f"{y}/{m}/{d}", "新民晚报", r["url"]])
        arts.append({"title": r["title"].strip(), "date": r["date"], "url": r["url"], "source": "新民晚报",
                     "paragraphs": paras,
                     "origin": f"shenxingy/Chinese_newspaper_crawler@{XINMIN_COMMIT[:8]}:Sample_Datasets/XinMin.csv data row {i + 1} ({r['ban']})"})
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(CSV_HEAD)
    w.writerows(out)
    with open(f"{HERE}/export_gbk.csv", "wb") as f:
        f.write(buf.getvalue().encode("gbk"))
    expected["export_gbk.csv"] = {
        "format": "csv", "encoding": "gbk", "delimiter": ",", "header": CSV_HEAD,
        "records": len(out), "count": len(arts),
        "fields": {"title": "标题", "text": "正文", "date": "发布时间 (Y/M/D, no zero padding)", "url": "链接", "source": "来源"},
        "skip": [], "articles": arts,
    }


def write_xlsx(expected):
    import openpyxl
    from openpyxl.styles import Alignment, Font

    items = [cctv(*p) for p in XLSX_PICKS]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "新闻导出"
    ws.append(CSV_HEAD)
    for c in ws[1]:
        c.font = Font(bold=True)
    for it in items:
        y, m, d = (int(x) for x in it["date"].split("-"))
        ws.append([it["title"], "\n".join(it["paragraphs"]), dt.datetime(y, m, d), it["source"], it["url"]])
        row = ws.max_row
        ws.cell(row, 2).alignment = Alignment(wrap_text=True, vertical="top")
        ws.cell(row, 3).number_format = "yyyy-mm-dd"
    for col, width in zip("ABCDE", (40, 80, 12, 10, 60)):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A2"
    fixed = dt.datetime(2026, 1, 1)
    wb.properties.creator = "formats corpus"
    wb.properties.created = fixed
    wb.properties.modified = fixed
    raw = io.BytesIO()
    wb.save(raw)
    # Re-zip with fixed timestamps so the file is byte-for-byte reproducible.
    src = zipfile.ZipFile(io.BytesIO(raw.getvalue()))
    with zipfile.ZipFile(f"{HERE}/export.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)",
                              rb"\g<1>2026-01-01T00:00:00Z\g<2>", data)
            zi = zipfile.ZipInfo(info.filename, date_time=(2026, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, data)
    expected["export.xlsx"] = {
        "format": "xlsx", "sheet": "新闻导出", "header": CSV_HEAD, "records": len(items), "count": len(items),
        "fields": {"title": "标题", "text": "正文 (paragraphs separated by line breaks in the cell)",
                   "date": "发布时间 (a date cell, number format yyyy-mm-dd)", "url": "链接", "source": "来源"},
        "skip": [], "articles": [art(i) for i in items],
    }


def write_bad_inputs(expected):
    # broken.csv: UTF-8, four records, the third one without its last field.
    items = [cctv(*p) for p in BROKEN_CSV_PICKS]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    head = ["title", "content", "pubtime", "source", "url"]
    w.writerow(head)
    physical = []
    for n, it in enumerate(items, 1):
        physical.append(buf.getvalue().count("\n") + 1)
        row = [it["title"], "\n".join(it["paragraphs"]), it["date"], it["source"], it["url"]]
        if n == 3:
            row = row[:4]
        w.writerow(row)
    with open(f"{HERE}/broken.csv", "w", encoding="utf-8", newline="") as f:
        f.write(buf.getvalue())
    good = [it for n, it in enumerate(items, 1) if n != 3]
    expected["broken.csv"] = {
        "format": "csv", "encoding": "utf-8", "header": head, "records": len(items), "count": len(good),
        "skip": [{"row": 3, "physical_line": physical[2], "title": items[2]["title"],
                  "reason": "4 fields where the header has 5 (the url field is missing)"}],
        "articles": [art(i) for i in good],
    }
    # bad_line.jsonl: five lines, the third cut off in the middle of its content string.
    items = [cctv(*p) for p in BAD_JSONL_PICKS]
    lines = []
    for n, it in enumerate(items, 1):
        s = json.dumps({"title": it["title"], "content": "\n".join(it["paragraphs"]), "pubtime": it["date"],
                        "url": it["url"], "source": it["source"]}, ensure_ascii=False)
        if n == 3:
            s = s[:s.index("content") + 160]
        lines.append(s)
    with open(f"{HERE}/bad_line.jsonl", "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")
    good = [it for n, it in enumerate(items, 1) if n != 3]
    expected["bad_line.jsonl"] = {
        "format": "jsonl", "encoding": "utf-8", "records": len(items), "count": len(good),
        "skip": [{"line": 3, "title": items[2]["title"],
                  "reason": "malformed JSON: the line stops in the middle of the content string (no closing quote or brace)"}],
        "articles": [art(i) for i in good],
    }


# --------------------------------------------------------------------- PDFs

NO_LINE_START = "，。、；：？！”’）》」』…"  # hung at the end of the line instead, as Chinese typesetting does


def wrap(text, width_pt, measure, first_indent=0.0):
    lines, cur, w = [], "", first_indent
    for ch in text:
        cw = measure(ch)
        if cur and w + cw > width_pt and ch not in NO_LINE_START:
            lines.append(cur)
            cur, w = "", 0.0
        cur += ch
        w += cw
    if cur:
        lines.append(cur)
    return lines


def write_report_pdf(expected):
    from reportlab.lib.pagesizes import A5
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    it = cctv(*REPORT_PICK)
    pdfmetrics.registerFont(TTFont("WQY", FONT, subfontIndex=0))
    W, H = A5
    left, right, top, bottom = 42, 42, 60, 56
    size, lead, indent = 11, 19, 22
    measure = lambda ch: pdfmetrics.stringWidth(ch, "WQY", size)
    y_date = it["date"].replace("-", "")
    cn_date = f"{y_date[:4]}年{y_date[4:6]}月{y_date[6:]}日"
    header_l, header_r = "央视网 · 新闻联播文字稿", cn_date

    c = canvas.Canvas(f"{HERE}/report.pdf", pagesize=A5, invariant=1)
    c.setTitle(it["title"])
    c.setAuthor("央视网")

    def page_furniture():
        c.setFont("WQY", 8)
        c.drawString(left, H - 36, header_l)
        c.drawRightString(W - right, H - 36, header_r)
        c.line(left, H - 40, W - right, H - 40)

    body = []
    for p in it["paragraphs"]:
        for k, ln in enumerate(wrap_first(p, W - left - right, indent, measure)):
            body.append((ln, k == 0))
    page_furniture()
    y = H - top - 10
    # title, wrapped and centred
    c.setFont("WQY", 15)
    for ln in wrap(it["title"], W - left - right, lambda ch: pdfmetrics.stringWidth(ch, "WQY", 15)):
        c.drawCentredString(W / 2, y, ln)
        y -= 22
    c.setFont("WQY", 9)
    c.drawCentredString(W / 2, y, f"来源：{it['source']}　{cn_date}")
    y -= 26
    c.setFont("WQY", size)
    page_no = 1
    footers = []
    for ln, first in body:
        if y < bottom:
            footers.append(page_no)
            c.setFont("WQY", 8)
            c.drawCentredString(W / 2, 30, f"第 {page_no} 页")
            c.showPage()
            page_no += 1
            page_furniture()
            y = H - top - 10
            c.setFont("WQY", size)
        c.drawString(left + (indent if first else 0), y, ln)
        y -= lead
    c.setFont("WQY", 8)
    c.drawCentredString(W / 2, 30, f"第 {page_no} 页")
    c.showPage()
    c.save()
    expected["report.pdf"] = {
        "format": "pdf", "text_layer": True, "pages": page_no, "count": 1,
        "layout": ("A5, one column, hard-wrapped at the column width (no hyphen, no space at a line end); "
                   "a paragraph starts with an indented line (an x offset, not spaces); a paragraph runs on "
                   "across the page break"),
        "articles": [art(it, url_in_file=False)],
        "boilerplate": [header_l, "第 1 页", f"第 {page_no} 页"],
        "meta_lines": [f"来源：{it['source']}　{cn_date}"],
    }


def wrap_first(text, width_pt, indent, measure):
    """Wrap with the first line indent points narrower."""
    lines, cur, w, limit = [], "", 0.0, width_pt - indent
    for ch in text:
        cw = measure(ch)
        if cur and w + cw > limit and ch not in NO_LINE_START:
            lines.append(cur)
            cur, w, limit = "", 0.0, width_pt
        cur += ch
        w += cw
    if cur:
        lines.append(cur)
    return lines


def write_scan_pdf(expected):
    import img2pdf
    from PIL import Image, ImageDraw, ImageFont

    it = cctv(*SCAN_PICK)
    W, H = 1240, 1754  # A4 at 150 dpi
    img = Image.new("L", (W, H), 255)
    d = ImageDraw.Draw(img)
    f_title = ImageFont.truetype(FONT, 40, index=0)
    f_body = ImageFont.truetype(FONT, 27, index=0)
    f_small = ImageFont.truetype(FONT, 22, index=0)
    left, right = 120, 120
    y = 130
    for ln in wrap(it["title"], W - left - right, lambda ch: d.textlength(ch, font=f_title)):
        d.text(((W - d.textlength(ln, font=f_title)) / 2, y), ln, font=f_title, fill=0)
        y += 58
    cn = it["date"].split("-")
    meta = f"来源：{it['source']}　{cn[0]}年{cn[1]}月{cn[2]}日"
    d.text(((W - d.textlength(meta, font=f_small)) / 2, y + 4), meta, font=f_small, fill=60)
    y += 70
    measure = lambda ch: d.textlength(ch, font=f_body)
    for p in it["paragraphs"]:
        for k, ln in enumerate(wrap_first(p, W - left - right, 54, measure)):
            d.text((left + (54 if k == 0 else 0), y), ln, font=f_body, fill=0)
            y += 44
    assert y < H - 100, y
    img = img.convert("1", dither=Image.Dither.NONE)
    png = io.BytesIO()
    img.save(png, format="PNG", optimize=True, dpi=(150, 150))
    layout = img2pdf.get_fixed_dpi_layout_fun((150, 150))
    pdf = img2pdf.convert(png.getvalue(), layout_fun=layout, creationdate=dt.datetime(2026, 1, 1),
                          moddate=dt.datetime(2026, 1, 1), producer="img2pdf",
                          engine=img2pdf.Engine.internal)
    with open(f"{HERE}/scan.pdf", "wb") as f:
        f.write(pdf)
    expected["scan.pdf"] = {
        "format": "pdf", "text_layer": False, "pages": 1, "count": 0,
        "expect": "no text layer: a loader without OCR loads no article from it and should say the file has no text",
        "ocr_truth": {"count": 1, "articles": [art(it, url_in_file=False)], "meta_lines": [meta]},
    }


# -------------------------------------------------------------- HTML pages

PAGES = {
    "page_people.html": {
        "site": "人民网 (people.com.cn), 文化 channel",
        "container": '//div[@id="rwb_zw"]//p',
        "title": "女儿出嫁，郑板桥画了几笔兰花当嫁妆", "date": "2019-06-15", "datetime": "2019-06-15T08:18:00+08:00",
        "url": "http://culture.people.com.cn/n1/2019/0615/c1013-31153719.html", "source": "人民网-文化频道",
        "url_in_page": False,  # no canonical link, og:url, <base> nor saved-from comment: only script parameters hold it
        "date_in_page": "<meta name=\"publishdate\" content=\"2019-06-15\"> and the line 2019年06月15日08:18 来源：人民网-文化频道",
        "encoding": "utf-8 bytes, although the page declares <meta http-equiv=\"content-type\" content=\"text/html;charset=GB2312\"> (GNE stored it re-encoded as UTF-8): decode as UTF-8",
        "optional": ["点击进入“文艺星青年”>>"],
        "meta_lines": ["(责编：汤诗瑶、丁涛)"],
        "headings": ["《冬夜读书示子聿》", "——（宋）陆游", "《诫子诗》", "——（汉）东方朔", "点评："],
        "boilerplate": ["网站首页", "分享到：", "人民日报客户端下载", "推荐阅读", "相关新闻",
                        "一家人乘车赴跨国婚礼 丢了嫁妆多亏铁警找回", "热点推荐", "关注人民网微信",
                        "【1】【2】【3】【4】", "Copyright © 1997-2019 by www.people.com.cn. all rights reserved"],
        "note": "page 1 of a 4-page article (【1】…【4】 links); only page 1's paragraphs are here",
        "origin": "GeneralNewsExtractor/GeneralNewsExtractor@3d5a67c6:tests/people/1.html",
    },
    "page_xinhuanet.html": {
        "site": "新华网 (xinhuanet.com), 国际 channel",
        "container": '//div[@id="p-detail"]/p',
        "title": "法国全国大罢工再次严重影响交通", "date": "2019-12-10", "datetime": "2019-12-10T07:57:40+08:00",
        "url": "http://www.xinhuanet.com/world/2019-12/10/c_1125327450.htm", "source": "新华网",
        "date_in_page": "the line 2019-12-10 07:57:40 under the headline and the dateline 新华社巴黎12月9日电 (no date <meta>)",
        "encoding": "utf-8",
        "meta_lines": ["责任编辑：尹世杰"],
        "boilerplate": ["客户端", "关注新华网", "【纠错】", "新闻评论", "加载更多", "热帖",
                        "大数据\"坑熟客\",技术之罪需规则规避", "四川一明代古墓出土500年前鸡蛋", "关注我们",
                        "新华社简介 公司官网 联系我们 我要链接 版权声明 法律顾问 广告服务 技术服务中心"],
        "origin": "GeneralNewsExtractor/GeneralNewsExtractor@3d5a67c6:tests/xinhuanet/1.html",
    },
    "page_sina.html": {
        "site": "新浪新闻 (news.sina.com.cn), 国内新闻, reprinting 北京日报",
        "container": '//div[@id="article"]/p[not(@class="show_author")]',
        "title": "最强“中国芯”本月商用 华为抢跑5G芯片大战", "date": "2019-09-07", "datetime": "2019-09-07T04:04:00+08:00",
        "url": "https://news.sina.com.cn/c/2019-09-07/doc-iicezzrq4076655.shtml", "source": "北京日报",
        "date_in_page": "<meta property=\"article:published_time\" content=\"2019-09-07T06:52:51+08:00\"> and the line 2019年09月07日 04:04 北京日报 under the headline",
        "encoding": "utf-8",
        "meta_lines": ["原标题：最强“中国芯”本月商用\u00a0华为抢跑5G芯片大战", "责任编辑：张申"],
        "headings": ["巨头暗战5G芯片", "采用全球最前沿芯片工艺", "5G芯片累计研发投入10亿美元"],
        "boilerplate": ["新浪首页", "国内新闻>正文", "缩小字体", "放大字体", "收藏", "分享", "QQ空间",
                        "我要反馈", "相关新闻", "推荐新闻", "阅读排行榜", "评论排行榜", "海尔4名员工午休被开除",
                        "新浪新闻意见反馈留言板"],
        "note": "NBSP (U+00A0) between 麒麟990 and 5G, and inside the title line, is kept as in the page",
        "origin": "GeneralNewsExtractor/GeneralNewsExtractor@3d5a67c6:tests/sina/sina.html",
    },
    "page_banyuetan.html": {
        "site": "半月谈网 (banyuetan.org), 解码城市 column",
        "container": '//div[@id="detail_content"]/p',
        "title": "益阳：“数字”是优长", "date": "2020-01-02", "datetime": "2020-01-02T17:11:00+08:00",
        "url": "http://www.banyuetan.org/jmcs/detail/20200102/1000200033136171577956287380194268_1.html",
        "source": "半月谈网",
        "date_in_page": "<meta name=\"publishdate\" content=\"2020-01-02\">, <meta property=\"og:release_date\" content=\"2020-01-02 17:11\"> and the line 2020-01-02 17:11 来源：半月谈网",
        "encoding": "utf-8",
        "meta_lines": ["责任编辑：孔德明"],
        "bylines": ["半月谈记者 史卫燕"],
        "captions": ["为了上网推介、售卖家乡特产，安化县一块花生地里正录制视频 李尕 摄"],
        "headings": ["“数字”赋能农业", "“数字”刷新治理", "“数字”发现社会"],
        "boilerplate": ["中共中央宣传部委托新华通讯社主办", "首页", "时政讲解", "分享到：", "热门推荐", "要闻top10",
                        "1、习近平同英国首相约翰逊通电话", "点击订阅", "2018年半月谈内部版",
                        "Copyright (C) 半月谈杂志社 2010-2018, All Rights Reserved 运营管理中心：半月谈新媒体科技有限公司"],
        "origin": "adbar/trafilatura@e90b0ef5:tests/eval/banyuetan.org.1000200033136171577956287380194268_1.html",
    },
}


def page_paragraphs(name, spec):
    from lxml import html as lh
    raw = open(f"{HERE}/{name}", "rb").read().decode("utf-8")
    doc = lh.fromstring(raw)
    paras = []
    for p in doc.xpath(spec["container"]):
        t = p.text_content().strip()
        if t and t not in spec.get("optional", []) and t not in spec.get("meta_lines", []):
            paras.append(t)
    return paras


def kinds_of(paras, spec):
    out = []
    for p in paras:
        if p in spec.get("headings", []):
            out.append("heading")
        elif p in spec.get("bylines", []):
            out.append("byline")
        elif p in spec.get("captions", []):
            out.append("caption")
        else:
            out.append("body")
    return out


def write_pages(expected):
    for name, spec in PAGES.items():
        paras = page_paragraphs(name, spec)
        raw = open(f"{HERE}/{name}", "rb").read().decode("utf-8")
        bare = re.sub(r"(?is)<script\b.*?</script>|<style\b.*?</style>", "", raw)
        texts = [html.unescape(re.sub(r"<[^>]+>", sep, bare)) for sep in ("\n", "")]
        for b in spec["boilerplate"] + spec.get("meta_lines", []):
            assert any(b in t for t in texts) or re.sub(r"\s", "", b) in re.sub(r"\s", "", texts[1]), (name, b)  # every listed line is really in the page
        a = {"title": spec["title"], "date": spec["date"], "datetime": spec["datetime"],
             "url": spec["url"] if spec.get("url_in_page", True) else None}
        if not spec.get("url_in_page", True):
            a["original_url"] = spec["url"]
        a.update(source=spec["source"], paragraphs=paras, kinds=kinds_of(paras, spec))
        for k in ("optional", "meta_lines", "note"):
            if k in spec:
                a[k] = spec[k]
        a["origin"] = spec["origin"]
        expected[name] = {
            "format": "html", "site": spec["site"], "encoding": spec["encoding"],
            "date_in_page": spec["date_in_page"], "count": 1, "articles": [a],
            "boilerplate": spec["boilerplate"],
        }


def main():
    expected = {}
    write_jsonl(expected)
    write_json(expected)
    write_gbk_csv(expected)
    write_xlsx(expected)
    write_bad_inputs(expected)
    write_pages(expected)
    write_report_pdf(expected)
    write_scan_pdf(expected)
    doc = {
        "about": ("Expected articles for every file in tests/data/formats (README.md says where each came from). "
                  "Per file: count = articles a loader should produce; records = records/rows/lines in the file; "
                  "skip = the records that must be skipped (and why); per article: title, date (YYYY-MM-DD, Beijing time), "
                  "url (the article's address as the file itself gives it: null when the file names none; original_url then says where the text was published), source and paragraphs = the story's true paragraphs in order (the title is not among them). "
                  "kinds (HTML pages) labels each paragraph body/heading/byline/caption. optional = lines that may "
                  "appear or not; meta_lines = lines a loader may keep as meta rows but that are not body paragraphs; "
                  "boilerplate = page lines (menus, share bars, related links, footers) that must not appear as a paragraph "
                  "nor inside one; none of them occurs in any true paragraph."),
        "compare": ("Paragraphs are stripped of leading/trailing whitespace (including U+3000 indentation); inner "
                    "characters are as in the source, U+00A0 included."),
        "files": {k: expected[k] for k in sorted(expected)},
    }
    doc["files"]["archive.warc.gz"] = warc_expected(expected)
    with open(f"{HERE}/expected.json", "w", encoding="utf-8", newline="\n") as f:
        json.dump(doc, f, ensure_ascii=False, indent=1)
        f.write("\n")


def warc_expected(expected):
    from make_warc import RECORDS
    arts, skip = [], []
    for n, r in enumerate(RECORDS, 1):
        if r.get("page"):
            a = dict(expected[r["page"]]["articles"][0])
            a["warc_record"] = n
            arts.append(a)
        else:
            skip.append({"record": n, "type": r["type"], "content_type": r.get("content_type"),
                         "target_uri": r.get("uri"), "reason": r["why"]})
    return {"format": "warc.gz", "records": len(RECORDS), "count": len(arts),
            "note": "records are numbered from 1 in file order; each article is that of the page_*.html file it was made from",
            "skip": skip, "articles": arts}


if __name__ == "__main__":
    import sys
    sys.path.insert(0, HERE)
    main()
