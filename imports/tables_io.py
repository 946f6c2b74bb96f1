"""Reading uploaded spreadsheets (CSV, TSV, XLSX) into rows of text, safely.

Every importer of the portal reads its file through here, so the upload rules (size,
type by content, refusing encrypted workbooks) hold for all of them; a workbook is measured
and read by ``imports.spreadsheets``, which refuses macros, zip bombs and huge sheets.
"""

import csv
import io
from dataclasses import dataclass

from django.conf import settings

from imports.spreadsheets import MB, Limits, UnreadableFile, column_letters, read_workbook

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls, and encrypted .xlsx
# A CSV row longer than this (its quoted line breaks included) is refused before csv splits
# it: a line of 10 million commas would be 10 million cells in memory. A row of the real
# files is a few thousand characters; a cell of Excel holds at most 32,767.
ROW_CHARACTERS = 1_000_000


@dataclass(frozen=True)
class SheetRow:
    line: int  # 1-based row number as the user sees it in their spreadsheet
    cells: tuple[str, ...]


def file_limits() -> Limits:
    """What one file may hold, from the settings (``IMPORT_MAX_ROWS`` ...): the same bounds
    for a workbook and a text file."""
    return Limits(
        rows=settings.IMPORT_MAX_ROWS,
        columns=settings.IMPORT_MAX_COLUMNS,
        cells=settings.IMPORT_MAX_CELLS,
    )


def max_upload_bytes() -> int:
    return settings.IMPORT_MAX_UPLOAD_MB * MB


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 (Excel's "Unicode Text"), else Windows-1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _delimiter(text: str) -> str:
    sample = text[:20_000]
    return "\t" if sample.count("\t") >= sample.count(",") else ","


def check_size(size: int) -> None:
    """Refuse a file over ``IMPORT_MAX_UPLOAD_MB``, naming the limit; the upload (as it
    arrives, ``imports.uploads``) and the import command ask before the file is stored,
    ``read_rows`` again before reading."""
    if size > max_upload_bytes():
        raise UnreadableFile(
            f"The file is {size / MB:.1f} MB; the largest accepted is "
            f"{settings.IMPORT_MAX_UPLOAD_MB} MB."
        )


def read_xlsx(data: bytes, limits: Limits) -> list[SheetRow]:
    return [
        SheetRow(line=number, cells=tuple(row))
        for number, row in enumerate(read_workbook(data, limits), start=1)
    ]


class _Lines:
    """The lines of a text file as ``csv.reader`` asks for them, refusing a row longer than
    :data:`ROW_CHARACTERS` before csv splits it into cells. ``row_characters`` is set back to
    0 by the caller at each row csv returns (a row may span lines inside quotes)."""

    def __init__(self, text: str, *, delimiter: str, limits: Limits) -> None:
        self.lines = io.StringIO(text, newline="")
        self.delimiter, self.limits = delimiter, limits
        self.number = self.row_characters = 0

    def __iter__(self) -> "_Lines":
        return self

    def __next__(self) -> str:
        line = next(self.lines)
        self.number += 1
        self.row_characters += len(line)
        if self.row_characters > ROW_CHARACTERS:
            if line.count(self.delimiter) >= self.limits.columns:
                raise _too_many_columns(self.number, self.limits)
            raise UnreadableFile(
                f"Row {self.number:,} is longer than {ROW_CHARACTERS:,} characters, the most a "
                "row may hold. Check that the file is a spreadsheet saved as CSV or text."
            )
        return line


def _too_many_columns(line: int, limits: Limits, *, columns: int | None = None) -> UnreadableFile:
    """``columns`` None: more than the limit, not counted."""
    counted = f"more than {limits.columns:,}" if columns is None else f"{columns:,}"
    return UnreadableFile(
        f"Row {line:,} has {counted} columns: the most accepted is {limits.columns:,} (column "
        f"{column_letters(limits.columns)}). Delete the columns beyond the data and retry."
    )


def read_delimited(data: bytes, limits: Limits) -> list[SheetRow]:
    """The rows of a CSV or tab-separated file, within ``limits`` as a workbook is: refused as
    soon as a row, its columns or the cells pass them. Blank cells ending a row are dropped
    (Excel writes them up to the widest row), and each text is held once however often it
    recurs (a file of "TBC")."""
    text = decode_text(data)
    if "\x00" in text:
        raise UnreadableFile("The file is not a text spreadsheet (it contains binary data).")
    delimiter = _delimiter(text)
    lines = _Lines(text, delimiter=delimiter, limits=limits)
    reader = csv.reader(lines, delimiter=delimiter)
    rows: list[SheetRow] = []
    texts: dict[str, str] = {}
    cells = 0
    try:
        for row in reader:
            lines.row_characters = 0
            while row and not row[-1].strip():
                row.pop()
            if len(row) > limits.columns:
                raise _too_many_columns(reader.line_num, limits, columns=len(row))
            cells += len(row)
            if len(rows) >= limits.rows:
                raise UnreadableFile(
                    f"The file has more than {limits.rows:,} rows, the most accepted. "
                    "Split it and retry."
                )
            if cells > limits.cells:
                raise UnreadableFile(
                    f"The file has more than {limits.cells:,} cells (row {reader.line_num:,} "
                    "passes them), the most accepted. Split it and retry."
                )
            cells_read = tuple(texts.setdefault(cell, cell) for cell in map(str.strip, row))
            rows.append(SheetRow(line=reader.line_num, cells=cells_read))
    except csv.Error as error:
        raise UnreadableFile(f"The file cannot be read as CSV ({error}).") from error
    return rows


def read_rows(data: bytes) -> list[SheetRow]:
    """The rows of the first sheet within :func:`file_limits`; the type is decided by the
    content, never by the file's name (which a user may get wrong), so none is asked for."""
    if not data:
        raise UnreadableFile("The file is empty.")
    check_size(len(data))
    if data.startswith(OLE_MAGIC):
        raise UnreadableFile(
            "The file is an old-style .xls or a password-protected workbook. "
            "Remove the password and save it as .xlsx or .csv."
        )
    if data.startswith(ZIP_MAGIC):
        return read_xlsx(data, file_limits())
    return read_delimited(data, file_limits())
