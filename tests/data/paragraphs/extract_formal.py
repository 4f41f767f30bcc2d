"""Rebuild the long formal documents of this folder (government work reports, speeches,
regulations, policy documents, plans) from the public repositories named in README.md.

Needs bare git snapshots of the repositories under MIRROR (see README.md).
Run from the repository root: python tests/data/paragraphs/extract_formal.py
Every paragraph list is taken from the source's own structure (blank lines, one
paragraph per line, or HTML <p> elements); nothing is split or joined by guess.
"""
import json
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

HERE = Path(__file__).resolve().parent
MIRROR = Path("/work/.mirror")

WIKISOURCE = ("aldohemsn/chinese-political-corpora", "99bc4b01d11c2b884a83ecc8f966d97e17cd450e")
LAWS = ("LawRefBook/Laws", "2f4c5c23716267af9dbebbbbd6cbbf732b101981")
GOVCN = ("ZhouYNF/platform-1", "2197df553eee3b0bc9989d91addadf2f4227fddc")

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))


def _git(repo, *args):
    git_dir = MIRROR / repo[0].replace("/", "+") / "repo"
    return subprocess.run(["git", f"--git-dir={git_dir}", *args], check=True, capture_output=True).stdout


def _show(repo, path):
    return _git(repo, "show", f"{repo[1]}:{path}").decode("utf-8")


def _origin(repo, path):
    return {"repository": f"github.com/{repo[0]}", "commit": repo[1], "path": path}


def _tidy(text):
    """A paragraph's text as the source has it: invisible characters dropped, ends trimmed."""
    return text.translate(_INVISIBLE).strip(" \t\r\n\u3000\xa0")


# --- Wikisource, as scraped by aldohemsn/chinese-political-corpora -------------------------
# The scraper took MediaWiki's HTML with get_text(separator="\n"): a paragraph (<p>, <dd>,
# heading) ends with an empty line, while a single newline only marks an inline element
# (a link, bold lead, a zero-width span) inside a paragraph. So paragraphs are the runs
# between empty lines, and their inner newlines are dropped.
_LICENCE = re.compile(r"\n\s*(本作品是中华人民共和国|本作品来自1949年|本作品在全世界都属于公有领域)")
_NOTE = re.compile(r"^[①-⑳]")
_NPC_DATE = re.compile(r"——(\d{4})年(\d{1,2})月(\d{1,2})日在")
# Reports of 2005-2025. Left out: 2020 (not in the source), 2007 and the years before 2005,
# whose transcriptions also break lines inside paragraphs with <br> (a single newline after a
# full stop, then a new sentence), so their paragraphs can't be told from the text.
GWR_YEARS = [2005, 2006] + list(range(2008, 2026))
# Opening days of the Party congresses (the congress reports carry no date of their own
# before the 19th).
_CONGRESS_DATES = {9: "1969-04-01", 10: "1973-08-24", 11: "1977-08-12", 12: "1982-09-01",
                   13: "1987-10-25", 14: "1992-10-12", 15: "1997-09-12", 16: "2002-11-08",
                   17: "2007-10-15", 18: "2012-11-08", 19: "2017-10-18", 20: "2022-10-16"}


def _wikisource_paragraphs(content):
    cut = _LICENCE.search(content)
    if cut:
        content = content[:cut.start()]
    # Split before the zero-width characters are dropped: a line holding only U+200B is an
    # inline span, not an empty line.
    paragraphs = [_tidy(re.sub(r"[ \t\u3000\xa0]*\n[ \t\u3000\xa0]*", "", block.translate(_INVISIBLE)))
                  for block in re.split(r"\n[ \t\u3000\xa0]*\n", content)]
    paragraphs = [p for p in paragraphs if p]
    while paragraphs and (_NOTE.match(paragraphs[-1]) or paragraphs[-1] == "注："):
        paragraphs.pop()  # the notes printed after the text
    return paragraphs


def _titled(paragraphs, fallback):
    """(title, body): the document's own first line when it is a heading, else the source's title."""
    first = paragraphs[0]
    if len(first) <= 40 and not re.search(r"[。：:！？，]$", first):
        return first, paragraphs[1:]
    return fallback, paragraphs


def wikisource():
    for line in _show(WIKISOURCE, "government_work_reports.jsonl").splitlines():
        row = json.loads(line)
        if not row.get("year") or int(row["year"]) not in GWR_YEARS:
            continue
        paragraphs = _wikisource_paragraphs(row["content"])
        stamp = next((m for m in map(_NPC_DATE.search, paragraphs[:4]) if m), None)
        date = f"{stamp[1]}-{int(stamp[2]):02d}-{int(stamp[3]):02d}" if stamp else f"{row['year']}-03-05"
        title, body = _titled(paragraphs, row["title"])
        yield {"id": f"gwr-{row['year']}", "source": "wikisource", "genre": "report", "date": date,
               "title": title, "publisher": "国务院", "paragraphs": body,
               "origin": dict(_origin(WIKISOURCE, "government_work_reports.jsonl"), url=row["url"])}
    for line in _show(WIKISOURCE, "cpc_congress_reports.jsonl").splitlines():
        row = json.loads(line)
        if row.get("congress") not in _CONGRESS_DATES:
            continue
        paragraphs = _wikisource_paragraphs(row["content"])
        if any(len(p) > 60 and re.search(r"[\u4e00-\u9fff0-9A-Za-z]$", p) for p in paragraphs):
            continue  # an empty line inside a word (13th congress: 适当控 / 制信贷规模): left out
        fallback = re.sub(r"\s*[（(][^（()）]*大[)）]$", "", row["title"])
        title, body = _titled(paragraphs, fallback)
        yield {"id": f"cpc-{row['congress']}", "source": "wikisource", "genre": "speech",
               "date": _CONGRESS_DATES[row["congress"]], "title": title, "publisher": "中国共产党全国代表大会",
               "paragraphs": body, "origin": dict(_origin(WIKISOURCE, "cpc_congress_reports.jsonl"), url=row["url"])}


# --- LawRefBook/Laws: laws and regulations as markdown, one paragraph per blank-line block ---
# A file is "# title", the repository's own dates of passing and promulgation, the marker
# "<!-- INFO END -->", then the text: chapter and section headings as "##"/"###" lines and
# one article or clause (款) per block. The markdown marks are dropped, the text is kept.
LAW_GROUPS = {  # folder prefix: how many documents
    "行政法规/": 12, "部门规章/": 3, "DLC/北京地方法规/": 5, "DLC/上海地方法规/": 5,
    "DLC/重庆地方法规/": 5, "DLC/广东地方法规/": 5, "DLC/浙江地方法规/": 5,
    "DLC/山东地方法规/": 5, "DLC/河南地方法规/": 5,
}
_LAW_DATE = re.compile(r"\((\d{4}-\d{2}-\d{2})\)\.md$")


def _law(text):
    head, body = text.split("<!-- INFO END -->", 1)
    titles = [line[2:].strip() for line in head.splitlines() if line.startswith("# ")]
    paragraphs = []
    for block in re.split(r"\n[ \t]*\n", body):
        lines = [line.strip() for line in block.strip().splitlines() if line.strip()]
        if not lines:
            continue
        if len(lines) > 1:
            return None  # a block of several lines: not one paragraph a line; left out
        line = re.sub(r"^#+\s*", "", lines[0])
        paragraphs.append(_tidy(line))
    return titles, [p for p in paragraphs if p]


def laws():
    files = _git(LAWS, "-c", "core.quotepath=off", "ls-tree", "-r", "--name-only", LAWS[1]).decode().splitlines()
    for prefix, wanted in LAW_GROUPS.items():
        fitting = []
        for path in sorted(f for f in files if f.startswith(prefix) and _LAW_DATE.search(f)):
            date = _LAW_DATE.search(path)[1]
            if date < "2010-01-01":
                continue
            parsed = _law(_show(LAWS, path))
            if not parsed or len(parsed[0]) != 1 or not 50 <= len(parsed[1]) + 1 <= 170:
                continue
            fitting.append((path, date, parsed[0][0], parsed[1]))
        step = len(fitting) / wanted
        for path, date, title, body in (fitting[int(i * step)] for i in range(min(wanted, len(fitting)))):
            place = path.split("/")[1][:-4] if path.startswith("DLC/") else "全国"
            yield {"id": path.rsplit("/", 1)[-1][:-3], "source": "lawrefbook", "genre": "regulation",
                   "date": date, "title": title, "place": place, "paragraphs": body, "origin": _origin(LAWS, path)}


# --- ZhouYNF/platform-1: State Council documents crawled from www.gov.cn in February 2019 ---
# db/ge_policy_raw20190217.sql holds each page's HTML; every <p> of the document body is a
# paragraph. The title, printed over one or more centred <p>, is the row's own title. Tables
# (forms, lists of names) are left out: their cells are not paragraphs. Documents of at least
# 30 paragraphs and 2,500 characters are kept.
class _Paragraphs(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.paragraphs, self._text, self._tables = [], None, 0
        self.tables = 0

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._close()
            self._tables += 1
            self.tables += 1
        elif tag == "br" and self._text is not None:
            self._text.append("\n")  # a title printed over several lines
        elif tag == "p" and not self._tables:
            self._close()
            self._text = []

    def handle_endtag(self, tag):
        if tag == "table":
            self._tables -= 1
        if tag in ("p", "td", "table"):
            self._close()

    def handle_data(self, data):
        if self._text is not None:
            self._text.append(data)

    def _close(self):
        if self._text is not None:
            self.paragraphs.append(_tidy(re.sub(r"\s*\n\s*", "", "".join(self._text))))
        self._text = None


def _sql_rows(text, table):
    """The rows of `insert into table (...) values (...)` statements, as dicts."""
    for statement in re.finditer(rf"insert into {table} \(([^)]*)\) values \(", text):
        names, values, i = [n.strip() for n in statement[1].split(",")], [], statement.end()
        while True:
            while text[i] in " \r\n\t":
                i += 1
            if text[i] == "'":
                j, buf = i + 1, []
                while True:
                    if text[j] == "\\":
                        buf.append({"n": "\n", "r": "\r", "t": "\t", "0": "\0"}.get(text[j + 1], text[j + 1]))
                        j += 2
                    elif text[j] == "'" and text[j + 1] == "'":
                        buf.append("'")
                        j += 2
                    elif text[j] == "'":
                        break
                    else:
                        buf.append(text[j])
                        j += 1
                values.append("".join(buf))
                i = j + 1
            else:
                token = re.compile(r"[^,)]*").match(text, i)
                values.append(token[0].strip())
                i = token.end()
            while text[i] in " \r\n\t":
                i += 1
            if text[i] == ")":
                break
            i += 1
        yield dict(zip(names, values))


def _genre(title):
    """A policy document's genre by what its title says it is (or issues)."""
    if re.search(r"规划|纲要|计划|方案|预案", title):
        return "plan"
    if re.search(r"条例|规定|办法|规范|细则|规则", title):
        return "regulation"
    return "policy"


def _squash(text):
    return re.sub(r"\s+", "", text)


def govcn():
    path = "db/ge_policy_raw20190217.sql"
    for row in _sql_rows(_show(GOVCN, path), "ge_policy_raw"):
        parser = _Paragraphs()
        parser.feed(row["content"])
        paragraphs = [p for p in parser.paragraphs if p]
        title, shown = row["title"].strip(), ""
        while paragraphs and _squash(title).startswith(shown + _squash(paragraphs[0])):
            shown += _squash(paragraphs.pop(0))  # the title, printed over several lines
        if shown != _squash(title) or not 30 <= len(paragraphs) + 1 <= 170 or sum(map(len, paragraphs)) < 2500:
            continue
        yield {"id": row["crawl_url"].rsplit("/", 1)[-1].split(".")[0], "source": "govcn", "genre": _genre(title),
               "date": "-".join(re.search(r"/content/(\d{4})-(\d{2})/(\d{2})/", row["crawl_url"]).groups()),
               "title": title,
               "publisher": row["release_office"], "paragraphs": paragraphs,
               "origin": dict(_origin(GOVCN, path), url=row["crawl_url"])}


# --- derek-s/Python-GovWorkReportAnalyze: work reports of 呼伦贝尔市海拉尔区, 2012-2019 -----------
# reportData/<year>.txt, GB18030 text saved from the reports' Word files: one paragraph per
# line (most years put an empty line between them); the first line is the heading 政府工作报告,
# the next the occasion and date. 2017 has no heading line and is left out.
HAILAR = ("derek-s/Python-GovWorkReportAnalyze", "8dc65feaaf2e1e4776c05f0da5189b8e436f0b51")
_STAMP = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日在")


def hailar():
    for year in (2012, 2013, 2014, 2015, 2016, 2018, 2019):
        path = f"reportData/{year}.txt"
        text = _git(HAILAR, "show", f"{HAILAR[1]}:{path}").decode("gb18030")
        paragraphs = [p for p in map(_tidy, text.splitlines()) if p]
        stamp = _STAMP.search(paragraphs[1])
        yield {"id": f"hailar-{year}", "source": "hailar", "genre": "report",
               "date": f"{stamp[1]}-{int(stamp[2]):02d}-{int(stamp[3]):02d}", "title": paragraphs[0],
               "place": "内蒙古呼伦贝尔市海拉尔区", "publisher": "海拉尔区人民政府", "paragraphs": paragraphs[1:],
               "origin": _origin(HAILAR, path)}


# --- xvshiting/politic_analysis_paper_2025: policy texts from pkulaw.com and government sites ---
# "data/Policies Data.xlsx", column "Policy Content": one paragraph per line (indented with
# U+3000). Only documents whose text opens with their own Chinese title are taken (the
# sheet's titles are English translations), and only when they are not cut at Excel's
# 32,767-character limit, are not hard-wrapped (most lines end a sentence or are headings,
# the median line is long) and have at least 30 paragraphs.
XV = ("xvshiting/politic_analysis_paper_2025", "dd9edb7b18d29e25cb254b2a07666311370f7297")
XV_PATH = "data/Policies Data.xlsx"
_XLSX = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def _xlsx_sheets(data):
    import io
    import zipfile
    import xml.etree.ElementTree as ET
    book = zipfile.ZipFile(io.BytesIO(data))
    shared = ["".join(si.itertext()) for si in ET.fromstring(book.read("xl/sharedStrings.xml")).iter(f"{_XLSX}si")]
    for name in sorted(n for n in book.namelist() if re.match(r"xl/worksheets/sheet\d+\.xml$", n)):
        rows = []
        for row in ET.fromstring(book.read(name)).iter(f"{_XLSX}row"):
            cells = {}
            for cell in row.iter(f"{_XLSX}c"):
                value = cell.find(f"{_XLSX}v")
                column = sum((ord(ch) - 64) * 26 ** i for i, ch in enumerate(reversed(re.match(r"[A-Z]+", cell.get("r"))[0])))
                if value is not None:
                    cells[column - 1] = shared[int(value.text)] if cell.get("t") == "s" else value.text
            rows.append([cells.get(i) for i in range(max(cells) + 1)] if cells else [])
        yield name, rows


def xvshiting():
    import datetime
    for name, rows in _xlsx_sheets(_git(XV, "show", f"{XV[1]}:{XV_PATH}")):
        sheet = "central" if name.endswith("sheet1.xml") else "shandong"
        for row in rows[1:]:
            if len(row) < 6 or not row[5] or len(row[5]) >= 32767:
                continue
            lines = [p for p in map(_tidy, row[5].split("\n")) if p]
            if len(lines) < 30:
                continue
            title, body = lines[0], lines[1:]
            if len(title) > 45 or re.search(r"[。：:，；]$", title) or not re.search(
                    r"规划|计划|方案|意见|办法|规范|措施|纲要|指南|通知|细则|规定", title):
                continue
            ends = sum(1 for p in body if re.search(r"[。；：！？）)]$", p)) / len(body)
            if ends < 0.7 or sorted(map(len, body))[len(body) // 2] < 50:
                continue  # hard-wrapped, or mostly a table
            date = datetime.date(1899, 12, 30) + datetime.timedelta(days=int(float(row[1])))
            yield {"id": f"{sheet}-{row[0]}", "source": "pkulaw", "genre": _genre(title), "date": date.isoformat(),
                   "title": title, "paragraphs": body,  # the sheet names the issuer in English only
                   "origin": dict(_origin(XV, XV_PATH), sheet=sheet, row=row[0], url=row[2].strip(),
                                  issuer=row[3].strip())}


# --- king-jingxiang/MaoXuan-Annotated: 《毛泽东选集》 as markdown, one text a file --------------
# public/content/毛泽东选集/<卷>/<时期>/<n> <title>.md: "# title", the date line, then one
# paragraph per line with empty lines between them (a section heading and its date share a
# block, on lines of their own). The editors' notes after the text ("[1] …"), and a closing
# line citing the printed edition, are left out; "[1]"-style note marks inside the text are
# kept as printed. Only the speeches whose title says so (讲话) are taken.
MAO = ("king-jingxiang/MaoXuan-Annotated", "c7672c3424ec2eb549506d2a25f62a10e6bf9609")
MAO_SPEECHES = (
    "第三卷/抗日战争时期（下）/008 在延安文艺座谈会上的讲话.md",
    "第四卷/第三次国内革命战争时期/035 在晋绥干部会议上的讲话.md",
    "第五卷/社会主义革命和社会主义建设时期（一）/041 在中国共产党全国代表会议上的讲话.md",
    "第五卷/社会主义革命和社会主义建设时期（一）/056 在中国共产党第八届中央委员会第二次全体会议上的讲话.md",
    "第五卷/社会主义革命和社会主义建设时期（一）/057 在省市自治区党委书记会议上的讲话.md",
)
_CN_DIGITS = {c: i for i, c in enumerate("○一二三四五六七八九")}
_CN_DIGITS["〇"] = 0


def _cn_number(text):
    if len(text) == 4 or "十" not in text:
        return int("".join(str(_CN_DIGITS[c]) for c in text))
    tens, _, units = text.partition("十")
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[units] if units else 0)


def mao():
    for name in MAO_SPEECHES:
        path = "public/content/毛泽东选集/" + name
        lines = [_tidy(line) for line in _show(MAO, path).splitlines()]
        lines = [line for line in lines if line]
        title = lines[0].lstrip("#").strip()
        body = []
        for line in lines[1:]:
            if re.match(r"^(注\s*释|\[1\])", line):
                break  # the editors' notes
            body.append(line)
        while body and re.match(r"^（(《毛泽东选集》|根据)", body[-1]):
            body.pop()
        stamp = re.match(r"^（([○〇一二三四五六七八九]{4})年([一二三四五六七八九十]+)月(?:([一二三四五六七八九十]+)日)?", body[0])
        day = _cn_number(stamp[3]) if stamp[3] else 1
        yield {"id": "mao-" + name.rsplit("/", 1)[1].split(" ")[0], "source": "maoxuan", "genre": "speech",
               "date": f"{_cn_number(stamp[1])}-{_cn_number(stamp[2]):02d}-{day:02d}", "title": title,
               "publisher": "毛泽东选集", "paragraphs": body, "origin": _origin(MAO, path)}


if __name__ == "__main__":
    for name, rows in (("formal_wikisource", wikisource()), ("formal_lawrefbook", laws()), ("formal_govcn", govcn()),
                       ("formal_hailar", hailar()), ("formal_pkulaw", xvshiting()),
                       ("formal_maoxuan", mao())):
        rows = list(rows)
        with open(HERE / f"{name}.jsonl", "w", encoding="utf-8") as out:
            for row in rows:
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
        print(name, len(rows), "documents", sum(len(r["paragraphs"]) + 1 for r in rows), "paragraphs")
