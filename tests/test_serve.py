"""What `loader serve` hands Datasette: metadata for any database name, facets computed once."""
import asyncio
import os
import shutil
import sqlite3

import yaml
from datasette.app import Datasette

from loader.cli import metadata_for
from loader.plugin import on_every_sql_thread
from loader.search import match_expression


def fetch(datasette, path):
    return asyncio.run(datasette.client.get(path))


def test_a_database_of_another_name_keeps_search_and_facets(tmp_path, seed_db):
    db = tmp_path / "archive.db"
    shutil.copyfile(seed_db, db)
    metadata = yaml.safe_load(metadata_for(db).read_text(encoding="utf-8"))
    data = fetch(Datasette([str(db)], metadata=metadata), "/archive/paragraphs.json?_search=公安&_size=0").json()
    expected = sqlite3.connect(db).execute("select count(*) from paragraphs_fts where paragraphs_fts match ?",
                                           [match_expression("公安")]).fetchone()[0]
    assert 0 < data["filtered_table_rows_count"] == expected < sqlite3.connect(db).execute(
        "select count(*) from paragraphs").fetchone()[0]
    assert set(data["facet_results"]) == {"city", "province", "year", "kind"}


def test_news_db_uses_metadata_yml_itself(seed_db):
    assert metadata_for(seed_db).name == "metadata.yml"


def test_a_declared_facet_asked_for_again_is_computed_once(get, seed_db):
    data = get("/news/paragraphs.json?_search=公安&_facet=city&_facet=year&_facet=month&_size=0").json()
    assert list(data["facet_results"]) == ["city", "province", "year", "kind", "month"]
    hits = sqlite3.connect(seed_db).execute(
        "select city, count(*) from paragraphs where id in "
        "(select rowid from paragraphs_fts where paragraphs_fts match ?) group by city",
        [match_expression("公安")]).fetchall()
    assert {r["value"]: r["count"] for r in data["facet_results"]["city"]["results"]} == dict(hits)


def test_a_file_swapped_in_under_a_running_server_is_not_read_until_restart(tmp_path, seed_db):
    db = tmp_path / "news.db"
    shutil.copyfile(seed_db, db)
    metadata = yaml.safe_load(metadata_for(db).read_text(encoding="utf-8"))
    datasette = Datasette(immutables=[str(db)], metadata=metadata)
    path = "/news/paragraphs.json?_search=公安&_size=0"
    async def before_and_after_a_swap():
        before = (await datasette.client.get(path)).json()["filtered_table_rows_count"]
        update = tmp_path / "update.db"
        shutil.copyfile(seed_db, update)
        with sqlite3.connect(update) as conn:
            conn.execute("delete from paragraphs where id % 2 = 0")
        os.replace(update, db)  # what `loader build` does while `loader serve` holds the serving lock
        per_thread = await on_every_sql_thread(datasette, datasette.get_database("news"),
                                               lambda conn: conn.execute("select count(*) from paragraphs").fetchone()[0])
        after = (await datasette.client.get(path)).json()["filtered_table_rows_count"]
        return before, after, per_thread

    before, after, per_thread = asyncio.run(before_and_after_a_swap())
    paragraphs = sqlite3.connect(seed_db).execute("select count(*) from paragraphs").fetchone()[0]
    assert (after, per_thread) == (before, [paragraphs] * datasette.setting("num_sql_threads"))
