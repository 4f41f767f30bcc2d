"""Character-level clean-up of OCR'd newspaper lines."""
import re

from ..text.characters import CLOSERS, ELLIPSIS, HAN, SENTENCE_ENDS, STOPS

# Whitespace is kept only between two ASCII letters or digits ("COVID 19",
# "APP store"); everywhere else it is an OCR artefact: "2021 年", "全 力 打 造".
# So a run goes unless it has one on each side. Starting with \s lets re jump
# from space to space in C instead of trying a look-behind at every position;
# the look-behind then checks the character before the run's first space.
_SPACES = re.compile(r"\s(?:(?<![A-Za-z0-9]\s)\s*|\s*(?![A-Za-z0-9]))")
_RUN = re.compile(r"\s+")
_WHITESPACE = re.compile(r"\s")
_TERMINAL = SENTENCE_ENDS + ELLIPSIS
_CJK = re.compile(f"[{HAN}]")


def squash_spaces(text: str) -> str:
    """Remove OCR spaces, keeping single spaces between Latin words and numbers."""
    stripped = text.strip()
    if not _WHITESPACE.search(stripped):
        return stripped  # most lines: no space inside, nothing to decide
    return _RUN.sub(" ", _SPACES.sub("", text)).strip()


def ends_sentence(text: str) -> bool:
    """True when a paragraph may end here: 。！？… (before closing quotes) or a dash."""
    text = text.rstrip()
    if text.endswith(("——", "—")):
        return True
    text = text.rstrip(CLOSERS)
    return bool(text) and text[-1] in _TERMINAL


def has_sentence_punctuation(text: str) -> bool:
    return any(c in text for c in STOPS)


def visual_width(text: str) -> float:
    """Width on the printed page: ASCII is half as wide as a Chinese character."""
    spaces = text.count(" ")
    ascii_chars = len(text.encode("ascii", "ignore")) - spaces
    return len(text) - spaces - 0.5 * ascii_chars


def is_cjk(char: str) -> bool:
    return bool(_CJK.match(char))


def join_lines(lines) -> str:
    """Hard-wrapped lines as one: a space between two Latin words, nothing between Chinese ones.
    Joined once at the end, so a paragraph of many lines costs no more than its length."""
    parts, end = [], ""  # end: the joined text's last character
    for line in lines:
        if end.isascii() and end.isalnum() and line[:1].isascii() and line[:1].isalpha():
            parts.append(" ")
        parts.append(line)
        end = line[-1:] or end
    return "".join(parts)
