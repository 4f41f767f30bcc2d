"""The source folders and files (roots) a database is built from, which it remembers.

Each root has a label, the first part of its files' names in the database
(`label/relative/path.txt`): the folder's name, or `name-2`, `name-3`... when
another root already has that name. A file given directly (an export, a
page, a PDF) is a root of its own, as a folder holding just that file would
be: its label is its name without the suffix, its name in the database
`label/file name` (`export.jsonl` -> `export/export.jsonl`).

A build reads the roots it is given, or every stored root when given none;
it removes the rows of deleted files only inside the roots it reads, and
drops a whole root only when asked to (`--prune`). A full build reads every
root, and stops rather than lose the files of one it cannot find.
"""
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from . import formats

TABLE = "sources"
COLUMNS = {"label": str, "path": str}


class SourceError(Exception):
    """A request about roots that cannot be carried out; nothing is changed."""


def stored(conn: sqlite3.Connection) -> dict:
    """{label: resolved path} of the roots a database records; {} for none or an older database."""
    try:
        return dict(conn.execute(f"select label, path from {TABLE}").fetchall())
    except sqlite3.OperationalError:  # no such table: built before roots were stored
        return {}


def label_of(name: str) -> str:
    """The root label of a file's name in the database."""
    return name.split("/", 1)[0]


@dataclass
class Plan:
    roots: dict  # {label: path}: every root of the database after this build
    scan: dict  # {label: Path}: the roots this build reads
    added: list = field(default_factory=list)  # labels of new roots
    pruned: list = field(default_factory=list)  # labels dropped, with all their files
    missing: dict = field(default_factory=dict)  # {label: path} of stored roots not found, left as they are


def plan(roots: dict, file_labels: set, given, prune=(), full=False) -> Plan:
    """What a build does with roots (stored {label: path}), given the folders
    and files on the command line (none: every stored root) and the roots to --prune
    (by folder or label). file_labels: the labels the database's files have;
    those of no stored root come from a database older than stored roots."""
    roots = dict(roots)
    legacy = set(file_labels) - set(roots)
    pruned = [_root_named(item, roots, legacy) for item in prune]
    pruned_paths = {roots[label] for label in pruned if label in roots}
    for label in pruned:
        roots.pop(label, None)
        legacy.discard(label)
    result = Plan(roots=roots, scan={}, pruned=pruned)
    for folder in given:
        path = Path(folder).resolve()
        if not path.exists():
            raise SourceError(f"{folder}: no such folder or file")
        if not path.is_dir() and not formats.suffix_of(path):
            raise SourceError(f"{folder}: not a folder nor a file the build reads "
                              f"({', '.join(formats.SUFFIXES)})")
        label = next((label for label, root in roots.items() if root == str(path)), None)
        if label is None:
            if str(path) in pruned_paths:
                raise SourceError(f"{folder}: given to build and to --prune")
            for other, root in roots.items():
                if path.is_relative_to(root) or Path(root).is_relative_to(path):
                    raise SourceError(f"{folder}: overlaps the {kind_of(root)} {root} ({other}/): "
                                      "its files would be stored twice")
            label = _new_label(label_for(path), roots, legacy, pruned)
            legacy.discard(label)  # a folder of an older database's name takes its files over
            roots[label] = str(path)
            result.added.append(label)
        result.scan[label] = path
    if full or not given:
        result.scan = {}
        for label, root in roots.items():
            if Path(root).exists():
                result.scan[label] = Path(root)
            elif full:
                raise SourceError(f"{root}: {kind_of(root)} not found; a full build would drop its files: "
                                  f"make it available, or drop them with --prune {label}")
            else:
                result.missing[label] = root
    if full and legacy:
        label = sorted(legacy)[0]
        raise SourceError(f"the database holds files under {label}/ from a folder it does not record; "
                          f"give that folder too, or drop them with --prune {label}")
    return result


def kind_of(root) -> str:
    """How a message names a root, which may be missing: `source folder` or `source file`."""
    path = Path(root)
    return "source file" if path.is_file() or not path.is_dir() and formats.suffix_of(path) else "source folder"


def files_of(label: str, root: Path) -> list:
    """(path, name in the database) of every file of a root the build reads, in a stable order."""
    if root.is_file():
        return [(root, f"{label}/{root.name}")]
    return [(path, f"{label}/{path.relative_to(root).as_posix()}") for path in sorted(root.rglob("*"))
            if formats.suffix_of(path)]  # a folder named so is listed too, and skipped with a warning


def label_for(root: Path) -> str:
    """A new root's label before any other root's: a folder's name, a file's name less its suffix."""
    return root.name if root.is_dir() else root.name[:-len(formats.suffix_of(root) or "")] or root.name


def _root_named(item, roots, legacy) -> str:
    path = str(Path(item).resolve())
    for label, root in roots.items():
        if item in (label, root) or path == root:
            return label
    if item in legacy:
        return item
    known = ", ".join(f"{root} ({label}/)" for label, root in roots.items()) or "none"
    raise SourceError(f"--prune {item}: not a source folder of this database (its folders: {known})")


def _new_label(name, roots, legacy, pruned) -> str:
    if name not in roots and name not in pruned:
        return name  # also when only an older database's files have it: then they are this folder's
    n = 2
    while f"{name}-{n}" in roots or f"{name}-{n}" in legacy or f"{name}-{n}" in pruned:
        n += 1
    return f"{name}-{n}"


def save(db, roots: dict):
    """Record roots ({label: path}) in db, a sqlite-utils Database inside the build's transaction."""
    db.execute(f"delete from {TABLE}")
    db.conn.executemany(f"insert into {TABLE} (label, path) values (?, ?)", sorted(roots.items()))
