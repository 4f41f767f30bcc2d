"""The researcher's pages, as Datasette routes: home, search results, an
article in context, trend and map. Each renders a template of this package."""
import functools
import math
import urllib.parse
import weakref
from pathlib import Path

from datasette.utils.asgi import Request, Response
from datasette.views.index import IndexView
from markupsafe import Markup, escape

from ..store.schema import ARTICLES, PARAGRAPHS
from ..text.query import MAX_QUERY_CHARS, QueryError, highlight
from . import archive as declared, hits, places
from .scope import is_archive_database

SYNTAX = ("空格分隔的词须同时出现 (AND)；\"引号\" 内为整句；A OR B 任一；-词 排除。"
          " Spaces mean AND; \"quotes\" keep a phrase; OR for either; -term excludes.")
MAX_PAGE = 10_000
MAX_ID = 2 ** 63 - 1  # SQLite's largest integer: a longer id in a URL names no row
FACET_SIZE = 12
_stats = weakref.WeakKeyDictionary()  # immutable Database -> its counts for the home page


@functools.lru_cache(maxsize=1)
def _plugin_name() -> str:
    """The name Datasette serves this package's static/ under (its distribution's name when installed)."""
    from datasette.plugins import get_plugins

    here = Path(__file__).with_name("static").resolve()
    for plugin in get_plugins():
        if plugin["static_path"] and Path(plugin["static_path"]).resolve() == here:
            return plugin["name"]
    return __package__


async def archive(datasette):
    """The database these pages show: the plugin's `database` setting, else the first archive served."""
    wanted = declared.config(datasette)["database"]
    for name, db in datasette.databases.items():
        if (wanted is None or name == wanted) and not db.is_memory and await is_archive_database(db):
            return db
    return None


def url(path, **params) -> str:
    """path?params, leaving out empty ones."""
    query = urllib.parse.urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return path + ("?" + query if query else "")


async def _page(datasette, request, template, context, status=200):
    db = context.get("db")
    context = {
        "static": lambda path: datasette.urls.static_plugins(_plugin_name(), path),
        "site_title": datasette.metadata("title") or "Datasette",
        "database": db.name if db else None,
        "syntax": SYNTAX,
        "max_query_chars": MAX_QUERY_CHARS,
        **context,
    }
    html = await datasette.render_template(template, context, request=request, view_name="zh_news")
    return Response.html(html, status=status)


async def _message(datasette, request, message, status=400, q=""):
    """A plain page saying what is wrong: never a traceback."""
    return await _page(datasette, request, "zh_news_message.html",
                       {"message": message, "q": q, "status": status}, status=status)


async def _archive_or_404(datasette, request):
    db = await archive(datasette)
    if db is None:
        return None, await _message(datasette, request, "No database with paragraphs and articles is served here.", 404)
    return db, None


async def home(datasette, request, send):
    db = await archive(datasette)
    if db is None:  # no archive served: Datasette's own index page, as without this plugin
        scope = dict(request.scope, url_route={"kwargs": {"format": None}})
        return await IndexView.as_view(datasette)(Request(scope, request.receive), send)
    stats = _stats.get(db)
    if stats is None:
        row = (await db.execute(
            f"select (select count(*) from {ARTICLES}), (select count(*) from {PARAGRAPHS}), "
            f"(select count(distinct city) from {ARTICLES}), (select count(distinct province) from {ARTICLES}), "
            f"(select min(date) from {ARTICLES}), (select max(date) from {ARTICLES})")).first()
        stats = dict(zip(("articles", "paragraphs", "cities", "provinces", "first", "last"), row))
        if not db.is_mutable:
            _stats[db] = stats
    return await _page(datasette, request, "zh_news_home.html", {
        "db": db, "stats": stats,
        "examples": [(e, url("/-/search", q=e)) for e in declared.config(datasette)["examples"]],
        "description": datasette.metadata("description_html"),
    })


def _query_args(request):
    """(q, filters, page) of a search request; ValueError with a message for the reader."""
    q = request.args.get("q") or ""
    filters = hits.clean_filters(request.args)
    page = request.args.get("page") or "1"
    if not page.isdigit() or not 1 <= int(page) <= MAX_PAGE:
        raise ValueError(f"page must be a number from 1 to {MAX_PAGE}, not {page[:20]!r}")
    return q, filters, int(page)


async def _find(datasette, request, db, with_rows=True, with_articles=False):
    """(found, None), or (None, a 400 page) for a query or parameter that cannot be answered."""
    try:
        q, filters, page = _query_args(request)
        if not q.strip():
            raise QueryError("Type a word or phrase to search for.")
        settings = declared.config(datasette)
        found = await hits.find(datasette, db, q, filters, page, page_size=settings["page_size"],
                                with_rows=with_rows, with_articles=with_articles)
    except (QueryError, ValueError) as error:
        return None, await _message(datasette, request, str(error), 400, q=request.args.get("q") or "")
    except hits.TooSlow:
        return None, await _message(datasette, request, "This search took too long; add a term or narrow it "
                                    "by place or year.", 400, q=request.args.get("q") or "")
    return found, None


async def search(datasette, request):
    db, error = await _archive_or_404(datasette, request)
    if error:
        return error
    if "q" not in request.args:
        return Response.redirect("/")
    found, error = await _find(datasette, request, db)
    if error:
        return error
    q, filters = found.query, found.filters
    here = {"q": q, **filters}
    facets = []
    for column in hits.FILTERS:
        values = found.facet(column)
        facets.append({
            "column": column,
            "selected": filters.get(column),
            "remove": url("/-/search", **{k: v for k, v in here.items() if k != column}),
            "values": [(value, n, url("/-/search", **{**here, column: value})) for value, n in values[:FACET_SIZE]
                       if value is not None],
            "more": max(0, len([v for v, _ in values if v is not None]) - FACET_SIZE),
        })
    pages = max(1, math.ceil(found.total / found.page_size))
    by_province = request.args.get("by") == "province"
    return await _page(datasette, request, "zh_news_search.html", {
        "db": db, "q": q, "found": found, "filters": filters, "facets": facets,
        "page": found.page, "pages": pages,
        "page_url": lambda n: url("/-/search", **here, page=n if n > 1 else None,
                                  by="province" if by_province else None),
        "article_url": lambda row: url(f"/-/article/{row['article_id']}", q=q) + f"#p-{row['id']}",
        "clear_url": url("/-/search", q=q),
        **_chart_context("/-/search", found, by_province),
        "links": _links(db, found),
    })


def _links(db, found) -> dict:
    """The same search elsewhere: ranked and whole as JSON and CSV, per year, on the map, as a feed."""
    q, filters = found.query, found.filters
    here = {"q": q, **filters}
    # The ranked search and the table both take these filters; a year is a date range there.
    ranked = {"q": q, "city": filters.get("city"), "province": filters.get("province"), "kind": filters.get("kind"),
              "date_from": filters.get("year"), "date_to": filters.get("year")}
    table = {"_search": q, **filters}
    place = {"q": q, "city": filters.get("city"), "province": filters.get("province")}
    base = f"/{db.name}"
    return {
        "results": url("/-/search", **here),
        "ranked_json": url(f"{base}/search.json", **ranked, _shape="array"),
        "ranked_csv": url(f"{base}/search.csv", **ranked),
        "all_json": url(f"{base}/{PARAGRAPHS}.json", **table, _shape="array"),
        "all_csv": url(f"{base}/{PARAGRAPHS}.csv", **table, _stream="on", _size="max"),
        "trend": url("/-/trend", **here),
        "trend_json": url(f"{base}/trend.json", **place, _shape="array"),
        "trend_csv": url(f"{base}/trend.csv", **place),
        "map": url("/-/map", **here),
        "map_json": url(f"{base}/map.json", q=q, _shape="array"),
        "feed": url(f"{base}/feed.atom", **place),
    }


def _chart_context(path, found, by_province) -> dict:
    here = {"q": found.query, **found.filters}
    return {"chart": _chart(found, by_province, here), "by_province": by_province,
            "by_url": url(path, **here, by=None if by_province else "province")}


async def trend(datasette, request):
    db, error = await _archive_or_404(datasette, request)
    if error:
        return error
    found, error = await _find(datasette, request, db, with_rows=False, with_articles=True)
    if error:
        return error
    per_year = found.by("year")
    years = sorted(per_year, key=lambda y: (y is None, y))
    return await _page(datasette, request, "zh_news_trend.html", {
        "db": db, "q": found.query, "found": found, "filters": found.filters,
        "table": [(y, per_year[y], found.articles_by_year.get(y, 0)) for y in years],
        **_chart_context("/-/trend", found, request.args.get("by") == "province"),
        "links": _links(db, found),
    })


def _chart(found, by_province, here) -> dict:
    """Bars for hits per year (every year between the first and last), and,
    by province, one row of bars per province with the most hits."""
    per_year = found.by("year")
    years = sorted(y for y in per_year if y is not None)
    if years:
        years = list(range(years[0], years[-1] + 1))
    unknown = per_year.get(None, 0)
    highest = max([per_year.get(y, 0) for y in years] + [unknown, 1])
    chart = {"years": [(y, per_year.get(y, 0)) for y in years], "unknown": unknown, "highest": highest,
             "provinces": []}
    if by_province:
        cells = found.by("year", "province")
        totals = found.by("province")
        for province, total in sorted(totals.items(), key=lambda i: (i[0] is None, -i[1], str(i[0])))[:12]:
            row = [(y, cells.get((y, province), 0)) for y in years]
            chart["provinces"].append({"name": province, "total": total, "years": row,
                                       "url": url("/-/search", **{**here, "province": province}),
                                       "highest": max([n for _, n in row] + [1])})
    return chart


async def article(datasette, request):
    db, error = await _archive_or_404(datasette, request)
    if error:
        return error
    article_id = int(request.url_vars["id"])
    if article_id > MAX_ID:
        return await _message(datasette, request, f"There is no article {article_id}.", 404)
    q = (request.args.get("q") or "")[:MAX_QUERY_CHARS]
    found = (await db.execute(
        "select id, title, city, province, district, date, date_precision, year, city_source, date_source, "
        "city_confidence, date_confidence, source_file, article_no, source, url, "
        f"(select max(id) from {ARTICLES} where id < :id) as previous_id, "
        f"(select min(id) from {ARTICLES} where id > :id) as next_id from {ARTICLES} where id = :id",
        {"id": article_id})).first()
    if found is None:
        return await _message(datasette, request, f"There is no article {article_id}.", 404)
    meta = dict(found)
    neighbours = {row["id"]: row["title"] for row in await db.execute(
        f"select id, title from {ARTICLES} where id in (?, ?)", [meta["previous_id"], meta["next_id"]])}
    paragraphs = []
    for row in await db.execute(f"select id, seq, kind, text from {PARAGRAPHS} where article_id = ? order by seq",
                                [article_id]):
        # highlight() escapes the text and adds <mark> only.
        html = Markup(highlight(row["text"], q)) if q.strip() else escape(row["text"])
        paragraphs.append({**dict(row), "html": html, "hit": "<mark>" in html})
    path = f"/-/article/{article_id}"
    stable = datasette.absolute_url(request, path)
    place = " ".join(filter(None, (meta["province"], meta["city"], meta["district"])))
    # The article's own URL, where its file gave one, is what a citation points to.
    citation = "，".join(filter(None, (f"《{meta['title']}》" if meta["title"] else None, meta["source"], place,
                                       meta["date"]))) + f"。{meta['url'] or stable}"
    return await _page(datasette, request, "zh_news_article.html", {
        "db": db, "q": q, "article": meta, "paragraphs": paragraphs, "stable": stable, "citation": citation,
        "hits": sum(p["hit"] for p in paragraphs),
        "previous": meta["previous_id"] and {"url": url(f"/-/article/{meta['previous_id']}", q=q),
                                             "title": neighbours.get(meta["previous_id"])},
        "next": meta["next_id"] and {"url": url(f"/-/article/{meta['next_id']}", q=q),
                                     "title": neighbours.get(meta["next_id"])},
        "row_url": f"/{db.name}/{ARTICLES}/{article_id}",
        "search_url": url("/-/search", q=q) if q.strip() else None,
    })


# The map: longitude and latitude as x and y, squeezed by the cosine of China's middle latitude.
WEST, EAST, NORTH, SOUTH, SCALE = 73.0, 135.5, 53.8, 17.5, 9.0
X_SCALE = SCALE * math.cos(math.radians(35))


def _project(latitude, longitude):
    return round((longitude - WEST) * X_SCALE, 1), round((NORTH - latitude) * SCALE, 1)


async def map_page(datasette, request):
    db, error = await _archive_or_404(datasette, request)
    if error:
        return error
    found, error = await _find(datasette, request, db, with_rows=False)
    if error:
        return error
    q, filters = found.query, found.filters
    here = {"q": q, **filters}
    cities, unplaced = [], 0
    # Most hits first, then by name: the same page whichever way the hits were counted.
    by_count = sorted(found.by("province", "city").items(), key=lambda i: (-i[1], [(v is None, str(v)) for v in i[0]]))
    for (province, city), n in by_count:
        point = places.locate(city, province)
        if point is None:
            unplaced += n
        cities.append({"city": city, "province": province, "n": n, "point": point and _project(*point),
                       "url": url("/-/search", **{**here, "city": city, "province": province}) if city else None})
    highest = max([c["n"] for c in cities] + [1])
    for c in cities:
        c["r"] = round(2.5 + 12 * math.sqrt(c["n"] / highest), 1)
    # Every prefecture-level city, as faint dots: the outline of the country, drawn with no tiles.
    towns = sorted({_project(*point) for key, point in places.coordinates().items() if isinstance(key, tuple)})
    return await _page(datasette, request, "zh_news_map.html", {
        "db": db, "q": q, "found": found, "filters": filters, "cities": cities, "unplaced": unplaced,
        "towns": towns, "labelled": {c["city"] for c in cities[:10] if c["point"]},
        "width": round((EAST - WEST) * X_SCALE), "height": round((NORTH - SOUTH) * SCALE),
        "links": _links(db, found),
    })
