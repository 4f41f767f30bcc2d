"""Build the database from folders of raw article files."""
import collections
import contextlib
import fcntl
import hashlib
import itertools
import json
import multiprocessing
import os
import shutil
import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path

import charset_normalizer
import sqlite_utils

from . import infer as infer_module, metadata, store
from .parse import parse_text
from .segment import USERDICT, index_text

MAX_FILE_BYTES = 50 * 1024 * 1024
# Anything that changes the tokens of the index forces a full rebuild: old
# rows could no longer be deleted from the contentless FTS table.
INDEX_VERSION = "3"
# Page cache of an in-place update, in KiB (SQLite's negative cache_size):
# a typical update then writes nothing to the database file before it commits.
UPDATE_CACHE_KIB = 256 * 1024
RESULTS_IN_FLIGHT_PER_JOB = 8


class BuildError(Exception):
    """A build that cannot go on; the previous database is untouched."""


class SkippedFile(Exception):
    """A file that cannot be loaded; the build goes on without it."""


@dataclass
class Summary:
    files: int = 0
    unchanged: int = 0
    removed: int = 0
    articles: int = 0
    paragraphs: int = 0
    skipped: list = field(default_factory=list)  # (path, reason)
    seconds: float = 0.0

    def line(self) -> str:
        text = (f"{self.files} files, {self.articles} articles, {self.paragraphs} paragraphs, "
                f"{self.seconds:.1f} seconds")
        extras = [f"{n} {label}" for n, label in ((self.unchanged, "unchanged"), (self.removed, "removed"),
                                                     (len(self.skipped), "skipped")) if n]
        return text + (f" ({', '.join(extras)})" if extras else "")


def decode(data: bytes) -> tuple:
    """(text, encoding) for a file's bytes, or SkippedFile saying why not."""
    if not data.strip():
        raise SkippedFile("empty file")
    if len(data) > MAX_FILE_BYTES:
        raise SkippedFile(f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(data, "utf-8-sig")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict(data, "utf-16")
    if b"\x00" not in data:
        with contextlib.suppress(UnicodeDecodeError):
            return data.decode("utf-8"), "utf-8"
    best = charset_normalizer.from_bytes(data).best()
    if best is None or b"\x00" in data and not best.encoding.startswith("utf_16"):
        raise SkippedFile("binary or undecodable: no text encoding fits")
    if best.encoding not in ("gb18030", "gbk", "gb2312", "big5", "utf_16", "utf_16_le", "utf_16_be", "utf_8"):
        # Chinese text in anything else (cp1252, latin-1...) is a misdetection of broken bytes.
        raise SkippedFile(f"undecodable as Chinese text (looks like {best.encoding})")
    encoding = "gb18030" if best.encoding in ("gbk", "gb2312") else best.encoding
    return _strict(data, encoding)


def _strict(data, encoding):
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError as error:
        raise SkippedFile(f"not valid {encoding} at byte {error.start}") from None


def articles_of(text: str, entries: dict, infer: bool = True):
    """(article, metadata row) for each article of a file's text."""
    for number, article in enumerate(parse_text(text), start=1):
        texts = [p.text for p in article.paragraphs if p.kind == "body"]
        # Metadata lines (a timestamp, 来源：…) are evidence for the date and place too.
        evidence = [p.text for p in article.paragraphs if p.kind in ("body", "meta")]
        row = metadata.resolve(entries.get(number), article.title, evidence, infer=infer)
        row["article_no"] = number
        yield article, row, texts


def process_file(job) -> dict:
    """Read, rebuild and segment one file; runs in a worker process."""
    path, name, digest, entries, infer = job
    data = Path(path).read_bytes()
    try:
        text, encoding = decode(data)
    except SkippedFile as skip:
        return {"path": name, "skipped": str(skip)}
    articles = []
    for article, row, texts in articles_of(text, entries, infer):
        # Index first: keywords then reads the words index_text has just cut.
        paragraphs = [
            {"kind": p.kind, "text": p.text, "index_text": index_text(p.text), "places": infer_module.places(p.text)}
            for p in article.paragraphs
        ]
        row["keywords"] = json.dumps(infer_module.keywords("\n".join(texts)), ensure_ascii=False)
        row["paragraphs"] = paragraphs
        articles.append(row)
    if not articles:
        return {"path": name, "skipped": "no text found"}
    return {"path": name, "sha256": digest, "bytes": len(data), "encoding": encoding, "articles": articles}


def survey(folder, warn=print) -> list:
    """What the build would store about each article in folder, without building."""
    folder = Path(folder)
    entries = metadata.load_manifest(folder, _city_check)
    rows = []
    for path, name in source_files([folder]):
        try:
            text, _ = decode(path.read_bytes())
        except SkippedFile as skip:
            warn(f"{name}: skipped: {skip}")
            continue
        relative = name.split("/", 1)[1]
        mine = {k[1]: v for k, v in entries.items() if k[0] == relative}
        for _, row, _ in articles_of(text, mine):
            rows.append(dict(row, file=relative))
    return rows


def source_files(folders) -> list:
    """(path, name in the database) of every .txt file, in a stable order."""
    found = []
    for folder in folders:
        folder = Path(folder)
        if not folder.is_dir():
            raise BuildError(f"{folder}: not a folder")
        for path in sorted(folder.rglob("*.txt")):
            found.append((path, f"{folder.name}/{path.relative_to(folder).as_posix()}"))
    return found


def _fingerprint() -> str:
    return hashlib.sha256((INDEX_VERSION + USERDICT.read_text(encoding="utf-8")).encode()).hexdigest()


def _state(db_path) -> dict:
    """What the existing database says about itself; empty if it is missing or not ours."""
    try:
        # Read-write, under the build lock: a killed update left a hot journal to roll back.
        conn = sqlite3.connect(f"file:{db_path}?mode=rw", uri=True)
        try:
            return {
                "fingerprint": dict(conn.execute("select key, value from build_info").fetchall()).get("fingerprint"),
                "files": dict(conn.execute("select path, sha256 from files").fetchall()),
                "articles": conn.execute("select count(*) from articles").fetchone()[0],
                "paragraphs": conn.execute("select count(*) from paragraphs").fetchone()[0],
            }
        finally:
            conn.close()
    except sqlite3.Error:
        return {}


def build(db_path, folders, *, full=False, jobs=None, strict=False, infer=True, progress=None, warn=print) -> Summary:
    """Build or update db_path from folders; the old file is replaced only on success."""
    started = time.perf_counter()
    db_path = Path(db_path)
    manifests = {Path(f).name: metadata.load_manifest(Path(f), _city_check) for f in folders}
    sources = source_files(folders)
    summary = Summary(files=len(sources))
    lock = open(db_path.with_name(db_path.name + ".lock"), "w")
    if not _try_exclusive_lock(lock):
        raise BuildError(f"{db_path}: another build is running (lock {lock.name})")
    temp = db_path.with_name(f".{db_path.name}.{os.getpid()}.tmp")
    serving = open(serving_lock(db_path), "w")
    try:
        fingerprint = _fingerprint()
        state = _state(db_path)
        incremental = not full and state.get("fingerprint") == fingerprint
        known = state["files"] if incremental else {}
        jobs_todo, names = [], set()
        for path, name in sources:
            names.add(name)
            folder, relative = name.split("/", 1)
            entries = {k[1]: v for k, v in manifests.get(folder, {}).items() if k[0] == relative}
            digest = hashlib.sha256(path.read_bytes() + repr(sorted(entries.items(), key=str)).encode()).hexdigest()
            if known.get(name) == digest:
                summary.unchanged += 1
            else:
                jobs_todo.append((str(path), name, digest, entries, infer))
        removed = set(known) - names
        if progress:
            progress(summary.unchanged)
        if incremental and not jobs_todo and not removed:
            summary.articles, summary.paragraphs = state["articles"], state["paragraphs"]
            summary.seconds = time.perf_counter() - started
            return summary  # nothing changed: the database is not touched
        # An update changes the database in place, in one transaction, so adding
        # a file costs that file and not a copy of the database. Not while a
        # server reads it (a shared lock on the serving lock): an immutable
        # reader must never see pages change, so then the update goes to a
        # copy that is swapped in, like a full build.
        in_place = incremental and _try_exclusive_lock(serving)
        if incremental and not in_place:
            shutil.copyfile(db_path, temp)
        db = sqlite_utils.Database(db_path if in_place else temp)
        if in_place:
            db.execute("pragma journal_mode = delete")  # a killed update is rolled back when next opened
            db.execute(f"pragma cache_size = -{UPDATE_CACHE_KIB}")
        else:
            db.execute("pragma journal_mode = off")  # a temporary file: a crash discards it whole
            db.execute("pragma synchronous = off")
        # Ids come from the rows being replaced: in this database for an update,
        # in the previous one for a full build.
        previous = db.conn if incremental else _previous(state, db_path)
        try:
            with db.atomic():
                store.ensure_tables(db)
                ids = store.Ids(previous)
                for name in removed:
                    store.delete_file(db, name)
                summary.removed = len(removed)
                for result in _run(jobs_todo, jobs, progress):
                    old = ids.of_file(result["path"])
                    if result["path"] in known:
                        store.delete_file(db, result["path"])
                    if "skipped" in result:
                        message = f"{result['path']}: skipped: {result['skipped']}"
                        if strict:
                            raise BuildError(message)
                        warn(message)
                        summary.skipped.append((result["path"], result["skipped"]))
                        continue
                    store.insert_file(db, result, ids, old)
                ids.save(db)
                store.ensure_shape(db)
                db.execute("insert or replace into build_info (key, value) values ('fingerprint', ?)", [fingerprint])
                summary.articles = db["articles"].count
                summary.paragraphs = db["paragraphs"].count
        finally:
            db.close()
            if previous is not None and previous is not db.conn:
                previous.close()
        if not in_place:
            os.replace(temp, db_path)
    finally:
        temp.unlink(missing_ok=True)
        serving.close()
        lock.close()
    summary.seconds = time.perf_counter() - started
    return summary


def _previous(state, db_path):
    """A read-only connection to the database a full build replaces, if it is ours."""
    return sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) if state else None


def serving_lock(db_path) -> Path:
    """The file a server holds a shared lock on while it has db_path open."""
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + ".serving")


def _try_exclusive_lock(file) -> bool:
    try:
        fcntl.flock(file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False


def _run(jobs_todo, jobs, progress):
    jobs = jobs or os.cpu_count() or 1
    if jobs == 1 or len(jobs_todo) <= 1:
        results = map(process_file, jobs_todo)
        for result in results:
            if progress:
                progress(1)
            yield result
        return
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        # Pool.imap would keep every finished result in memory while the one
        # writer catches up; a bounded window keeps the build's memory flat.
        todo = iter(jobs_todo)
        window = collections.deque(pool.apply_async(process_file, (job,))
                                   for job in itertools.islice(todo, jobs * RESULTS_IN_FLIGHT_PER_JOB))
        while window:
            result = window.popleft().get()
            job = next(todo, None)
            if job is not None:
                window.append(pool.apply_async(process_file, (job,)))
            if progress:
                progress(1)
            yield result


def _city_check(city, province):
    found = infer_module.known_city(city)
    if found is None:
        return f"{city} is not a prefecture-level city in the gazetteer"
    if province and found[1] != province:
        return f"{city} is in {found[1]}, not {province}"
    return None
