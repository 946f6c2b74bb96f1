"""The long layout: one row per indicator and month (``ref, month, value, commentary``).

Each file row becomes its own :class:`DatasetRow` holding one month, so every problem
names the row it is on. A ref and month given twice is an error naming both rows.
"""

from datetime import date

from imports.headers import Column, columns_named, match_headers
from imports.plans import ProblemList, Severity
from imports.tables_io import SheetRow

from .cells import clean_text, parse_cell
from .headers import month_of_header
from .records import CellStatus, DatasetFile, DatasetRow, Problem

REQUIRED = ("ref", "month", "value")
COLUMNS = (*columns_named(REQUIRED, required=REQUIRED), Column("commentary"))


def long_header(cells: tuple[str, ...]) -> dict[str, int] | None:
    """Column indexes when ``cells`` is a long-layout header (ref, month, value...), matched
    as every import matches its header (``imports.headers``); None when it is not one."""
    headers = match_headers(cells, columns=COLUMNS, file="the dataset", report_unknown=False)
    return None if headers.missing else headers.index


def _cell(cells: tuple[str, ...], index: int | None) -> str:
    return cells[index] if index is not None and index < len(cells) else ""


def read_long(sheet_rows: list[SheetRow], header_at: int, columns: dict[str, int]) -> DatasetFile:
    rows: list[DatasetRow] = []
    problems = ProblemList()
    seen: dict[tuple[str, date], int] = {}
    headers = sheet_rows[header_at].cells
    names = {name: headers[index] for name, index in columns.items()}
    for sheet_row in sheet_rows[header_at + 1 :]:
        ref = clean_text(_cell(sheet_row.cells, columns["ref"]))
        if not ref:
            continue
        month_text = _cell(sheet_row.cells, columns["month"])
        month = month_of_header(month_text)
        if month is None:
            problems.append(
                Problem(sheet_row.line, names["month"], ref, None, month_text,
                        f'"{month_text}" is not a month. Expected a month such as 2016-09.',
                        Severity.ERROR)
            )  # fmt: skip
            continue
        if (ref, month) in seen:
            problems.append(
                Problem(sheet_row.line, names["ref"], ref, month, ref,
                        f"{ref} has a value for this month on row {seen[ref, month]} too.",
                        Severity.ERROR)
            )  # fmt: skip
            continue
        seen[ref, month] = sheet_row.line
        text = _cell(sheet_row.cells, columns["value"])
        cell = parse_cell(text)
        if cell.status == CellStatus.INVALID:
            problems.append(
                Problem(sheet_row.line, names["value"], ref, month, text,
                        f'"{text}" is not a number. Expected a number such as 30 or 30%.',
                        Severity.ERROR)
            )  # fmt: skip
        commentary = clean_text(_cell(sheet_row.cells, columns.get("commentary")))
        rows.append(
            DatasetRow(
                line=sheet_row.line,
                ref=ref,
                area=None,
                title=None,
                owner=None,
                reporter=None,
                outcome=None,
                values={month: cell},
                columns={month.isoformat(): names["value"], "ref": names["ref"]}
                | ({"commentary": names["commentary"]} if "commentary" in names else {}),
                commentaries={month: commentary} if commentary else {},
            )
        )
    months = sorted({month for _, month in seen})
    return DatasetFile(rows=rows, months=months, problems=problems)
