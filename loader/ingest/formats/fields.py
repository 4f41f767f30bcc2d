"""The fields of an export: which column or key holds the title, the text, the
date, the URL, the source, the city and the province, and how a value reads.

Names are matched case-insensitively, with spaces, `-` and `_` ignored, so
`Publish_Time`, `publish time` and `publishtime` are one name. A name given
with `--field ROLE=NAME` is tried before the usual ones.
"""
import datetime
import re
from dataclasses import dataclass, field

# The usual names of each field in crawler exports, English and Chinese; the first found wins.
NAMES = {
    "title": ("title", "headline", "标题"),
    "text": ("content", "text", "body", "正文", "内容"),
    "date": ("date", "pubtime", "publish_time", "published", "time", "发布时间", "日期", "时间"),
    "url": ("url", "link", "链接"),
    "source": ("source", "media", "来源", "媒体"),
    "city": ("city", "城市", "地市"),
    "province": ("province", "省份"),
}
ROLES = tuple(NAMES)
BEIJING = datetime.timezone(datetime.timedelta(hours=8))
# Zero-width characters crawlers leave in short fields (a trailing U+200D after a source's name).
_ZERO_WIDTH = re.compile("[\u200b-\u200d\u2060\ufeff]")
_SPELLING = re.compile(r"[\s_\-]+")
# `2024-06-15`, `2022/4/1`, `2019.06.15 08:18`, `2019年6月15日`, `20190615`, `2019-06`, `2019`.
_DATES = (re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:$|[\sT]|\d{1,2}:)"),
          re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
          re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$"),
          re.compile(r"^(\d{4})\s*年?$"))
# Epoch seconds from 2000 on, or milliseconds.
_EPOCH = re.compile(r"^\d{9,13}(?:\.\d+)?$")


class FieldError(ValueError):
    """A --field option that names no field."""


def _key(name) -> str:
    return _SPELLING.sub("", str(name)).lower()


@dataclass
class FieldMap:
    """Which names to look for, per role: --field names first, then NAMES."""
    extra: dict = field(default_factory=dict)  # {role: [name, ...]} from --field

    @classmethod
    def parse(cls, options) -> "FieldMap":
        """From `--field ROLE=NAME` options; FieldError names a bad one."""
        extra = {}
        for option in options or ():
            role, _, name = str(option).partition("=")
            role = role.strip().lower()
            if role not in NAMES or not name.strip():
                raise FieldError(f"--field {option}: use ROLE=NAME, ROLE one of {', '.join(ROLES)}")
            extra.setdefault(role, []).append(name.strip())
        return cls(extra)

    def columns(self, names) -> dict:
        """{role: the name among names (a header, a record's keys) that holds it}."""
        present = {}
        for name in names:
            if name is not None:
                present.setdefault(_key(name), name)
        found = {}
        for role in ROLES:
            for wanted in self.extra.get(role, []) + list(NAMES[role]):
                if _key(wanted) in present:
                    found[role] = present[_key(wanted)]
                    break
        return found

    def digest(self) -> str:
        """What the options change in the rows a file gives, for the file's hash."""
        return repr(sorted((role, tuple(names)) for role, names in self.extra.items()))


def clean(value) -> str | None:
    """A short field's text: zero-width characters and surrounding space removed; None when empty."""
    if value is None:
        return None
    text = _ZERO_WIDTH.sub("", str(value)).strip()
    return text or None


def read_date(value) -> str | None:
    """YYYY-MM-DD (Beijing time) from a field's value, or None when it holds no date.
    Reads date and datetime objects, epoch seconds and milliseconds, ISO 8601
    (an offset converts to Beijing time) and the usual Chinese spellings.
    ValueError when the value is there but not a date."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return (value.astimezone(BEIJING) if value.tzinfo else value).date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    text = clean(value)
    if text is None:
        return None
    if _EPOCH.match(text):
        seconds = float(text) / (1000 if float(text) > 1e11 else 1)
        return datetime.datetime.fromtimestamp(seconds, BEIJING).date().isoformat()
    try:  # ISO 8601 with a time and an offset: the day in Beijing
        stamp = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
        return (stamp.astimezone(BEIJING) if stamp.tzinfo else stamp).date().isoformat()
    except ValueError:
        pass
    match = next(filter(None, (pattern.match(text) for pattern in _DATES)), None)
    if not match:
        raise ValueError(f"{text!r} is not a date")
    year, month, day = (match.groups() + (None, None))[:3]
    datetime.date(int(year), int(month or 1), int(day or 1))  # ValueError for 2022-02-30
    return "-".join([year] + [f"{int(part):02d}" for part in (month, day) if part])
