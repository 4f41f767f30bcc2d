"""Crawler exports: JSON Lines, JSON, CSV/TSV and Excel, one record an article.

A record's text is its paragraphs, one per line (blank lines skipped, each
stripped), or a list of paragraph strings, or HTML (a paragraph per <p>, <br>
or other block); its other fields are read by the
names in fields.NAMES or given with --field.
"""
import codecs
import csv
import itertools
import json
import re
from pathlib import Path

from ..decode import SkippedFile, decode, readable
from ..parse import is_byline
from . import WHOLE, Problem, Record, suffix_of
from .fields import clean

# A text field holding the page's HTML (`<p>…</p>`, `…<br>…`), as many crawlers store it.
_MARKUP = re.compile(r"<(?:p|br|div|li|h[1-6])\b[^>]*>", re.IGNORECASE)
_BLOCKS = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "br")
# The bytes an encoding is detected from; a CSV is then decoded as it is read.
SAMPLE_BYTES = 1 << 20
csv.field_size_limit(1 << 30)  # a long article is one field
JSON_CHUNK = 1 << 20  # the window of a JSON array read at a time
MAX_RECORD_CHARS = 64 << 20  # a JSON record this long is taken for a broken file, not read on
_SPACE = re.compile(r"[ \t\n\r]*")
_LOOK_AT = 20  # records looked at for a text field before a JSON array is taken for a list of records
_DELIMITERS = {".tsv": "\t"}  # by suffix; any other CSV's delimiter is read from its header


def read(path, suffix, fields, part):
    path = Path(path)
    if suffix in (".jsonl", ".ndjson"):
        yield from _json_lines(path, fields, part)
    elif suffix == ".json":
        yield from _json(path, fields, part)
    elif suffix in (".csv", ".tsv"):
        yield from _csv(path, fields, _DELIMITERS.get(suffix), part)
    else:
        yield from _xlsx(path, fields)


def record(values: dict, columns: dict, number: int, where: str):
    """A Record from one record's {name: value}, or a Problem when it has no text."""
    got = {role: readable(values.get(name)) for role, name in columns.items()}
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
    """Parts (formats.parts) of a JSON Lines file: byte ranges of about size, each ending at a line's end."""
    out, start, line = [], 0, 1
    total = Path(path).stat().st_size
    with open(path, "rb") as file:
        while start < total:
            file.seek(min(start + size, total))
            file.readline()  # to the end of the line the cut falls in
            end = min(file.tell(), total)
            out.append((start, end, line, line))
            file.seek(start)
            line += file.read(end - start).count(b"\n")
            start = end
    return out


def _json_lines(path, fields, part):
    start, end, number, _ = part
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


def _json(path, fields, part):
    """A JSON array is read a record at a time (_Array), in parts; an object
    holding the list of records is read whole, as one document."""
    start, count, number, _ = part
    with open(path, "rb") as file:
        array = _Array(file, start)
        if start == 0 and not array.opened():
            yield from _json_document(path, fields)
            return
        items = array.items()
        if start == 0:  # the file's first part: an array of records is known by their fields
            first = list(itertools.islice(items, _LOOK_AT))
            if not any(isinstance(item, dict) and "text" in fields.columns(item) for item in first):
                if count is not None:
                    raise SkippedFile("no list of records with a text field in it")
                yield from _json_document(path, fields)  # the records may be in a list deeper inside
                return
            items = itertools.chain(first, items)
        for number, values in enumerate(itertools.islice(items, count), start=number):
            yield _json_record(values, fields, number)


def _json_record(values, fields, number):
    where = f"record {number}"
    if not isinstance(values, dict):
        return Problem(where, f"a JSON {type(values).__name__}, not an object")
    return record(values, fields.columns(values), number, where)


def _json_document(path, fields):
    text, _ = decode(path.read_bytes())
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise SkippedFile(f"not valid JSON: {error.msg} at line {error.lineno} column {error.colno}") from None
    items = _records_in(document, fields)
    if items is None:
        raise SkippedFile("no list of records with a text field in it")
    for number, values in enumerate(items, start=1):
        yield _json_record(values, fields, number)


def json_parts(path, size) -> list:
    """Parts (formats.parts) of a JSON array: (byte offset, number of records) runs of about size
    bytes; one part, read as a document, for anything else or a file that is no valid array."""
    out, start, number, count = [], 0, 1, 0
    with open(path, "rb") as file:
        array = _Array(file, 0)
        if not array.opened():
            return [WHOLE]
        try:
            for _ in array.items():
                count += 1
                if array.position() - start >= size:
                    out.append((start, count, number, number))
                    start, number, count = array.position(), number + count, 0
        except SkippedFile:
            return [WHOLE]  # read whole, the reader then says what is wrong
    out.append((start, None, number, number))
    return out


class _Array:
    """The records of a JSON array (UTF-8, as JSON is), decoded one at a time
    from a window of the file, so that the file is never held whole."""

    def __init__(self, file, start):
        self.file, self.text, self.at, self.eof = file, "", 0, False
        self.bytes = start  # the byte offset of text[at]
        self.decoder = codecs.getincrementaldecoder("utf-8")()
        self.json = json.JSONDecoder()
        file.seek(start)

    def _more(self) -> bool:
        if self.eof:
            return False
        chunk = self.file.read(JSON_CHUNK)
        self.eof = not chunk
        try:
            self.text += self.decoder.decode(chunk, final=self.eof)
        except UnicodeDecodeError as error:
            raise SkippedFile(f"not valid UTF-8 after byte {self.bytes}: {error.reason}") from None
        return True

    def _pass(self, end):
        self.bytes += len(self.text[self.at:end].encode("utf-8"))
        self.at = end
        if self.at > JSON_CHUNK:  # what has been read is let go
            self.text, self.at = self.text[self.at:], 0

    def _next_mark(self) -> str | None:
        """The next character that is not white space, or None at the end of the file."""
        while True:
            self._pass(_SPACE.match(self.text, self.at).end())
            if self.at < len(self.text):
                return self.text[self.at]
            if not self._more():
                return None

    def opened(self) -> bool:
        """At the file's start: whether it is an array; reads past its `[`."""
        self._more()
        if self.text.startswith("\ufeff"):
            self._pass(1)
        if self._next_mark() != "[":
            return False
        self._pass(self.at + 1)
        return True

    def items(self):
        while True:
            mark = self._next_mark()
            if mark is None:
                raise SkippedFile("not valid JSON: the array is not closed")
            if mark == "]":
                return
            if mark == ",":
                self._pass(self.at + 1)
                continue
            try:
                value, end = self.json.raw_decode(self.text, self.at)
            except json.JSONDecodeError as error:
                # a record cut by the window's end, unless it is longer than any record
                if len(self.text) - self.at < MAX_RECORD_CHARS and self._more():
                    continue
                raise SkippedFile(f"not valid JSON after byte {self.bytes}: {error.msg}") from None
            if end == len(self.text) and self._more():
                continue  # a number or name may go on in the next window
            self._pass(end)
            yield value

    def position(self) -> int:
        """The byte offset of the next character to read."""
        return self.bytes


def _records_in(document, fields):
    """The list of records in a JSON document: the document itself, or the first
    list of objects with a text field found inside it, nearest the top first."""
    queue = [document]
    while queue:
        node = queue.pop(0)
        if isinstance(node, list) and any(isinstance(item, dict) and "text" in fields.columns(item)
                                          for item in node[:_LOOK_AT]):
            return node
        if isinstance(node, dict):
            queue.extend(node.values())
    return None


def _csv_encoding(path) -> str:
    """The encoding of a CSV, detected from its first SAMPLE_BYTES."""
    with open(path, "rb") as file:
        sample = file.read(SAMPLE_BYTES)
    if len(sample) == SAMPLE_BYTES and b"\n" in sample:
        sample = sample[:sample.rindex(b"\n") + 1]  # whole lines: a character is never cut in two
    _, encoding = decode(sample)
    if encoding == "utf-8" and sample.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    return encoding


def _csv(path, fields, delimiter, part):
    start, count, line, number = part
    line = line if start else 2  # the line the next row starts on; the header is line 1
    first_line = line
    encoding = _csv_encoding(path)
    with open(path, encoding=encoding, newline="") as file:
        try:
            header, delimiter = _csv_header(file, delimiter)
            columns = fields.columns(header)
            if "text" not in columns:
                raise SkippedFile(f"no text column in the header ({', '.join(header)}): "
                                  "name it with --field text=NAME")
            if start:
                file.seek(start)
            rows = csv.reader(iter(file.readline, ""), delimiter=delimiter)
            for number, row in enumerate(itertools.islice(rows, count), start=number):
                where = f"row {number} (line {line})"
                line = first_line + rows.line_num
                if not any(cell.strip() for cell in row):
                    continue
                if len(row) != len(header):
                    yield Problem(where, f"{len(row)} fields where the header has {len(header)}")
                    continue
                yield record(dict(zip(header, row)), columns, number, where)
        except UnicodeDecodeError as error:
            raise SkippedFile(f"not valid {encoding} at byte {error.start} of a block") from None


def _csv_header(file, delimiter) -> tuple:
    """(header, delimiter) from a CSV's first line; the delimiter, if not given, the mark it has most of."""
    first = file.readline()
    if delimiter is None:
        delimiter = max(",;\t", key=first.count)
    return next(csv.reader([first], delimiter=delimiter), []), delimiter


def csv_parts(path, size) -> list:
    """Parts (formats.parts) of a CSV or TSV: (text position, number of rows) runs of about size
    characters, each starting where a row starts (a quoted field may hold line breaks)."""
    try:
        encoding = _csv_encoding(path)
        with open(path, encoding=encoding, newline="") as file:
            _, delimiter = _csv_header(file, _DELIMITERS.get(suffix_of(path)))
            chars = 0

            def lines():
                nonlocal chars
                for text in iter(file.readline, ""):
                    chars += len(text)
                    yield text

            out, start, line, number, count = [], 0, 2, 1, 0
            rows = csv.reader(lines(), delimiter=delimiter)
            for _ in rows:
                count += 1
                if chars >= size:  # a row ends here: the next part starts after it
                    out.append((start, count, line, number))
                    start, line, number, count, chars = file.tell(), 2 + rows.line_num, number + count, 0, 0
    except (SkippedFile, UnicodeDecodeError, csv.Error):
        return [WHOLE]  # read whole, the reader then says what is wrong
    out.append((start, None, line, number))
    return out


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


# The formats a big file of which is read in parts (formats.parts).
PARTS = {".jsonl": line_parts, ".ndjson": line_parts, ".csv": csv_parts, ".tsv": csv_parts, ".json": json_parts}
