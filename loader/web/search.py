"""The search box of an archive: Chinese search in ?_search=, the canned
queries and raw SQL, a 400 with a plain message for a search that cannot mean
anything, and highlights on the reader's original text.

Only for archives this loader built (scope.py): any other database served
beside one behaves as in plain Datasette.
"""
import asyncio
import contextvars
import threading
import urllib.parse

from datasette.utils import tilde_decode
from datasette.utils.asgi import Response
from markupsafe import Markup

from ..store import search
from ..store.schema import PARAGRAPHS, is_archive
from ..text.normalize import normalize
from ..text.query import SAFE_MARKUP, QueryError, highlight, parse
from .archive import Q_PATHS
from .scope import is_archive_database

# The query arguments of a request to an archive; None for other databases.
_request_args = contextvars.ContextVar("request_args", default=None)


def register_functions(conn):
    """The SQL functions of every connection: the search SQL's, and for raw SQL
    zh_normalize and zh_highlight. On an archive, escape_fts too, so the
    search box, ?_search= and ?_search_text= use the shared segmenter; other
    databases keep Datasette's."""
    search.register_functions(conn)
    if is_archive(conn):
        conn.create_function("escape_fts", 1, search.function("zh_match"), deterministic=True)
    conn.create_function("zh_normalize", 1, search.or_null(normalize), deterministic=True)
    conn.create_function("zh_highlight", 2, search.or_null(highlight), deterministic=True)


def _search_queries(path: str, args: dict) -> list:
    """The user's search texts in this request that we answer: every ?_search
    and ?_search_column, or q of the search canned query."""
    searches = [v for k, v in args.items() if k.startswith("_search") and k != "_searchmode"]
    if searches:
        return [] if args.get("_searchmode") == "raw" else searches
    if path.rstrip("/").split(".")[0].endswith(Q_PATHS) and "q" in args:
        return [args["q"]]
    return []


async def open_on_every_sql_thread(datasette, db):
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


def checked_searches(datasette):
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


def render_cell(value, column, table):
    args = _request_args.get()
    if not isinstance(value, str) or args is None:
        return None
    if table == PARAGRAPHS and column == "text":
        query = next(iter(_search_queries("", args)), None)
        if query:
            return Markup(highlight(value, query))
    if column in ("snippet", "highlighted") and SAFE_MARKUP.fullmatch(value):
        # Only text that is fully escaped but for <mark> tags is shown as HTML.
        return Markup(value)
    return None
