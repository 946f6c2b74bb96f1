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
MISSING = re.compile(
    rf"(?:[{DASHES}]+|[{DASHES}]*\s*n/?a\.?|#n/a|#div/0!|not available\.?)", re.IGNORECASE
)
NOT_YET_KNOWN = re.compile(
    r"tb[ca]\.?|to be (?:confirmed|advised)|not yet (?:known|available)", re.IGNORECASE
)
NOT_STARTED = re.compile(r"new (?:measure|indicator)\b", re.IGNORECASE)
ENDED = re.compile(r"(?:old|ended) (?:measure|indicator)\b", re.IGNORECASE)
LOCAL = re.compile(r"local\b", re.IGNORECASE)
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


# A person's name as files write it: two to four words ("Mary Hardy", "Mary Ann de Souza").
LONGEST_NAME = 4
PERSON = re.compile(rf"[^\W\d_][^\s\d<>:;,]*(?: [^\W\d_][^\s\d<>:;,]*){{1,{LONGEST_NAME - 1}}}")
# Where an outcome statement begins when a name leads its cell ("Mary Hardy <i>Where ...</i>").
OUTCOME_MARKUP = re.compile(r"<(?:i|em)\b[^<>]*>", re.IGNORECASE)


def clean_text(text: str) -> str:
    """Text as a person reads it: HTML tags dropped (their text kept), entities decoded,
    runs of spaces collapsed. Line breaks are kept, ``<br>`` becomes one."""
    if "<" in text or "&" in text:
        text = html.unescape(TAG.sub("", LINE_BREAK_TAG.sub("\n", text)))
    return SPACES.sub(" ", text).strip()


def is_person(text: str) -> bool:
    """Shaped like a person's name: two to four words, the first and last capitalised
    ("Mary Hardy", "Mary Ann de Souza"; not "Where it is")."""
    words = text.split()
    return bool(PERSON.fullmatch(text)) and words[0][0].isupper() and words[-1][0].isupper()


def lead_and_outcome(text: str) -> tuple[str, str]:
    """An outcome cell as (the name before its markup, the outcome as read).

    The 2021 file puts the reporter's name in front of the outcome and the outcome in
    ``<i>...</i>``: "Mary Hardy <i>Where children ...</i>" is ("Mary Hardy", "Where
    children ..."). Text before the markup that is not shaped like a name, or a cell without
    such markup, is all outcome: ("", the cell as read)."""
    found = OUTCOME_MARKUP.search(text)
    if found:
        lead, outcome = clean_text(text[: found.start()]), clean_text(text[found.start() :])
        if outcome and is_person(lead):
            return lead, outcome
    return "", clean_text(text)


@lru_cache(maxsize=8192)
def parse_cell(text: str) -> Cell:
    """A value cell: "1,576" -> 1576, "94.8%" -> 94.8, "-" / "n/a" / blank -> missing,
    "Not available" / "TBC" -> missing, "New measure from Aug 16" -> not started, "Old
    measure" -> ended, "Local ind'ctr" -> local; anything else is INVALID. Full precision
    is kept; "%" is dropped (30% -> 30)."""
    plain = clean_text(text).translate(MINUS_SIGNS)
    if not plain or MISSING.fullmatch(plain) or NOT_YET_KNOWN.fullmatch(plain):
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


def parse_benchmark(text: str) -> Cell:
    """A benchmark cell, where the file's caveats are kept apart: "Local" / "Local ind'ctr"
    (a local measure, LOCAL), "-" / "n/a" / "Not available" (NOT_AVAILABLE); blank or "TBC"
    states nothing (MISSING)."""
    cell = parse_cell(text)
    plain = clean_text(text)
    if cell.status == CellStatus.MISSING and plain and not NOT_YET_KNOWN.fullmatch(plain):
        return Cell(text, None, CellStatus.NOT_AVAILABLE)
    return cell


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


PLACEHOLDER_READINGS = {
    CellStatus.MISSING: "read as no value (missing is not zero)",
    CellStatus.NOT_STARTED: "the measure had not started; read as no value",
    CellStatus.ENDED: "the measure had ended; read as no value",
    CellStatus.LOCAL: "a local measure: no such figure exists for it",
    CellStatus.NOT_AVAILABLE: "the figure is not available",
}


@lru_cache(maxsize=1024)  # a file repeats the same few placeholders thousands of times
def placeholder_note(cell: Cell) -> str | None:
    """Why a non-blank cell that holds no number was read as it was, for the preview's list
    of notes (None for a number, a blank or an unreadable cell, which is an error)."""
    if cell.status in (CellStatus.VALUE, CellStatus.INVALID) or not cell.text.strip():
        return None
    if cell.status == CellStatus.MISSING and NOT_YET_KNOWN.fullmatch(clean_text(cell.text)):
        return f'"{cell.text}" means not yet known; read as no value.'
    return f'"{cell.text}": {PLACEHOLDER_READINGS[cell.status]}.'


COMPARATOR = re.compile(r"\s*(<=|>=|=<|=>|<|>|\u2264|\u2265)\s*")
COMPARATORS = {"=<": "<=", "=>": ">=", "\u2264": "<=", "\u2265": ">="}


def parse_target(text: str) -> tuple[Cell, str]:
    """A target cell and its comparator: "<36%" -> (36, "<"), ">= 95%" -> (95, ">="), "273"
    -> (273, ""). The comparator says which side of the figure is on target."""
    found = COMPARATOR.match(clean_text(text))
    if not found:
        return parse_cell(text), ""
    cell = parse_cell(clean_text(text)[found.end() :])
    return Cell(text, cell.value, cell.status), COMPARATORS.get(found[1], found[1])


PREFERRED = {
    "up": re.compile(r"[▲⬆↑△⇧]\ufe0f?|\+?1|up|high(?:er)?(?: is better)?", re.I),
    "down": re.compile(r"[▼⬇↓▽⇩]\ufe0f?|-1|down|low(?:er)?(?: is better)?", re.I),
    "neither": re.compile(r"|0|neither|none|n/?a|-|context(?: only)?|no preference", re.I),
}


def preferred_direction_of(text: str) -> str | None:
    """ "up", "down" or "neither" from a Preferred DoT cell: words ("higher is better"), arrows
    (▲ ▼ ⬆ ⬇ ↑ ↓) or codes 1 / -1 / 0; blank is "neither" (context only). None when the
    cell cannot be read."""
    plain = clean_text(text).translate(MINUS_SIGNS).strip(" .")
    return next((name for name, pattern in PREFERRED.items() if pattern.fullmatch(plain)), None)


CODE = re.compile(r"[+-]?[01]")
# What Excel (and the tools before it) shows for -1, 0 or 1 in a cell formatted as a date:
# day 0 or 1 of 1900 ("Jan-00"), the days around 30 December 1899 ("Dec-99") or around the
# Unix epoch ("Dec-69", "Jan-70"); in a workbook read here, such a date cell reads as the
# date or, for day 0 or less, as a bare time ("00:00:00").
MANGLED_CODE = re.compile(
    r"(?:dec|jan)[\s\-/']*(?:69|70|99|00|1969|1970|1899|1900)"
    r"|(?:1899-12-(?:29|30|31)|1900-01-0[01]|1969-12-31|1970-01-01)(?:[ t][\d:.]+)?"
    r"|00:00:00",
    re.IGNORECASE,
)


def code_note(text: str, column: str) -> str:
    """Why a cell of a column the portal works out itself from the values (direction of
    travel, judgement) was not read: a -1 / 0 / 1 code, such a code turned into a date by
    Excel, or other text."""
    plain = clean_text(text).translate(MINUS_SIGNS)
    if CODE.fullmatch(plain):
        meaning = f"the code {plain}"
    elif MANGLED_CODE.fullmatch(plain):
        meaning = "a -1 / 0 / 1 code that Excel turned into a date"
    else:
        meaning = "the file's own figure"
    return (
        f'"{text}" is {meaning} in column "{column}", which the portal works out itself from '
        "the values; not read."
    )


# The board's RAG: -1 red, 0 amber, 1 green, or the words.
RAG_WORDS = {"red": -1, "r": -1, "amber": 0, "a": 0, "green": 1, "g": 1}
# What each date an Excel-mangled code reads as stands for, where only one code gives it:
# day -1, 0 and 1 counted from 30 December 1899 (LibreOffice, and Excel's serials as most
# tools convert them), 1 from Excel's own 1900 calendar ("1900-01-01" in a workbook read
# here), -1 from the Unix epoch ("Dec-69": any code before 1 January 1970). "Jan-00",
# "Jan-70", "Dec-99" and a bare "00:00:00" (a workbook's day 0 *or* -1) stand for more
# than one code, so they cannot be read back.
MANGLED_DATES = {
    "1899-12-29": -1,
    "1899-12-30": 0,
    "1899-12-31": 1,
    "1900-01-00": 0,
    "1900-01-01": 1,
    "1969-12-31": -1,
}
DEC_69 = re.compile(r"dec[\s\-/']*(?:69|1969)", re.IGNORECASE)
RAG_UNREADABLE = (
    '"{text}" is not a RAG the portal can read (-1 red, 0 amber, 1 green, or the words); '
    "the file's judgement of this month is not kept."
)
RAG_AMBIGUOUS = (
    '"{text}" is a -1 / 0 / 1 code that Excel turned into a date, and that date stands for '
    "more than one code; the file's judgement of this month is not kept. Format the RAG "
    "column as numbers in the workbook to keep it."
)


@lru_cache(maxsize=256)
def parse_rag(text: str) -> tuple[Cell, str]:
    """A RAG cell of the board tables as its code and, where it cannot be read, why.

    "-1" / "0" / "1", "Red" / "Amber" / "Green" (or R / A / G) read as the code (VALUE);
    Excel's date manglings read as the one code they stand for (``MANGLED_DATES``, "Dec-69")
    or are INVALID where they stand for more than one; blank, "-" and "n/a" are MISSING (no
    judgement given). The reason is "" for a code or a blank."""
    plain = clean_text(text).translate(MINUS_SIGNS).strip(" .")
    if not plain or MISSING.fullmatch(plain):
        return Cell(text, None, CellStatus.MISSING), ""
    code = RAG_WORDS.get(plain.lower())
    if code is None and CODE.fullmatch(plain):
        code = int(plain)
    if code is None and MANGLED_CODE.fullmatch(plain):
        day = plain.lower()[:10]
        code = MANGLED_DATES.get(day, -1 if DEC_69.fullmatch(plain) else None)
        if code is None:
            return Cell(text, None, CellStatus.INVALID), RAG_AMBIGUOUS.format(text=text)
    if code is None:
        return Cell(text, None, CellStatus.INVALID), RAG_UNREADABLE.format(text=text)
    return Cell(text, Decimal(code), CellStatus.VALUE), ""


FREQUENCIES = (
    ("quarterly", re.compile(r"\bper quarter\b|\bquarterly\b|\bqtr(?:ly)?\b", re.I)),
    ("annual", re.compile(r"\bper (?:annum|year)\b|\bannual(?:ly)?\b|\byearly\b", re.I)),
    ("monthly", re.compile(r"\bper month\b|\bmonthly\b", re.I)),
)


def frequency_of(text: str) -> str | None:
    """ "monthly", "quarterly" or "annual" when the text says so ("... per quarter")."""
    return next((name for name, pattern in FREQUENCIES if pattern.search(text)), None)
