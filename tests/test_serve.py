"""What the plugin gives an archive whatever its file is called, and only an archive."""
import json
import os
import shutil
import sqlite3

from loader.cli import datasette_command, inspected
from loader.text.query import match_expression
from loader.web import archive
from loader.web.search import on_every_sql_thread


def test_an_archive_of_any_name_gets_search_facets_and_canned_queries_with_no_metadata(tmp_path, seed_db, serve):
    db = tmp_path / "archive.db"
    shutil.copyfile(seed_db, db)
    site = serve(db, metadata=None)
    data = site.get("/archive/paragraphs.json?_search=公安&_size=0").json()
    expected = sqlite3.connect(db).execute("select count(*) from paragraphs_fts where paragraphs_fts match ?",
                                           [match_expression("公安")]).fetchone()[0]
    assert 0 < data["filtered_table_rows_count"] == expected < sqlite3.connect(db).execute(
        "select count(*) from paragraphs").fetchone()[0]
    assert list(data["facet_results"]) == ["city", "province", "year", "kind"]
    queries = site.get("/archive.json").json()["queries"]
    assert sorted(q["name"] for q in queries) == sorted(archive.QUERIES)
    assert site.get("/archive/search.json?q=公安&_shape=array").json()[0]["match"] == "word"
    assert site.get("/").status_code == 200 and "/-/search" in site.get("/").text
    assert site.get("/archive/paragraphs").status_code == 200


def test_the_users_metadata_wins_over_the_plugins(serve, seed_db):
    site = serve(seed_db, metadata={"title": "我的档案", "databases": {"news": {"tables": {"paragraphs": {
        "facets": ["province"]}}}}})
    assert "我的档案" in site.get("/").text
    assert list(site.get("/news/paragraphs.json?_size=0").json()["facet_results"]) == ["province"]


def test_plugin_config_settings_change_the_pages(serve, seed_db, tmp_path):
    other = tmp_path / "second.db"
    shutil.copyfile(seed_db, other)
    with sqlite3.connect(other) as conn:
        conn.execute("update articles set title = '第二个档案' where id = 1")
    site = serve(seed_db, other, metadata={"plugins": {archive.PLUGIN: {
        "database": "second", "examples": ["民警"], "page_size": 3, "facets": ["kind"]}}})
    home = site.get("/").text
    assert 'href="/-/search?q=%E6%B0%91%E8%AD%A6"' in home and ">枫桥经验</a>" not in home
    assert "第二个档案" in site.get("/-/article/1").text
    results = site.get("/-/search?q=公安").text
    assert results.count('<li class="zh-hit') == 3
    assert '<ol class="zh-hits" start="7">' in site.get("/-/search?q=公安&page=3").text  # numbered on from page 2's 6
    assert list(site.get("/news/paragraphs.json?_size=0").json()["facet_results"]) == ["kind"]


def test_a_declared_facet_asked_for_again_is_computed_once(get, seed_db):
    data = get("/news/paragraphs.json?_search=公安&_facet=city&_facet=year&_facet=month&_size=0").json()
    assert list(data["facet_results"]) == ["city", "province", "year", "kind", "month"]
    hits = sqlite3.connect(seed_db).execute(
        "select city, count(*) from paragraphs where id in "
        "(select rowid from paragraphs_fts where paragraphs_fts match ?) group by city",
        [match_expression("公安")]).fetchall()
    assert {r["value"]: r["count"] for r in data["facet_results"]["city"]["results"]} == dict(hits)


def test_a_file_swapped_in_under_a_running_server_is_not_read_until_restart(tmp_path, seed_db, serve):
    db = tmp_path / "news.db"
    shutil.copyfile(seed_db, db)
    site = serve(db)
    path = "/news/paragraphs.json?_search=公安&_size=0"

    async def before_and_after_a_swap():
        datasette = site.datasette
        before = (await datasette.client.get(path)).json()["filtered_table_rows_count"]
        update = tmp_path / "update.db"
        shutil.copyfile(seed_db, update)
        with sqlite3.connect(update) as conn:
            conn.execute("delete from paragraphs where id % 2 = 0")
        os.replace(update, db)  # what `zh-news build` does while `zh-news serve` holds the serving lock
        per_thread = await on_every_sql_thread(datasette, datasette.get_database("news"),
                                               lambda conn: conn.execute("select count(*) from paragraphs").fetchone()[0])
        after = (await datasette.client.get(path)).json()["filtered_table_rows_count"]
        return before, after, per_thread

    before, after, per_thread = site.run(before_and_after_a_swap())
    paragraphs = sqlite3.connect(seed_db).execute("select count(*) from paragraphs").fetchone()[0]
    assert (after, per_thread) == (before, [paragraphs] * site.datasette.setting("num_sql_threads"))


def test_serve_inspects_a_database_again_only_once_it_has_changed(tmp_path, seed_db):
    db = tmp_path / "news.db"
    shutil.copyfile(seed_db, db)
    inspect_file = inspected(db)
    data = json.loads(inspect_file.read_text())
    assert data["news"]["tables"]["paragraphs"]["count"] == sqlite3.connect(db).execute(
        "select count(*) from paragraphs").fetchone()[0]
    # A mark `datasette inspect` would not write, in a file that keeps its time: it is used as it is.
    written = inspect_file.stat()
    data["news"]["tables"]["paragraphs"]["count"] = -1
    inspect_file.write_text(json.dumps(data))
    os.utime(inspect_file, ns=(written.st_atime_ns, written.st_mtime_ns))
    command = datasette_command(db)
    assert command[command.index("--inspect-file") + 1] == str(inspect_file)
    assert json.loads(inspect_file.read_text())["news"]["tables"]["paragraphs"]["count"] == -1
    with sqlite3.connect(db) as conn:
        conn.execute("delete from paragraphs where id % 2 = 0")
    conn.close()
    os.utime(db, ns=(db.stat().st_atime_ns, db.stat().st_mtime_ns + 1_000_000))  # a coarse clock may not have moved
    inspected(db)
    assert json.loads(inspect_file.read_text())["news"]["tables"]["paragraphs"]["count"] == sqlite3.connect(
        db).execute("select count(*) from paragraphs").fetchone()[0]
