"""A corpus with no manifest: metadata inferred from the text, reported, and correctable."""
import json
import shutil
import sqlite3

import pytest
from click.testing import CliRunner

from loader.store.build import build
from loader.cli import cli

from .conftest import SEEDS

EXPECTED = [
    # file, article, city, province, district, date
    ("000_6e14d6ca0b2c9a00.txt", 1, "濮阳市", "河南省", None, "2021-12"),
    ("001_672eb72f82046523.txt", 1, "漯河市", "河南省", None, "2025"),
    ("002_cb0f99506ac12ff2.txt", 1, "承德市", "河北省", "鹰手营子矿区", "2017"),
    ("003_ea18962126a94bbe.txt", 1, "平顶山市", "河南省", "湛河区", "2022-03"),
    ("004_61574c15c0d3fc1c.txt", 1, "衡水市", "河北省", None, "2025"),
    ("004_61574c15c0d3fc1c.txt", 2, "保定市", "河北省", None, "2025-12"),
]


@pytest.fixture(scope="module")
def bare(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bare") / "seeds"
    folder.mkdir()
    for path in SEEDS.glob("*.txt"):
        shutil.copy(path, folder)
    db = folder.parent / "bare.db"
    build(db, [folder], jobs=1)
    return folder, db


def articles(db, columns):
    return sqlite3.connect(db).execute(
        f"select {columns} from articles order by source_file, article_no").fetchall()


def test_inferred_city_province_and_provenance(bare):
    _, db = bare
    got = articles(db, "substr(source_file, 7), article_no, city, province, district, date, city_source")
    assert got == [row + ("inferred",) for row in EXPECTED]
    # The date sources: every article has a year from its own evidence
    assert {r[0] for r in articles(db, "date_source")} == {"inferred"}


def test_report_shows_evidence_and_manifest_round_trip(bare, tmp_path):
    folder, db = bare
    out = tmp_path / "manifest.yml"
    result = CliRunner().invoke(cli, ["report", str(folder), "--manifest-out", str(out)])
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == 18
    for line in result.stdout.splitlines():
        if line.strip().startswith(("place:", "date:")):
            assert "[inferred, confidence" in line and not line.endswith("evidence: -"), line
    assert "濮阳市公安局" in result.stdout and "3月8日，记者" in result.stdout

    corrected = tmp_path / "corrected" / "seeds"
    shutil.copytree(folder, corrected)
    shutil.copy(out, corrected / "manifest.yml")
    db2 = tmp_path / "corrected.db"
    build(db2, [corrected], jobs=1)
    same = "id, title, city, province, district, date, date_precision, year, month, keywords"
    assert articles(db2, same) == articles(db, same)
    assert {r[0] for r in articles(db2, "city_source")} == {"manifest"}
    paragraphs = "select id, kind, text, city, province, date, places from paragraphs order by id"
    assert sqlite3.connect(db2).execute(paragraphs).fetchall() == sqlite3.connect(db).execute(paragraphs).fetchall()


def test_places_and_keywords_facets(get):
    data = get("/news/paragraphs.json?_facet_array=places&_size=0").json()
    places = {f["value"]: f["count"] for f in data["facet_results"]["places"]["results"]}
    assert places["濮阳市"] > 0 and places["鹤壁市"] >= 1
    data = get("/news/articles.json?_facet_array=keywords&_size=0").json()
    assert data["facet_results"]["keywords"]["results"]
    rows = get("/news/paragraphs.json?_shape=array&_size=max").json()
    assert all(isinstance(json.loads(r["places"]), list) for r in rows)
