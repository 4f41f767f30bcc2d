"""PDFs with a text layer, by pypdfium2 (PDFium's text extraction): the
text of every page, without the running header and footer lines it repeats
on each page, goes to the layout model as one page dump (a paragraph runs
on across a page break). A PDF with no text layer needs OCR first."""
import re

import pypdfium2

from ..decode import SkippedFile
from . import Record

_DIGITS = re.compile(r"\d+")
# Lines looked at, at each end of a page, for a running header or footer.
EDGE_LINES = 2


def read(path):
    try:
        document = pypdfium2.PdfDocument(str(path))
    except pypdfium2.PdfiumError as error:
        raise SkippedFile(f"not a readable PDF: {error}") from None
    try:
        pages = []
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            pages.append(textpage.get_text_range().replace("\r\n", "\n").replace("\r", "\n").split("\n"))
            textpage.close()
            page.close()
    finally:
        document.close()
    if not any(line.strip() for lines in pages for line in lines):
        raise SkippedFile("no text layer (a scanned image): it needs OCR before it can be loaded")
    lines = [line for lines in _without_running_lines(pages) for line in lines]
    yield Record(1, "", text="\n".join(lines))


def _without_running_lines(pages) -> list:
    """Each page's lines less the header and footer lines that recur, digits
    aside (`第 1 页`, `第 2 页`), at the same end of every page."""
    if len(pages) < 2:
        return pages
    pages = [[line for line in lines if line.strip()] for lines in pages]

    def shape(line):
        return _DIGITS.sub("0", " ".join(line.split()))

    running = set()
    for edge in [*range(EDGE_LINES), *range(-EDGE_LINES, 0)]:
        shapes = {shape(lines[edge]) if -len(lines) <= edge < len(lines) else None for lines in pages}
        if len(shapes) == 1 and None not in shapes:
            running.add(edge)
    out = []
    for lines in pages:
        drop = {edge % len(lines) for edge in running if -len(lines) <= edge < len(lines)}
        out.append([line for i, line in enumerate(lines) if i not in drop])
    return out
