"""The .atom output format, for a query with the columns datasette-atom reads:
atom_id, atom_title, atom_updated, and optionally atom_content_html and
atom_link. Paths starting with / are made absolute.

datasette-atom itself answers a query with no rows with a 500 (the
feed's updated time is the max of no rows), and strips <mark> from the
content; a search feed is empty until the term first appears."""
import datetime
from xml.sax.saxutils import escape, quoteattr

from datasette.utils.asgi import Response

from .archive import QUERIES

REQUIRED = {"atom_id", "atom_title", "atom_updated"}


def can_render(columns):
    return REQUIRED.issubset(columns)


def render(datasette, request, columns, rows, query_name, database):
    if not can_render(columns):
        return Response.text(f"The query must return the columns {', '.join(sorted(REQUIRED))}.", status=400)

    def absolute(path):
        path = str(path)
        return datasette.absolute_url(request, path) if path.startswith("/") else path

    rows = [dict(zip(columns, row)) for row in rows]
    title = (datasette.metadata("title") or "Datasette")
    query = QUERIES.get(query_name or "", {})
    search = request.args.get("q")
    title = f"{title}: {search}" if search else f"{title}: {query.get('title') or query_name or database}"
    updated = max((str(r["atom_updated"]) for r in rows), default=datetime.datetime.now(datetime.timezone.utc)
                  .strftime("%Y-%m-%dT%H:%M:%SZ"))
    self_url = absolute(request.full_path)
    lines = ['<?xml version="1.0" encoding="utf-8"?>', '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh">',
             f"<title>{escape(title)}</title>", f"<id>{escape(self_url)}</id>",
             f"<link rel=\"self\" href={quoteattr(self_url)}/>", f"<updated>{escape(updated)}</updated>",
             '<generator uri="https://datasette.io/">Datasette</generator>']
    for row in rows:
        lines += ["<entry>", f"<id>{escape(absolute(row['atom_id']))}</id>",
                  f"<title>{escape(str(row['atom_title'] or ''))}</title>",
                  f"<updated>{escape(str(row['atom_updated']))}</updated>"]
        if row.get("atom_link"):
            lines.append(f"<link href={quoteattr(absolute(row['atom_link']))}/>")
        if row.get("atom_content_html"):
            lines.append(f"<content type=\"html\">{escape(str(row['atom_content_html']))}</content>")
        lines.append("</entry>")
    lines.append("</feed>")
    return Response("\n".join(lines), content_type="application/atom+xml; charset=utf-8")
