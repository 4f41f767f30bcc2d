"""The Datasette plugin of the archive (entry point `zh-news`).

For every database this loader built, whatever its file is called, and for
no other: its metadata, facets and canned queries (archive.py), Chinese
search in the search box, ?_search=, the canned queries and raw SQL
(search.py), facets counted in memory (facets.py), and the researcher's
pages: home, results, an article in context, trend, map (pages.py) and Atom
feeds (feed.py).

templates/ and static/ ship with the package, and Datasette serves them as
this plugin's (static files at /-/static-plugins/zh-news/). Every page works
with no internet connection: nothing is loaded from elsewhere.
"""
from datasette import hookimpl
from datasette.facets import ColumnFacet

from . import archive, facets, feed, hits, pages, places, search
from .scope import has_lists_file, is_archive_database, is_archive_file


@hookimpl(trylast=True)
def prepare_connection(conn):
    # trylast: registered after Datasette's own escape_fts, so ours wins on an archive.
    search.register_functions(conn)
    conn.create_function("zh_latitude", 2, places.latitude, deterministic=True)
    conn.create_function("zh_longitude", 2, places.longitude, deterministic=True)


@hookimpl
def get_metadata(datasette, key, database, table):
    archives = [name for name, db in datasette.databases.items() if is_archive_file(db)]
    return archive.metadata(archives, archive.config(datasette))


@hookimpl
def canned_queries(datasette, database):
    db = datasette.databases.get(database)
    if db is None or not is_archive_file(db):
        return None
    queries = {name: dict(query) for name, query in archive.QUERIES.items()}
    if not has_lists_file(db):
        queries["search"]["sql"] = archive.search_sql(lists=False)
    return queries


@hookimpl(hookwrapper=True)
def register_facet_classes():
    outcome = yield
    outcome.force_result([[facets.MemoryColumnFacet if c is ColumnFacet else c for c in classes]
                          for classes in outcome.get_result()])


@hookimpl
def startup(datasette):
    async def open_files_and_load_what_pages_count():
        # Now rather than on the first search, which would wait for it.
        for db in datasette.databases.values():
            if db.is_memory or not await is_archive_database(db):
                continue
            if not db.is_mutable:
                await search.open_on_every_sql_thread(datasette, db)
            await hits.load(db)
    return open_files_and_load_what_pages_count


@hookimpl
def asgi_wrapper(datasette):
    return search.checked_searches(datasette)


@hookimpl
def render_cell(value, column, table):
    return search.render_cell(value, column, table)


@hookimpl
def register_routes():
    return [
        (r"^/$", pages.home),
        (r"^/-/search$", pages.search),
        (r"^/-/article/(?P<id>\d+)$", pages.article),
        (r"^/-/map$", pages.map_page),
        (r"^/-/trend$", pages.trend),
    ]


@hookimpl
def register_output_renderer():
    return {"extension": "atom", "render": feed.render, "can_render": feed.can_render}
