"""Every input format through the real build, against the truth of tests/data/formats/expected.json,
and the archive it makes served by the real Datasette."""
import json
import re
import shutil
import sqlite3
import urllib.parse
from pathlib import Path

import pytest
from click.testing import CliRunner

from loader.cli import cli
from loader.ingest import formats
from loader.ingest.decode import SkippedFile
from loader.store.build import build
from loader.text.query import match_expression

FORMATS = Path(__file__).parent / "data" / "formats"
EXPECTED = json.loads((FORMATS / "expected.json").read_text(encoding="utf-8"))["files"]
BAD = {"bad_line.jsonl": "line 3", "broken.csv": "row 3 (line 8)", "export.jsonl": "line 6"}


def strip(text):
    return text.strip().strip("\u3000")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """news.db built from a folder of every file of the corpus, and the build's warnings."""
    root = tmp_path_factory.mktemp("formats")
    folder = root / "formats"
    folder.mkdir()
    for name in EXPECTED:
        shutil.copy(FORMATS / name, folder / name)
    warnings = []
    summary = build(root / "news.db", [folder], jobs=2, warn=warnings.append)
    return root / "news.db", summary, warnings


@pytest.fixture(scope="module")
def conn(built):
    return sqlite3.connect(built[0])


def articles(conn, name):
    rows = conn.execute("select id, title, date, url, source, date_source from articles where source_file = ? "
                        "order by article_no", [f"formats/{name}"]).fetchall()
    return [{"id": r[0], "title": r[1], "date": r[2], "url": r[3], "source": r[4], "date_source": r[5],
             "paragraphs": conn.execute("select kind, text from paragraphs where article_id = ? order by seq",
                                        [r[0]]).fetchall()} for r in rows]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_file_gives_its_articles_titles_dates_urls_and_paragraphs(conn, name):
    truth = EXPECTED[name]
    got = articles(conn, name)
    assert len(got) == truth["count"]
    for want, have in zip(truth.get("articles", []), got):
        assert have["title"] == want["title"]
        assert have["source"] == want["source"]
        # A PDF's text goes through the layout model as a text file's does: its date is read from its text.
        assert (have["date"], have["date_source"]) == (want["date"], "inferred" if name == "report.pdf" else "field")
        assert have["url"] == want["url"]  # None where the file names no address (expected.json)
        texts = [strip(text) for kind, text in have["paragraphs"] if kind != "meta"]
        found = sum(strip(p) in texts for p in want["paragraphs"])
        assert found >= 0.98 * len(want["paragraphs"]), (found, len(want["paragraphs"]))
        for line in truth.get("boilerplate", []) + EXPECTED["archive.warc.gz"].get("boilerplate", []):
            assert not any(line in text for text in texts), line
    if name == "archive.warc.gz":  # the pages it holds, with the boilerplate of each page
        for have in got:
            page = next(p for p in ("page_xinhuanet.html", "page_banyuetan.html", "page_sina.html")
                        if EXPECTED[p]["articles"][0]["url"] == have["url"])
            texts = [text for _, text in have["paragraphs"]]
            assert not any(line in text for line in EXPECTED[page]["boilerplate"] for text in texts)


def test_bad_records_are_skipped_with_a_warning_naming_file_and_place(built):
    _, summary, warnings = built
    for name, where in BAD.items():
        assert any(w.startswith(f"formats/{name}: {where}: skipped: ") for w in warnings), (name, warnings)
    assert any(w.startswith("formats/scan.pdf: skipped: no text layer") and "OCR" in w for w in warnings)
    assert any(w.startswith("formats/archive.warc.gz: 6 records are not HTML pages") for w in warnings)
    assert summary.articles == sum(truth["count"] for truth in EXPECTED.values())


def test_strict_makes_a_bad_record_an_error(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(FORMATS / "bad_line.jsonl", folder)
    result = CliRunner().invoke(cli, ["build", str(folder), "--db", str(tmp_path / "x.db"), "-s", "--strict"])
    assert result.exit_code == 1
    assert "bad_line.jsonl: line 3: skipped: not valid JSON" in result.output
    assert not (tmp_path / "x.db").exists() or sqlite3.connect(tmp_path / "x.db").execute(
        "select count(*) from sqlite_master where name = 'articles'").fetchone()[0] == 0


def test_field_option_names_a_field_and_its_value_wins(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    records = [{"headline": "长沙地铁新线开通", "article_body": "长沙市今天开通地铁新线。\n市民乘车出行。",
                "when": "2021/6/28", "city": "长沙", "link": "https://example.org/a"}]
    (folder / "crawl.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records),
                                        encoding="utf-8")
    db = tmp_path / "x.db"
    without = CliRunner().invoke(cli, ["build", str(folder), "--db", str(db), "-s"])
    assert "crawl.jsonl: line 1: skipped: no text field" in without.output
    assert "crawl.jsonl: skipped: no text found" in without.output  # no article at all: the file is skipped
    given = CliRunner().invoke(cli, ["build", str(folder), "--db", str(db), "-s",
                                     "--field", "text=article_body", "--field", "date=WHEN"])
    assert given.exit_code == 0, given.output
    row = sqlite3.connect(db).execute("select title, date, date_source, date_evidence, city, province, "
                                      "city_source, url from articles").fetchone()
    assert row == ("长沙地铁新线开通", "2021-06-28", "field", '["when"]', "长沙市", "湖南省", "field",
                   "https://example.org/a")
    bad = CliRunner().invoke(cli, ["build", str(folder), "--db", str(db), "-s", "--field", "body"])
    assert bad.exit_code == 2 and "--field body: use ROLE=NAME" in bad.output


def test_record_articles_keep_their_ids_by_url_across_rebuilds(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    lines = (FORMATS / "export.jsonl").read_text(encoding="utf-8").splitlines()
    (folder / "export.jsonl").write_text("\n".join(lines), encoding="utf-8")
    db = tmp_path / "news.db"
    build(db, [folder], jobs=1, warn=lambda m: None)
    before = dict(sqlite3.connect(db).execute("select url, id from articles"))
    paragraphs = dict(sqlite3.connect(db).execute("select text, id from paragraphs"))
    # Records reordered, one edited, one new first: ids follow the URL, paragraph ids the text.
    edited = json.loads(lines[2])
    edited["content"] += "\n新增一段。"
    new = dict(json.loads(lines[0]), url="https://example.org/new", title="新的一条", content="一条新的消息。")
    (folder / "export.jsonl").write_text("\n".join([json.dumps(new, ensure_ascii=False)] + lines[::-1][:-3]
                                                   + [json.dumps(edited, ensure_ascii=False)] + lines[:2]),
                                         encoding="utf-8")
    for full in (False, True):
        build(db, [folder], jobs=1, full=full, warn=lambda m: None)
        after = dict(sqlite3.connect(db).execute("select url, id from articles"))
        assert {url: after[url] for url in before} == before
        assert after["https://example.org/new"] not in before.values()
        kept = dict(sqlite3.connect(db).execute("select text, id from paragraphs"))
        assert all(kept[text] == pid for text, pid in paragraphs.items() if text in kept)


@pytest.fixture(scope="module")
def site(serve, built):
    return serve(built[0])


def test_search_facets_article_page_and_canned_queries_on_the_formats_archive(site, conn):
    q = urllib.parse.quote("麒麟990")
    html = site.get(f"/-/search?q={q}").text
    expected = conn.execute("select count(*) from paragraphs where id in (select rowid from paragraphs_fts "
                            "where paragraphs_fts match ?)", [match_expression("麒麟990")]).fetchone()[0]
    assert expected > 0 and int(re.search(r'data-total="(\d+)"', html).group(1)) == expected
    assert "2019" in html  # the year facet
    ranked = site.get(f"/news/search.json?q={q}&_shape=array").json()
    assert len(ranked) == expected and all("麒麟990" in re.sub("<[^>]+>", "", row["snippet"]) for row in ranked)
    trend = site.get(f"/news/trend.json?q={q}&_shape=array").json()
    assert [row["year"] for row in trend] == [2019]
    article_id, url, source = conn.execute("select id, url, source from articles where source_file = "
                                           "'formats/page_sina.html'").fetchone()
    page = site.get(f"/-/article/{article_id}").text
    assert f'href="{url}"' in page and f"来源 source: {source}" in page
    assert re.search(r'id="citation" readonly value="[^"]*北京日报[^"]*。' + re.escape(url) + '"', page)
    assert "date from: field" in page
    rows = site.get(f"/news/article.json?id={article_id}&_shape=array").json()
    assert len(rows) == conn.execute("select count(*) from paragraphs where article_id = ?",
                                     [article_id]).fetchone()[0]
    feed = site.get(f"/news/feed.atom?q={q}")
    assert feed.status_code == 200 and "麒麟990" in feed.text


def test_a_big_json_lines_file_is_read_in_parts_and_loses_nothing(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    records = [json.loads(line) for line in (FORMATS / "export.jsonl").read_text(encoding="utf-8").splitlines()]
    lines = []
    for copy in range(40):
        for record in records:
            lines.append(json.dumps(dict(record, url=f"{record['url']}?copy={copy}"), ensure_ascii=False))
    bad = len(lines) - 5  # a line cut short, in the last part
    lines[bad - 1] = lines[bad - 1][:60]
    (folder / "big.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert len(formats.parts(folder / "big.jsonl")) >= 2
    db = tmp_path / "news.db"
    warnings = []
    build(db, [folder], jobs=2, warn=warnings.append)
    conn = sqlite3.connect(db)
    good = [i for i, line in enumerate(lines, start=1) if i != bad and json.loads(line)["content"]]
    assert [row[0] for row in conn.execute("select article_no from articles order by article_no")] == good
    assert f"in/big.jsonl: line {bad}: skipped: not valid JSON" in "\n".join(warnings)
    assert conn.execute("select articles, paragraphs from files").fetchone() == \
        conn.execute("select count(*), (select count(*) from paragraphs) from articles").fetchone()
    ids = conn.execute("select url, id from articles").fetchall()
    build(db, [folder], jobs=2, full=True, warn=lambda m: None)
    assert sqlite3.connect(db).execute("select url, id from articles").fetchall() == ids


def test_half_a_surrogate_pair_from_a_json_escape_loses_nothing(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    # json.dumps writes the lone \\udc80 as an escape, as a crawler's export may
    (folder / "export.jsonl").write_text(
        json.dumps({"title": "湛江市公安局破获一起诈骗案", "text": "湛江市公安局近日破获一起电信诈骗案\udc80，抓获三人。"}) + "\n"
        + json.dumps({"title": "夜间巡逻", "text": "保定市开展夜间巡逻。"}) + "\n", encoding="utf-8")
    db = tmp_path / "news.db"
    warnings = []
    build(db, [folder], jobs=1, warn=warnings.append)
    assert warnings == []
    rows = sqlite3.connect(db).execute("select a.title, p.text from paragraphs p join articles a on a.id = p.article_id "
                                       "where p.kind = 'body' order by p.id").fetchall()
    assert rows == [("湛江市公安局破获一起诈骗案", "湛江市公安局近日破获一起电信诈骗案\ufffd，抓获三人。"),
                    ("夜间巡逻", "保定市开展夜间巡逻。")]


def test_a_page_with_no_story_and_an_undecodable_csv_are_named_and_skipped(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "menu.html").write_text("<html><body><nav><a href='/'>首页</a> <a href='/a'>国内</a></nav>"
                                      "</body></html>", encoding="utf-8")
    (folder / "noise.csv").write_bytes(bytes(range(256)) * 40)
    shutil.copy(FORMATS / "export_gbk.csv", folder)
    result = CliRunner().invoke(cli, ["build", str(folder), "--db", str(tmp_path / "x.db"), "-s"])
    assert result.exit_code == 0
    assert "in/menu.html: skipped: no story found in the page" in result.output
    assert "in/noise.csv: skipped: binary or undecodable" in result.output
    assert "3 files, 5 articles" in result.output


def test_a_text_field_holding_html_gives_a_paragraph_per_block(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    content = ("<p>\u3000\u3000长沙市今天开通地铁新线。</p><p>市民乘车出行，<b>秩序井然</b>。<br/>"
               "记者 王琳</p><div>麒麟990\xa05G芯片发布。</div>")
    (folder / "crawl.json").write_text(json.dumps([{"title": "长沙地铁新线开通", "content": content}],
                                                  ensure_ascii=False), encoding="utf-8")
    build(tmp_path / "x.db", [folder], jobs=1, warn=lambda m: None)
    rows = sqlite3.connect(tmp_path / "x.db").execute("select kind, text from paragraphs order by seq").fetchall()
    assert rows == [("body", "长沙市今天开通地铁新线。"), ("body", "市民乘车出行，秩序井然。"), ("byline", "记者 王琳"),
                    ("body", "麒麟990\xa05G芯片发布。")]


def test_files_given_directly_build_as_a_folder_holding_each_would(tmp_path):
    given = [FORMATS / "export.jsonl", FORMATS / "report.pdf", FORMATS / "page_sina.html", tmp_path / "notes.txt"]
    (tmp_path / "notes.txt").write_text("## 长沙地铁新线开通\n\n长沙市今天开通地铁新线。\n", encoding="utf-8")
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(FORMATS / "export_gbk.csv", folder)
    db = tmp_path / "news.db"
    first = CliRunner().invoke(cli, ["build", *map(str, given), str(folder), "--db", str(db), "-s"])
    assert first.exit_code == 0, first.output
    conn = sqlite3.connect(db)
    assert conn.execute("select label, path from sources order by 1").fetchall() == [
        ("export", str(FORMATS / "export.jsonl")), ("in", str(folder)), ("notes", str(tmp_path / "notes.txt")),
        ("page_sina", str(FORMATS / "page_sina.html")), ("report", str(FORMATS / "report.pdf"))]
    assert [row[0] for row in conn.execute("select path from files order by 1")] == [
        "export/export.jsonl", "in/export_gbk.csv", "notes/notes.txt", "page_sina/page_sina.html", "report/report.pdf"]
    # Each file gives what it gives in a folder.
    for name, count in (("export/export.jsonl", 10), ("in/export_gbk.csv", 5), ("notes/notes.txt", 1),
                        ("page_sina/page_sina.html", 1), ("report/report.pdf", 1)):
        assert conn.execute("select count(*) from articles where source_file = ?", [name]).fetchone()[0] == count
    assert "export/export.jsonl: line 6: skipped: no text in 'content'" in first.output
    ids = conn.execute("select source_file, id, url from articles order by id").fetchall()
    # An update with no root named reads the files it records; a full build keeps every id.
    again = CliRunner().invoke(cli, ["build", "--db", str(db), "-s"])
    assert again.exit_code == 0 and "(5 unchanged)" in again.output, again.output
    assert CliRunner().invoke(cli, ["build", "--db", str(db), "-s", "--full"]).exit_code == 0
    assert sqlite3.connect(db).execute("select source_file, id, url from articles order by id").fetchall() == ids
    # A file of a folder that is a root is stored once; a missing path or a file of no format is named.
    for args, message in (([str(folder / "export_gbk.csv")], "overlaps the source folder"),
                          ([str(tmp_path / "nope.jsonl")], "nope.jsonl: no such folder or file"),
                          ([str(db)], "news.db: not a folder nor a file the build reads (.txt, .jsonl")):
        result = CliRunner().invoke(cli, ["build", *args, "--db", str(db), "-s"])
        assert result.exit_code == 1 and message in result.output and "Traceback" not in result.output, result.output
    (tmp_path / "notes.txt").unlink()
    update = CliRunner().invoke(cli, ["build", "--db", str(db), "-s"])
    assert update.exit_code == 0 and f"{tmp_path / 'notes.txt'}: source file not found; its files" in update.output
    assert CliRunner().invoke(cli, ["build", "--db", str(db), "-s", "--prune", "notes"]).exit_code == 0
    assert sqlite3.connect(db).execute("select count(*) from articles where source_file like 'notes/%'").fetchone() \
        == (0,)


@pytest.mark.parametrize("comment, where", [
    ("<!-- saved from url=(0044)https://example.org/saved/browser.html?a=1 -->", "before"),
    ("<!--\n Page saved with SingleFile \n url: https://example.org/saved/singlefile.html \n"
     " saved date: Sat Jun 15 2019 10:00:00 GMT+0800\n-->", "after"),
    ("<!--https://example.org/saved/bare.html-->", "before"),
])
def test_a_saved_page_gives_the_address_its_saving_tool_wrote(tmp_path, comment, where):
    page = (FORMATS / "page_people.html").read_text(encoding="utf-8")  # names no address of its own
    cut = page.index("<html") if where == "before" else page.index(">", page.index("<html")) + 1
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "saved.html").write_text(page[:cut] + comment + "\n" + page[cut:], encoding="utf-8")
    shutil.copy(FORMATS / "page_sina.html", folder)  # og:url, and a comment naming another address
    sina = (folder / "page_sina.html").read_text(encoding="utf-8")
    (folder / "page_sina.html").write_text(comment + "\n" + sina, encoding="utf-8")
    build(tmp_path / "x.db", [folder], jobs=1, warn=lambda m: None)
    conn = sqlite3.connect(tmp_path / "x.db")
    url = re.search(r"https://example.org/\S+?(?=\s|-->)", comment).group(0)
    assert conn.execute("select url from articles where source_file = 'in/saved.html'").fetchone() == (url,)
    assert conn.execute("select url from articles where source_file = 'in/page_sina.html'").fetchone() == (
        EXPECTED["page_sina.html"]["articles"][0]["url"],)


def test_a_big_export_loaded_again_keeps_ids_looking_old_articles_up_a_part_at_a_time(tmp_path):
    from loader.store.ids import OLD_ARTICLES_IN_MEMORY

    def record(n, extra=""):
        return json.dumps({"title": f"第{n}条消息", "url": f"https://example.org/{n}", "pubtime": "2024-05-01",
                           "content": f"长沙市今天发布第{n}条消息。\n消息编号{n}的第二段。{extra}"}, ensure_ascii=False)

    count = OLD_ARTICLES_IN_MEMORY + 300
    folder = tmp_path / "in"
    folder.mkdir()
    export = folder / "big.jsonl"
    export.write_text("\n".join(record(n) for n in range(count)) + "\n", encoding="utf-8")
    db = tmp_path / "news.db"
    build(db, [folder], jobs=2, warn=lambda m: None)
    conn = sqlite3.connect(db)
    before = dict(conn.execute("select url, id from articles"))
    paragraphs = dict(conn.execute("select text, id from paragraphs"))
    # Reversed, one record edited, one gone, one new, one URL twice: ids follow the URL, paragraph ids the text.
    lines = [record(n, "\n新增一段。" if n == 7 else "") for n in reversed(range(count)) if n != 11]
    lines.insert(5, record(count))
    lines.append(record(3).replace("第3条消息", "第3条消息（重发）"))
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for full in (False, True):
        build(db, [folder], jobs=2, full=full, warn=lambda m: None)
        conn = sqlite3.connect(db)
        after = conn.execute("select url, id from articles where title != '第3条消息（重发）'").fetchall()
        assert len(after) == count and len({aid for _, aid in after}) == len(after)
        ids = dict(after)
        assert {url: ids[url] for url in before if url != "https://example.org/11"} == \
            {url: aid for url, aid in before.items() if url != "https://example.org/11"}
        assert ids[f"https://example.org/{count}"] not in before.values()
        kept = dict(conn.execute("select text, id from paragraphs"))
        assert all(kept[text] == pid for text, pid in paragraphs.items() if text in kept and "消息编号3的" not in text)
        # The index holds the new paragraphs and none of the old: the edited record's new one, the gone one not.
        assert conn.execute("select count(*) from paragraphs_fts where paragraphs_fts match ?",
                            [match_expression("新增一段")]).fetchone() == (1,)
        assert conn.execute("select count(*) from paragraphs_fts where paragraphs_fts match ?",
                            [match_expression("第11条消息")]).fetchone() == (0,)
        assert conn.execute("select count(*) from articles where source_file like '%replaced%'").fetchone() == (0,)
        # Every old index entry went with its row: a word of every record is found once per paragraph holding it.
        assert conn.execute("select count(*) from paragraphs_fts where paragraphs_fts match ?",
                            [match_expression("长沙市")]).fetchone() == \
            conn.execute("select count(*) from paragraphs where text like '%长沙市%'").fetchone()
        assert conn.execute("select articles, paragraphs from files").fetchone() == \
            conn.execute("select count(*), (select count(*) from paragraphs) from articles").fetchone()


def test_a_caption_with_the_story_glued_on_in_a_page_keeps_the_story(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    story = "".join(f"<p>{n}日，贡去乎村的农牧民兴办起藏式旅游业，成立了旅游专业合作社，生意很是红火。</p>" for n in range(1, 6))
    (folder / "page.html").write_text(
        "<html><head><title>碌曲藏家乐</title></head><body><article><h1>碌曲藏家乐</h1>"
        "<p>图为贡保扎西“藏家乐”客栈内部。 高展 摄贡保扎西是该村第一家经营“藏家乐”的带头人，客栈只收50元。</p>"
        f"{story}</article></body></html>", encoding="utf-8")
    build(tmp_path / "x.db", [folder], jobs=1, warn=lambda m: None)
    rows = sqlite3.connect(tmp_path / "x.db").execute("select kind, text from paragraphs order by seq").fetchall()
    assert ("caption", "图为贡保扎西“藏家乐”客栈内部。 高展 摄") in rows
    assert ("body", "贡保扎西是该村第一家经营“藏家乐”的带头人，客栈只收50元。") in rows


def _records(path, part):
    from loader.ingest.formats.fields import FieldMap

    return [(item.number, item.where, item.title, item.paragraphs, item.values) if isinstance(item, formats.Record)
            else (item.where, item.reason) for item in formats.read(path, FieldMap(), part)]


def test_a_big_csv_and_a_big_json_array_are_read_in_parts_that_give_what_the_whole_file_gives(tmp_path):
    import csv
    import io

    rows = list(csv.reader(io.StringIO((FORMATS / "export_gbk.csv").read_bytes().decode("gbk"), newline="")))
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(rows[0])
    for n in range(1500):
        row = rows[1 + n % 5]
        writer.writerow(row[:4] + ([f"{row[4]}?copy={n}"] if n != 1400 else []))  # row 1401: a field too few
    big_csv = tmp_path / "big.csv"
    big_csv.write_bytes(out.getvalue().encode("gb18030"))
    line = 2 + sum(row[1].count("\n") + 1 for n in range(1400) for row in [rows[1 + n % 5]])
    records = [dict(zip(("title", "content", "pubtime", "url"), (row[0], row[1], row[2], row[4])))
               for row in rows[1:]] * 300
    records[1234] = ["not", "an object"]
    big_json = tmp_path / "big.json"
    big_json.write_text(json.dumps(records, ensure_ascii=False, indent=1), encoding="utf-8")
    for path in (big_csv, big_json):
        parts = formats.parts(path)
        assert len(parts) >= 3, path
        whole = _records(path, formats.WHOLE)
        assert [item for part in parts for item in _records(path, part)] == whole
    assert len([r for r in _records(big_csv, formats.WHOLE) if len(r) == 5]) == 1499
    assert (f"row 1401 (line {line})", "4 fields where the header has 5") in _records(big_csv, formats.parts(big_csv)[-1])
    assert ("record 1235", "a JSON list, not an object") in _records(big_json, formats.WHOLE)
    # A JSON array cut short is named, and so is one with a broken record: the file is skipped.
    for text, reason in (("[" + json.dumps(records[0], ensure_ascii=False), "the array is not closed"),
                         ('[{"title": "x", "content": "y"}, {"title": oops}]', "not valid JSON after byte 33")):
        (tmp_path / "cut.json").write_text(text, encoding="utf-8")
        with pytest.raises(SkippedFile, match=re.escape(reason)):
            _records(tmp_path / "cut.json", formats.WHOLE)
