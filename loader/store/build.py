"""Build the database from folders of raw article files."""
import collections
import concurrent.futures.process
import fcntl
import glob
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

import sqlite_utils

from .. import inference
from ..ingest import formats, manifest, sources
from ..ingest.decode import SkippedFile, decode
from ..ingest.formats.fields import FieldMap, clean, read_date
from ..ingest.parse import Article, Paragraph, article_title, parse_text
from ..text.segment import index_text
from . import counts, fingerprint, ids, parallel, schema, top, write
from . import values as stored

# Page cache of an in-place update, in KiB (SQLite's negative cache_size):
# a typical update then writes nothing to the database file before it commits.
UPDATE_CACHE_KIB = 256 * 1024
RESULTS_IN_FLIGHT_PER_JOB = 8
# A file changed this recently (ns) is hashed by the next build too: its time may not show a second change.
RECENT_NS = 2 * 10**9
_LOGS = ("-wal", "-shm")  # what SQLite writes beside a database in write-ahead mode


class BuildError(Exception):
    """A build that cannot go on; the previous database is untouched."""


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


def articles_of(text: str, entries: dict, infer: bool = True):
    """(article, metadata row) for each article of a file's text."""
    for number, article in enumerate(parse_text(text), start=1):
        yield _article_row(article, number, article.title, manifest.entry_of(entries, number), infer)


def _article_row(article, number, title, entry, infer, given=None, warnings=()):
    texts = [p.text for p in article.paragraphs if p.kind == "body"]
    # Metadata lines (a timestamp, 来源：…) are evidence for the date and place too, and so is
    # a time stamp the parse took for a heading or a caption.
    evidence = [p.text for p in article.paragraphs
                if p.kind in ("body", "meta") or inference.is_publication_line(p.text)]
    row = manifest.resolve(entry, title, evidence, infer=infer, given=given)
    row["article_no"] = number
    row["warnings"] = list(warnings) + row.get("warnings", [])
    return article, row, texts


def file_articles(path, entries: dict, infer=True, fields=None, part=formats.WHOLE):
    """(article, metadata row, body texts) for each article of a file of any
    format (formats.SUFFIXES), and a formats.Problem for each record skipped.
    The encoding found is in the first item: ("encoding", name)."""
    if formats.is_text(path):
        text, encoding = decode(Path(path).read_bytes())
        yield "encoding", encoding
        yield from articles_of(text, entries, infer)
        return
    yield "encoding", None
    for record in formats.read(path, fields or FieldMap(), part):
        if isinstance(record, formats.Problem):
            yield record
        elif record.text is not None:  # a page dump (a PDF's text): the layout model's, as a text file
            yield from articles_of(record.text, entries, infer)
        else:
            yield _record_article(record, manifest.entry_of(entries, record.number), infer)


def _record_article(record, entry, infer):
    """(article, row, texts) of a record that gives its paragraphs and fields."""
    article = Article([Paragraph(kind, text) for kind, text in record.paragraphs])
    given, warnings = _given(record)
    title = record.title or article_title(article)
    out = _article_row(article, record.number, title, entry, infer, given,
                       [f"{record.where}: {w}" if record.where else w for w in warnings])
    # Stable across rebuilds by URL, else by title and date (store.ids).
    out[1]["key"] = ids.article_key(out[1]["url"], out[1]["title"], out[1]["date"])
    return out


def _given(record) -> tuple:
    """The values of a record's fields as resolve takes them, and a warning for each it cannot read."""
    values, named, warnings = dict(record.values), dict(record.named), []
    given = {"named": named, "url": values.get("url"), "source": values.get("source")}
    if values.get("date") is not None:
        try:
            day = read_date(values["date"])
            given["date"] = manifest.parse_date(day) if day else None
        except ValueError as error:
            warnings.append(f"{named.get('date', 'date')}: {error}; the date is inferred from the text")
    city, province = clean(values.get("city")), clean(values.get("province"))
    if city:
        known = inference.known_city(city)
        if known and (not province or province == known[1]):
            given["city"], given["province"] = known
        else:
            warnings.append(f"{named.get('city', 'city')}: {_city_check(city, province)}; "
                            "the place is inferred from the text")
    elif province:
        given["province"] = province
    return given, warnings


def process_file(job) -> dict:
    """Read, rebuild and segment one file, or one part of it
    (formats.parts); runs in a worker process. Never raises: whatever goes
    wrong with one file skips that file, named. job: (path, name, digest,
    entries, infer[, fields, part, last]): the benchmarks give a whole file's first five."""
    path, name, digest, entries, infer, fields, part, last = job if len(job) == 8 else (*job, None, formats.WHOLE, True)
    try:
        return _process(path, name, digest, entries, infer, fields, part, last)
    except SkippedFile as skip:
        return {"path": name, "skipped": str(skip), "first": part[0] == 0, "last": last}
    except Exception as error:  # an edge case of the parser or inference: the other files still load
        return {"path": name, "skipped": f"{type(error).__name__}: {error}", "first": part[0] == 0, "last": last}


def _process(path, name, digest, entries, infer, fields=None, part=formats.WHOLE, last=True):
    articles, warnings, notes = [], [], []
    items = file_articles(path, entries, infer, fields, part)
    encoding = next(items)[1]
    for item in items:
        if isinstance(item, formats.Problem):
            message = f"{item.where}: skipped: {item.reason}" if item.where else item.reason
            (warnings if item.strict else notes).append(message)
            continue
        article, row, texts = item
        warnings += [f"article {row['article_no']}: {w}" for w in row.pop("warnings", ())]
        # Index first: keywords then reads the words index_text has just cut.
        paragraphs = [
            {"kind": p.kind, "text": p.text, "index_text": index_text(p.text), "places": inference.places(p.text)}
            for p in article.paragraphs
        ]
        row["keywords"] = json.dumps(inference.keywords("\n".join(texts)), ensure_ascii=False)
        row["paragraphs"] = paragraphs
        articles.append(row)
    whole = part[0] == 0 and last
    if not articles and whole:
        return {"path": name, "skipped": "no text found", "warnings": warnings, "first": True, "last": True}
    return {"path": name, "sha256": digest, "bytes": Path(path).stat().st_size, "encoding": encoding,
            "articles": articles, "warnings": warnings, "notes": notes, "first": part[0] == 0, "last": last}


def survey(folder, warn=print, fields=None) -> list:
    """What the build would store about each article in folder (or a file), without building."""
    folder = Path(folder)
    entries = _manifest(folder)
    rows = []
    for path, name in source_files([folder]):
        relative = name.split("/", 1)[1]
        mine = manifest.of_file(entries, relative)
        try:
            for item in itertools.islice(file_articles(path, mine, fields=fields), 1, None):
                if isinstance(item, formats.Problem):
                    warn(f"{name}: {item.where}: skipped: {item.reason}" if item.where else f"{name}: {item.reason}")
                    continue
                row = item[1]
                for warning in row.pop("warnings", ()):
                    warn(f"{name}: article {row['article_no']}: {warning}")
                rows.append(dict(row, file=relative))
        except SkippedFile as skip:
            warn(f"{name}: skipped: {skip}")
    return rows


def source_files(roots) -> list:
    """(path, name in the database) of every file of a format the build reads
    (formats.SUFFIXES), in a stable order. roots: {label: folder or file}
    (sources.Plan.scan), or folders and files labelled as sources.plan labels new ones."""
    if not isinstance(roots, dict):
        roots = {sources.label_for(Path(root)): root for root in roots}
    found = []
    for label, root in roots.items():
        root = Path(root)
        if not root.exists():
            raise BuildError(f"{root}: no such folder or file")
        found += sources.files_of(label, root)
    return found


def _manifest(root: Path) -> dict:
    """The manifest of a root: a file given directly is read as a folder holding just that file, with none."""
    return manifest.load_manifest(root, _city_check) if root.is_dir() else {}


def _state(db_path) -> dict:
    """What the existing database says about itself; empty if it is missing or not ours."""
    try:
        # Read-write, under the build lock: a killed update left a hot journal to roll back.
        conn = sqlite3.connect(f"file:{db_path}?mode=rw", uri=True)
        try:
            return {
                "index": fingerprint.recorded(dict(conn.execute(f"select key, value from {schema.BUILD_TABLE}"))),
                "files": {path: (digest, seen) for path, digest, seen in conn.execute(
                    f"select path, sha256, {'seen' if 'seen' in schema.columns(conn, schema.FILES) else 'null'} "
                    f"from {schema.FILES}")},
                "roots": sources.stored(conn),
                "articles": conn.execute(f"select count(*) from {schema.ARTICLES}").fetchone()[0],
                "paragraphs": conn.execute(f"select count(*) from {schema.PARAGRAPHS}").fetchone()[0],
            }
        finally:
            conn.close()
    except sqlite3.Error:
        return {}


def build(db_path, folders=(), *, prune=(), full=False, jobs=None, strict=False, infer=True, progress=None,
          warn=print, fields=None, lists=top.Lists(), counted=counts.Counted()) -> Summary:
    """Build or update db_path from folders, or from the folders it records
    when given none (loader/sources.py); drop the roots in prune. The old
    file is replaced only on success. progress(number of files) returns the
    function to call with each file read. fields: a FieldMap (--field);
    lists: which terms get a ranked list, and how long (store/top.py); counted: which terms get
    their counts kept (store/counts.py)."""
    started = time.perf_counter()
    db_path = Path(db_path)
    lock = open(db_path.with_name(db_path.name + ".lock"), "w")
    if not _try_exclusive_lock(lock):
        raise BuildError(f"{db_path}: another build is running (lock {lock.name})")
    _remove_dead_temps(db_path, warn)
    temp = db_path.with_name(f".{db_path.name}.{os.getpid()}.tmp")
    serving = open(serving_lock(db_path), "w")
    try:
        index = fingerprint.components()
        state = _state(db_path)
        # Anything that changes the tokens of the index forces a full rebuild:
        # old rows could no longer be deleted from the contentless FTS table.
        reason = fingerprint.change(state["index"], index) if state else None
        incremental = bool(state) and not full and not reason
        roots = _plan(db_path, state, folders, prune, not incremental, strict, warn)
        if reason and not full:
            warn(f"full rebuild: {reason}")
        manifests = {label: _manifest(root) for label, root in roots.scan.items()}
        found = source_files(roots.scan)
        summary = Summary(files=len(found))
        fields = fields or FieldMap()
        known = state["files"] if incremental else {}
        jobs_todo, names, seen = [], set(), {}
        for path, name in found:
            names.add(name)
            label, relative = name.split("/", 1)
            entries = manifest.of_file(manifests[label], relative)
            options = "" if formats.is_text(path) else fields.digest()  # --field changes what a record gives
            also = repr(sorted(entries.items(), key=str)).encode() + options.encode()
            try:
                # Looked at before it is read: a file changed while the build reads it is read again next time.
                seen[name] = _seen(path, also)
                if seen[name] and known.get(name, (None, None))[1] == seen[name]:
                    summary.unchanged += 1  # the same size and time, as the last build saw it: not read again
                    continue
                digest = _file_digest(path)  # read in blocks: an export may be bigger than memory
            except OSError as error:  # unreadable now: skipped, and what it gave before stays
                _warn_or_fail(f"{name}: skipped: {error.strerror}", strict, warn)
                summary.skipped.append((name, error.strerror))
                continue
            digest.update(also)
            digest = digest.hexdigest()
            if known.get(name, (None,))[0] == digest:
                summary.unchanged += 1
            else:
                parts = formats.parts(path)
                jobs_todo += [(str(path), name, digest, entries, infer, fields, part, i == len(parts) - 1)
                              for i, part in enumerate(parts)]
        # Only inside the roots read: a folder not given is not a folder emptied.
        removed = {name for name in known if sources.label_of(name) in roots.scan and name not in names}
        removed |= {name for name in known if sources.label_of(name) in roots.pruned}
        progress = progress(len(jobs_todo) + summary.unchanged) if progress else None
        if progress:
            progress(summary.unchanged)
        if incremental and not jobs_todo and not removed and not roots.added and not roots.pruned:
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
                schema.ensure_tables(db)
                numbering = ids.Ids(previous)
                for name in removed:
                    write.delete_file(db, name)
                summary.removed = len(removed)
                old = None  # the articles the file being written had, less those taken by its parts so far
                dropped = None  # a file whose first part was skipped: its other parts are too
                for result in _run(jobs_todo, jobs, progress):
                    if result["first"]:
                        _done_with(db, old)
                        old = _old_articles(db, numbering, result, result["path"] in known)
                    elif result["path"] == dropped:
                        continue
                    if "skipped" in result:
                        for warning in result.get("warnings", ()):
                            _warn_or_fail(f"{result['path']}: {warning}", strict, warn)
                        _warn_or_fail(f"{result['path']}: skipped: {result['skipped']}", strict, warn)
                        summary.skipped.append((result["path"], result["skipped"]))
                        if result["first"]:
                            dropped = result["path"]
                        else:  # a later part: the file is read again, whole, by the next update
                            db.execute(f"update {schema.FILES} set sha256 = '', seen = null where path = ?",
                                       [result["path"]])
                        continue
                    for warning in result["warnings"]:
                        _warn_or_fail(f"{result['path']}: {warning}", strict, warn)
                    for note in result["notes"]:
                        warn(f"{result['path']}: {note}")
                    write.insert_file(db, dict(result, seen=seen.get(result["path"])), numbering, old,
                                      first=result["first"])
                _done_with(db, old)
                numbering.save(db)
                sources.save(db, roots.roots)
                schema.ensure_shape(db)
                values = stored.refresh(db.conn)  # last, with the lists and counts: they depend on every row
                if in_place:
                    _rank_and_count(db, values, lists, counted, parallel.each(db.conn))
                db.execute(f"delete from {schema.BUILD_TABLE} where key = 'fingerprint'")  # one digest, in place of the components
                db.conn.executemany(f"insert or replace into {schema.BUILD_TABLE} (key, value) values (?, ?)",
                                    fingerprint.rows(index))
                summary.articles = db[schema.ARTICLES].count
                summary.paragraphs = db[schema.PARAGRAPHS].count
            if not in_place:
                # A copy not yet in place, committed: the lists and counts read it on every core, in
                # processes of their own, while this connection writes them to its write-ahead log.
                db.execute("pragma journal_mode = wal")
                with db.atomic():
                    _rank_and_count(db, values, lists, counted, parallel.each_in_processes(temp, jobs or _cores()))
                db.execute("pragma journal_mode = delete")  # back into the one file that is served
        finally:
            db.close()
            if previous is not None and previous is not db.conn:
                previous.close()
        if not in_place:
            _durable_replace(temp, db_path)
    except concurrent.futures.process.BrokenProcessPool:
        raise BuildError("a worker process died (killed, or out of memory?)") from None
    finally:
        for leftover in (temp, *(temp.with_name(temp.name + suffix) for suffix in _LOGS)):
            leftover.unlink(missing_ok=True)
        serving.close()
        lock.close()
    summary.seconds = time.perf_counter() - started
    return summary


def _rank_and_count(db, values, lists, counted, each):
    known = schema.vocabulary(db.conn, min(top.least(lists), counted.threshold))
    top.refresh(db.conn, lists, each, known)  # BM25 scores depend on every row
    counts.refresh(db.conn, values, counted, each, known)


def _old_articles(db, numbering, result, stored):
    """The articles a file had, for its new ones (result: its first part) to
    take their ids from: all of them in memory (Ids.of_file), or, for a file of
    many records, an ids.OldRecords that looks them up a part at a time.
    stored: the file is in the database being updated; its old rows are then
    removed (or set aside)."""
    path = result["path"]
    if numbering.is_big(path) and not formats.is_text(path) and formats.suffix_of(path) not in formats.PDF_SUFFIXES:
        return ids.OldRecords(numbering, write.set_aside(db, path) if stored else path, path, db.conn)
    old = numbering.of_file(path)
    if stored:
        write.delete_file(db, path, write.index_tokens(result))
    return old


def _done_with(db, old):
    """Remove what is left of a big file's old articles once its new ones are written."""
    if isinstance(old, ids.OldRecords):
        old.close()
        if old.stored_as != old.path:
            write.delete_file(db, old.stored_as)


def _seen(path, also: bytes) -> str | None:
    """What the build sees of a file without reading it: its size and modification time, and also
    (its manifest entries, --field); None for a file changed in the last RECENT_NS, which could
    change again within the same tick of the file system's clock and look the same."""
    stat = os.stat(path)
    if time.time_ns() - stat.st_mtime_ns < RECENT_NS:
        return None
    return hashlib.sha256(f"{stat.st_size} {stat.st_mtime_ns} ".encode() + also).hexdigest()


def _file_digest(path):
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest


def recorded_roots(db_path) -> dict | None:
    """{label: folder} db_path records; None when it is no archive (missing,
    or another kind of file), {} for an archive that records none (built
    before archives recorded them)."""
    try:
        conn = sqlite3.connect(f"file:{db_path}?mode=rw", uri=True)
    except sqlite3.Error:
        return None
    try:
        return sources.stored(conn) if schema.is_archive(conn) else None
    finally:
        conn.close()


def _plan(db_path, state, folders, prune, full, strict, warn) -> sources.Plan:
    """The roots this build reads and keeps, with a line for each it drops or cannot find."""
    if not folders and not state.get("roots"):
        raise BuildError(f"no source folder given, and {db_path} records none: name its folders once, "
                         f"as in `zh-news build seeds/`")
    try:
        roots = sources.plan(state.get("roots", {}), {sources.label_of(n) for n in state.get("files", {})},
                             folders, prune, full=full)
    except sources.SourceError as error:
        raise BuildError(str(error)) from None
    for root in roots.missing.values():
        _warn_or_fail(f"{root}: {sources.kind_of(root)} not found; its files in {db_path} stay as they are",
                      strict, warn)
    for label in roots.pruned:
        files = [name for name in state.get("files", {}) if sources.label_of(name) == label]
        where = state.get("roots", {}).get(label, "a folder not recorded")
        warn(f"--prune {label}: removing {len(files)} files of {where} ({label}/) and their articles")
    return roots


def _warn_or_fail(message, strict, warn):
    if strict:
        raise BuildError(message)
    warn(message)


def _remove_dead_temps(db_path, warn):
    """Delete the temporary files of full builds that died (kill -9, power
    loss). Called under the build lock: a build that is alive holds it, so
    any temporary file of db_path found now belongs to a dead one."""
    for temp in db_path.parent.glob(f".{glob.escape(db_path.name)}.*.tmp"):
        temp.unlink(missing_ok=True)
        warn(f"removed {temp}, left by a build that did not finish")
    for suffix in _LOGS:
        for log in db_path.parent.glob(f".{glob.escape(db_path.name)}.*.tmp{suffix}"):
            log.unlink(missing_ok=True)


def _durable_replace(temp, db_path):
    """Rename temp over db_path so that a power cut leaves one of the two
    whole: the new file's data reaches the disk before the rename, and the
    rename before the build reports success."""
    with open(temp, "rb") as file:
        os.fsync(file.fileno())
    os.replace(temp, db_path)
    folder = os.open(db_path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


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


def _cores() -> int:
    return os.cpu_count() or 1


def _run(jobs_todo, jobs, progress):
    jobs = jobs or _cores()
    if jobs == 1 or len(jobs_todo) <= 1:
        results = map(process_file, jobs_todo)
        for result in results:
            if progress:
                progress(1)
            yield result
        return
    # Not a multiprocessing.Pool: its worker handler wakes whenever a result waits in the pipe, so
    # it spun while each file's result was read (a fifth of the writer process's CPU at 1M); and a
    # worker that dies hangs a Pool for ever, where it breaks an executor (a BuildError in build).
    with concurrent.futures.ProcessPoolExecutor(jobs, multiprocessing.get_context("fork")) as pool:
        # Every finished result kept in memory while the one writer catches up would grow
        # with the corpus; a bounded window keeps the build's memory flat.
        todo = iter(jobs_todo)
        window = collections.deque(pool.submit(process_file, job)
                                   for job in itertools.islice(todo, jobs * RESULTS_IN_FLIGHT_PER_JOB))
        while window:
            result = window.popleft().result()
            job = next(todo, None)
            if job is not None:
                window.append(pool.submit(process_file, job))
            if progress:
                progress(1)
            yield result


def _city_check(city, province):
    found = inference.known_city(city)
    if found is None:
        return f"{city} is not a prefecture-level city in the gazetteer"
    if province and found[1] != province:
        return f"{city} is in {found[1]}, not {province}"
    return None
