"""Builds that never lose an archive or move a link: bad input in one file,
dead builds' temporary files, source roots, ids that follow text, the
versioned index."""
import os
import shutil
import sqlite3

import pytest
from click.testing import CliRunner

from loader.store.build import BuildError, build, process_file
from loader.cli import cli

from .conftest import SEED_LISTS, SEEDS


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
    report = run("report", str(seeds))
    assert report.exit_code == 0 and "seeds/bad-date.txt: article 1: date ignored" in report.stderr


def test_any_error_in_a_worker_skips_only_that_file(tmp_path):
    # A file deleted between the scan and its worker: the worker reports it instead of raising.
    gone = tmp_path / "gone.txt"
    result = process_file((str(gone), "corpus/gone.txt", "", {}, True))
    assert result == {"path": "corpus/gone.txt", "first": True, "last": True,
                      "skipped": f"FileNotFoundError: [Errno 2] No such file or directory: '{gone}'"}


TEST_PROCESS = os.getpid()


def die(*args):
    assert os.getpid() != TEST_PROCESS, "called in the test's own process"
    os._exit(9)  # as the kernel's out-of-memory killer ends a worker


def test_a_worker_that_dies_fails_the_build_with_a_message_and_the_archive_stays(tmp_path, seeds, monkeypatch):
    db = tmp_path / "news.db"
    assert run("build", str(seeds), "--db", str(db), "-s").exit_code == 0
    before = dump(db)
    monkeypatch.setattr("loader.store.build.process_file", die)
    result = run("build", str(seeds), "--db", str(db), "-s", "--full", "-j", "2")
    assert result.exit_code == 1
    assert result.stderr == (f"Error: a worker process died (killed, or out of memory?) "
                             f"(the previous {db} is unchanged)\n")
    assert dump(db) == before


def test_a_reader_of_the_lists_that_dies_fails_the_build_and_the_archive_stays(tmp_path, seeds, monkeypatch):
    db = tmp_path / "news.db"
    build(db, [seeds], jobs=2, lists=SEED_LISTS)
    before = dump(db)
    monkeypatch.setattr("loader.store.top.rank", die)
    with pytest.raises(BuildError, match=r"^a worker process died \(killed, or out of memory\?\)$"):
        build(db, [seeds], full=True, jobs=2, lists=SEED_LISTS)
    assert dump(db) == before
    assert not list(tmp_path.glob(".news.db.*")), "the copy being built is left behind"


def test_an_unreadable_path_is_skipped_and_the_build_goes_on(tmp_path, seeds):
    (seeds / "folder.txt").mkdir()  # matches *.txt but cannot be read as a file
    db = tmp_path / "news.db"
    result = run("build", str(seeds), "--db", str(db), "-s")
    assert result.exit_code == 0
    assert "Warning: seeds/folder.txt: skipped: Is a directory" in result.stderr
    assert "6 articles" in result.stdout and "1 skipped" in result.stdout


def dump(db, root="%"):
    """Every row of the files of one root (by its label), or of all."""
    conn = sqlite3.connect(db)
    like = [f"{root}/%"]
    return {
        "articles": conn.execute("select * from articles where source_file like ? order by 1", like).fetchall(),
        "paragraphs": conn.execute("select p.* from paragraphs p join articles a on a.id = p.article_id "
                                   "where a.source_file like ? order by 1", like).fetchall(),
        "files": conn.execute("select * from files where path like ? order by 1", like).fetchall(),
    }


@pytest.fixture
def corpus(tmp_path):
    """A folder of the user's own, somewhere else, with three seed files."""
    folder = tmp_path / "home" / "corpus"
    folder.mkdir(parents=True)
    for path in sorted(SEEDS.glob("*.txt"))[:3]:
        shutil.copy(path, folder / path.name)
    return folder


@pytest.fixture
def project(tmp_path, monkeypatch):
    """The project folder, with its seeds/, as the working directory."""
    folder = tmp_path / "project"
    shutil.copytree(SEEDS, folder / "seeds")
    monkeypatch.chdir(folder)
    return folder


def test_a_build_from_the_project_folder_never_wipes_an_archive_built_elsewhere(tmp_path, corpus, project):
    db = tmp_path / "news.db"
    assert run("build", str(corpus), "--db", str(db), "-s").exit_code == 0
    before = dump(db)
    assert rows(db, "select label, path from sources") == [("corpus", str(corpus.resolve()))]
    # `zh-news build` / `make build`: no folder, so the recorded one.
    again = run("build", "--db", str(db), "-s")
    assert again.exit_code == 0 and "3 unchanged" in again.stdout, again.output
    assert dump(db) == before
    # Naming the project's seeds/ adds them beside the corpus.
    added = run("build", "seeds", "--db", str(db), "-s")
    assert added.exit_code == 0 and "removed" not in added.stdout, added.output
    assert dump(db, "corpus") == before
    assert rows(db, "select label from sources order by 1") == [("corpus",), ("seeds",)]
    assert len(dump(db)["files"]) == 8
    assert run("build", "--db", str(db), "-s", "--full").exit_code == 0
    assert dump(db, "corpus") == before


def test_a_new_database_is_built_from_seeds_by_default(tmp_path, project):
    db = tmp_path / "news.db"
    result = run("build", "--db", str(db), "-s")
    assert result.stdout.startswith("5 files, 6 articles, ")
    assert rows(db, "select label, path from sources") == [("seeds", str((project / "seeds").resolve()))]


def test_make_serve_serves_an_archive_built_elsewhere_untouched(tmp_path, corpus, project, monkeypatch):
    db = tmp_path / "news.db"
    assert run("build", str(corpus), "--db", str(db), "-s").exit_code == 0
    shutil.rmtree(corpus)  # built on another machine: its folder is not here
    before = db.read_bytes()
    makefile = (SEEDS.parent / "Makefile").read_text()
    assert "$(ZH_NEWS) serve --db $(DB)\n" in makefile and "$(ZH_NEWS) build --db $(DB)\n" in makefile
    served = []

    def exec_datasette(file, args):  # stands in for the exec of `datasette serve`, which would not return
        served.append(args)
        raise SystemExit(0)

    monkeypatch.setattr("os.execvp", exec_datasette)
    result = CliRunner().invoke(cli, ["serve", "--db", str(db), "-s"])
    assert result.exit_code == 0, result.output
    assert f"Warning: {db} is served as it is: its source folders are not all here ({corpus.resolve()})" in result.stderr
    assert db.read_bytes() == before
    assert served and str(db) in served[0] and "serve" in served[0]
    # A build asked for by hand says why it cannot rebuild without losing the corpus.
    full = run("build", "--db", str(db), "-s", "--full")
    assert full.exit_code == 1 and f"{corpus.resolve()}: source folder not found" in full.stderr
    assert db.read_bytes() == before
    update = run("build", "--db", str(db), "-s")
    assert update.exit_code == 0 and "source folder not found; its files" in update.stderr
    assert db.read_bytes() == before
    assert run("build", "--db", str(db), "-s", "--strict").exit_code == 1
    assert db.read_bytes() == before


def test_two_roots_of_the_same_name_do_not_collide(tmp_path):
    first, second = tmp_path / "a" / "corpus", tmp_path / "b" / "corpus"
    for folder, text in ((first, "第一个文件夹的段落。"), (second, "第二个文件夹的段落。")):
        folder.mkdir(parents=True)
        (folder / "same.txt").write_text(f"## 标题\n\n{text}\n", encoding="utf-8")
    db = tmp_path / "news.db"
    assert run("build", str(first), "--db", str(db), "-s").exit_code == 0
    assert run("build", str(second), "--db", str(db), "-s").exit_code == 0
    assert rows(db, "select path from files order by 1") == [("corpus-2/same.txt",), ("corpus/same.txt",)]
    assert rows(db, "select label, path from sources order by 1") == [
        ("corpus", str(first.resolve())), ("corpus-2", str(second.resolve()))]
    assert rows(db, "select a.source_file, p.text from paragraphs p join articles a on a.id = p.article_id "
                    "where p.kind = 'body' order by 1") == [
        ("corpus-2/same.txt", "第二个文件夹的段落。"), ("corpus/same.txt", "第一个文件夹的段落。")]
    overlap = run("build", str(first / ".."), "--db", str(db), "-s")
    assert overlap.exit_code == 1 and "overlaps the source folder" in overlap.stderr


def test_deleted_files_are_removed_only_from_folders_that_are_read(tmp_path, corpus, seeds):
    db = tmp_path / "news.db"
    assert run("build", str(corpus), str(seeds), "--db", str(db), "-s").exit_code == 0
    gone = sorted(corpus.glob("*.txt"))[0]
    gone.unlink()
    other = run("build", str(seeds), "--db", str(db), "-s")
    assert "removed" not in other.stdout
    assert (f"corpus/{gone.name}",) in rows(db, "select path from files")
    everything = run("build", "--db", str(db), "-s")
    assert "1 removed" in everything.stdout
    assert (f"corpus/{gone.name}",) not in rows(db, "select path from files")


def test_prune_drops_a_whole_root_and_says_what(tmp_path, corpus, seeds):
    db = tmp_path / "news.db"
    assert run("build", str(corpus), str(seeds), "--db", str(db), "-s").exit_code == 0
    seeds_rows = dump(db, "seeds")
    unknown = run("build", "--db", str(db), "-s", "--prune", str(tmp_path / "elsewhere"))
    assert unknown.exit_code == 1 and "not a source folder of this database (its folders: " in unknown.stderr
    result = run("build", "--db", str(db), "-s", "--prune", str(corpus))
    assert result.exit_code == 0, result.output
    assert f"Warning: --prune corpus: removing 3 files of {corpus.resolve()} (corpus/) and their articles" in result.stderr
    assert "3 removed" in result.stdout
    assert dump(db) == seeds_rows
    assert rows(db, "select label from sources") == [("seeds",)]


BODY = [f"这是第{n}段正文，讲述平安建设的第{n}件事情。" for n in "一二三四五六七八"]


def write_articles(folder, *articles):
    """One file of articles, each (title, [paragraph, ...])."""
    folder.mkdir(exist_ok=True)
    (folder / "story.txt").write_text(
        "".join(f"## {title}\n\n" + "".join(f"{p}\n\n" for p in body) for title, body in articles), encoding="utf-8")


def ids_by_text(db):
    """{text: (article id, paragraph id)} of the body paragraphs, and their texts in reading order per article."""
    found = rows(db, "select a.id, p.id, p.text from paragraphs p join articles a on a.id = p.article_id "
                     "where p.kind = 'body' order by a.article_no, p.seq")
    return {text: (aid, pid) for aid, pid, text in found}, [text for _, _, text in found]


def test_ids_follow_text_through_inserts_edits_deletes_and_moves(tmp_path):
    folder, db = tmp_path / "corpus", tmp_path / "news.db"
    history = {}  # paragraph id -> every text it has shown

    def build(*articles):
        write_articles(folder, *articles)
        result = run("build", str(folder), "--db", str(db), "-s")
        assert result.exit_code == 0, result.output
        ids, order = ids_by_text(db)
        assert order == [p for _, body in articles for p in body]  # the parser kept each paragraph
        for pid, text in rows(db, "select id, text from paragraphs"):
            history.setdefault(pid, set()).add(text)
        return ids

    first = build(("平安建设报道", BODY))
    (article,) = {aid for aid, _ in first.values()}

    inserted = build(("平安建设报道", ["开头新加的一段，说明新的情况。"] + BODY))
    assert all(inserted[text] == first[text] for text in BODY)  # all 8 keep their ids
    assert inserted["开头新加的一段，说明新的情况。"][1] > max(pid for _, pid in first.values())

    edited_body = BODY[:2] + ["第三段改写过了，内容已经不同。"] + BODY[3:]
    edited = build(("平安建设报道", edited_body))
    assert all(edited[text] == first[text] for text in BODY if text != BODY[2])
    assert edited["第三段改写过了，内容已经不同。"][1] not in {pid for _, pid in first.values()}
    assert first[BODY[2]][1] not in {pid for _, pid in edited.values()}  # the old text's id is retired

    deleted = build(("平安建设报道", BODY[:4] + BODY[5:]))  # the fifth deleted, the third's old text back
    assert all(deleted[text] == first[text] for text in BODY if text not in (BODY[2], BODY[4]))
    assert first[BODY[4]][1] not in {pid for _, pid in deleted.values()}
    assert deleted[BODY[2]][1] > max(pid for _, pid in edited.values())  # restored text: a new id, not a reused one

    moved = build(("平安建设报道", [BODY[7]] + BODY[:4] + BODY[5:7]))
    assert all(moved[text] == deleted[text] for text in BODY if text != BODY[4])  # the last one moved up
    assert {aid for aid, _ in moved.values()} == {article}  # the article kept its id through every edit

    assert run("build", str(folder), "--db", str(db), "-s", "--full").exit_code == 0
    assert ids_by_text(db)[0] == moved  # a full rebuild keeps them all
    assert all(len(texts) == 1 for texts in history.values())  # no id ever showed other text
    assert rows(db, "select value from build_info where key = 'next_paragraph_id'") == [(str(max(history) + 1),)]


def test_articles_keep_ids_when_others_are_added_or_removed_before_them(tmp_path):
    folder, db = tmp_path / "corpus", tmp_path / "news.db"
    second = ["第二篇文章的第一段，内容是交通安全。", "第二篇文章的第二段，内容是消防安全。"]
    write_articles(folder, ("平安建设报道", BODY[:4]), ("交通消防简讯", second))
    assert run("build", str(folder), "--db", str(db), "-s").exit_code == 0
    before, _ = ids_by_text(db)
    write_articles(folder, ("新插入的第一篇", ["插在最前面的新文章段落。"]), ("平安建设报道", BODY[:3]),
                   ("交通消防简讯", second + [BODY[3]]))  # and BODY[3] moved to the last article
    assert run("build", str(folder), "--db", str(db), "-s").exit_code == 0
    after, _ = ids_by_text(db)
    assert [after[t] for t in BODY[:3] + second] == [before[t] for t in BODY[:3] + second]
    assert after[BODY[3]] == (before[second[0]][0], before[BODY[3]][1])  # same id, in its new article
    assert after["插在最前面的新文章段落。"][0] > max(aid for aid, _ in before.values())


def test_a_changed_segmenter_forces_a_full_rebuild_with_its_reason(tmp_path, seeds):
    from loader.text.query import match_expression

    db = tmp_path / "news.db"
    assert run("build", str(seeds), "--db", str(db), "-s").exit_code == 0
    before = dump(db)
    recorded = dict(rows(db, "select key, value from build_info where key like 'index.%'"))
    assert set(recorded) == {f"index.{name}" for name in
                             ("version", "segmenter", "jieba", "dictionary", "normaliser", "unicode", "rules")}
    with sqlite3.connect(db) as conn:  # as if the index had been built with an older rjieba
        conn.execute("update build_info set value = 'rjieba 0.0.1' where key = 'index.segmenter'")
    inode = db.stat().st_ino
    (seeds / "extra.txt").write_text("## 标题\n\n升级分词器之后新增的段落。\n", encoding="utf-8")
    result = run("build", str(seeds), "--db", str(db), "-s")
    assert result.exit_code == 0
    assert result.stderr == (f"Warning: full rebuild: segmenter changed (rjieba 0.0.1 → "
                             f"{recorded['index.segmenter']})\n")
    assert "unchanged" not in result.stdout  # every file read again
    assert db.stat().st_ino != inode  # a new file, swapped in
    assert dict(rows(db, "select key, value from build_info where key like 'index.%'")) == recorded
    assert {k: v for k, v in dump(db).items()} != before and len(fts_hits(db, match_expression("升级分词器"))) == 1
    assert run("build", str(seeds), "--db", str(db), "-s").stderr == ""  # and then nothing to say


def test_new_rules_for_articles_read_every_file_again(tmp_path, seeds):
    # an archive built by a loader with other parsing or inference rules
    db = tmp_path / "news.db"
    assert run("build", str(seeds), "--db", str(db), "-s").exit_code == 0
    before = dump(db)
    rules = rows(db, "select value from build_info where key = 'index.rules'")[0][0]
    with sqlite3.connect(db) as conn:
        conn.execute("update build_info set value = 'older' where key = 'index.rules'")
        conn.execute("update articles set city = null")  # what the older rules inferred
    result = run("build", str(seeds), "--db", str(db), "-s")
    assert result.exit_code == 0 and "unchanged" not in result.stdout
    assert result.stderr == f"Warning: full rebuild: rules changed (older → {rules})\n"
    assert dump(db) == before  # the rows the rules give now, under the same ids


def fts_hits(db, expression):
    return rows(db, "select rowid from paragraphs_fts where paragraphs_fts match ?", [expression])


def test_a_new_column_needs_no_rebuild(tmp_path, seeds):
    db = tmp_path / "news.db"
    assert run("build", str(seeds), "--db", str(db), "-s").exit_code == 0
    with sqlite3.connect(db) as conn:  # a database from before articles.keywords existed
        conn.execute("alter table articles drop column keywords")
    (seeds / "extra.txt").write_text("## 标题\n\n关于平安建设的新增段落。\n", encoding="utf-8")
    result = run("build", str(seeds), "--db", str(db), "-s")
    assert result.exit_code == 0 and "5 unchanged" in result.stdout and not result.stderr
    assert rows(db, "select count(*), count(keywords) from articles") == [(7, 1)]


def test_a_database_from_a_loader_that_kept_no_folders_is_named_once_and_keeps_its_ids(tmp_path, corpus, seeds):
    db = tmp_path / "news.db"
    assert run("build", str(corpus), str(seeds), "--db", str(db), "-s").exit_code == 0
    before = dump(db)
    with sqlite3.connect(db) as conn:  # a database that records no sources and one digest for its index
        conn.execute("drop table sources")
        conn.execute("delete from build_info where key like 'index.%'")
        conn.execute("insert into build_info (key, value) values ('fingerprint', 'abc')")
    unnamed = run("build", "--db", str(db), "-s")
    assert unnamed.exit_code == 1 and "records none: name its folders once" in unnamed.stderr
    partial = run("build", str(seeds), "--db", str(db), "-s")  # a full rebuild would drop corpus/
    assert partial.exit_code == 1
    assert "holds files under corpus/ from a folder it does not record" in partial.stderr
    named = run("build", str(corpus), str(seeds), "--db", str(db), "-s")
    assert named.exit_code == 0
    assert "full rebuild: the database does not record what its index was built with" in named.stderr
    assert dump(db) == before
    assert rows(db, "select label from sources order by 1") == [("corpus",), ("seeds",)]
