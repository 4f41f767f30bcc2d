"""Article metadata: the manifest format, its validation, and date helpers.

A manifest is `manifest.yml` in a source folder:

    articles:
      - file: 004_61574c15c0d3fc1c.txt   # required, relative to the folder
        article: 2                       # which article in the file, from 1 (default 1)
        title: 云端服务“不打烊” “阳光警务”促规范
        city: 保定市                      # prefecture-level city
        province: 河北省
        district: 莲池区                  # optional: county or district the article is about
        date: 2025-12                    # YYYY, YYYY-MM or YYYY-MM-DD: as precise as the evidence
        source: 河北法制报                 # optional: where it was published
        note: 12月11日召开的…新闻发布会     # optional: the evidence for the values

A top-level `source:` names the outlet of every article in the folder (a
paper's own archive, a CSV export of one paper), unless an entry names its
own; `articles:` may then be left out. A declared outlet is evidence for the
place as a 来源 line naming it would be.
"""
import datetime
import json
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .. import inference
from .parse import credited_source

MANIFEST_NAME = "manifest.yml"
FIELDS = {"file", "article", "title", "city", "province", "district", "date", "source", "note"}
DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")
# In place of a file's name and an article's number: what every article of the folder shares.
EVERY = "*"


class ManifestError(ValueError):
    """A manifest problem, located as file:line: field."""

    def __init__(self, path, line, field, message):
        self.path, self.line, self.field = path, line, field
        super().__init__(f"{path}:{line}: {field}: {message}" if field else f"{path}:{line}: {message}")


@dataclass
class ParsedDate:
    date: str
    precision: str  # year, month or day
    year: int
    month: str | None  # YYYY-MM, when known


def parse_date(value) -> ParsedDate:
    """'2021', '2021-12' or '2021-12-15' (or a YAML date) at the precision given."""
    if isinstance(value, datetime.date):
        value = value.isoformat()
    match = DATE.match(str(value).strip())
    if not match:
        raise ValueError(f"{value!r} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = match.groups()
    if day and not month:
        raise ValueError(f"{value!r} is not a date")
    try:
        datetime.date(int(year), int(month or 1), int(day or 1))
    except ValueError as error:
        raise ValueError(f"{value!r} is not a date: {error}") from None
    precision = "day" if day else "month" if month else "year"
    return ParsedDate(str(value).strip(), precision, int(year), f"{year}-{month}" if month else None)


def load_manifest(folder: Path, city_check=None) -> dict:
    """{(file, article_no): entry} from folder/manifest.yml, or {} when there is none.

    city_check(city, province) returns an error message or None.
    """
    path = Path(folder) / MANIFEST_NAME
    if not path.exists():
        return {}
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"))
    except yaml.MarkedYAMLError as error:
        # The construct that was left open (context) says more than where the parser gave up.
        mark = error.context_mark or error.problem_mark
        raise ManifestError(path, mark.line + 1 if mark else 1, None,
                            f"not valid YAML: {error.context or ''} {error.problem}".replace("  ", " ")) from None
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise ManifestError(path, 1, None, f"cannot be read: {error}") from None
    if root is None:
        return {}
    shared = _shared(path, root)
    items = _articles_node(path, root, required=not shared)
    entries = {(EVERY, EVERY): shared} if shared else {}
    for node in items:
        line = node.start_mark.line + 1
        if not isinstance(node, yaml.MappingNode):
            raise ManifestError(path, line, None, "each article must be a mapping of field: value")
        entry, lines = {}, {}
        for key_node, value_node in node.value:
            key = key_node.value
            lines[key] = key_node.start_mark.line + 1
            if key not in FIELDS:
                raise ManifestError(path, lines[key], key, f"unknown field; known fields: {', '.join(sorted(FIELDS))}")
            entry[key] = yaml.safe_load(yaml.serialize(value_node))
        _validate(path, folder, entry, lines, line, city_check)
        key = (entry["file"], int(entry.get("article", 1)))
        if key in entries:
            raise ManifestError(path, line, "file", f"{key[0]} article {key[1]} is listed twice")
        entries[key] = entry
    return entries


def _articles_node(path, root, required=True) -> list:
    if isinstance(root, yaml.MappingNode):
        for key_node, value_node in root.value:
            if key_node.value == "articles" and isinstance(value_node, yaml.SequenceNode):
                return value_node.value
    if not required:
        return []
    raise ManifestError(path, root.start_mark.line + 1, "articles",
                        "the manifest needs a top-level `articles:` list (or a top-level `source:`)")


def _shared(path, root) -> dict:
    """{"source": outlet} from a top-level `source:`, else {}."""
    for key_node, value_node in root.value if isinstance(root, yaml.MappingNode) else ():
        if key_node.value == "source":
            value = yaml.safe_load(yaml.serialize(value_node))
            if not isinstance(value, str) or not value.strip():
                raise ManifestError(path, key_node.start_mark.line + 1, "source",
                                    f"{value!r} should be the name of an outlet")
            return {"source": value.strip()}
    return {}


def of_file(entries: dict, relative: str) -> dict:
    """{article number: entry} of one file of the folder, and EVERY: what every article shares."""
    return {number: entry for (file, number), entry in entries.items() if file in (relative, EVERY)}


def entry_of(entries: dict, number) -> dict | None:
    """One article's entry from of_file's dict, what every article shares under its own values."""
    shared, own = entries.get(EVERY, {}), entries.get(number, {})
    return {**shared, **own} or None


def _validate(path, folder, entry, lines, line, city_check):
    def fail(field, message):
        raise ManifestError(path, lines.get(field, line), field, message)

    if not entry.get("file"):
        fail("file", "required")
    if not (Path(folder) / str(entry["file"])).is_file():
        fail("file", f"{entry['file']} does not exist in {folder}")
    article = entry.get("article", 1)
    if not isinstance(article, int) or isinstance(article, bool) or article < 1:
        fail("article", f"{article!r} is not an article number (1, 2, ...)")
    for field in ("title", "city", "province", "district", "source", "note"):
        if field in entry and entry[field] is not None and not isinstance(entry[field], str):
            fail(field, f"{entry[field]!r} should be text")
    if entry.get("date") is not None:
        try:
            entry["date"] = parse_date(entry["date"])
        except ValueError as error:
            fail("date", str(error))
    if city_check and entry.get("city"):
        problem = city_check(entry["city"], entry.get("province"))
        if problem:
            fail("city", problem)


def resolve(entry: dict | None, title: str, texts: list, infer: bool = True, given: dict | None = None) -> dict:
    """City, province, district and date of one article: manifest values win,
    then the values a file's own fields give (given: {"city", "province",
    "date" (a ParsedDate), "source", "url", "named": {role: field name}}),
    and the rest is inferred from the text (the source from a 来源 line,
    parse.credited_source). Each value says where it came
    from (city_basis and date_basis name the kind of evidence, city_candidates
    are what the place ranker weighed; they are not stored)."""
    entry, given = entry or {}, given or {}
    named = given.get("named", {})
    out = {"title": entry.get("title") or title, "url": given.get("url"),
           "source": entry.get("source") or given.get("source") or (credited_source(texts) if infer else None)}
    place = date = None
    if entry.get("city"):
        out.update(city=entry["city"], province=entry.get("province"), district=entry.get("district"),
                   city_source="manifest", city_confidence=1.0, city_evidence=json.dumps([MANIFEST_NAME]),
                   city_basis="manifest")
    elif given.get("city"):
        out.update(city=given["city"], province=given.get("province"), district=None, city_source="field",
                   city_confidence=1.0, city_basis="field",
                   city_evidence=json.dumps([named.get("city", "city")], ensure_ascii=False))
    elif infer:
        place = inference.infer_place(title, texts, entry.get("source") or given.get("source"))
    if place is not None or not (entry.get("city") or given.get("city")):
        place = place or {}
        out.update(city=place.get("city"), province=place.get("province"), district=place.get("district"),
                   city_source="inferred" if place.get("city") else "none",
                   city_confidence=place.get("confidence", 0.0), city_basis=place.get("basis"),
                   city_evidence=json.dumps(place.get("evidence", []), ensure_ascii=False),
                   city_candidates=place.get("candidates"))
        if given.get("province") and given["province"] != out["province"]:
            # A province field, and no city in it: the field's province, with no city from elsewhere.
            out.update(city=None, district=None, province=given["province"], city_source="field",
                       city_confidence=1.0, city_basis="field",
                       city_evidence=json.dumps([named.get("province", "province")], ensure_ascii=False))
    parsed = entry.get("date")
    if parsed is not None:
        out.update(date_source="manifest", date_confidence=1.0, date_evidence=json.dumps([MANIFEST_NAME]),
                   date_basis="manifest")
    elif given.get("date") is not None:
        parsed = given["date"]
        out.update(date_source="field", date_confidence=1.0, date_basis="field",
                   date_evidence=json.dumps([named.get("date", "date")], ensure_ascii=False))
    else:
        if infer:
            date = inference.infer_date(title, texts)
        date = date or {}
        parsed = parse_date(date["date"]) if date.get("date") else None
        out["warnings"] = [f"date ignored: {problem}" for problem in date.get("impossible", ())]
        out.update(date_source="inferred" if parsed else "none", date_confidence=date.get("confidence", 0.0),
                   date_basis=date.get("kind"),
                   date_evidence=json.dumps(date.get("evidence", []), ensure_ascii=False))
    out.update(
        date=parsed.date if parsed else None, date_precision=parsed.precision if parsed else None,
        year=parsed.year if parsed else None, month=parsed.month if parsed else None,
    )
    return out
