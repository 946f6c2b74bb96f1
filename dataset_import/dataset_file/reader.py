"""Reading the team's monthly dataset file (DOMAIN.md section 4) into rows and problems.

Pure: bytes in, :class:`DatasetFile` out; nothing is written and nothing raises. Anything
unreadable becomes a :class:`Problem` naming the row and column, so the import can show
every problem at once and change nothing while there is an error.

The file is read through ``core.tables_io`` like every upload (TSV or CSV with the
delimiter detected, UTF-8 with or without BOM or Windows-1252; XLSX, first sheet, where a
percent-formatted 0.3 reads "30%" as in the text export). Lines
before the first header row (title, "Sep 16", the key to the arrows) are skipped, and so
are rows with an empty Ref (blank lines, key lines). Each header row starts a section that
may have other columns than the one before.

What is an error: a value the import would store that is not a number (a month, a
target, a benchmark), a month header that cannot be read, a Ref twice. What is a warning:
an unknown column, and an unreadable cell in the file's own computed columns, which the
portal recomputes anyway.

The wide layout of ``seeds/002_...txt`` is read here, the long layout (one row per
indicator and month) by ``long``. ``seeds/001_...txt`` is the text of
a PDF of the pack (cells broken over lines, refs split letter by letter): it is not a
layout the team uploads, and it is not read.
"""

import re
from dataclasses import dataclass
from datetime import date

from core.imports import Severity
from core.tables_io import SheetRow, UnreadableFile, read_rows

from .cells import clean_text, parse_cell, parse_computed_cell
from .headers import BENCHMARKS, Layout, is_header, read_layout
from .long import long_header, read_long
from .records import Cell, CellStatus, DatasetFile, DatasetRow, Problem

NOT_A_NUMBER = '"{text}" is not a number. Expected a number such as 30 or 30%.'
NOT_READ = '"{text}" is not a number; the file\'s own column was not read (the portal computes it).'
OWNER_AND_REPORTER = re.compile(r"\s*[/;\n]\s*")
COMPUTED_COLUMNS = ("pct_change_prev_month", "pct_change_prev_year", "avg_12m", "max_12m")


def read_dataset(data: bytes, *, filename: str) -> DatasetFile:
    """Read a dataset file; every problem found is in the result, none is raised."""
    try:
        sheet_rows = read_rows(data, filename=filename)
    except UnreadableFile as error:
        return DatasetFile(rows=[], months=[], problems=[_file_problem(str(error))])
    except Exception as error:  # a parser library's own error on a malformed file
        message = f"The file cannot be read as a spreadsheet ({type(error).__name__})."
        return DatasetFile(rows=[], months=[], problems=[_file_problem(message)])
    for position, sheet_row in enumerate(sheet_rows[:20]):
        if columns := long_header(sheet_row.cells):
            return read_long(sheet_rows, position, columns)
    reader = _Reader()
    for sheet_row in sheet_rows:
        reader.read(sheet_row)
    return reader.result()


def _file_problem(message: str) -> Problem:
    return Problem(None, None, None, None, "", message, Severity.ERROR)


class _Reader:
    def __init__(self) -> None:
        self.rows: list[DatasetRow] = []
        self.problems: list[Problem] = []
        self.months: set[date] = set()
        self.layout: Layout | None = None
        self.ref_lines: dict[str, int] = {}

    def result(self) -> DatasetFile:
        if self.layout is None:
            self.problems.append(
                _file_problem(
                    'No header row found. The dataset needs a header row with a "Ref" column '
                    'and one column per month, headed like "Sep 16".'
                )
            )
        return DatasetFile(rows=self.rows, months=sorted(self.months), problems=self.problems)

    def read(self, sheet_row: SheetRow) -> None:
        cells = sheet_row.cells
        if is_header(cells):
            self.layout = read_layout(cells, sheet_row.line)
            self.problems += self.layout.problems
            self.months.update(month for _, month in self.layout.months)
            return
        layout = self.layout
        if layout is None or not layout.months:  # the preamble, or a section without months
            return
        ref_index = layout.fields["ref"]
        ref = clean_text(cells[ref_index]) if ref_index < len(cells) else ""
        if not ref or not (any(cells[:ref_index]) or any(cells[ref_index + 1 :])):
            return  # a blank line, a key line, or a note with nothing beside it
        if len(cells) < layout.width:
            cells = cells + ("",) * (layout.width - len(cells))
        self.rows.append(_RowReader(layout, sheet_row.line, ref, cells, self.problems).row())
        self._check_ref(ref, sheet_row.line)
        self._check_width(cells, sheet_row.line, ref)

    def _check_ref(self, ref: str, line: int) -> None:
        first = self.ref_lines.setdefault(ref, line)
        if first != line:
            self.problems.append(
                Problem(
                    line,
                    self.layout.columns["ref"],
                    ref,
                    None,
                    ref,
                    f'Ref "{ref}" appears twice, in rows {first} and {line}. '
                    "Each indicator must appear once.",
                    Severity.ERROR,
                )
            )

    def _check_width(self, cells: tuple[str, ...], line: int, ref: str) -> None:
        extra = next((text for text in cells[self.layout.width :] if text), None)
        if extra is not None:
            self.problems.append(
                Problem(
                    line,
                    None,
                    ref,
                    None,
                    extra,
                    f'"{extra}" is to the right of the last column heading; it was not read.',
                    Severity.WARNING,
                )
            )


@dataclass
class _RowReader:
    """One indicator line under ``layout``; unreadable cells are added to ``problems``."""

    layout: Layout
    line: int
    ref: str
    cells: tuple[str, ...]
    problems: list[Problem]

    def row(self) -> DatasetRow:
        owner, reporter = self._owner_and_reporter()
        benchmarks = {
            name: self._cell(name, parse_cell, NOT_A_NUMBER, Severity.ERROR)
            for name in BENCHMARKS
            if name in self.layout.fields
        }
        computed = {
            name: self._cell(name, parse_computed_cell, NOT_READ, Severity.WARNING)
            for name in COMPUTED_COLUMNS
        }
        return DatasetRow(
            line=self.line,
            ref=self.ref,
            area=self._text("area"),
            title=self._text("title"),
            owner=owner,
            reporter=reporter,
            outcome=self._text("outcome"),
            values=self._values(),
            columns=self.layout.columns,
            file_pct_change_prev_month=computed["pct_change_prev_month"],
            file_pct_change_prev_year=computed["pct_change_prev_year"],
            file_avg_12m=computed["avg_12m"],
            file_max_12m=computed["max_12m"],
            benchmarks={name: cell for name, cell in benchmarks.items() if cell is not None},
            target=self._cell("target", parse_cell, NOT_A_NUMBER, Severity.ERROR),
            preferred_direction=self._text("preferred_direction") or None,
            commentary=self._text("commentary") or "",
        )

    def _text(self, name: str) -> str | None:
        index = self.layout.fields.get(name)
        return None if index is None else clean_text(self.cells[index])

    def _owner_and_reporter(self) -> tuple[str | None, str | None]:
        """From "Owner" and "Reporter", or from one "Owner/Reporter" column: "A / B" is
        owner A and reporter B; a single name is both."""
        owner, reporter = self._text("owner"), self._text("reporter")
        both = self._text("owner_reporter")
        if both is None:
            return owner, reporter
        parts = OWNER_AND_REPORTER.split(both)
        first, second = parts if len(parts) == 2 else (both, both)
        return (owner if owner is not None else first, reporter if reporter is not None else second)

    def _values(self) -> dict[date, Cell]:
        values = {}
        for index, month in self.layout.months:
            cell = parse_cell(self.cells[index])
            if cell.status == CellStatus.INVALID:
                self._report(cell, month.isoformat(), month, NOT_A_NUMBER, Severity.ERROR)
            values[month] = cell
        return values

    def _cell(self, name: str, parse, message: str, severity: Severity) -> Cell | None:
        index = self.layout.fields.get(name)
        if index is None:
            return None
        cell = parse(self.cells[index])
        if cell.status == CellStatus.INVALID:
            self._report(cell, name, None, message, severity)
        return cell

    def _report(
        self, cell: Cell, column: str, month: date | None, message: str, severity: Severity
    ) -> None:
        self.problems.append(
            Problem(
                self.line,
                self.layout.columns[column],
                self.ref,
                month,
                cell.text,
                message.format(text=cell.text),
                severity,
            )
        )
