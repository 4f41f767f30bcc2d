"""A source file's bytes as text: its encoding detected, or a reason to skip it."""
import contextlib
import re

import charset_normalizer

from ..text.characters import LONE_SURROGATE

MAX_FILE_BYTES = 50 * 1024 * 1024


class SkippedFile(Exception):
    """A file that cannot be loaded; the build goes on without it."""


def decode(data: bytes) -> tuple:
    """(text, encoding) for a file's bytes, or SkippedFile saying why not."""
    if not data.strip():
        raise SkippedFile("empty file")
    if len(data) > MAX_FILE_BYTES:
        raise SkippedFile(f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(data, "utf-8-sig")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict(data, "utf-16")
    if b"\x00" not in data:
        with contextlib.suppress(UnicodeDecodeError):
            return data.decode("utf-8"), "utf-8"
    best = charset_normalizer.from_bytes(data).best()
    if best is None or b"\x00" in data and not best.encoding.startswith("utf_16"):
        raise SkippedFile("binary or undecodable: no text encoding fits")
    if best.encoding not in ("gb18030", "gbk", "gb2312", "big5", "utf_16", "utf_16_le", "utf_16_be", "utf_8"):
        # Chinese text in anything else (cp1252, latin-1...) is a misdetection of broken bytes.
        raise SkippedFile(f"undecodable as Chinese text (looks like {best.encoding})")
    encoding = "gb18030" if best.encoding in ("gbk", "gb2312") else best.encoding
    return _strict(data, encoding)


def _strict(data, encoding):
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError as error:
        raise SkippedFile(f"not valid {encoding} at byte {error.start}") from None


_LONE = re.compile(f"[{LONE_SURROGATE}]")


def readable(value):
    """A record's string, or list of strings, with each half surrogate pair (a JSON escape can
    leave one) read as U+FFFD: the rest of the record is kept."""
    if isinstance(value, str):
        return _LONE.sub("\ufffd", value)
    if isinstance(value, list):
        return [readable(item) for item in value]
    return value
