"""Everything that decides the tokens of the index and the rows a file gives,
recorded in the database.

The FTS5 table is contentless: a row is deleted by tokenizing its old text
again, which must give exactly the tokens it was indexed with. A new
segmenter, dictionary, conversion table or Unicode database can cut the same
text differently, and an update would then leave stale entries that keep
matching. New rules for paragraphs, kinds, cities or dates give other rows
from the same file, which a build that skips unchanged files would never
read again. So each of these is recorded in build_info (`index.NAME` rows),
and a build that finds any of them changed rebuilds everything, saying why.
"""
import functools
import hashlib
import importlib.metadata
import json
import unicodedata
from pathlib import Path

import opencc

from ..text.segment import USERDICT

# The loader's own rules for index tokens (loader/text/segment.py, normalize.py, characters.py)
# and what the build derives from the rows (store/top.py, store/counts.py, store/values.py): bump it when they change.
INDEX_VERSION = "7"
PREFIX = "index."


def components() -> dict:
    """{name: value} of every input that decides the index tokens."""
    return {
        "version": INDEX_VERSION,
        "segmenter": f"rjieba {importlib.metadata.version('rjieba')}",
        "jieba": f"jieba {importlib.metadata.version('jieba')}",  # the reference rjieba reproduces
        "dictionary": _sha256(USERDICT.read_bytes()),
        "normaliser": f"opencc {importlib.metadata.version('opencc')} t2s {_t2s_tables()}",
        "unicode": unicodedata.unidata_version,  # str.lower and the escapes of loader/text/segment.py
        "rules": _rules(),
    }


# The loader's rules that turn a file into rows, beside the index's own.
_RULES = ("ingest", "inference", "text/characters.py")


def _rules() -> str:
    """A digest of the loader's rules for articles: parsing, layout, inference and their data."""
    root = Path(__file__).parent.parent
    files = sorted(path for name in _RULES for path in ([root / name] if name.endswith(".py") else
                                                        (root / name).rglob("*"))
                   if path.suffix in (".py", ".tsv", ".txt") and path.is_file())
    return _sha256(b"".join(path.relative_to(root).as_posix().encode() + path.read_bytes() for path in files))


# The components that decide how a text is cut into tokens: all but the rules for rows.
TOKENS = ("version", "segmenter", "jieba", "dictionary", "normaliser", "unicode")


@functools.lru_cache(maxsize=1)
def _tokens_now() -> tuple:
    now = components()
    return tuple((name, now[name]) for name in TOKENS)


def cuts_as_now(build_info: dict) -> bool:
    """Whether a database's index was cut into tokens as this loader cuts text (build_info:
    {key: value})."""
    before = recorded(build_info)
    return all(before.get(name) == value for name, value in _tokens_now())


def recorded(build_info: dict) -> dict:
    """The components a database records, from its build_info {key: value}."""
    return {key[len(PREFIX):]: value for key, value in build_info.items() if key.startswith(PREFIX)}


def rows(current: dict) -> list:
    """(key, value) rows of build_info for components."""
    return [(PREFIX + name, value) for name, value in current.items()]


def change(before: dict, now: dict) -> str | None:
    """One line saying what changed, or None when nothing did."""
    if not before:
        return "the database does not record what its index was built with"
    for name, value in now.items():
        if before.get(name) != value:
            return f"{name} changed ({before.get(name) or 'not recorded'} → {value})"
    return None


def _t2s_tables() -> str:
    """A digest of OpenCC's t2s configuration and the dictionaries it names."""
    folder = Path(opencc.__file__).parent / "clib" / "share" / "opencc"
    config = folder / "t2s.json"
    if not config.exists():  # a build of OpenCC that keeps its data elsewhere: its version stands for it
        return "tables not found"
    files = sorted(set(_files_named(json.loads(config.read_text(encoding="utf-8")))))
    return _sha256(config.read_bytes() + b"".join((folder / name).read_bytes() for name in files))


def _files_named(config):
    if isinstance(config, dict):
        if "file" in config:
            yield config["file"]
        for value in config.values():
            yield from _files_named(value)
    elif isinstance(config, list):
        for value in config:
            yield from _files_named(value)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]
