"""Crawler exports: JSON Lines, JSON, CSV/TSV and Excel, one record an article.

A record's text is its paragraphs, one per line (blank lines skipped, each
stripped), or a list of paragraph strings, or HTML (a paragraph per <p>, <br>
or other block); its other fields are read by the
names in fields.NAMES or given with --field.
"""
import codecs
import csv
import json
import re
from pathlib import Path

from ..decode import SkippedFile, decode
from ..parse import is_byline
from . import Problem, Record
from .fields import clean

# A text field holding the page's HTML (`<p>…</p>`, `…<br>…`), as many crawlers store it.
_MARKUP = re.compile(r"<(?:p|br|div|li|h[1-6])\b[^>]*>", re.IGNORECASE)
_BLOCKS = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "br")
# The bytes an encoding is detected from; a CSV is then decoded as it is read.
SAMPLE_BYTES = 1 << 20
csv.field_size_limit(1 << 30)  # a long article is one field


def read(path, suffix, fields, part):
    path = Path(path)
    if suffix in (".jsonl", ".ndjson"):
        yield from _json_lines(path, fields, part)
    elif suffix == ".json":
        yield from _json(path, fields)
    elif suffix in (".csv", ".tsv"):
        yield from _csv(path, fields, "\t" if suffix == ".tsv" else None)
    else:
        yield from _xlsx(path, fields)


def record(values: dict, columns: dict, number: int, where: str):
    """A Record from one record's {name: value}, or a Problem when it has no text."""
    got = {role: values.get(name) for role, name in columns.items()}
    paragraphs = _paragraphs(got.pop("text", None))
    if not paragraphs:
        what = f"no text in {columns['text']!r}" if "text" in columns else "no text field"
        return Problem(where, what)
    given = {role: value for role, value in got.items() if role == "date" and value not in (None, "")
             or clean(value) is not None}
    return Record(number, where, title=clean(got.get("title")), paragraphs=paragraphs,
                  values={role: value if role == "date" else clean(value) for role, value in given.items()
                          if role != "title"},
                  named={role: str(columns[role]) for role in given})


def _paragraphs(value) -> list:
    """[(kind, text)]: one paragraph per line of a text, or per item of a list."""
    if value is None:
        return []
    if isinstance(value, str) and _MARKUP.search(value):
        value = _markup_text(value)
    lines = value if isinstance(value, list) else str(value).splitlines()
    texts = [str(line).strip() for line in lines if line is not None]
    return [("byline" if is_byline(text) else "body", text)
            for text in texts if text]


def _markup_text(html: str) -> str:
    """A text field's HTML as text, a line for each of its <p>, <br> and other blocks."""
    from lxml import html as lxml_html

    root = lxml_html.fragment_fromstring(html, create_parent="div")
    for element in root.iter(*_BLOCKS):
        element.tail = "\n" + (element.tail or "")
    return root.text_content()


def line_parts(path, size) -> list:
    """[(start, end, first line)]: byte ranges of about size, each ending at a line's end."""
    out, start, line = [], 0, 1
    total = Path(path).stat().st_size
    with open(path, "rb") as file:
        while start < total:
            file.seek(min(start + size, total))
            file.readline()  # to the end of the line the cut falls in
            end = min(file.tell(), total)
            out.append((start, end, line))
            file.seek(start)
            line += file.read(end - start).count(b"\n")
            start = end
    return out


def _json_lines(path, fields, part):
    start, end, number = part
    with open(path, "rb") as file:
        file.seek(start)
        while end is None or file.tell() < end:
            raw = file.readline()
            if not raw:
                break
            where = f"line {number}"
            number += 1
            if not raw.strip():
                continue
            try:
                values = json.loads(raw.decode("utf-8").lstrip("\ufeff"))
            except UnicodeDecodeError as error:
                yield Problem(where, f"not UTF-8 at byte {error.start}")
                continue
            except json.JSONDecodeError as error:
                yield Problem(where, f"not valid JSON: {error.msg} (column {error.colno})")
                continue
            if not isinstance(values, dict):
                yield Problem(where, f"a JSON {type(values).__name__}, not an object")
                continue
            yield record(values, fields.columns(values), number - 1, where)


def _json(path, fields):
    text, _ = decode(path.read_bytes())
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise SkippedFile(f"not valid JSON: {error.msg} at line {error.lineno} column {error.colno}") from None
    items = _records_in(document, fields)
    if items is None:
        raise SkippedFile("no list of records with a text field in it")
    for number, values in enumerate(items, start=1):
        where = f"record {number}"
        if not isinstance(values, dict):
            yield Problem(where, f"a JSON {type(values).__name__}, not an object")
            continue
        yield record(values, fields.columns(values), number, where)


def _records_in(document, fields):
    """The list of records in a JSON document: the document itself, or the first
    list of objects with a text field found inside it, nearest the top first."""
    queue = [document]
    while queue:
        node = queue.pop(0)
        if isinstance(node, list) and any(isinstance(item, dict) and "text" in fields.columns(item)
                                          for item in node[:20]):
            return node
        if isinstance(node, dict):
            queue.extend(node.values())
    return None


def _csv(path, fields, delimiter):
    with open(path, "rb") as file:
        sample = file.read(SAMPLE_BYTES)
    if len(sample) == SAMPLE_BYTES and b"\n" in sample:
        sample = sample[:sample.rindex(b"\n") + 1]  # whole lines: a character is never cut in two
    _, encoding = decode(sample)
    if encoding == "utf-8" and sample.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    with open(path, encoding=encoding, newline="") as file:
        try:
            yield from _csv_rows(file, fields, delimiter)
        except UnicodeDecodeError as error:
            raise SkippedFile(f"not valid {encoding} at byte {error.start} of a block") from None


def _csv_rows(file, fields, delimiter):
    first = file.readline()
    if delimiter is None:  # the mark the header has most of
        delimiter = max(",;\t", key=first.count)
    header = next(csv.reader([first], delimiter=delimiter), [])
    columns = fields.columns(header)
    if "text" not in columns:
        raise SkippedFile(f"no text column in the header ({', '.join(header)}): name it with --field text=NAME")
    reader = csv.reader(file, delimiter=delimiter)
    line = 2  # the line the next row starts on
    for number, row in enumerate(reader, start=1):
        where = f"row {number} (line {line})"
        line = reader.line_num + 2
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            yield Problem(where, f"{len(row)} fields where the header has {len(header)}")
            continue
        yield record(dict(zip(header, row)), columns, number, where)


def _xlsx(path, fields):
    import openpyxl  # only for Excel files: it takes a while to import

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # a zip or XML error, whatever openpyxl raises for a damaged file
        raise SkippedFile(f"not a readable Excel file: {error}") from None
    try:
        for sheet in book.worksheets:
            rows = sheet.iter_rows(values_only=True)
            header = [str(cell).strip() if cell is not None else None for cell in next(rows, ())]
            columns = fields.columns(header)
            if "text" not in columns:
                continue
            for number, row in enumerate(rows, start=1):
                if not any(cell not in (None, "") for cell in row):
                    continue
                yield record(dict(zip(header, row)), columns, number, f"sheet {sheet.title} row {number + 1}")
            return
        raise SkippedFile("no sheet has a text column in its first row: name it with --field text=NAME")
    finally:
        book.close()
