"""Web archives (.warc, .warc.gz, as wget, Browsertrix or Heritrix write
them): every HTML response is a page (html.page), its target URI the page's
URL and its capture date the date of last resort. Other records (warcinfo,
requests, styles, images) are counted and said in one line."""
import collections
import re

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from ..decode import SkippedFile, decode
from . import Problem
from .fields import read_date
from .html import page

_HTML = re.compile(r"^\s*(?:text/html|application/xhtml\+xml)", re.IGNORECASE)


def read(path):
    skipped = collections.Counter()
    number = 0
    try:
        with open(path, "rb") as file:
            for number, record in enumerate(ArchiveIterator(file), start=1):
                where = f"record {number}"
                kind = record.rec_type
                content_type = record.http_headers.get_header("Content-Type") if record.http_headers else None
                if kind not in ("response", "resource") or not _HTML.match(content_type or ""):
                    skipped[kind if kind not in ("response", "resource") else (content_type or "no type")
                            .split(";")[0].strip()] += 1
                    continue
                body = record.content_stream().read()
                try:
                    text, _ = decode(body)
                except SkippedFile as skip:
                    yield Problem(where, str(skip))
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI")
                captured = record.rec_headers.get_header("WARC-Date")
                yield from page(text, where, url=url, fallback_date=read_date(captured) if captured else None,
                                number=number)
    except ArchiveLoadFailed as error:
        raise SkippedFile(f"not a readable WARC after record {number}: {error}") from None
    if skipped:
        what = ", ".join(f"{n} {kind}" for kind, n in sorted(skipped.items()))
        yield Problem("", f"{sum(skipped.values())} records are not HTML pages and were skipped ({what})",
                      strict=False)
