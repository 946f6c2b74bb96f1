"""Reading one cell of the team's spreadsheet: numbers, markers, arrows and HTML.

Cells are read by text, once per distinct text: the same "n/a", "New measure from Aug 16"
or small count repeats thousands of times in a file, and :class:`Cell` is immutable.
"""

import html
import re
from decimal import Decimal
from functools import lru_cache

from indicators.calculations import Direction

from .records import Cell, CellStatus

NUMBER = re.compile(r"([+-]?)(\d{1,3}(?:,\d{3})+|\d*)(\.\d+)?\s*%?")
DASHES = "-\u2013\u2014"  # hyphen, en dash, em dash
MISSING = re.compile(rf"(?:[{DASHES}]+|[{DASHES}]*\s*n/?a\.?|#n/a|#div/0!)", re.IGNORECASE)
NOT_STARTED = re.compile(r"new (?:measure|indicator)\b", re.IGNORECASE)
ENDED = re.compile(r"(?:old|ended) (?:measure|indicator)\b", re.IGNORECASE)
LOCAL = re.compile(r"local\b|not available\b", re.IGNORECASE)
ARROWS = {
    Direction.UP: "↑⬆▲↗⇧",
    Direction.DOWN: "↓⬇▼↘⇩",
    Direction.SIMILAR: "→➔➜➡►↔⇨",
}
ARROW_WORDS = {
    Direction.UP: ("up", "increase", "higher"),
    Direction.DOWN: ("down", "decrease", "lower"),
    Direction.SIMILAR: ("similar", "same", "no change"),
}
_ARROW_CHARS = "".join(ARROWS.values())
_ARROW_WORDS = "|".join(word for words in ARROW_WORDS.values() for word in words)
# An arrow (with an optional emoji variation selector) or a word, before or after the number.
ARROW = re.compile(
    rf"^\s*(?:[{_ARROW_CHARS}]\ufe0f?|(?:{_ARROW_WORDS})\b)\s*"
    rf"|\s*(?:[{_ARROW_CHARS}]\ufe0f?|\b(?:{_ARROW_WORDS}))\s*$",
    re.IGNORECASE,
)
TAG = re.compile(r"<!--.*?-->|</?[A-Za-z][^<>]*>", re.DOTALL)
LINE_BREAK_TAG = re.compile(r"<br\s*/?>|</p>", re.IGNORECASE)
SPACES = re.compile(r"[^\S\n]+")
MINUS_SIGNS = str.maketrans({"\u2212": "-", "\u2013": "-"})  # minus sign, en dash


def clean_text(text: str) -> str:
    """Text as a person reads it: HTML tags dropped (their text kept), entities decoded,
    runs of spaces collapsed. Line breaks are kept, ``<br>`` becomes one."""
    if "<" in text or "&" in text:
        text = html.unescape(TAG.sub("", LINE_BREAK_TAG.sub("\n", text)))
    return SPACES.sub(" ", text).strip()


@lru_cache(maxsize=8192)
def _parse(text: str) -> Cell:
    plain = clean_text(text).translate(MINUS_SIGNS)
    if not plain or MISSING.fullmatch(plain):
        return Cell(text, None, CellStatus.MISSING)
    number = NUMBER.fullmatch(plain)
    if number and (number[2] or number[3]):
        return Cell(text, Decimal(plain.rstrip("% ").replace(",", "")), CellStatus.VALUE)
    if NOT_STARTED.match(plain):
        return Cell(text, None, CellStatus.NOT_STARTED)
    if ENDED.match(plain):
        return Cell(text, None, CellStatus.ENDED)
    if LOCAL.match(plain):
        return Cell(text, None, CellStatus.LOCAL)
    return Cell(text, None, CellStatus.INVALID)


def parse_cell(text: str) -> Cell:
    """A value cell: "1,576" -> 1576, "94.8%" -> 94.8, "-" / "n/a" / blank -> missing,
    "New measure from Aug 16" -> not started, "Old measure" -> ended, "Local ind'ctr" ->
    local; anything else is INVALID. Full precision is kept; "%" is dropped (30% -> 30)."""
    if text.isdigit() and text.isascii():  # the common case: a plain count
        return Cell(text, Decimal(text), CellStatus.VALUE)
    return _parse(text)


def parse_computed_cell(text: str) -> Cell:
    """A cell of the file's own computed columns, where an arrow may stand beside the
    number ("↑ 26", "→ -6", "⬆️ 12", "down -41")."""
    bare = ARROW.sub("", text)
    if bare == text:
        return parse_cell(text)
    cell = parse_cell(bare)
    return Cell(text, cell.value, cell.status)


def arrow_direction(text: str) -> Direction | None:
    """The direction an arrow or word in a computed cell shows, if any."""
    found = ARROW.search(text)
    if not found:
        return None
    mark = found.group().strip().rstrip("\ufe0f").lower()
    for direction, chars in ARROWS.items():
        if mark in chars or mark in ARROW_WORDS[direction]:
            return direction
    return None
