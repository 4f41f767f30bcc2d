"""Fuzz the search entry points and every route and parameter of the plugin: whatever a user
types, the answer is a 200, a 400 with a message or a 404, never a 500.

Thousands of generated query strings (CJK, ASCII, FTS5 syntax fragments, emoji, control
characters, full-width forms, very long strings, invalid UTF-8 in the URL) go through
?_search= on the paragraphs table and through the `search` canned query. None may give a
500, and a 400 must carry the plugin's plain message, never an SQLite error. A sample also
goes through the HTML views, where every highlight must stay escaped but for <mark> tags.
"""
import random
import re
import sqlite3
import string
import urllib.parse

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loader.store.build import build
from loader.text.query import MAX_QUERY_CHARS, MAX_TERMS

from .conftest import random_substrings

MIN_QUERIES = 2000
BATCH = 10  # query strings per Hypothesis example
EXAMPLES = 205  # 2,050 query strings, each sent to both JSON endpoints
HTML_EVERY = 16  # every 16th query string also goes through both HTML views
FACETS_EVERY = 8  # every 8th with facets and counts (their SQL runs the MATCH too); they cost 3x

SYNTAX = [
    '"', '""', '" "', '"公安', '公安"', "*", "公*", "* 公", "(", ")", "()", "(公安)", "NEAR", "NEAR(",
    "NEAR(公安 民警)", "NEAR(a b, 2)", "AND", "OR", "NOT", "and", "or", "not", "-", "--", "- -", "-公安",
    "-\"公安\"", "^", "^公安", ":", "text:", "text:公安", "paragraphs_fts:公", "{", "}", "{text}: 公",
    "{text city}:", "+", ",", "'", "''", "\\", "%", "_", "&", ";", "/*", "*/", "<", ">", "<mark>",
    "</mark>", "<script>", "&lt;", "&amp;", "#", "?", "=", "&_search=", "\ue003", "\"\ue003\"",
    "OR OR", "AND AND", "公安 OR", "OR 公安", "公安 OR -民警", "-公安 OR 民警", "NOT 公安", "公安 NOT",
]
CONTROL_EXTRA = ["\x00", "\x7f", "\u200b", "\u200c", "\u200d", "\u200e", "\u202e", "\u2028", "\u2029",
                 "\ufeff", "\ufffd", "\uffff", "\ue000", "\U000f0000", "\u0300", "\u034f", "\u180e"]
EMOJI_EXTRA = ["👨‍👩‍👧", "🇨🇳", "❤️", "🏳️‍🌈", "👍🏽", "\ufe0f", "\u20e3", "1️⃣", "🀄", "㊙️"]
FULLWIDTH_EXTRA = list("　。，、；：？！“”‘’（）《》【】〔〕…—～·＂＊（）－＾：｛｝")
TRADITIONAL = ["國", "警察", "公安機關", "楓橋經驗", "濮陽", "派出所", "鄉鎮", "平安建設"]
SEPARATORS = ["", "", " ", " ", " ", "\u3000", "\t", "\n", "\r\n", "  "]
BAD_UTF8 = ["%FF", "%FE", "%C0%AF", "%ED%A0%80", "%E5%85", "%80", "%F4%90%80%80", "%00"]


def q(text):
    return urllib.parse.quote(text, safe="")


# httpx, Datasette's test client, refuses a URL over 65,536 characters before
# it is sent: 6,000 emoji encode to 72,000.
SENDABLE_QUERY = 60_000


def _sendable(text):
    """text cut, if need be, to what the test client can put in a URL."""
    while len(q(text)) > SENDABLE_QUERY:
        text = text[: len(text) * 9 // 10]
    return text


@pytest.fixture(scope="module")
def vocabulary(seed_db):
    """Substrings of the seed paragraphs (1–6 characters), so that many queries match."""
    rng = random.Random(20261122)
    texts = ["".join(t.split()) for (t,) in sqlite3.connect(seed_db).execute("select text from paragraphs")]
    return random_substrings(texts, 400, 6, rng) + TRADITIONAL


def queries(vocabulary):
    """(URL-encoded query, the query as text) pairs."""
    cjk = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
    rare_cjk = st.characters(min_codepoint=0x3400, max_codepoint=0x4DBF) | st.characters(
        min_codepoint=0x20000, max_codepoint=0x2A6DF)
    fullwidth = st.characters(min_codepoint=0xFF01, max_codepoint=0xFF5E) | st.sampled_from(FULLWIDTH_EXTRA)
    emoji = st.characters(min_codepoint=0x1F300, max_codepoint=0x1FAFF) | st.sampled_from(EMOJI_EXTRA)
    control = (st.characters(max_codepoint=0x1F) | st.characters(min_codepoint=0x7F, max_codepoint=0x9F)
               | st.sampled_from(CONTROL_EXTRA))
    anything = st.characters(blacklist_categories=("Cs",))  # surrogates cannot be sent as UTF-8
    fragment = st.one_of(
        st.sampled_from(vocabulary),
        st.sampled_from(vocabulary),
        st.sampled_from(SYNTAX),
        st.text(cjk, min_size=1, max_size=8),
        st.text(rare_cjk, min_size=1, max_size=3),
        st.text(string.printable, min_size=1, max_size=10),
        st.text(string.ascii_letters + string.digits, min_size=1, max_size=8),
        st.text(fullwidth, min_size=1, max_size=6),
        st.lists(emoji, min_size=1, max_size=4).map("".join),
        st.text(control, min_size=1, max_size=4),
        st.text(anything, min_size=1, max_size=8),
    )
    phrase = st.lists(st.tuples(fragment, st.sampled_from(SEPARATORS)), min_size=1, max_size=8).map(
        lambda parts: "".join(f + s for f, s in parts))
    long_text = st.tuples(fragment, st.integers(100, 6000)).map(
        lambda t: _sendable((t[0] * (t[1] // max(1, len(t[0])) + 1))[:t[1]]))
    near_limit = st.tuples(st.sampled_from(["公", "a", " ", "公 ", "🙂", "\u3000"]),
                           st.integers(MAX_QUERY_CHARS - 3, MAX_QUERY_CHARS + 3)).map(lambda t: (t[0] * t[1])[:t[1]])
    many_terms = st.lists(st.sampled_from(vocabulary), min_size=MAX_TERMS - 2, max_size=MAX_TERMS + 8).map(" ".join)
    text = st.one_of(phrase, phrase, phrase, phrase, phrase, phrase, long_text, near_limit, many_terms)
    bad_bytes = st.sampled_from([""] * 15 + BAD_UTF8)
    return st.tuples(text, bad_bytes).map(lambda t: (q(t[0]) + t[1], t[0] + t[1]))


def check_json(response, path):
    __tracebackhide__ = True
    assert response.status_code in (200, 400), f"HTTP {response.status_code} for {path}\n{response.text[:800]}"
    data = response.json()
    if response.status_code == 200:
        assert isinstance(data["rows"], list), path
        return
    error = data.get("error")
    assert isinstance(error, str) and error.strip(), f"400 without a message for {path}: {data}"
    # A bad search is answered by the plugin before SQLite sees it, never with an SQL error.
    assert data.get("title") != "Invalid SQL" and "user-defined function" not in error, \
        f"SQL error instead of a plain message for {path}: {error}"


TEXT_CELL = re.compile(r'<td class="col-(?:text|snippet)\b[^"]*"[^>]*>(.*?)</td>', re.S)
MARK = re.compile(r"</?mark>")


def check_html(response, path):
    """Every text or snippet cell is escaped text but for <mark> tags; returns the number of marks."""
    __tracebackhide__ = True
    assert response.status_code in (200, 400), f"HTTP {response.status_code} for {path}\n{response.text[:800]}"
    marks = 0
    if response.status_code == 200:
        for cell in TEXT_CELL.findall(response.text):
            bare = MARK.sub("", cell)
            assert "<" not in bare and ">" not in bare, f"unescaped markup in a cell for {path}: {cell[:300]}"
            opened, closed = cell.count("<mark>"), cell.count("</mark>")
            assert opened == closed, f"unbalanced <mark> for {path}: {cell[:300]}"
            assert "<mark></mark>" not in cell, f"empty <mark> for {path}: {cell[:300]}"
            marks += opened
    return marks


def test_fuzz_search_never_500(get, vocabulary):
    sent = {"queries": 0, "requests": 0, "400": 0, "200": 0}

    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(st.lists(queries(vocabulary), min_size=BATCH, max_size=BATCH))
    def run(batch):
        for encoded, _ in batch:
            n = sent["queries"]
            sent["queries"] += 1
            facets = "" if n % FACETS_EVERY == 1 else "&_nofacet=1&_nocount=1"
            paths = [f"/news/paragraphs.json?_search={encoded}{facets}", f"/news/search.json?q={encoded}"]
            for path in paths:
                response = get(path)
                check_json(response, path)
                sent[str(response.status_code)] += 1
            if n % HTML_EVERY == 0:
                paths += [f"/news/paragraphs?_search={encoded}", f"/news/search?q={encoded}"]
                for path in paths[2:]:
                    check_html(get(path), path)
            sent["requests"] += len(paths)

    run()
    print(f"\nfuzz: {sent['queries']} query strings, {sent['requests']} requests, "
          f"{sent['200']} JSON 200s, {sent['400']} JSON 400s")
    assert sent["queries"] >= MIN_QUERIES, sent
    assert sent["200"] > 0 and sent["400"] > 0, sent  # both outcomes were exercised


EDGE_CASES = [
    "", " ", "\u3000", "\x00", "-", "--", '"', '""', "OR", "AND", "NOT", "*", "^", ":", "{}", "()",
    "-公安", "公安 -", "公安 OR", "OR 公安", "公安 OR OR 民警", '"公安', 'NEAR(公安 民警)', "text:公安",
    "公" * MAX_QUERY_CHARS, "公" * (MAX_QUERY_CHARS + 1), " ".join(["公安"] * (MAX_TERMS + 1)),
    "🙂", "👨‍👩‍👧", "ＡＢＣ", "１２３", "楓橋經驗", "\ue003", "\ufeff公安", "公\u200b安", "<mark>", "&amp;",
]


@pytest.mark.parametrize("query", EDGE_CASES, ids=range(len(EDGE_CASES)))
def test_edge_cases(get, query):
    for path in (f"/news/paragraphs.json?_search={q(query)}", f"/news/search.json?q={q(query)}",
                 f"/news/article.json?id={q(query)}"):
        check_json(get(path), path)
    for path in (f"/news/paragraphs?_search={q(query)}", f"/news/search?q={q(query)}"):
        check_html(get(path), path)


@pytest.mark.parametrize("raw", BAD_UTF8 + ["%E5%85%AC%FF", "%%", "%G0", "%"])
def test_invalid_url_encoding(get, raw):
    for path in (f"/news/paragraphs.json?_search={raw}", f"/news/search.json?q={raw}"):
        check_json(get(path), path)


HOSTILE = """危险标记测试——公安<script>alert("x")</script>民警

本报讯 公安机关在<b>濮阳</b>开展专项行动，a < b && c > d，民警说：“<mark>伪造</mark>的高亮不算数”。

市公安局发布&lt;已转义&gt;的通知，公安<img src=x onerror=alert(1)>民警到场，'单引号' "双引号" 与 </td></tr><tr><td> 表格注入。
"""


@pytest.fixture(scope="module")
def hostile_get(tmp_path_factory, serve):
    """A news database whose text holds markup, for the escaping checks."""
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "src").mkdir()
    (folder / "src" / "h1.txt").write_text(HOSTILE, encoding="utf-8")
    build(folder / "news.db", [folder / "src"], jobs=1, warn=lambda m: None)
    return serve(folder / "news.db").get


@pytest.mark.parametrize("query", ["公安", "民警", "濮阳", "script", "mark", "伪造", "alert", "img", "td",
                                   "b", "lt", "amp", "&", "<", "公安 OR 民警", '"公安 机关"', "公安 -伪造"])
def test_highlights_stay_escaped(hostile_get, get, query):
    """Data markup shows as text; the only live tags in text and snippet cells are <mark>."""
    marks = 0
    for fetch in (hostile_get, get):
        for path in (f"/news/paragraphs?_search={q(query)}", f"/news/search?q={q(query)}"):
            response = fetch(path)
            marks += check_html(response, path)
            assert "<script>alert" not in response.text and "<img src=x" not in response.text, path
    if query in ("公安", "民警", "script", "伪造", "公安 OR 民警"):
        assert marks > 0, f"no highlight for {query!r}: the check above proved nothing"


def test_hostile_text_is_shown_as_text(hostile_get):
    html = hostile_get(f"/news/paragraphs?_search={q('公安')}").text
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "&lt;mark&gt;伪造&lt;/mark&gt;" in html  # a <mark> in the data is not a highlight
    assert "&amp;lt;已转义&amp;gt;" in html


def test_repeated_search_parameter_gets_a_plain_message(get):
    for path in (f"/news/paragraphs.json?_search={q(chr(34))}&_search={q('公安')}",
                 f"/news/search.json?q={q(chr(34))}&q={q('公安')}",
                 f"/news/paragraphs.json?_search_text={q('公安')}&_search={q(chr(34))}"):
        check_json(get(path), path)


# Every route the plugin adds, with every parameter it reads, and each canned query with its own.
PAGES = {
    "/": (),
    "/-/search": ("q", "city", "province", "year", "kind", "page", "by"),
    "/-/trend": ("q", "city", "province", "year", "kind", "by"),
    "/-/map": ("q", "city", "province", "year", "kind"),
    "/-/article/1": ("q",),
}
CANNED = {name: ("q", "city", "province", "kind", "date_from", "date_to") for name in ("search", "trend", "map")}
CANNED.update(feed=CANNED["search"], article=("id",))
HOSTILE_VALUES = [
    "<script>alert(1)</script>", "\"'><img src=x onerror=alert(1)>", "' OR 1=1 --", "1; drop table paragraphs",
    "-1", "0", "99999999999999999999999", "1e9", "NaN", "", " ", "\x00", "%", "公" * 6000, "濮阳", "河南",
    "河南省", "2021", "2021-13", "body", "province", "🙂", "%FF",
]


def test_every_route_and_parameter_answers_hostile_values_plainly(get):
    checked = 0
    for path, parameters in [*PAGES.items(), *((f"/news/{name}{extension}", parameters)
                                               for name, parameters in CANNED.items()
                                               for extension in ("", ".json", ".csv"))]:
        for parameter in parameters:
            for value in HOSTILE_VALUES:
                others = "" if parameter == "q" or "q" not in parameters else "&q=" + q("公安")
                url = f"{path}?{parameter}={value if value == '%FF' else q(value)}{others}"
                response = get(url)
                checked += 1
                assert response.status_code in (200, 302, 400, 404), f"HTTP {response.status_code} for {url}"
                if "text/html" in response.headers.get("content-type", ""):
                    assert "<script>alert" not in response.text and "<img src=x" not in response.text, url
                if path.endswith(".json"):
                    check_json(response, url)
    assert get("/-/article/99999999999999999999999").status_code == 404
    assert get("/news/feed.atom?q=" + q("<script>")).status_code == 200
    assert checked > 1000, checked
