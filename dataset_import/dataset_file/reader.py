"""Reading the team's monthly dataset file, in every layout it has had, into rows and problems.

Pure: bytes in, :class:`DatasetFile` out; nothing is written and nothing raises. Anything
unreadable becomes a :class:`Problem` naming the row and column, so the import can show
every problem at once and change nothing while there is an error.

The file is read through ``imports.tables_io`` like every upload (TSV or CSV with the
delimiter detected, UTF-8 with or without BOM or Windows-1252; XLSX, first sheet, where a
percent-formatted 0.3 reads "30%" as in the text export). A sheet may hold several
tables, each under its own header row and with other columns than the one before; a row
with only a title ("Right service right time") is a **section title**, kept on the rows of
every table under it until the next title (``DatasetRow.section``): above the first table,
between a table's last row and the next header, or inside a table. A title written in the
Indicator column (as the 2023 tables do) is a section title only where a header row follows
it; otherwise it is an indicator's title without values, noted as not read. Rows without
a Ref are read when they have an indicator title (the 2023 board tables); which indicator a
row is, when refs are blank or repeated, is the plan's decision, not the reader's.

Nothing is dropped without a reason: every non-empty cell is read into its row or listed
as a problem. What is an error: a value the import would store that is not a number (a
month, a target, a benchmark), a month header that cannot be read. What is a warning: an
unknown column, a cell right of the last header, a preferred direction that cannot be
read, an unreadable cell in the file's own computed columns (the portal recomputes them),
a RAG that cannot be read (``cells.parse_rag``: also a code Excel made a date that stands
for more than one code). What is a note (never refusing the import): each placeholder read
as no value ("TBC", "-", "n/a", "New measure from Aug 16", "Local ind'ctr"), each cell of a
column the portal works out itself from the values (the direction of travel's codes -1 /
0 / 1, also when Excel made them dates such as "Dec-69"), and each row that is not an
indicator (the title lines, the key). The RAG column is read (``DatasetRow.file_rag``, its
code): it is the board's judgement of the month, which the portal cannot always make.

The wide layout of the team's file (``dataset_import/demo_data/dataset_2016_09.tsv``, the
demo's sample month) is read here, the long layout (one row per indicator and month) by
``long``. The text of a PDF of the pack (cells broken over lines, refs split letter by
letter) is not a layout the team uploads, and it is not read.
"""

import re
from dataclasses import dataclass
from datetime import date

from imports.plans import ProblemList, Severity
from imports.tables_io import SheetRow, UnreadableFile, read_rows

from .cells import (
    clean_text,
    code_note,
    frequency_of,
    lead_and_outcome,
    parse_benchmark,
    parse_cell,
    parse_computed_cell,
    parse_rag,
    parse_target,
    placeholder_note,
    preferred_direction_of,
)
from .headers import BENCHMARKS, Layout, is_header, month_of_header, read_layout
from .long import long_header, read_long
from .records import Cell, CellStatus, DatasetFile, DatasetRow, Problem

NOT_A_NUMBER = '"{text}" is not a number. Expected a number such as 30 or 30%.'
NOT_READ = '"{text}" is not a number; the file\'s own column was not read (the portal computes it).'
COMPUTED_COLUMNS = ("pct_change_prev_month", "pct_change_prev_year", "avg_12m", "max_12m")
UNREAD_REASONS = {
    "catalogue": '"{text}" is in column "{header}", which the catalogue keeps; not read.',
    "repeated": '"{text}" is in column "{header}", a repeated column; not read.',
    "unknown": '"{text}" is in column "{header}", which is not a column of the dataset; not read.',
}
WORDS = re.compile(r"[^\W\d_]{2,}")


def read_dataset(data: bytes, *, filename: str) -> DatasetFile:
    """Read a dataset file; every problem found is in the result, none is raised."""
    try:
        sheet_rows = read_rows(data)
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


def _is_section_title(text: str) -> bool:
    """A title such as "Right service right time": words, not a label ("Key:", "Source:
    PARIS"), a month ("Sep 16") or a number."""
    return (
        len(WORDS.findall(text)) >= 2
        and ":" not in text
        and month_of_header(text) is None
        and parse_cell(text).status == CellStatus.INVALID
    )


class _Reader:
    def __init__(self) -> None:
        self.rows: list[DatasetRow] = []
        self.problems = ProblemList()  # bounded: a file of placeholders has one per cell
        self.months: set[date] = set()
        self.layout: Layout | None = None
        self.tables = 0
        self.section: str | None = None  # of the rows being read
        self.title_above: SheetRow | None = None  # a title on the last non-blank row
        self.unused_title: SheetRow | None = None  # a title no indicator row has followed yet
        self.maybe_title: SheetRow | None = None  # a lone title cell in the title column

    def result(self) -> DatasetFile:
        if self.maybe_title is not None:
            self._skip_row(self.maybe_title, "has neither a ref nor a title with values beside it")
        self._drop_unused_title()
        if self.layout is None:
            self.problems.append(
                _file_problem(
                    'No header row found. The dataset needs a header row with a "Ref" (or '
                    '"Indicator") column and one column per month, headed like "Sep 16".'
                )
            )
        return DatasetFile(
            rows=self.rows,
            months=sorted(self.months),
            problems=self.problems,
            tables=self.tables,
        )

    def read(self, sheet_row: SheetRow) -> None:
        cells = sheet_row.cells
        filled = [(index, text) for index, text in enumerate(cells) if text and not text.isspace()]
        if not filled:
            return
        header = is_header(cells)
        if self.maybe_title is not None and not header:
            self._skip_row(self.maybe_title, "has neither a ref nor a title with values beside it")
        self.maybe_title = None
        if header:
            self._start_table(cells, sheet_row.line)
            return
        layout = self.layout if self.layout is not None and self.layout.months else None
        title = clean_text(filled[0][1]) if len(filled) == 1 else ""
        if title and _is_section_title(title):
            self._drop_unused_title()
            self.title_above = sheet_row
            if layout is not None and filled[0][0] == layout.fields.get("title"):
                # An indicator's title without values, or the next table's section title
                # (the 2023 tables write it in the Indicator column): a header must follow.
                self.maybe_title = sheet_row
                return
            self.unused_title = sheet_row
            if layout is not None:
                self.section = title
            return
        if self.layout is None:
            self._drop_unused_title()  # the file's own title, above its preamble
        self.title_above = None
        if layout is None:
            self._skip_row(sheet_row, "is not under a header row")
            return
        if not self._is_indicator(cells, filled):
            self._skip_row(sheet_row, "has neither a ref nor a title with values beside it")
            return
        ref = self._text(cells, "ref")
        if len(cells) < layout.width:
            cells = cells + ("",) * (layout.width - len(cells))
        reader = _RowReader(layout, sheet_row.line, ref, cells, self.problems)
        self.rows.append(reader.row(section=self.section))
        self.unused_title = None

    def _start_table(self, cells: tuple[str, ...], line: int) -> None:
        self.layout = read_layout(cells, line)
        self.problems += self.layout.problems
        self.months.update(month for _, month in self.layout.months)
        self.tables += 1
        above, self.title_above = self.title_above, None
        if self.unused_title is not above:
            self._drop_unused_title()
        if above is not None:  # else the table is still in the section of the title before
            self.unused_title = above
            self.section = " ".join(clean_text(cell) for cell in above.cells if cell)

    def _drop_unused_title(self) -> None:
        """A title no indicator row follows (the file's own title, an empty section) is
        listed, so that it is not lost without a word."""
        if self.unused_title is not None:
            self._skip_row(self.unused_title, "is a title with no indicator under it")
        self.unused_title = None

    def _is_indicator(self, cells: tuple[str, ...], filled: list[tuple[int, str]]) -> bool:
        """A ref with anything beside it; without a ref (the 2023 tables leave it blank), a
        title with at least one month cell, so a key line under the header is not read."""
        if self._text(cells, "ref"):
            return len(filled) > 1
        months = self.layout.months
        return bool(self._text(cells, "title")) and any(
            index < len(cells) and cells[index].strip() for index, _ in months
        )

    def _text(self, cells: tuple[str, ...], name: str) -> str:
        index = self.layout.fields.get(name)
        return clean_text(cells[index]) if index is not None and index < len(cells) else ""

    def _skip_row(self, sheet_row: SheetRow, reason: str) -> None:
        text = " | ".join(clean_text(cell) for cell in sheet_row.cells if cell.strip())
        self.problems.append(
            Problem(
                sheet_row.line,
                None,
                None,
                None,
                text,
                f"This row {reason}; it was not read as an indicator.",
                Severity.NOTE,
            )
        )


@dataclass
class _RowReader:
    """One indicator line under ``layout``; every cell not read into the row is added to
    ``problems`` with its reason."""

    layout: Layout
    line: int
    ref: str
    cells: tuple[str, ...]
    problems: ProblemList

    def row(self, *, section: str | None) -> DatasetRow:
        benchmarks = {
            name: self._cell(name, parse_benchmark, NOT_A_NUMBER, Severity.ERROR)
            for name in BENCHMARKS
            if name in self.layout.fields
        }
        computed = {
            name: self._cell(name, parse_computed_cell, NOT_READ, Severity.WARNING)
            for name in COMPUTED_COLUMNS
        }
        target, comparator = self._target()
        title = self._text("title")
        lead, outcome = self._outcome()
        self._note_unread_cells()
        return DatasetRow(
            line=self.line,
            ref=self.ref,
            area=self._text("area"),
            title=title,
            owner=self._text("owner"),
            reporter=self._text("reporter"),
            outcome=outcome,
            values=self._values(),
            columns=self.layout.columns,
            file_pct_change_prev_month=computed["pct_change_prev_month"],
            file_pct_change_prev_year=computed["pct_change_prev_year"],
            file_avg_12m=computed["avg_12m"],
            file_max_12m=computed["max_12m"],
            file_rag=self._rag(),
            benchmarks={name: cell for name, cell in benchmarks.items() if cell is not None},
            target=target,
            preferred_direction=self._preferred_direction(),
            commentary=self._text("commentary") or "",
            section=section,
            owner_reporter=self._text("owner_reporter"),
            target_comparator=comparator,
            target_year=self.layout.years["target"][0] if "target" in self.layout.years else None,
            benchmark_years={
                name: year
                for name, (_, year) in self.layout.years.items()
                if name in benchmarks and benchmarks[name] is not None
            },
            frequency=self._frequency(title),
            outcome_lead=lead,
        )

    def _text(self, name: str) -> str | None:
        index = self.layout.fields.get(name)
        return None if index is None else clean_text(self.cells[index])

    def _outcome(self) -> tuple[str, str | None]:
        """(the name leading the outcome cell, the outcome); ("", None) without the column."""
        index = self.layout.fields.get("outcome")
        return ("", None) if index is None else lead_and_outcome(self.cells[index])

    def _values(self) -> dict[date, Cell]:
        values = {}
        for index, month in self.layout.months:
            cell = parse_cell(self.cells[index])
            if cell.status == CellStatus.INVALID:
                self._report(cell, month.isoformat(), month, NOT_A_NUMBER, Severity.ERROR)
            elif cell.status != CellStatus.VALUE and cell.text:
                self._note(cell, month.isoformat(), month)
            values[month] = cell
        return values

    def _cell(self, name: str, parse, message: str, severity: Severity) -> Cell | None:
        index = self.layout.fields.get(name)
        if index is None:
            return None
        cell = parse(self.cells[index])
        if cell.status == CellStatus.INVALID:
            self._report(cell, name, None, message, severity)
        elif cell.status != CellStatus.VALUE and cell.text:
            self._note(cell, name, None)
        return cell

    def _target(self) -> tuple[Cell | None, str]:
        index = self.layout.fields.get("target")
        if index is None:
            return None, ""
        cell, comparator = parse_target(self.cells[index])
        if cell.status == CellStatus.INVALID:
            self._report(cell, "target", None, NOT_A_NUMBER, Severity.ERROR)
        elif cell.status != CellStatus.VALUE and cell.text:
            self._note(cell, "target", None)
        return cell, comparator

    def _rag(self) -> Cell | None:
        """The file's RAG: a code kept; a cell that cannot be read is a warning with its
        reason (the file's judgement is lost, the values are not); "-" or "n/a" a note."""
        index = self.layout.fields.get("rag")
        if index is None:
            return None
        cell, reason = parse_rag(self.cells[index])
        header = self.layout.columns["rag"]
        if reason:
            self._add(header, cell.text, reason, Severity.WARNING)
        elif cell.status == CellStatus.MISSING and cell.text.strip():
            message = f'"{cell.text}": the file gives no RAG for this month.'
            self._add(header, cell.text, message, Severity.NOTE)
        return cell

    def _preferred_direction(self) -> str | None:
        text = self._text("preferred_direction")
        if text is None:
            return None
        direction = preferred_direction_of(text)
        if direction is None:
            self._report(
                Cell(text, None, CellStatus.INVALID),
                "preferred_direction",
                None,
                '"{text}" is not a preferred direction (▲ / ▼, 1 / -1 / 0, or "higher is '
                'better" / "lower is better"); it was not read.',
                Severity.WARNING,
            )
        return direction

    def _frequency(self, title: str | None) -> str | None:
        index = self.layout.fields.get("frequency")
        written = "" if index is None else self.cells[index].strip()
        if not written:  # blank, or no such column: the title may say ("per quarter")
            return frequency_of(title or "")
        frequency = frequency_of(clean_text(written))  # "" for a cell of markup alone
        if frequency is None:
            self._report(
                Cell(written, None, CellStatus.INVALID),
                "frequency",
                None,
                '"{text}" is not a frequency (monthly, quarterly or annual); it was not read.',
                Severity.WARNING,
            )
        return frequency

    def _note_unread_cells(self) -> None:
        """A note for each non-empty cell of a column that is not read, or without a
        header; a warning for each right of the last header."""
        layout = self.layout
        for text in self.cells[layout.width :]:
            if text.strip():
                message = f'"{text}" is to the right of the last column heading; it was not read.'
                self._add(None, text, message, Severity.WARNING)
        for index in layout.not_read:
            text = self.cells[index]
            if not text.strip():
                continue
            if index not in layout.headed:
                message = f'"{text}" is in a column without a heading; it was not read.'
                self._add(None, text, message, Severity.NOTE)
            else:
                header, kind = layout.unread[index]
                message = (
                    code_note(text, header)
                    if kind == "computed"
                    else UNREAD_REASONS[kind].format(text=text, header=header)
                )
                self._add(header, text, message, Severity.NOTE)

    def _note(self, cell: Cell, column: str, month: date | None) -> None:
        header = self.layout.columns[column]
        self._add(header, cell.text, placeholder_note(cell), Severity.NOTE, month)

    def _report(
        self, cell: Cell, column: str, month: date | None, message: str, severity: Severity
    ) -> None:
        self._add(
            self.layout.columns[column], cell.text, message.format(text=cell.text), severity, month
        )

    def _add(
        self,
        column: str | None,
        text: str,
        message: str,
        severity: Severity,
        month: date | None = None,
    ) -> None:
        self.problems.append(
            Problem(self.line, column, self.ref or None, month, text, message, severity)
        )
