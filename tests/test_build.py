"""The build command: idempotent, incremental, atomic, and clear about bad input."""
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

from loader.cli import cli

from .conftest import ROOT, SEEDS


def dump(db):
    conn = sqlite3.connect(db)
    return {table: conn.execute(f"select * from {table} order by 1").fetchall()
            for table in ("articles", "paragraphs", "files")}


def fts_ids(db, expression):
    return sorted(r[0] for r in sqlite3.connect(db).execute(
        "select rowid from paragraphs_fts where paragraphs_fts match ?", [expression]))


def run(*args):
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result


@pytest.fixture
def seeds(tmp_path):
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    return folder


def test_build_twice_leaves_identical_tables_and_ids(tmp_path, seeds):
    db = tmp_path / "news.db"
    first = run("build", str(seeds), "--db", str(db), "-s")
    assert first.exit_code == 0, first.output
    assert first.stdout.startswith("5 files, 6 articles, ")
    assert first.stdout.rstrip().endswith("seconds")
    before = dump(db)
    second = run("build", str(seeds), "--db", str(db), "-s", "--full")
    assert second.exit_code == 0
    assert dump(db) == before
    third = run("build", str(seeds), "--db", str(db), "-s")
    assert "5 unchanged" in third.stdout
    assert dump(db) == before


def test_incremental_add_change_delete(tmp_path, seeds):
    from loader.text.query import match_expression

    db = tmp_path / "news.db"
    assert run("build", str(seeds), "--db", str(db), "-s").exit_code == 0
    before = dump(db)
    (seeds / "manifest.yml").write_text(
        (seeds / "manifest.yml").read_text(encoding="utf-8")
        + "  - file: extra.txt\n    city: 南阳市\n    province: 河南省\n    date: 2024-05\n", encoding="utf-8")
    (seeds / "extra.txt").write_text("## 新增文章标题\n\n独一无二的测试段落内容。\n", encoding="utf-8")
    added = run("build", str(seeds), "--db", str(db), "-s")
    assert "5 unchanged" in added.stdout, added.stdout
    assert len(fts_ids(db, match_expression("独一无二"))) == 1
    after = dump(db)
    assert set(before["paragraphs"]) < set(after["paragraphs"])

    (seeds / "extra.txt").write_text("## 新增文章标题\n\n改过的测试段落内容。\n", encoding="utf-8")
    run("build", str(seeds), "--db", str(db), "-s")
    assert fts_ids(db, match_expression("独一无二")) == []
    assert len(fts_ids(db, match_expression("改过的测试"))) == 1

    (seeds / "extra.txt").unlink()
    lines = (seeds / "manifest.yml").read_text(encoding="utf-8").splitlines()
    (seeds / "manifest.yml").write_text("\n".join(lines[:-4]) + "\n", encoding="utf-8")
    removed = run("build", str(seeds), "--db", str(db), "-s")
    assert "1 removed" in removed.stdout
    assert fts_ids(db, match_expression("改过的测试")) == []
    assert dump(db) == before
    conn = sqlite3.connect(db)
    conn.execute("insert into paragraphs_fts(paragraphs_fts) values ('integrity-check')")
    assert conn.execute("select count(*) from paragraphs_fts").fetchone() == (len(before["paragraphs"]),)


def test_ids_are_dense_kept_and_never_given_to_other_text(tmp_path, seeds):
    db = tmp_path / "news.db"
    assert run("build", str(seeds), "--db", str(db), "-s").exit_code == 0
    first = dump(db)
    assert [row[0] for row in first["paragraphs"]] == list(range(1, len(first["paragraphs"]) + 1))
    assert [row[0] for row in first["articles"]] == list(range(1, len(first["articles"]) + 1))

    conn = sqlite3.connect(db)

    def ids_of(name):
        aid, = conn.execute("select id from articles where source_file like ?", [f"%/{name}"]).fetchone()
        return aid, [pid for (pid,) in conn.execute("select id from paragraphs where article_id = ?", [aid])]

    (seeds / "zz-a.txt").write_text("## 新文章\n\n新的段落。\n", encoding="utf-8")
    assert run("build", str(seeds), "--db", str(db), "-s").exit_code == 0
    deleted_article, deleted_paragraphs = ids_of("zz-a.txt")
    (seeds / "zz-a.txt").unlink()
    assert "1 removed" in run("build", str(seeds), "--db", str(db), "-s").stdout
    (seeds / "zz-b.txt").write_text("## 另一篇\n\n另一个段落。\n", encoding="utf-8")
    assert run("build", str(seeds), "--db", str(db), "-s").exit_code == 0
    article, paragraphs = ids_of("zz-b.txt")
    assert article > deleted_article and min(paragraphs) > max(deleted_paragraphs)
    kept = dump(db)
    assert run("build", str(seeds), "--db", str(db), "-s", "--full").exit_code == 0
    assert dump(db) == kept  # a full rebuild keeps every id


def test_every_command_has_help_with_an_example():
    for command in ("build", "serve"):
        result = run(command, "--help")
        assert result.exit_code == 0
        assert "Example:" in result.stdout and "zh-news" in result.stdout


def test_missing_source_folder_is_a_clear_error(tmp_path):
    result = run("build", str(tmp_path / "nope"), "--db", str(tmp_path / "x.db"), "-s")
    assert result.exit_code == 1
    assert "nope: no such folder or file" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("manifest,where", [
    ("articles:\n  - file: 000_6e14d6ca0b2c9a00.txt\n    city: [濮阳市\n", "manifest.yml:3: not valid YAML"),
    ("articles:\n  - file: 000_6e14d6ca0b2c9a00.txt\n    town: 濮阳市\n", "manifest.yml:3: town: unknown field"),
    ("articles:\n  - file: 000_6e14d6ca0b2c9a00.txt\n    date: 2021-13\n", "manifest.yml:3: date: '2021-13' is not a date"),
    ("articles:\n  - file: 000_6e14d6ca0b2c9a00.txt\n    date: last year\n", "manifest.yml:3: date: 'last year' is not a date"),
    ("articles:\n  - file: 000_6e14d6ca0b2c9a00.txt\n    city: 火星市\n", "manifest.yml:3: city: 火星市 is not a prefecture-level city"),
    ("articles:\n  - file: missing.txt\n", "manifest.yml:2: file: missing.txt does not exist"),
    ("files: []\n", "manifest.yml:1: articles: the manifest needs a top-level `articles:` list"),
    ("source: [苹果日报]\n", "manifest.yml:1: source: ['苹果日报'] should be the name of an outlet"),
])
def test_broken_manifest_one_line_error_with_location(tmp_path, seeds, manifest, where):
    (seeds / "manifest.yml").write_text(manifest, encoding="utf-8")
    db = tmp_path / "news.db"
    db.write_bytes(b"previous")
    result = run("build", str(seeds), "--db", str(db), "-s")
    assert result.exit_code == 1
    assert where in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert db.read_bytes() == b"previous"


def test_a_file_of_the_same_size_and_time_is_not_read_again(tmp_path):
    folder, db = tmp_path / "src", tmp_path / "news.db"
    folder.mkdir()
    path = folder / "a.txt"
    long_ago = time.time_ns() - 60 * 10**9  # past build.RECENT_NS: its time tells a second change

    def write(count, at=long_ago):
        path.write_text(f"公安局破获一起盗窃案\n\n濮阳市公安局近日破获一起盗窃案，抓获嫌疑人{count}名。\n", encoding="utf-8")
        if at:
            os.utime(path, ns=(at, at))

    def built(*options):
        run("build", str(folder), "--db", str(db), "-s", *options)
        return [text[-3] for (text,) in sqlite3.connect(db).execute("select text from paragraphs where kind = 'body'")]

    write("两")
    assert built() == ["两"]
    # the same number of bytes at the same modification time: the build takes the file as it was
    write("三")
    assert built() == ["两"]
    # --full reads every file, and a new modification time this one
    assert built("--full") == ["三"]
    write("四", at=long_ago + 10**9)
    assert built() == ["四"]
    # a file changed just before a build is hashed by the next one too, whatever its time says
    write("五", at=None)
    assert built() == ["五"]
    stat = path.stat()
    write("六", at=stat.st_mtime_ns)
    assert built() == ["六"]


def test_a_folder_declares_its_outlet_once(tmp_path):
    folder = tmp_path / "apple"
    folder.mkdir()
    story = "交警屈同袍打人\n\n【本報訊】休班交通警誤以為客貨車於行人路違泊而報警，並阻撓它駛離，再報警訛稱「差人打人」。\n"
    (folder / "a.txt").write_text(story, encoding="utf-8")
    (folder / "b.txt").write_text(story, encoding="utf-8")
    db = tmp_path / "news.db"

    def places():
        return sqlite3.connect(db).execute(
            "select source_file, source, city, province from articles order by source_file").fetchall()

    run("build", str(folder), "--db", str(db), "-s")
    assert places() == [("apple/a.txt", None, None, None), ("apple/b.txt", None, None, None)]
    # the paper's own archive: every story is its, and the paper's city is evidence for each;
    # an entry naming another outlet wins for its article
    (folder / "manifest.yml").write_text(
        "source: 蘋果日報\narticles:\n  - file: b.txt\n    source: 人民日报\n", encoding="utf-8")
    result = run("build", str(folder), "--db", str(db), "-s")
    assert result.exit_code == 0, result.stderr
    assert places() == [("apple/a.txt", "蘋果日報", "香港特别行政区", "香港特别行政区"),
                        ("apple/b.txt", "人民日报", None, None)]


def test_seed_encodings_give_the_same_paragraphs(tmp_path, seeds):
    reference = tmp_path / "utf8.db"
    run("build", str(seeds), "--db", str(reference), "-s")
    expected = [row[3:5] for row in dump(reference)["paragraphs"]]
    for encoding in ("gb18030", "utf-16", "utf-8-sig"):
        folder = tmp_path / encoding / "seeds"
        shutil.copytree(seeds, folder)
        for path in folder.glob("*.txt"):
            path.write_bytes(path.read_text(encoding="utf-8").encode(encoding))
        db = tmp_path / f"{encoding}.db"
        result = run("build", str(folder), "--db", str(db), "-s")
        assert result.exit_code == 0 and not result.stderr, result.stderr
        assert [row[3:5] for row in dump(db)["paragraphs"]] == expected, encoding


def test_bad_files_are_skipped_with_warnings(tmp_path, seeds):
    (seeds / "empty.txt").write_bytes(b"")
    (seeds / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (seeds / "truncated.txt").write_bytes("平安建设".encode("utf-8")[:-1])
    db = tmp_path / "news.db"
    result = run("build", str(seeds), "--db", str(db), "-s")
    assert result.exit_code == 0
    warnings = result.stderr.splitlines()
    assert any("empty.txt: skipped: empty file" in w for w in warnings)
    assert any("binary.txt: skipped:" in w for w in warnings)
    assert any("truncated.txt: skipped:" in w for w in warnings)
    assert "3 skipped" in result.stdout
    assert dump(db)["articles"] and len(dump(db)["articles"]) == 6

    strict = run("build", str(seeds), "--db", str(tmp_path / "strict.db"), "-s", "--strict")
    assert strict.exit_code == 1 and "skipped" in strict.stderr
    assert not (tmp_path / "strict.db").exists()


def test_killed_build_leaves_previous_database_unchanged(tmp_path, seeds):
    db = tmp_path / "news.db"
    assert run("build", str(seeds), "--db", str(db), "-s").exit_code == 0
    before = db.read_bytes()
    many = tmp_path / "many"
    many.mkdir()
    text = (seeds / "003_ea18962126a94bbe.txt").read_text(encoding="utf-8")
    for i in range(1500):
        (many / f"{i:04}.txt").write_text(text.replace("湛河", f"湛河{i}"), encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "loader", "build", str(many), "--db", str(db), "--full", "-j", "1"],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".news.db.*.tmp")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert list(tmp_path.glob(".news.db.*.tmp")), "the build never started writing"
    time.sleep(1)
    assert process.poll() is None, "the build finished before it could be killed"
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    assert db.read_bytes() == before
    leftover = tmp_path / f".news.db.{process.pid}.tmp"
    assert leftover.exists()

    # A suite run in the background inherits an ignored SIGINT, and Python then never turns the
    # signal into KeyboardInterrupt: the build gets the handler a user's terminal gives it.
    interrupted = subprocess.Popen([sys.executable, "-m", "loader", "build", str(many), "--db", str(db), "--full", "-j", "1"],
                                   cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                   preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    writing = tmp_path / f".news.db.{interrupted.pid}.tmp"  # not the one kill -9 left behind
    deadline = time.monotonic() + 60
    while not writing.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    interrupted.send_signal(signal.SIGINT)
    _, stderr = interrupted.communicate(timeout=30)
    assert "Traceback" not in stderr
    assert f"removed {leftover}, left by a build that did not finish" in stderr
    assert list(tmp_path.glob(".news.db.*.tmp")) == []  # the dead build's file and its own
    if interrupted.returncode == 0:  # on a fast machine the build can beat the signal: then it is whole
        assert len(dump(db)["files"]) == 1500
    else:
        assert interrupted.returncode == 1 and "interrupted" in stderr, stderr
        assert db.read_bytes() == before


def test_killed_or_failed_update_in_place_keeps_previous_contents(tmp_path, seeds):
    db = tmp_path / "news.db"
    assert run("build", str(seeds), "--db", str(db), "-s").exit_code == 0
    before = dump(db)
    text = (seeds / "003_ea18962126a94bbe.txt").read_text(encoding="utf-8")
    for i in range(400):
        (seeds / f"added-{i:04}.txt").write_text(text.replace("湛河", f"湛河{i}"), encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "loader", "build", str(seeds), "--db", str(db), "-j", "1"],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    journal = tmp_path / "news.db-journal"
    deadline = time.monotonic() + 60
    while not journal.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert journal.exists(), "the update never started writing"
    time.sleep(1)
    assert process.poll() is None, "the update finished before it could be killed"
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    assert dump(db) == before  # opening the database rolls the hot journal back
    assert sqlite3.connect(db).execute("pragma integrity_check").fetchone() == ("ok",)

    (seeds / "added-0399.txt").write_bytes(bytes(range(256)) * 40)  # the last file: 399 are written first
    strict = run("build", str(seeds), "--db", str(db), "-s", "--strict")
    assert strict.exit_code == 1 and "added-0399.txt: skipped" in strict.stderr
    assert dump(db) == before
    assert not journal.exists()

    finished = run("build", str(seeds), "--db", str(db), "-s")
    assert finished.stdout.startswith("405 files, ") and "1 skipped" in finished.stdout, finished.stdout
    assert set(before["paragraphs"]) < set(dump(db)["paragraphs"])


def test_update_while_serving_swaps_in_a_new_file(tmp_path, seeds):
    import fcntl

    from loader.store.build import serving_lock
    from loader.text.query import match_expression

    db = tmp_path / "news.db"
    assert run("build", str(seeds), "--db", str(db), "-s").exit_code == 0
    (seeds / "added.txt").write_text("## 标题\n\n服务期间新增的段落。\n", encoding="utf-8")
    with open(serving_lock(db), "w") as server:
        fcntl.flock(server, fcntl.LOCK_SH)  # what `loader serve` holds for Datasette
        reader = open(db, "rb")
        assert run("build", str(seeds), "--db", str(db), "-s").exit_code == 0
        assert os.fstat(reader.fileno()).st_ino != db.stat().st_ino  # the served file was left alone
        reader.close()
    assert len(fts_ids(db, match_expression("服务期间"))) == 1

    inode = db.stat().st_ino
    (seeds / "added.txt").write_text("## 标题\n\n无人服务时改的段落。\n", encoding="utf-8")
    assert run("build", str(seeds), "--db", str(db), "-s").exit_code == 0
    assert db.stat().st_ino == inode  # nobody serving: updated in place
    assert fts_ids(db, match_expression("服务期间")) == []
    assert len(fts_ids(db, match_expression("无人服务时"))) == 1


def test_two_builds_at_once_fail_clearly(tmp_path, seeds):
    import fcntl

    db = tmp_path / "news.db"
    with open(tmp_path / "news.db.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        result = run("build", str(seeds), "--db", str(db), "-s")
    assert result.exit_code == 1
    assert "another build is running" in result.stderr


def test_an_update_ranks_the_lists_again_as_a_full_build_does(tmp_path, seeds):
    from loader.store.build import build
    from loader.store.schema import TOP_TABLE

    from .conftest import SEED_LISTS

    def lists(db):
        return sqlite3.connect(db).execute(f"select phrase, position, id from {TOP_TABLE} order by 1, 2").fetchall()

    def first(db, phrase):
        return sqlite3.connect(db).execute(
            f"select p.text from {TOP_TABLE} t join paragraphs p on p.id = t.id "
            f"where t.phrase = ? and t.position = 0", [phrase]).fetchone()[0]

    db = tmp_path / "news.db"
    build(db, [seeds], jobs=1, lists=SEED_LISTS, warn=lambda message: None)
    before = lists(db)
    assert before and first(db, '("公安")') != "公安公安公安。"
    (seeds / "extra.txt").write_text("## 新增\n\n公安公安公安。\n", encoding="utf-8")
    build(db, [seeds], jobs=1, lists=SEED_LISTS, warn=lambda message: None)
    added = lists(db)
    assert first(db, '("公安")') == "公安公安公安。"  # the shortest paragraph with the most 公安
    build(db, [seeds], jobs=1, lists=SEED_LISTS, full=True, warn=lambda message: None)  # the same ids
    assert lists(db) == added
    (seeds / "extra.txt").write_text("## 新增\n\n另一段话。\n", encoding="utf-8")
    build(db, [seeds], jobs=1, lists=SEED_LISTS, warn=lambda message: None)
    changed = lists(db)
    assert first(db, '("公安")') != "公安公安公安。"
    build(db, [seeds], jobs=1, lists=SEED_LISTS, full=True, warn=lambda message: None)
    assert lists(db) == changed != added


def test_lists_and_counts_read_on_two_cores_are_those_read_in_one_process(tmp_path, listed_db):
    """A full build ranks its lists and counts its terms in processes of their own, which read the
    committed copy while the build writes to its write-ahead log; the file it leaves is one file."""
    from loader.store.build import build

    from .conftest import SEED_COUNTED, SEED_LISTS

    db = tmp_path / "news.db"
    build(db, [SEEDS], jobs=2, lists=SEED_LISTS, counted=SEED_COUNTED)
    tables = ("paragraphs_top", "paragraphs_counts")
    both = [{table: sqlite3.connect(path).execute(f"select * from {table} order by 1, 2").fetchall()
             for table in tables} for path in (db, listed_db)]
    assert all(both[0][table] for table in tables), "the seed corpus has lists and counts at these thresholds"
    assert both[0] == both[1]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["news.db", "news.db.lock", "news.db.serving"]
    assert sqlite3.connect(db).execute("pragma journal_mode").fetchone() == ("delete",)
