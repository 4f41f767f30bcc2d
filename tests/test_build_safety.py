"""Builds that never lose an archive or move a link: bad input in one file,
dead builds' temporary files, source roots, ids that follow text, the
versioned index."""
import shutil
import sqlite3

import pytest
from click.testing import CliRunner

from loader.build import process_file
from loader.cli import cli

from .conftest import SEEDS


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def rows(db, sql, params=()):
    return sqlite3.connect(db).execute(sql, params).fetchall()


@pytest.fixture
def seeds(tmp_path):
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    return folder


BAD_DATE = "## 测试通报\n\n发布时间：2021-13-45\n\n平顶山市公安局今天通报了一起案件。\n"


def test_a_malformed_date_line_is_ignored_with_a_warning_naming_the_file(tmp_path, seeds):
    (seeds / "bad-date.txt").write_text(BAD_DATE, encoding="utf-8")
    db = tmp_path / "news.db"
    result = run("build", str(seeds), "--db", str(db), "-s")
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert result.stderr.strip().splitlines() == [
        "Warning: seeds/bad-date.txt: article 1: date ignored: '2021-13-45' is not a date: month must be in 1..12"]
    assert result.stdout.startswith("6 files, 7 articles, ")
    (title, date, source), = rows(db, "select title, date, date_source from articles where source_file like '%bad-date.txt'")
    assert (title, date, source) == ("测试通报", None, "none")

    strict = run("build", str(seeds), "--db", str(tmp_path / "strict.db"), "-s", "--strict")
    assert strict.exit_code == 1 and "bad-date.txt: article 1: date ignored" in strict.stderr
    assert not (tmp_path / "strict.db").exists()


def test_any_error_in_a_worker_skips_only_that_file(tmp_path):
    # A file deleted between the scan and its worker: the worker reports it instead of raising.
    gone = tmp_path / "gone.txt"
    result = process_file((str(gone), "corpus/gone.txt", "", {}, True))
    assert result == {"path": "corpus/gone.txt",
                      "skipped": f"FileNotFoundError: [Errno 2] No such file or directory: '{gone}'"}


def test_an_unreadable_path_is_skipped_and_the_build_goes_on(tmp_path, seeds):
    (seeds / "folder.txt").mkdir()  # matches *.txt but cannot be read as a file
    db = tmp_path / "news.db"
    result = run("build", str(seeds), "--db", str(db), "-s")
    assert result.exit_code == 0
    assert "Warning: seeds/folder.txt: skipped: Is a directory" in result.stderr
    assert "6 articles" in result.stdout and "1 skipped" in result.stdout
