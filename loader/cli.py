"""Command line: zh-news COMMAND."""
import contextlib
import fcntl
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import click
import yaml

from .ingest.formats.fields import NAMES, FieldError, FieldMap
from .ingest.manifest import ManifestError
from .store.build import BuildError, build as build_database, recorded_roots, serving_lock, survey

METADATA = "metadata.yml"  # a user's title, source and licence, read from the current folder when there
SETTINGS = {
    "sql_time_limit_ms": 3000,
    "facet_time_limit_ms": 1000,
    "max_returned_rows": 1000,
    "suggest_facets": False,  # 40 extra queries per search page; the plugin declares the facets
}


@click.group()
@click.version_option(package_name="zh-news")
def cli():
    "Build and serve a searchable archive of Chinese news articles."


DEFAULT_SOURCE = "seeds"


def _warn(message):
    click.echo(f"Warning: {message}", err=True)


def _field_map(options) -> FieldMap:
    try:
        return FieldMap.parse(options)
    except FieldError as error:
        raise click.BadParameter(str(error), param_hint="--field") from None


def _run_build(db_path, sources, full, jobs, strict, silent, prune=(), fields=None):
    if not sources and recorded_roots(db_path) is None:
        sources = (DEFAULT_SOURCE,)  # a new database; an archive is built from the folders it records
    try:
        with contextlib.ExitStack() as bars:
            def progress(length):
                return bars.enter_context(click.progressbar(length=length, label="Building", file=sys.stderr)).update

            summary = build_database(db_path, sources, prune=prune, full=full, jobs=jobs, strict=strict,
                                     progress=None if silent else progress, warn=_warn, fields=fields)
    except (BuildError, ManifestError) as error:
        raise click.ClickException(f"{error} (the previous {db_path} is unchanged)")
    except KeyboardInterrupt:
        raise click.ClickException(f"interrupted; the previous {db_path} is unchanged")
    click.echo(summary.line())
    return summary


@cli.command()
@click.argument("sources", nargs=-1, type=click.Path())
@click.option("--db", "db_path", default="news.db", show_default=True, type=click.Path(dir_okay=False),
              help="Database to create or update")
@click.option("--full", is_flag=True, help="Rebuild everything instead of only changed files")
@click.option("-j", "--jobs", type=click.IntRange(1), help="Worker processes (default: all cores)")
@click.option("--strict", is_flag=True, help="Stop on any file or value that cannot be read instead of skipping it")
@click.option("--prune", multiple=True, metavar="SOURCE",
              help="Drop a source folder or file (its path or its label) and all its articles; repeatable")
@click.option("--field", "field_options", multiple=True, metavar="ROLE=NAME",
              help=f"The field or column of an export that holds ROLE ({', '.join(NAMES)}), when not one of "
                   "the usual names; repeatable, e.g. --field text=article_body")
@click.option("-s", "--silent", is_flag=True, help="No progress bar")
def build(sources, db_path, full, jobs, strict, prune, field_options, silent):
    """Build news.db from folders of articles, or files given directly: page
    dumps (.txt), crawler exports (.jsonl, .ndjson, .json, .csv, .tsv,
    .xlsx), saved web pages (.html, .htm), web archives (.warc, .warc.gz) and
    PDFs (.pdf). A file given directly is read as a folder holding just that
    file would be.

    The database remembers its source folders and files. With no folder, the build
    reads the folders it records (seeds/ for a new database); a new folder
    is added beside them. Files deleted from a folder that is read are
    removed from the database; a folder not read is left as it is, and only
    --prune drops one. Unchanged files are skipped by content hash. A full
    build swaps in a new file; an update works in one transaction. Either
    way a failed or interrupted build leaves the old database intact.

    \b
    Example:
        zh-news build seeds/ --db news.db
        zh-news build ~/corpus        # adds ~/corpus beside seeds/
        zh-news build                 # updates every recorded folder
        zh-news build --prune seeds   # drops seeds/ and its articles
        zh-news build ~/crawl --field text=article_body   # an export's text field
        zh-news build ~/exports/2024.jsonl report.pdf     # files, beside the folders
    """
    _run_build(db_path, sources, full, jobs, strict, silent, prune, _field_map(field_options))


@cli.command()
@click.argument("sources", nargs=-1, type=click.Path())
@click.option("--db", "db_path", default="news.db", show_default=True, type=click.Path(dir_okay=False))
@click.option("-h", "--host", default="127.0.0.1", show_default=True)
@click.option("-p", "--port", default=8001, show_default=True, type=int)
@click.option("-m", "--metadata", type=click.Path(dir_okay=False, exists=True),
              help=f"Datasette metadata: title, source, licence, plugin settings [default: {METADATA} if present]")
@click.option("-s", "--silent", is_flag=True, help="No progress bar")
def serve(sources, db_path, host, port, metadata, silent):
    """Build news.db if its sources changed, then serve it with Datasette.

    With no folder: the folders news.db records (seeds/ for a new database);
    if one of them is not on this machine, news.db is served as it is. The
    database is served immutable and read-only; the plugin gives it its
    facets, descriptions and canned queries, whatever the file is called.

    \b
    Example:
        zh-news serve --port 8001
        zh-news serve ~/corpus --db archive.db -m metadata.yml
    """
    recorded = recorded_roots(db_path)
    missing = [root for root in (recorded or {}).values() if not Path(root).exists()]
    if not sources and recorded is not None and (missing or not recorded):
        _warn(f"{db_path} is served as it is: its source folders are not all here "
              f"({', '.join(missing) or 'not recorded'})")
    else:
        _run_build(db_path, sources, False, None, False, silent)
    if metadata is None and Path(METADATA).is_file():
        metadata = METADATA
    command = datasette_command(db_path, host, port, metadata)
    click.echo(" ".join(command), err=True)
    # Datasette inherits this shared lock: while it serves, builds write a
    # new file and swap it in instead of changing pages it reads.
    serving = open(serving_lock(db_path), "w")
    fcntl.flock(serving, fcntl.LOCK_SH)
    os.set_inheritable(serving.fileno(), True)
    os.execvp(command[0], command)


def datasette_command(db_path, host="127.0.0.1", port=8001, metadata=None) -> list:
    """The Datasette command `serve` runs: db_path immutable, with its inspect
    file, SETTINGS, and metadata (a user's metadata.yml) where given."""
    inspect_file = inspected(db_path)
    command = [sys.executable, "-m", "datasette", "serve", "-i", str(db_path),
               "--inspect-file", str(inspect_file), "-h", host, "-p", str(port)]
    if metadata:
        command += ["-m", str(metadata)]
    for name, value in SETTINGS.items():
        command += ["--setting", name, ("on" if value else "off") if isinstance(value, bool) else str(value)]
    return command


def inspected(db_path) -> Path:
    """The inspect file of db_path (its table counts and digest), which `datasette inspect` writes
    only when there is none for the file as it is now: it counts every table and reads the whole
    file, which takes a minute at ten million paragraphs (BENCHMARKS.md). The inspect file takes
    the database's modification time as its own, which tells a database changed since."""
    db, inspect_file = Path(db_path), Path(db_path).with_suffix(".inspect.json")
    now = db.stat()
    try:
        current = (inspect_file.stat().st_mtime_ns == now.st_mtime_ns
                   and json.loads(inspect_file.read_text(encoding="utf-8"))[db.stem]["size"] == now.st_size)
    except (OSError, ValueError, LookupError, TypeError):
        current = False
    if not current:
        subprocess.run([sys.executable, "-m", "datasette", "inspect", str(db), "--inspect-file", str(inspect_file)],
                       check=True)
        os.utime(inspect_file, ns=(now.st_atime_ns, now.st_mtime_ns))
    return inspect_file


def datasette_app(db_paths, metadata=None, immutable=True, inspect_data=None, **settings):
    """In this process, the Datasette that datasette_command serves: every
    file immutable, the same settings, the installed plugins; metadata a dict,
    inspect_data what `datasette inspect` wrote. immutable=False serves the
    files as plain `datasette FILE` does; settings override SETTINGS."""
    from datasette.app import Datasette

    files = {"immutables" if immutable else "files": [str(path) for path in db_paths]}
    return Datasette(**files, settings={**SETTINGS, **settings}, metadata=metadata, inspect_data=inspect_data)


@contextlib.contextmanager
def running_datasette(db_path, log_path, timeout=60, metadata=None):
    """The server `serve` runs, in the background on a free port of
    127.0.0.1, for the tests, the browser test and the load benchmark: yields
    its base URL once it answers and stops it on exit. RuntimeError, with the
    end of its log, if it exits or does not answer within timeout seconds."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    command = datasette_command(db_path, "127.0.0.1", port, metadata)
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + timeout
            while True:
                if process.poll() is not None:
                    raise RuntimeError(f"datasette exited with {process.returncode}:\n"
                                       f"{Path(log_path).read_text(errors='replace')[-2000:]}")
                try:
                    urllib.request.urlopen(base + "/-/versions.json", timeout=2).close()
                    break
                except OSError:  # not listening yet
                    if time.monotonic() > deadline:
                        raise RuntimeError(f"datasette did not answer on {base} within {timeout} s") from None
                    time.sleep(0.25)
            yield base
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


@cli.command()
@click.argument("source", default="seeds", type=click.Path(exists=True))
@click.option("--manifest-out", type=click.Path(dir_okay=False, writable=True),
              help="Write a manifest with these values, to correct and feed back")
@click.option("--field", "field_options", multiple=True, metavar="ROLE=NAME",
              help="As for build: the field of an export that holds ROLE; repeatable")
def report(source, manifest_out, field_options):
    """Show the city, province and date of each article, with where each came
    from, how sure it is and the phrases that decided it.

    \b
    Example:
        zh-news report seeds/ --manifest-out manifest.yml
    """
    try:
        rows = survey(source, warn=lambda m: click.echo(f"Warning: {m}", err=True), fields=_field_map(field_options))
    except (BuildError, ManifestError) as error:
        raise click.ClickException(str(error))
    for row in rows:
        place = " ".join(filter(None, (row["province"], row["city"], row["district"]))) or "-"
        click.echo(f"{row['file']}#{row['article_no']}  {row['title']}")
        click.echo(f"    place: {place}  [{row['city_source']}, confidence {row['city_confidence']:.2f}"
                   f"{_basis(row, 'city')}]  evidence: {'; '.join(json.loads(row['city_evidence'])) or '-'}")
        click.echo(f"    date:  {row['date'] or '-'} ({row['date_precision'] or '-'})  "
                   f"[{row['date_source']}, confidence {row['date_confidence']:.2f}{_basis(row, 'date')}]  "
                   f"evidence: {'; '.join(json.loads(row['date_evidence'])) or '-'}")
    if manifest_out:
        articles = []
        for row in rows:
            entry = {"file": row["file"], "article": row["article_no"], "title": row["title"]}
            entry.update({k: row[k] for k in ("city", "province", "district", "date") if row[k]})
            evidence = json.loads(row["city_evidence"]) + json.loads(row["date_evidence"])
            entry["note"] = f"{row['city_source']}/{row['date_source']}: " + "; ".join(evidence)
            articles.append(entry)
        Path(manifest_out).write_text(
            "# Check each value against its article, correct it, and save this as manifest.yml in the source folder.\n"
            + yaml.safe_dump({"articles": articles}, allow_unicode=True, sort_keys=False, width=1000),
            encoding="utf-8")
        click.echo(f"Wrote {len(articles)} articles to {manifest_out}", err=True)


def _basis(row, kind):
    """", by <kind of evidence>" for an inferred value (see README, Confidence)."""
    basis = row.get(f"{kind}_basis")
    return f", by {basis}" if basis and basis not in ("manifest", "field") else ""


from .dev.synth import synth_command  # noqa: E402

cli.add_command(synth_command)


@cli.group(name="eval")
def eval_group():
    "Measure the loader on labelled real text: paragraphs and metadata."


@eval_group.command(name="metadata")
@click.argument("corpus", default="tests/data/metadata",
                type=click.Path(file_okay=False, exists=True))
@click.option("--worst", default=15, show_default=True, type=click.IntRange(0), help="Misses to list")
@click.option("--calibrate", is_flag=True, help="Also print the share right for each kind of evidence")
@click.option("--loso/--no-loso", default=True, show_default=True,
              help="Also score each source with the place ranker trained without it (two sources or more)")
@click.option("--outlets/--text-only", default=True, show_default=True,
              help="Give each record's outlet as its folder's declared source, or read the text alone")
def eval_metadata(corpus, worst, calibrate, loso, outlets):
    """Accuracy of city, province, year, month and day on a labelled corpus
    of JSON Lines files, the reliability of the confidence values, and the
    most confident misses with their evidence. Each text goes through the
    build's own pipeline with no manifest but a record's outlet, as a
    folder's `source:`. CORPUS defaults to the development corpus
    tests/data/metadata, run from a checkout.

    \b
    Example:
        zh-news eval metadata tests/data/metadata
    """
    from .dev.eval_metadata import calibration, evaluate, leave_one_source_out, loso_report, report

    try:
        outcomes = evaluate(corpus, outlets)
    except ValueError as error:
        raise click.ClickException(str(error))
    click.echo(report(outcomes, worst))
    if loso and len({o.record["source"] for o in outcomes}) > 1:
        click.echo("")
        click.echo(loso_report(outcomes, leave_one_source_out(outcomes)))
    if calibrate:
        click.echo("")
        click.echo(calibration(outcomes))


from .dev.eval_paragraphs import paragraphs_command  # noqa: E402

eval_group.add_command(paragraphs_command)
