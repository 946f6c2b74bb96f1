"""Reading uploaded lists into frames of text, one per Annex A list (no Django).

An XLSX holds a sheet per list; CSVs hold one list each. A sheet (or file) is matched to its
list by its name ("List 3", "Referrals") or, failing that, by its headers. The header row
is the first of the first ten rows naming the child's identifier, as Annex A extracts often
carry a title above it. Every cell is read as text: ``records.checking`` types it, so a bad
date is an error naming its row and column rather than a lost value.
"""

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime

import polars as pl
from python_calamine import CalamineWorkbook

from records.lists import LIST_BY_KEY, LISTS, RecordList, header_key

HEADER_SEARCH_ROWS = 10


class UnreadableUpload(ValueError):
    """The file cannot be read as lists; the message says why in plain words."""


@dataclass(frozen=True)
class Sheet:
    """One sheet or CSV: its name, the row its header is on, its headers and text rows."""

    name: str
    header_row: int  # 1-based, as the spreadsheet numbers it
    headers: list[str]
    rows: list[list[str]]


def cell_text(value: object) -> str:
    """A cell as text; a spreadsheet date as ``YYYY-MM-DD``."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value).strip()


def sheets_of(data: bytes, *, filename: str) -> list[Sheet]:
    """Every sheet of an XLSX, or the one table of a CSV."""
    if filename.lower().endswith((".xlsx", ".xlsm")):
        try:
            workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
            return [
                _sheet(name, workbook.get_sheet_by_name(name).to_python(skip_empty_area=False))
                for name in workbook.sheet_names
            ]
        except Exception as error:  # calamine's errors: zip, XML, password
            raise UnreadableUpload(f"{filename} cannot be read as a workbook: {error}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    name = filename.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return [_sheet(name, list(csv.reader(io.StringIO(text))))]


def _sheet(name: str, raw: list[list[object]]) -> Sheet:
    rows = [[cell_text(cell) for cell in row] for row in raw]
    aliases = {header_key(alias) for alias in LISTS[0].column("child_id").aliases}
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if any(header_key(cell) in aliases for cell in row):
            return Sheet(name, index + 1, row, rows[index + 1 :])
    return Sheet(name, 0, [], rows)


def list_of(sheet: Sheet) -> RecordList | None:
    """The list a sheet holds: by its name, else by the headers only that list has."""
    name = header_key(sheet.name)
    for record_list in LISTS:
        keys = {header_key(alias) for alias in record_list.sheet_aliases}
        keys.add(header_key(record_list.key))
        if name in keys or any(_names_list(name, key) for key in keys):
            return record_list
    headers = {header_key(header) for header in sheet.headers}
    for record_list in LISTS:
        own = record_list.columns[4:]  # past the child's columns
        required = [column for column in own if column.required] or own[:1]
        if all(
            any(header_key(alias) in headers for alias in column.aliases) for column in required
        ):
            return record_list
    return None


def _names_list(name: str, key: str) -> bool:
    """``List 3 - Referrals`` names list 3; ``List 10`` does not name list 1."""
    rest = name[len(key) :]
    return key.startswith("list") and name.startswith(key) and not rest[:1].isdigit()


def frame_of(sheet: Sheet, record_list: RecordList) -> tuple[pl.DataFrame, dict[str, str]]:
    """(the kept columns as text with ``row``, {kept column: the header it came from})."""
    positions: dict[str, int] = {}
    headers: dict[str, str] = {}
    keys = [header_key(header) for header in sheet.headers]
    for column in record_list.columns:
        for alias in column.aliases:
            if header_key(alias) in keys and column.name not in positions:
                positions[column.name] = keys.index(header_key(alias))
                headers[column.name] = sheet.headers[positions[column.name]]
    data: dict[str, list] = {"row": []}
    data |= {name: [] for name in positions}
    for offset, row in enumerate(sheet.rows, start=sheet.header_row + 1):
        if not any(row):
            continue
        data["row"].append(offset)
        for name, position in positions.items():
            data[name].append(row[position] if position < len(row) else "")
    schema = {"row": pl.Int64} | {name: pl.String for name in positions}
    return pl.DataFrame(data, schema=schema), headers


__all__ = ["LIST_BY_KEY", "Sheet", "UnreadableUpload", "frame_of", "list_of", "sheets_of"]
