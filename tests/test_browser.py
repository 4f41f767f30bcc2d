"""End to end in a real browser: the site `make serve` starts, driven with Playwright and Chromium.

Needs the Debian Chromium (/usr/bin/chromium) and the `playwright` Python package; .ci/browser-deps
installs both. Without them the test is skipped, loudly. Screenshots go to artifacts/browser/.
"""
import json
import re
import subprocess
import sys
import urllib.parse
import urllib.request

import pytest

from loader.cli import running_datasette

from .conftest import ROOT

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SHOTS = ROOT / "artifacts" / "browser"
QUERY = "枫桥经验"
CITY = "保定市"
CJK = "\u3400-\u4dbf\u4e00-\u9fff"


def _skip_loudly(reason):
    message = f"BROWSER TEST SKIPPED: {reason}. Run .ci/browser-deps to install it."
    print(f"\n{'!' * 20} WARNING: {message} {'!' * 20}", file=sys.__stderr__, flush=True)
    pytest.skip(message)


@pytest.fixture(scope="module")
def sync_playwright():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _skip_loudly("the `playwright` Python package is not installed (pip install playwright)")
    import os
    if not os.access(CHROMIUM, os.X_OK):
        _skip_loudly(f"{CHROMIUM} is missing (apt-get install chromium)")
    return sync_playwright


def _fetch_json(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.load(response)


@pytest.fixture(scope="module")
def server(sync_playwright, tmp_path_factory):
    """Datasette serving a database built from seeds/, exactly as `make serve` starts it."""
    folder = tmp_path_factory.mktemp("served")
    db = folder / "news.db"
    subprocess.run([sys.executable, "-m", "loader", "build", "seeds/", "--db", str(db), "-s"],
                   cwd=ROOT, check=True, timeout=300)
    try:
        with running_datasette(db, folder / "datasette.log") as base:
            yield base
    except RuntimeError as error:
        pytest.fail(str(error))


@pytest.fixture(scope="module")
def browser(sync_playwright, server):
    """One Chromium for the module: Playwright's sync API runs one event loop at a time."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="module")
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    context.close()


def _row_count(page):
    heading = page.locator("h3").first.inner_text()
    match = re.match(r"([\d,]+) rows?\b", heading.strip())
    assert match, f"no row count in {heading!r}"
    return int(match.group(1).replace(",", ""))


def _column(page, name):
    return [cell.text_content() for cell in page.locator(f"table.rows-and-columns td.col-{name}").all()]


def test_search_facet_and_read_an_article(page, server):
    # 1. Search from the box, as a reader would.
    page.goto(server + "/news/paragraphs")
    page.fill("input#_search", QUERY)
    page.press("input#_search", "Enter")
    page.wait_for_url(re.compile(r"_search="))
    page.wait_for_load_state("load")
    assert urllib.parse.parse_qs(urllib.parse.urlsplit(page.url).query)["_search"] == [QUERY]
    total = _row_count(page)
    assert total >= 2, f"expected several hits for {QUERY}, got {total}"
    page.screenshot(path=str(SHOTS / "01-search.png"), full_page=True)
    page.evaluate("document.querySelector('h3').scrollIntoView()")
    page.screenshot(path=str(SHOTS / "01-search-results.png"))  # count, facets and highlighted hits

    # The text cells show the original text, highlighted: every <mark> is the query, unsegmented.
    marks = page.locator("td.col-text mark").all_text_contents()
    assert marks and all(m == QUERY for m in marks), marks
    shown = dict(zip(_column(page, "id"), _column(page, "text")))
    api = _fetch_json(f"{server}/news/paragraphs.json?_search={urllib.parse.quote(QUERY)}"
                      f"&_shape=objects&_col=text&_size=max&_nofacet=1")
    original = {str(row["id"]): row["text"] for row in api["rows"]}
    assert len(shown) == total == len(original)
    for pid, text in shown.items():
        assert text == original[pid], f"row {pid} shows {text!r}, stored {original[pid]!r}"
        assert QUERY in text, f"row {pid} does not contain {QUERY}: {text!r}"
        segmented = re.findall(f"[{CJK}] [{CJK}]", text)
        assert len(segmented) == len(re.findall(f"[{CJK}] [{CJK}]", original[pid])), (pid, segmented)
    for html in page.locator("td.col-text").evaluate_all("cells => cells.map(c => c.innerHTML)"):
        assert "<mark>枫桥经验</mark>" in html
        assert re.sub(r"</?mark>", "", html).count("<") == 0, html

    # 2. Narrow by a city facet: fewer rows, all from that city, the search kept.
    link = page.locator("#facet-city a", has_text=CITY).first
    assert link.count() == 1, f"no {CITY} link in the city facet"
    link.click()
    page.wait_for_url(re.compile(r"city="))
    page.wait_for_load_state("load")
    narrowed = _row_count(page)
    assert 0 < narrowed < total, (narrowed, total)
    assert set(_column(page, "city")) == {CITY}
    assert page.locator("td.col-text mark").count() >= narrowed
    assert page.locator("input#_search").input_value() == QUERY
    page.screenshot(path=str(SHOTS / "02-facet.png"), full_page=True)

    # 3. Open the hit's article and read it in order.
    article_link = page.locator("td.col-article_id a").first
    title = article_link.inner_text().strip()
    article_link.click()
    page.wait_for_url(re.compile(r"/news/articles/\d+$"))
    article_id = page.url.rsplit("/", 1)[1]
    page.screenshot(path=str(SHOTS / "03-article-row.png"), full_page=True)
    page.locator("a[href*='/news/paragraphs?article_id=']").first.click()  # "N rows from article_id"
    page.wait_for_url(re.compile(r"article_id=" + article_id))
    _read_in_order(page, title)
    page.screenshot(path=str(SHOTS / "04-article-paragraphs.png"), full_page=True)

    # The `article` canned query gives the same paragraphs in the same order.
    in_table = _column(page, "text")
    page.goto(f"{server}/news/article?id={article_id}")
    _read_in_order(page, title)
    assert _column(page, "text")[:len(in_table)] == in_table
    page.screenshot(path=str(SHOTS / "05-article-query.png"), full_page=True)


def _read_in_order(page, title):
    seqs = [int(s) for s in _column(page, "seq")]
    assert seqs and seqs == list(range(1, len(seqs) + 1)), f"paragraphs out of order: {seqs[:20]}"
    kinds, texts = _column(page, "kind"), _column(page, "text")
    assert kinds[0] == "heading", f"the article does not open with its headline: {kinds[:5]} {texts[:2]}"
    leading = []
    for kind, text in zip(kinds, texts):
        if kind != "heading":
            break
        leading.append(text.strip().lstrip("—").strip())
    for part in filter(None, (p.strip() for p in title.split("——"))):
        assert part in leading, f"headline part {part!r} is not among the opening headings {leading}"


def test_researcher_flow_home_results_article_city_map(browser, server):
    """The researcher's pages, offline: every request goes to the site itself."""
    elsewhere = []

    def same_site_only(route):
        if route.request.url.startswith(server):
            return route.continue_()
        elsewhere.append(route.request.url)
        return route.abort()

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    phone = browser.new_context(viewport={"width": 375, "height": 800}, locale="zh-CN",
                                device_scale_factor=2, is_mobile=True)
    try:
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
        for c in (context, phone):
            c.route("**/*", same_site_only)
        page = context.new_page()
        page.set_default_timeout(20_000)
        _researcher_flow(page, server)
        _narrow_screen(phone.new_page(), server)
    finally:
        context.close()
        phone.close()
    assert elsewhere == [], f"pages asked for other sites: {elsewhere[:5]}"


def _researcher_flow(page, server):
    # 1. The home page: a labelled search box; type a query.
    page.goto(server + "/")
    assert page.locator("html").get_attribute("lang") == "zh"
    box = page.get_by_label("搜索 Search")
    assert box.get_attribute("name") == "q"
    page.screenshot(path=str(SHOTS / "10-home.png"), full_page=True)
    box.fill(QUERY)
    box.press("Enter")
    page.wait_for_url(re.compile(r"/-/search\?q="))
    total = int(page.locator("[data-total]").get_attribute("data-total"))
    assert total >= 2
    marks = page.locator(".zh-snippet mark").all_text_contents()
    assert marks and set(marks) == {QUERY}
    bars = page.locator("svg.zh-bars [data-count]")
    assert bars.count() >= 1
    assert sum(int(n) for n in bars.evaluate_all("gs => gs.map(g => g.dataset.count)")) == total
    assert page.locator("svg.zh-bars rect").first.bounding_box()["height"] > 0
    page.screenshot(path=str(SHOTS / "11-results.png"), full_page=True)
    results_url = page.url

    # 2. Open the first hit: its article, the hit paragraph highlighted and in view.
    first = page.locator("a.zh-hit-title").first
    href = first.get_attribute("href")
    hit_id = href.rsplit("#", 1)[1]
    first.click()
    page.wait_for_url(re.compile(r"/-/article/\d+"))
    paragraph = page.locator(f"#{hit_id}")
    assert QUERY in paragraph.locator("mark").all_text_contents()
    page.wait_for_function("""id => { const r = document.getElementById(id).getBoundingClientRect();
                                      return r.top >= 0 && r.bottom <= window.innerHeight; }""", arg=hit_id)
    assert page.evaluate("window.scrollY") > 0 or paragraph.bounding_box()["y"] < 900
    page.screenshot(path=str(SHOTS / "12-article.png"))
    page.bring_to_front()  # the clipboard answers the focused page only
    page.locator("button.zh-copy").click()
    page.wait_for_function("document.querySelector('button.zh-copy').textContent.includes('已复制')")
    assert page.locator("#citation").input_value().endswith(page.url.split("?")[0].split("#")[0])

    # 3. Back to the results; narrow to a city.
    page.goto(results_url)
    page.locator("#facet-city a", has_text=CITY).first.click()
    page.wait_for_url(re.compile(r"city="))
    narrowed = int(page.locator("[data-total]").get_attribute("data-total"))
    assert 0 < narrowed < total
    assert all(CITY in m for m in page.locator(".zh-hit .zh-meta").all_text_contents())
    assert page.locator("#q").input_value() == QUERY
    page.screenshot(path=str(SHOTS / "13-city.png"), full_page=True)

    # 4. The map of the whole search: a marker per city, drawn with no tiles.
    page.goto(results_url)
    page.get_by_role("link", name="地图 map").click()
    page.wait_for_url(re.compile(r"/-/map\?"))
    markers = page.locator(".zh-markers circle")
    assert markers.count() >= 2
    assert page.locator(".zh-towns circle").count() > 300
    counts = page.locator("tr[data-count]").evaluate_all("rows => rows.map(r => +r.dataset.count)")
    assert sum(counts) == total
    page.screenshot(path=str(SHOTS / "14-map.png"), full_page=True)


def _narrow_screen(page, server):
    """At 375 px nothing is wider than the screen."""
    quoted = urllib.parse.quote(QUERY)
    for path, shot in ((f"/-/search?q={quoted}", "15-results-375.png"), ("/", "16-home-375.png"),
                       (f"/-/article/1?q={quoted}", "17-article-375.png"), (f"/-/map?q={quoted}", "18-map-375.png"),
                       (f"/-/trend?q={quoted}&by=province", "19-trend-375.png")):
        page.goto(server + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        page.screenshot(path=str(SHOTS / shot), full_page=True)
