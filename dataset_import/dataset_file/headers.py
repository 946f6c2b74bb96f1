"""Reading a header row of the team's spreadsheet: which column holds what.

A row is a header row when it has a "Ref" cell ("Ref", "Ref.", "Ref_ID"), or when the file
has no Ref column an "Indicator" or "Description" cell, and at least one month-like cell.
Each header row starts a table, and a section may have other columns than the one before it (an
"Owner/Reporter" column instead of "Owner" and "Reporter", no "Area", an "Outcome").
Finding the header row and its months is this module's; matching the other headers to fields
is ``imports.headers.match_headers``, as for every import (tolerant of case, spaces and
punctuation; an unknown column or a repeated one is a warning). A month header that cannot be
read is an error.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from core.months import add_months, month_name
from imports.headers import Column, Headers, header_key, match_headers
from imports.plans import Severity

from .cells import clean_text
from .records import Problem

MONTH_NUMBERS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
# "Sep 15", "Sep-15", "Sept. 2015", "September 2015"
NAMED_MONTH = re.compile(r"([a-z]+)\.?[\s\-/'\u2019]*(\d{4}|\d{2})")
# "2015-09", "2015-09-01", "2015-09-01 00:00:00" (a date cell of a workbook)
YEAR_FIRST = re.compile(r"(\d{4})[-/.](\d{1,2})(?:[-/.]\d{1,2}(?:[ t][\d:.]+)?)?")
# "01/09/2015", "09/2015" (day first, as in the UK)
YEAR_LAST = re.compile(r"(?:\d{1,2}[/.-])?(\d{1,2})[/.-](\d{4})")
# Something meant as a month but not readable as one, e.g. "Sepp 15". (Numbers such as
# "2015/16" may be a financial year: they count as months only among the month columns.)
MONTH_LIKE = re.compile(r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\S*\W*\d+")

REF = re.compile(r"(?:ref\.?|reference)(?: ?(?:id|no\.?|number))?")
TITLE = re.compile(r"indicator(?: ?/ ?description| description| title)?|description|title")
FIELDS = (  # (field, pattern of the header key); the first match wins
    ("ref", REF),
    # The portal's own export (``indicators.dataset_export``) reads back without warnings.
    ("pct_change_prev_month", re.compile(r"pct change prev month")),
    ("pct_change_prev_year", re.compile(r"pct change prev year")),
    ("avg_12m", re.compile(r"avg 12m")),
    ("max_12m", re.compile(r"max 12m")),
    # The file's judgement of the month against its target, kept as the file's RAG.
    ("rag", re.compile(r"rag(?: rating| status)?")),
    # Worked out by the portal from the values (direction of travel, judgement, which
    # figures are a file's: the export's "reported_by_file") or kept in the catalogue
    # (unit): never imported from a file; each cell is listed as a note.
    ("computed", re.compile(r"direction(?: of travel)?|dot|judgement|reported by file")),
    ("catalogue", re.compile(r"unit")),
    ("owner_reporter", re.compile(r"(?:data )?owner ?(?:/|&|and)? ?(?:data )?reporter")),
    ("owner", re.compile(r"(?:data )?owner")),
    ("reporter", re.compile(r"(?:data )?reporter|(?:data )?accountability")),
    ("title", TITLE),
    ("area", re.compile(r"(?:service )?area")),
    ("outcome", re.compile(r"outcome.*")),
    ("pct_change", re.compile(r"(?:% ?|percent(?:age)? )(?:change|chg)\b.*")),
    ("preferred_direction", re.compile(r"preferred(?: dot| direction(?: of travel)?)?")),
    ("avg_12m", re.compile(r"12[ -]?(?:months?|mnths?|mths?)[ -]?(?:average|avg)\.?(?: value)?")),
    ("max_12m", re.compile(r"12[ -]?(?:months?|mnths?|mths?)[ -]?max(?:imum)?\.?(?: value)?")),
    ("statistical_neighbours", re.compile(r"(?:sn|stat(?:istical)?\.? neighbou?rs?)\b.*")),
    ("england", re.compile(r"(?:nat|national|eng|england)\b.*")),
    ("region", re.compile(r"(?:se|south east|se region|region(?:al)?)\b.*")),
    # The authority's own figure for an earlier year ("So'ton 21/22").
    ("prior_year", re.compile(r"(?:so['\u2019]?ton|southampton|prior year|previous year)\b.*")),
    ("target", re.compile(r"target\b.*")),
    ("frequency", re.compile(r"(?:reporting )?frequency|freq\.?")),
    ("commentary", re.compile(r".*\bcomment(?:ary|s)?\b.*")),
)
BENCHMARKS = ("statistical_neighbours", "england", "region", "prior_year")
# "21/22", "2021-22", "2021/2022" in a benchmark or target header: a financial year.
YEAR_SPAN = re.compile(r"\b(\d{4}|\d{2})\s*[/-]\s*(\d{4}|\d{2})\b")
ONE_YEAR = re.compile(r"\b((?:19|20)\d{2})\b")
COMPARED_MONTH = re.compile(r"\b(?:from|since|on|vs\.?|against)\s+(.+)$")
PREVIOUS_MONTH_WORDS = re.compile(r"\b(?:previous|last|prev\.?|prior) (?:month|mth)\b")
PREVIOUS_YEAR_WORDS = re.compile(r"\byear\b|\bannual")


def month_of_header(text: str) -> date | None:
    """The month a header names ("Sep 15", "Sep-15", "September 2015", "2015-09",
    "Sep 2015", a workbook date), as the first of that month; None when it names none."""
    key = text.strip().lower()
    if named := NAMED_MONTH.fullmatch(key):
        number, year = MONTH_NUMBERS.get(named[1]), int(named[2])
    elif numeric := YEAR_FIRST.fullmatch(key):
        year, number = int(numeric[1]), int(numeric[2])
    elif numeric := YEAR_LAST.fullmatch(key):
        number, year = int(numeric[1]), int(numeric[2])
    else:
        return None
    year += 2000 if year < 100 else 0
    if number is None or not 1 <= number <= 12 or not 1990 <= year <= 2200:
        return None
    return date(year, number, 1)


def _is_month_like(text: str) -> bool:
    return month_of_header(text) is not None or bool(MONTH_LIKE.fullmatch(text.strip().lower()))


def _key(text: str) -> str:
    return header_key(clean_text(text))


def is_header(cells: tuple[str, ...]) -> bool:
    """A "Ref" cell (or, in a file without refs, an "Indicator" cell) and at least one
    month-like cell. The first letter is looked at first: most rows are data."""
    has_ref = any(
        len(cell) < 32
        and cell[:1] in "RrIiDdTt"
        and (REF.fullmatch(key := _key(cell)) or TITLE.fullmatch(key))
        for cell in cells
    )
    return has_ref and any(_is_month_like(cell) for cell in cells if cell)


def year_of(header: str) -> tuple[int, str] | None:
    """The year a header names, as its first calendar year and as written for people:
    "So'ton 21/22" -> (2021, "2021-22"), "Target 2019/20" -> (2019, "2019-20"),
    "England 2022" -> (2022, "2022")."""
    if span := YEAR_SPAN.search(header):
        start, end = (int(part) for part in span.groups())
        start += 2000 if start < 100 else 0
        if (end % 100) == (start + 1) % 100:
            return start, f"{start}-{(start + 1) % 100:02d}"
    if single := ONE_YEAR.search(header):
        return int(single[1]), single[1]
    return None


@dataclass
class Layout:
    """Where each field of one section sits (column indexes) and its headers as written."""

    line: int
    fields: dict[str, int] = field(default_factory=dict)
    months: list[tuple[int, date]] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    width: int = 0
    # Columns whose cells are not read, each with its header and why ("computed",
    # "catalogue", "repeated", "unknown"): every non-empty cell in them becomes a note.
    unread: dict[int, tuple[str, str]] = field(default_factory=dict)
    years: dict[str, tuple[int, str]] = field(default_factory=dict)  # field -> year_of header
    headed: set[int] = field(default_factory=set)  # the columns with a header
    not_read: list[int] = field(default_factory=list)  # unread or unheaded, up to ``width``

    def problem(self, column: str, message: str, severity: Severity = Severity.ERROR) -> None:
        self.problems.append(
            Problem(self.line, column or None, None, None, column, message, severity)
        )

    def place(self, name: str, index: int, header: str) -> None:
        """Column ``index`` is field ``name`` (matched, and not a repeat)."""
        self.fields[name] = index
        self.columns[name] = header
        if (name in BENCHMARKS or name == "target") and (year := year_of(header)):
            self.years[name] = year


# The fields of the dataset, matched by ``imports.headers.match_headers`` in this order;
# the columns the dataset lists but never reads, and the "% change" columns (which of the
# two a column is depends on the months), may be any number.
COLUMNS = tuple(
    Column(name, pattern=pattern, many=name in ("computed", "catalogue", "pct_change"))
    for name, pattern in FIELDS
)


def _change_field(key: str, latest: date | None) -> str | None:
    """Whether a "% change from <month>" column compares with the previous month or with
    the same month last year, relative to the latest month column of the section."""
    compared = COMPARED_MONTH.search(key)
    month = month_of_header(compared[1]) if compared else None
    if month and latest:
        return {
            add_months(latest, -1): "pct_change_prev_month",
            add_months(latest, -12): "pct_change_prev_year",
        }.get(month)
    if PREVIOUS_MONTH_WORDS.search(key):
        return "pct_change_prev_month"
    if PREVIOUS_YEAR_WORDS.search(key):
        return "pct_change_prev_year"
    return None


def read_layout(cells: tuple[str, ...], line: int) -> Layout:
    """The section a header row starts: its fields matched by name (``match_headers``), its
    months read from the columns no name matches, its "% change" columns placed once the
    latest month is known."""
    layout = Layout(line=line)
    cleaned = [clean_text(raw) for raw in cells]
    layout.headed = {index for index, header in enumerate(cleaned) if header}
    layout.width = max(layout.headed, default=-1) + 1
    headers = match_headers(
        cleaned, columns=COLUMNS, file="the dataset", line=line, report_unknown=False
    )
    later: list[tuple[int, str]] = []  # "% change" columns, read once the months are known
    for index, header, name in headers.matched:
        if name in ("computed", "catalogue"):
            layout.unread[index] = (header, name)
        elif name == "pct_change":
            later.append((index, header))
        else:
            layout.place(name, index, header)
    unknown: list[tuple[int, str]] = []
    for index, header in headers.unmatched:
        if month := month_of_header(header):
            _place_month(layout, index, header, month)
        else:
            unknown.append((index, header))
    latest = layout.months[-1][1] if layout.months else None
    for index, header in later:
        _place_change(layout, headers, index, header, latest)
    _report_unknown(layout, headers, unknown)
    for index, header in headers.repeated:
        layout.unread[index] = (header, "repeated")
    for problem in headers.problems:
        layout.problem(problem.column or "", problem.message, problem.severity)
    layout.not_read = sorted((set(range(layout.width)) - layout.headed) | set(layout.unread))
    if not layout.months:
        layout.problem("", "This header row has no month column that can be read.")
    elif [m for _, m in layout.months] != sorted(m for _, m in layout.months):
        layout.problem(
            "",
            "The month columns are not in order from oldest to newest.",
            Severity.WARNING,
        )
    return layout


def _place_month(layout: Layout, index: int, header: str, month: date) -> None:
    if month.isoformat() in layout.columns:
        first = layout.columns[month.isoformat()]
        layout.problem(
            header,
            f'Column "{header}" is {month_name(month)} again (as column "{first}"). '
            "Each month must have one column.",
        )
        layout.unread[index] = (header, "repeated")
        return
    layout.months.append((index, month))
    layout.columns[month.isoformat()] = header


def _place_change(
    layout: Layout, headers: Headers, index: int, header: str, latest: date | None
) -> None:
    name = _change_field(_key(header), latest)
    if name:
        if headers.place(name, index, header):
            layout.place(name, index, header)
        return
    layout.unread[index] = (header, "unknown")
    latest_text = f" (the latest month column is {month_name(latest)})" if latest else ""
    layout.problem(
        header,
        f'Column "{header}" compares with neither the previous month nor the same month '
        f"last year{latest_text}; it was not read.",
        Severity.WARNING,
    )


def _report_unknown(layout: Layout, headers: Headers, unknown: list[tuple[int, str]]) -> None:
    """A column that is neither a field nor a month: a month header that cannot be read
    (among the months, or looking like one) is an error; anything else is not read."""
    first = layout.months[0][0] if layout.months else None
    last = layout.months[-1][0] if layout.months else None
    for index, header in unknown:
        inside_months = first is not None and first < index < last
        layout.unread[index] = (header, "unknown")
        if inside_months or _is_month_like(header):
            layout.problem(
                header,
                f'The month header "{header}" cannot be read. '
                'Write months like "Sep 16", "Sep-16" or "September 2016".',
            )
        else:
            headers.unknown(index, header)
