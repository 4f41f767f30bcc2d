"""Command line: python -m loader COMMAND."""
import os
import subprocess
import sys
from pathlib import Path

import click

from .build import BuildError, build as build_database
from .metadata import ManifestError

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = {
    "sql_time_limit_ms": "3000",
    "facet_time_limit_ms": "1000",
    "max_returned_rows": "1000",
    "allow_download": "off",
}


@click.group()
@click.version_option(package_name="zh-news-archive")
def cli():
    "Build and serve a searchable archive of Chinese news articles."


def _run_build(db_path, sources, full, jobs, strict, silent):
    sources = sources or ("seeds",)
    warnings = []

    def warn(message):
        warnings.append(message)
        click.echo(f"Warning: {message}", err=True)

    try:
        if silent:
            summary = build_database(db_path, sources, full=full, jobs=jobs, strict=strict, warn=warn)
        else:
            with click.progressbar(length=_count(sources), label="Building", file=sys.stderr) as bar:
                summary = build_database(db_path, sources, full=full, jobs=jobs, strict=strict,
                                         progress=bar.update, warn=warn)
    except (BuildError, ManifestError) as error:
        raise click.ClickException(f"{error} (the previous {db_path} is unchanged)")
    except KeyboardInterrupt:
        raise click.ClickException(f"interrupted; the previous {db_path} is unchanged")
    click.echo(summary.line())
    return summary


def _count(sources):
    return sum(1 for folder in sources if Path(folder).is_dir() for _ in Path(folder).rglob("*.txt"))


@cli.command()
@click.argument("sources", nargs=-1, type=click.Path(file_okay=False))
@click.option("--db", "db_path", default="news.db", show_default=True, type=click.Path(dir_okay=False),
              help="Database to create or update")
@click.option("--full", is_flag=True, help="Rebuild everything instead of only changed files")
@click.option("-j", "--jobs", type=click.IntRange(1), help="Worker processes (default: all cores)")
@click.option("--strict", is_flag=True, help="Stop on any file that cannot be read instead of skipping it")
@click.option("-s", "--silent", is_flag=True, help="No progress bar")
def build(sources, db_path, full, jobs, strict, silent):
    """Build news.db from folders of raw article .txt files (default: seeds/).

    Unchanged files are skipped by content hash; the database is replaced
    atomically, so a failed or interrupted build leaves the old one intact.

    \b
    Example:
        python -m loader build seeds/ --db news.db
    """
    _run_build(db_path, sources, full, jobs, strict, silent)


@cli.command()
@click.argument("sources", nargs=-1, type=click.Path(file_okay=False))
@click.option("--db", "db_path", default="news.db", show_default=True, type=click.Path(dir_okay=False))
@click.option("-h", "--host", default="127.0.0.1", show_default=True)
@click.option("-p", "--port", default=8001, show_default=True, type=int)
@click.option("-s", "--silent", is_flag=True, help="No progress bar")
def serve(sources, db_path, host, port, silent):
    """Build news.db if its sources changed, then serve it with Datasette.

    The database is served immutable and read-only, with metadata.yml.

    \b
    Example:
        python -m loader serve seeds/ --port 8001
    """
    _run_build(db_path, sources, False, None, False, silent)
    command = datasette_command(db_path, host, port)
    click.echo(" ".join(command), err=True)
    os.execvp(command[0], command)


def datasette_command(db_path, host="127.0.0.1", port=8001) -> list:
    inspect_file = Path(db_path).with_suffix(".inspect.json")
    subprocess.run([sys.executable, "-m", "datasette", "inspect", str(db_path), "--inspect-file", str(inspect_file)],
                   check=True)
    command = [sys.executable, "-m", "datasette", "serve", "-i", str(db_path),
               "--inspect-file", str(inspect_file), "-m", str(ROOT / "metadata.yml"),
               "-h", host, "-p", str(port)]
    for name, value in SETTINGS.items():
        command += ["--setting", name, value]
    return command
