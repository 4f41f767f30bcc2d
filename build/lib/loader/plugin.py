"""Datasette plugin: Chinese search in the search box, ?_search=, canned
queries and raw SQL, with highlights on the reader's original text.

Only for archives this loader built (loader/scope.py): any other database
served beside one behaves as in plain Datasette."""
import asyncio
import contextvars
import threading
import urllib.parse

from datasette import hookimpl
from datasette.facets import ColumnFacet
from datasette.utils import tilde_decode
from datasette.utils.asgi import Response
from markupsafe import Markup

from . import facets
from .normalize import normalize
from .scope import is_archive, is_archive_database
from .search import (
    SAFE_MARKUP,
    QueryError,
    highlight,
    match_expression,
    parse,
    snippet,
    words_expression,
)

SEARCH_TABLE = facets.TABLE
# Canned queries of metadata.yml, and pages of loader/web, that take the search box's q.
Q_PATHS = ("/search", "/trend", "/map", "/feed")
# The query arguments of a request to an archive; None for other databases.
_request_args = contextvars.ContextVar("request_args", default=None)


def _function(fn):
    """SQL functions return NULL for NULL input instead of raising."""
    def wrapper(*args):
        if any(a is None for a in args[:1]):
            return None
        return fn(*args)
    return wrapper


NO_MATCH = '"\ue003"'  # a token no paragraph has


def _match(query: str) -> str:
    """An empty query matches nothing (a canned query page before the user types)."""
    return match_expression(query) if query.strip() else NO_MATCH


@hookimpl(trylast=True)
def prepare_connection(conn):
    # trylast: registered after Datasette's own escape_fts, so ours wins and
    # the search box, ?_search= and ?_search_text= of an archive use the
    # shared segmenter; other databases keep Datasette's.
    if is_archive(conn):
        conn.create_function("escape_fts", 1, _function(_match), deterministic=True)
    conn.create_function("zh_match", 1, _function(_match), deterministic=True)
    conn.create_function("zh_words", 1, _function(lambda q: words_expression(q) if q.strip() else NO_MATCH),
                         deterministic=True)
    conn.create_function("zh_normalize", 1, _function(normalize), deterministic=True)
    conn.create_function("zh_highlight", 2, _function(highlight), deterministic=True)
    conn.create_function("zh_snippet", 2, _function(snippet), deterministic=True)
    conn.create_function("zh_snippet", 3, _function(snippet), deterministic=True)


def _search_queries(path: str, args: dict) -> list:
    """The user's search texts in this request that we answer: every ?_search
    and ?_search_column, or q of the search canned query."""
    searches = [v for k, v in args.items() if k.startswith("_search") and k != "_searchmode"]
    if searches:
        return [] if args.get("_searchmode") == "raw" else searches
    if path.rstrip("/").split(".")[0].endswith(Q_PATHS) and "q" in args:
        return [args["q"]]
    return []


@hookimpl(hookwrapper=True)
def register_facet_classes():
    outcome = yield
    outcome.force_result([[facets.MemoryColumnFacet if c is ColumnFacet else c for c in classes]
                          for classes in outcome.get_result()])


@hookimpl
def startup(datasette):
    async def open_files_and_load_facet_values():
        for db in datasette.databases.values():
            if db.is_memory or not await is_archive_database(db):
                continue
            if not db.is_mutable:
                await _open_on_every_sql_thread(datasette, db)
            # Now rather than on the first search, which would wait for it.
            await facets.load(db)
    return open_files_and_load_facet_values


async def _open_on_every_sql_thread(datasette, db):
    """Datasette opens a thread's connection on that thread's first query.
    Once an update has swapped a new file in beside a running server, a
    thread that started late would read the new file while the others, and
    the facet values, read the old one; so every thread opens it now."""
    await on_every_sql_thread(datasette, db, lambda conn: conn.execute("select 1 from sqlite_master limit 1").fetchall())


async def on_every_sql_thread(datasette, db, fn) -> list:
    """fn(conn) run once on each of Datasette's SQL threads, with that thread's connection to db."""
    threads = datasette.setting("num_sql_threads") or 1
    barrier = threading.Barrier(threads)

    def held(conn):
        result = fn(conn)
        barrier.wait(timeout=30)  # keeps this thread busy, so the next call needs another
        return result

    return await asyncio.gather(*(db.execute_fn(held) for _ in range(threads)))


@hookimpl
def asgi_wrapper(datasette):
    """Answer a search that cannot mean anything with a 400 and a plain
    message, before SQLite sees it; remember the query for render_cell."""
    def wrap(app):
        async def checked(scope, receive, send):
            if scope["type"] != "http" or not await _is_archive_request(datasette, scope):
                return await app(scope, receive, send)
            args = {}
            for key, value in urllib.parse.parse_qsl(scope.get("query_string", b"").decode("utf-8", "replace"),
                                                     keep_blank_values=True):
                args.setdefault(key, value)  # Datasette reads the first of a repeated parameter
            for query in _search_queries(scope.get("path", ""), args):
                try:
                    parse(query)
                except QueryError as error:
                    response = await _error_response(datasette, scope["path"], query, str(error))
                    return await response.asgi_send(send)
            token = _request_args.set(args)
            try:
                return await app(_without_repeated_facets(datasette, scope), receive, send)
            finally:
                _request_args.reset(token)
        return checked
    return wrap


async def _is_archive_request(datasette, scope) -> bool:
    """Whether the request is for a page of an archive (/news/..., /news.json)."""
    path = scope.get("path", "")
    base_url = datasette.setting("base_url")
    if base_url != "/" and path.startswith(base_url):
        path = "/" + path[len(base_url):]
    # Datasette tilde-encodes dots in a database name, so a dot starts the format.
    name = tilde_decode(path.lstrip("/").split("/", 1)[0].split(".", 1)[0])
    db = datasette.databases.get(name)
    return db is not None and not db.is_memory and await is_archive_database(db)


def _without_repeated_facets(datasette, scope):
    """Drop ?_facet=column when metadata.yml already declares that facet:
    Datasette would compute it twice, and each is a full pass over the hits."""
    parts = scope.get("path", "").strip("/").split("/")
    if len(parts) != 2 or b"_facet=" not in scope.get("query_string", b""):
        return scope
    table = parts[1].rsplit(".", 1)[0] if parts[1].endswith((".json", ".csv")) else parts[1]
    declared = {f for f in (datasette.table_metadata(parts[0], table) or {}).get("facets", []) if isinstance(f, str)}
    pairs = urllib.parse.parse_qsl(scope["query_string"].decode("utf-8", "replace"), keep_blank_values=True)
    kept = [(k, v) for k, v in pairs if not (k == "_facet" and v in declared)]
    if len(kept) == len(pairs):
        return scope
    return dict(scope, query_string=urllib.parse.urlencode(kept).encode())


async def _error_response(datasette, path, query, message):
    if path.split("?")[0].endswith(".json"):
        return Response.json({"ok": False, "error": message, "status": 400, "query": query}, status=400)
    html = await datasette.render_template(
        "error.html", {"ok": False, "error": message, "status": 400, "title": "Search needs a term"}
    )
    return Response.html(html, status=400)


@hookimpl
def render_cell(value, column, table):
    args = _request_args.get()
    if not isinstance(value, str) or args is None:
        return None
    if table == SEARCH_TABLE and column == "text":
        query = next(iter(_search_queries("", args)), None)
        if query:
            return Markup(highlight(value, query))
    if column in ("snippet", "highlighted") and SAFE_MARKUP.fullmatch(value):
        # Only text that is fully escaped but for <mark> tags is shown as HTML.
        return Markup(value)
    return None
