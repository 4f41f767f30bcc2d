"""Files other than page dumps, as a stream of records: crawler exports
(JSON Lines, JSON, CSV/TSV, Excel), saved web pages, web archives and PDFs.

read(path, fields) yields, in file order, a Record for each article and a
Problem for each record that cannot be read (the build warns, naming the
file and where in it, and goes on; --strict stops). A whole file that cannot
be read raises decode.SkippedFile. Records are read one at a time, and a
big export in parts (JSON Lines, CSV/TSV, a JSON array), each by one worker.
"""
from dataclasses import dataclass, field
from pathlib import Path

from .fields import FieldMap

# Suffix -> the module that reads it; `.txt` is the layout model's own (parse.py).
TEXT_SUFFIXES = (".txt",)
RECORD_SUFFIXES = (".jsonl", ".ndjson", ".json", ".csv", ".tsv", ".xlsx")
PAGE_SUFFIXES = (".html", ".htm")
ARCHIVE_SUFFIXES = (".warc", ".warc.gz")
PDF_SUFFIXES = (".pdf",)
SUFFIXES = TEXT_SUFFIXES + RECORD_SUFFIXES + PAGE_SUFFIXES + ARCHIVE_SUFFIXES + PDF_SUFFIXES
# Exports read in parts of about this many bytes, each by one worker, so that
# a big export is never held whole, neither by a worker nor by the writer: the
# build keeps a window of results in flight (store.build), and a part's result
# (paragraphs, index text, places) is some ten times its bytes.
PART_BYTES = 256 << 10
WHOLE = (0, None, 1, 1)  # the one part of a file read whole


@dataclass
class Record:
    """One article as a file gives it. Either paragraphs ([(kind, text)], the
    file's own structure) or text (a page dump for the layout model, which may
    hold several articles). values: {role: value} of fields.NAMES the file
    gives; named: {role: the name of the field or tag it came from}."""
    number: int  # the article's number in the file, from 1 (a record, line, row or page)
    where: str  # `line 6`, `row 3 (line 8)`, `record 4`, or "" for a whole file
    title: str | None = None
    paragraphs: list | None = None
    text: str | None = None
    values: dict = field(default_factory=dict)
    named: dict = field(default_factory=dict)


@dataclass
class Problem:
    """A record skipped: where it is in the file and why. strict=False for a
    note that is no error (a web archive's style sheets and images)."""
    where: str
    reason: str
    strict: bool = True


def suffix_of(path) -> str | None:
    """The suffix the build reads path by (`.warc.gz` is one), or None for a file it does not read."""
    name = Path(path).name.lower()
    return next((s for s in sorted(SUFFIXES, key=len, reverse=True) if name.endswith(s)), None)


def is_text(path) -> bool:
    return suffix_of(path) in TEXT_SUFFIXES


def parts(path) -> list:
    """[(start, stop, first line, first record number)] to read path in: one
    part, WHOLE, except for an export bigger than PART_BYTES in a format
    that can be cut (records.PARTS). start is 0 for the first part; stop
    None for the last. For JSON Lines start and stop are byte offsets; for a
    CSV, start is a text position and stop a number of rows; for a JSON array,
    start a byte offset and stop a number of records."""
    from . import records

    cut = records.PARTS.get(suffix_of(path))
    if cut is None or Path(path).stat().st_size <= PART_BYTES:
        return [WHOLE]
    return cut(path, PART_BYTES)


def read(path, fields: FieldMap, part=WHOLE):
    """Records and Problems of path (a part of it: see parts)."""
    suffix = suffix_of(path)
    if suffix in RECORD_SUFFIXES:
        from . import records

        yield from records.read(path, suffix, fields, part)
    elif suffix in PAGE_SUFFIXES:
        from . import html

        yield from html.read(path)
    elif suffix in ARCHIVE_SUFFIXES:
        from . import warc

        yield from warc.read(path)
    elif suffix in PDF_SUFFIXES:
        from . import pdf

        yield from pdf.read(path)
    else:
        raise ValueError(f"{path}: not a format of this package")
