"""Datasette plugin: the researcher's pages (home, search results with counts
by year and place, an article in context, a map) and Atom feeds.

Its templates/ and static/ ship with the package, and Datasette serves them
as this plugin's (static files at /-/static-plugins/<name>/). Every page
works with no internet connection: nothing is loaded from elsewhere.
"""
from datasette import hookimpl

from ..scope import is_archive_database
from . import feed, hits, places, views


@hookimpl
def register_routes():
    return [
        (r"^/$", views.home),
        (r"^/-/search$", views.search),
        (r"^/-/article/(?P<id>\d+)$", views.article),
        (r"^/-/map$", views.map_page),
        (r"^/-/trend$", views.trend),
    ]


@hookimpl
def startup(datasette):
    async def load_what_pages_count():
        for db in datasette.databases.values():
            if not db.is_mutable and not db.is_memory and await is_archive_database(db):
                await hits.load(db)
    return load_what_pages_count


@hookimpl
def prepare_connection(conn):
    conn.create_function("zh_latitude", 2, places.latitude, deterministic=True)
    conn.create_function("zh_longitude", 2, places.longitude, deterministic=True)


@hookimpl
def register_output_renderer():
    return {"extension": "atom", "render": feed.render, "can_render": feed.can_render}
