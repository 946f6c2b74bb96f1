"""Spreadsheet downloads of the portal's reports (caseloads, audit analysis, month overview).

A list page is one table, exported by django-tables2 (``core.generic_views``). A report is
several tables under one title, so it is declared here as a :class:`ReportDownload` of
:class:`ReportTable` s, built by each app from the very report object its page renders: the
download can hold nothing its reader could not see on the page, and its columns are the
page's, in the page's order.

XLSX: a sheet per table, headed by a title row naming the report, its month and the table,
then the table's headers; numbers stay numbers (a share as a fraction with a % format, as the
pack's workbook writes it), dates stay dates. CSV: the same tables one after another, each
under its title row and separated by a blank row. Every text cell is neutralised against
formulas (``core.exports``).
"""

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.http import HttpRequest, HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from core.exports import neutralise_formula

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# The query parameter the list pages' downloads use (django-tables2's ``_export``), so a
# report's download reads the same in a link: ``?month=2016-09&_export=xlsx``.
EXPORT_PARAMETER = "_export"
SHARE = "0.0%"  # a share of 100 written as the fraction a % format expects
ONE_DECIMAL = "0.0"
WHOLE = "#,##0"
MONTH = "mmm yyyy"
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
SHEET_NAME_LENGTH = 31  # Excel's limit
TITLE_FONT = Font(bold=True, size=14)
BOLD = Font(bold=True)


@dataclass(frozen=True)
class ReportTable:
    """One table of a report: its name (the sheet's), headers, rows and number formats.

    ``formats`` gives a column's number format by header (``SHARE``, ``MONTH``...); a
    column not named keeps the cell's own type (a whole number, text).
    """

    name: str
    headers: Sequence[str]
    rows: Sequence[Sequence[object]]
    formats: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ReportDownload:
    """A report as a spreadsheet: ``title`` heads every sheet; ``filename`` has no suffix."""

    title: str
    filename: str
    tables: Sequence[ReportTable]


def share_cell(value: Decimal | None, *, missing: str | None = None) -> Decimal | str | None:
    """A share of 100 (37.5) as the fraction a ``SHARE`` cell holds (0.375); ``missing``
    (the page's words, such as "no completed audits") where there is nothing to divide by."""
    return missing if value is None else value / 100


def sheet_name(name: str, taken: set[str]) -> str:
    """A valid sheet name, unique in the workbook whatever its case (Excel's rule)."""
    base = SHEET_NAME_FORBIDDEN.sub("-", name).strip("'")[:SHEET_NAME_LENGTH] or "Sheet"
    title, number = base, 2
    while title.lower() in taken:
        suffix = f" ({number})"
        title, number = base[: SHEET_NAME_LENGTH - len(suffix)] + suffix, number + 1
    taken.add(title.lower())
    return title


def _cells(row: Sequence[object]) -> list[object]:
    return [neutralise_formula(value) for value in row]


def to_xlsx(download: ReportDownload) -> bytes:
    """The report as a workbook: a sheet per table, a title row, the headers, the rows."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    taken: set[str] = set()
    for table in download.tables:
        sheet = workbook.create_sheet(sheet_name(table.name, taken))
        sheet.append([neutralise_formula(f"{download.title}: {table.name}")])
        sheet["A1"].font = TITLE_FONT
        sheet.append(_cells(table.headers))
        for cell in sheet[2]:
            cell.font = BOLD
        for row in table.rows:
            sheet.append(_cells(row))
        _format_columns(sheet, table)
        sheet.freeze_panes = "B3"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _format_columns(sheet, table: ReportTable) -> None:
    """Number formats by column, and widths that fit the headers."""
    for column, header in enumerate(table.headers, start=1):
        letter = get_column_letter(column)
        sheet.column_dimensions[letter].width = max(12, min(len(str(header)) + 2, 60))
        number_format = table.formats.get(header)
        if number_format is None:
            continue
        for (cell,) in sheet.iter_rows(min_row=3, min_col=column, max_col=column):
            if isinstance(cell.value, int | float | Decimal | date):
                cell.number_format = number_format


def _csv_cell(value: object, number_format: str | None) -> object:
    """A cell as CSV writes it: a share as its percentage of 100 (a CSV has no formats),
    a month as ``2016-09``, a date as ``2016-09-30``, nothing as an empty cell."""
    if value is None:
        return ""
    if number_format == SHARE and isinstance(value, Decimal | float | int):
        return f"{value * 100:.1f}"
    if number_format == MONTH and isinstance(value, date):
        return f"{value:%Y-%m}"
    if isinstance(value, date):
        return value.isoformat()
    return neutralise_formula(value)


def to_csv(download: ReportDownload) -> bytes:
    """The report's tables one after another, each under its title row, a blank row between.
    UTF-8 with a byte-order mark, so Excel reads names with accents as written."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    for number, table in enumerate(download.tables):
        if number:
            writer.writerow([])
        writer.writerow([neutralise_formula(f"{download.title}: {table.name}")])
        writer.writerow(_cells(table.headers))
        formats = [table.formats.get(header) for header in table.headers]
        for row in table.rows:
            writer.writerow(
                _csv_cell(value, number_format)
                for value, number_format in zip(row, formats, strict=False)
            )
    return buffer.getvalue().encode("utf-8-sig")


WRITERS = {"csv": to_csv, "xlsx": to_xlsx}


def requested_format(request: HttpRequest) -> str | None:
    """``csv`` or ``xlsx`` when the page was asked for its download; None otherwise (an
    unknown format shows the page, as the lists' downloads do)."""
    export_format = request.GET.get(EXPORT_PARAMETER)
    return export_format if export_format in FORMATS else None


def download_response(download: ReportDownload, export_format: str) -> HttpResponse:
    """The report as an attachment in ``export_format`` (``csv`` or ``xlsx``)."""
    response = HttpResponse(WRITERS[export_format](download), content_type=FORMATS[export_format])
    response["Content-Disposition"] = f'attachment; filename="{download.filename}.{export_format}"'
    return response
