"""Reading uploaded lists into frames of text, one per Annex A list (no Django).

An XLSX holds a sheet per list; CSVs hold one list each. A sheet (or file) is matched to its
list by its name ("List 3", "Referrals") or, failing that, by its headers. The header row
is the first of the first ten rows naming the identifier of a list's person (the child's, or
list 11's adopter's), as Annex A extracts often carry a title above it. Every cell is read as
text: ``records.checking`` types it, so a bad date is an error naming its row and column
rather than a lost value.

A workbook is measured and read in the imports' capped worker, as every import's is
(``imports.spreadsheets.run_capped``): never in the serving process, whose memory a crafted
sheet could exhaust.
"""

import io
from dataclasses import dataclass
from datetime import date, datetime

import polars as pl
from python_calamine import CalamineWorkbook

from imports.headers import Column, Headers, compact_key, match_headers
from imports.spreadsheets import Limits, UnreadableFile, measure, run_capped
from records.lists import CHILD, LIST_BY_KEY, LISTS, RecordList

HEADER_SEARCH_ROWS = 10
# Every header that names a list's identifier: a child's in every list but 11, an adopter's.
IDENTIFIER_KEYS = frozenset(
    compact_key(alias) for record_list in LISTS for alias in record_list.column("child_id").aliases
)
CHILD_COLUMNS = frozenset(column.name for column in CHILD)


class UnreadableUpload(ValueError):
    """The file cannot be read as lists; the message says why in plain words."""


@dataclass(frozen=True)
class Sheet:
    """One sheet or CSV: its name, the row its header is on, its headers, and its cells as
    text below the header (column ``c0``, ``c1``, ...)."""

    name: str
    header_row: int  # 1-based, as the spreadsheet numbers it; 0 when none was found
    headers: list[str]
    cells: pl.DataFrame

    @property
    def has_content(self) -> bool:
        return bool(self.headers) or not self.cells.is_empty()


def cell_text(value: object) -> str:
    """A cell as text; a spreadsheet date as ``YYYY-MM-DD``."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value).strip()


def workbook_sheets(data: bytes, limits: Limits) -> list[tuple[str, list[list[str]]]]:
    """(name, rows of text) of every sheet of the workbook ``data``, once each is measured
    within ``limits``. Runs in the capped worker (:func:`sheets_of`)."""
    measure(data, limits, every_sheet=True)
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        return [
            (name, [[cell_text(cell) for cell in row] for row in _rows(workbook, name)])
            for name in workbook.sheet_names
        ]
    except Exception as error:  # calamine's errors: zip, XML, password
        raise UnreadableFile(f"The workbook cannot be read ({error}).") from None


def _rows(workbook: CalamineWorkbook, name: str) -> list[list[object]]:
    return workbook.get_sheet_by_name(name).to_python()


def sheets_of(data: bytes, *, filename: str, limits: Limits) -> list[Sheet]:
    """Every sheet of an XLSX (measured and read within ``limits`` in the capped worker), or
    the one table of a CSV (read by polars, as text)."""
    if filename.lower().endswith((".xlsx", ".xlsm")):
        try:
            sheets = run_capped(workbook_sheets, data, limits)
        except UnreadableFile as error:
            raise UnreadableUpload(f"{filename} cannot be read as a workbook: {error}") from None
        return [_sheet(name, _text_frame(rows)) for name, rows in sheets]
    try:
        data.decode("utf-8")
        encoding = "utf8"
    except UnicodeDecodeError:
        data, encoding = data.decode("cp1252", errors="replace").encode(), "utf8"
    name = filename.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    try:
        cells = pl.read_csv(
            io.BytesIO(data.removeprefix(b"\xef\xbb\xbf")),
            has_header=False,
            infer_schema=False,
            truncate_ragged_lines=True,
            encoding=encoding,
        )
    except pl.exceptions.NoDataError:
        cells = pl.DataFrame()
    except pl.exceptions.PolarsError as error:
        raise UnreadableUpload(f"{filename} cannot be read as CSV: {error}") from None
    cells = cells.rename({column: f"c{index}" for index, column in enumerate(cells.columns)})
    return [_sheet(name, cells.with_columns(pl.all().str.strip_chars().fill_null("")))]


def _text_frame(raw: list[list[str]]) -> pl.DataFrame:
    width = max((len(row) for row in raw), default=0)
    rows = [row + [""] * (width - len(row)) for row in raw]
    schema = {f"c{index}": pl.String for index in range(width)}
    return pl.DataFrame(rows, schema=schema, orient="row")


def _sheet(name: str, cells: pl.DataFrame) -> Sheet:
    for index, row in enumerate(cells.head(HEADER_SEARCH_ROWS).iter_rows()):
        if any(compact_key(cell) in IDENTIFIER_KEYS for cell in row):
            headers = [cell or "" for cell in row]
            return Sheet(name, index + 1, headers, cells.slice(index + 1))
    return Sheet(name, 0, [], cells)


def list_of(sheet: Sheet) -> RecordList | None:
    """The list a sheet holds: by its name, else by the headers only that list has."""
    name = compact_key(sheet.name)
    for record_list in LISTS:
        keys = {compact_key(alias) for alias in record_list.sheet_aliases}
        keys.add(compact_key(record_list.key))
        if name in keys or any(_names_list(name, key) for key in keys):
            return record_list
    headers = {compact_key(header) for header in sheet.headers}
    for record_list in sorted(LISTS, key=_specificity):
        if all(
            any(compact_key(alias) in headers for alias in names) for names in _naming(record_list)
        ):
            return record_list
    return None


def _specificity(record_list: RecordList) -> int:
    """The most specific lists are tried first: the 903 tables that name their headers (an
    OC3 table's IN_TOUCH is list 9's "In touch" too, but only OC3 also has ACCOM), then the
    Annex A lists, and last the 903 Header, whose child's columns every list may have."""
    if len(record_list.columns) == len(CHILD):
        return 2
    return 0 if record_list.identified_by else 1


def _naming(record_list: RecordList) -> list[tuple[str, ...]]:
    """The headers (each a set of aliases) that all name ``record_list`` in a sheet."""
    if record_list.identified_by:
        return [(header,) for header in record_list.identified_by]
    own = [column for column in record_list.columns if column.name not in CHILD_COLUMNS]
    return [column.aliases for column in [column for column in own if column.required] or own[:1]]


def _names_list(name: str, key: str) -> bool:
    """``List 3 - Referrals`` names list 3; ``List 10`` does not name list 1."""
    rest = name[len(key) :]
    return key.startswith("list") and name.startswith(key) and not rest[:1].isdigit()


def header_columns(record_list: RecordList) -> tuple[Column, ...]:
    """The list's kept columns as the one header matcher reads them: Annex A's header and
    the SSDA903 field name are a column's aliases."""
    return tuple(
        Column(column.name, headers=column.aliases, required=column.required)
        for column in record_list.columns
    )


def frame_of(sheet: Sheet, record_list: RecordList) -> tuple[pl.DataFrame, Headers]:
    """(the kept columns as text with ``row``, the sheet's headers as matched).

    A column repeated is read once (the first); a required column missing leaves it out of
    the frame, with the matcher's error in ``Headers.problems``; a column no figure needs is
    in ``Headers.unmatched``, and is never read."""
    headers = match_headers(
        sheet.headers,
        columns=header_columns(record_list),
        file=record_list.title,
        line=sheet.header_row,
        report_unknown=False,
    )
    blank = pl.all_horizontal(
        [pl.col(column) == "" for column in sheet.cells.columns] or [pl.lit(True)]
    )
    frame = (
        sheet.cells.with_row_index("row", offset=sheet.header_row + 1)
        .filter(~blank)
        .select(
            pl.col("row").cast(pl.Int64),
            *(pl.col(f"c{position}").alias(name) for name, position in headers.index.items()),
        )
    )
    return frame, headers


__all__ = ["LIST_BY_KEY", "Sheet", "UnreadableUpload", "frame_of", "list_of", "sheets_of"]
