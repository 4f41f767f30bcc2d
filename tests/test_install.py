"""Installed from a wheel into a fresh venv, outside the checkout: the command
builds an archive of any name from an empty folder, and plain `datasette`
serves it whole, with an ordinary database beside it left as Datasette's own."""
import json
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from loader.web.archive import QUERIES

from .conftest import ROOT, SEEDS


def run(*command, cwd):
    result = subprocess.run([str(c) for c in command], cwd=cwd, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"{' '.join(map(str, command))}\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}"
    return result


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(venv bin folder, an empty working folder) with the wheel of this checkout installed."""
    root = tmp_path_factory.mktemp("install")
    # From a copy of what the package is made of, so that no build folder of the checkout adds stale files.
    source = root / "source"
    shutil.copytree(ROOT / "loader", source / "loader", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", root / "dist", source, cwd=root)
    (wheel,) = (root / "dist").glob("zh_news-*.whl")
    run(sys.executable, "-m", "venv", root / "venv", cwd=root)
    bin_folder = root / "venv" / "bin"
    run(bin_folder / "python", "-m", "pip", "install", "--quiet", wheel, cwd=root)
    work = root / "empty"
    work.mkdir()
    return bin_folder, work


@pytest.fixture(scope="module")
def served(installed):
    bin_folder, work = installed
    run(bin_folder / "zh-news", "build", SEEDS, "--db", "other-name.db", "-s", cwd=work)
    with sqlite3.connect(work / "plain.db") as conn:
        conn.execute("create table notes (id integer primary key, text text)")
        conn.execute("insert into notes values (1, 'an ordinary database')")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen([bin_folder / "datasette", "other-name.db", "plain.db", "-p", str(port)], cwd=work,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            if process.poll() is not None:
                raise RuntimeError(f"datasette exited with {process.returncode}")
            try:
                urllib.request.urlopen(base + "/-/versions.json", timeout=2).close()
                break
            except OSError:
                time.sleep(0.25)
        yield lambda path: fetch(base + path)
    finally:
        process.terminate()
        process.wait(timeout=10)


def q(text):
    return urllib.parse.quote(text)


def test_the_installed_package_runs_nothing_from_the_checkout(installed):
    bin_folder, work = installed
    where = run(bin_folder / "python", "-c", "import loader; print(loader.__file__)", cwd=work).stdout
    assert "site-packages" in where and str(ROOT) not in where


def test_plain_datasette_serves_every_page_of_an_archive_of_any_name(served):
    status, home = served("/")
    assert status == 200 and 'action="/-/search"' in home
    status, results = served(f"/-/search?q={q('公安')}")
    assert status == 200 and "<mark>公安</mark>" in results
    article = json.loads(served(f"/other-name/search.json?q={q('公安')}&_shape=array")[1])[0]["article_id"]
    status, page = served(f"/-/article/{article}?q={q('公安')}")
    assert status == 200 and "<mark>公安</mark>" in page
    for path in (f"/-/trend?q={q('公安')}", f"/-/map?q={q('公安')}"):
        status, html = served(path)
        assert status == 200 and "公安" in html, path
    status, feed = served(f"/other-name/feed.atom?q={q('公安')}")
    assert status == 200 and "<entry>" in feed
    for name in QUERIES:
        params = f"id={article}" if name == "article" else f"q={q('公安')}"
        status, body = served(f"/other-name/{name}.json?{params}&_shape=array")
        assert status == 200 and json.loads(body), name
    status, table = served(f"/other-name/paragraphs.json?_search={q('公安')}&_size=0")
    assert status == 200 and list(json.loads(table)["facet_results"]) == ["city", "province", "year", "kind"]


def test_an_ordinary_database_beside_it_is_datasettes_own(served):
    assert served("/plain/search")[0] == 404
    status, body = served("/plain.json")
    assert status == 200 and json.loads(body)["queries"] == []
    status, body = served("/plain/notes.json?_shape=array")
    assert status == 200 and json.loads(body) == [{"id": 1, "text": "an ordinary database"}]
