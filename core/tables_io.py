"""Reading uploaded spreadsheets (CSV, TSV, XLSX) into rows of text, safely.

Every importer of the portal reads its file through here, so the upload rules (size,
type by content, refusing encrypted workbooks) hold for all of them; a workbook is measured
and read by ``core.spreadsheets``, which refuses macros, zip bombs and huge sheets.
"""

import csv
import io
import re
from dataclasses import dataclass

from core.spreadsheets import UnreadableFile, read_workbook

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls, and encrypted .xlsx


@dataclass(frozen=True)
class SheetRow:
    line: int  # 1-based row number as the user sees it in their spreadsheet
    cells: tuple[str, ...]


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
    """Refuse a file over :data:`MAX_UPLOAD_BYTES`, naming the limit; the upload form and the
    import command ask before the file is stored, ``read_rows`` again before reading."""
    if size > MAX_UPLOAD_BYTES:
        raise UnreadableFile(
            f"The file is {size / 1_048_576:.1f} MB; the largest accepted is "
            f"{MAX_UPLOAD_BYTES // 1_048_576} MB."
        )


def read_xlsx(data: bytes) -> list[SheetRow]:
    return [
        SheetRow(line=number, cells=tuple(row))
        for number, row in enumerate(read_workbook(data), start=1)
    ]


def read_delimited(data: bytes) -> list[SheetRow]:
    text = decode_text(data)
    if "\x00" in text:
        raise UnreadableFile("The file is not a text spreadsheet (it contains binary data).")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        return [
            SheetRow(line=reader.line_num, cells=tuple(cell.strip() for cell in row))
            for row in reader
        ]
    except csv.Error as error:
        raise UnreadableFile(f"The file cannot be read as CSV ({error}).") from error


def read_rows(data: bytes, *, filename: str = "") -> list[SheetRow]:
    """The rows of the first sheet; the type is decided by the content, not the name."""
    if not data:
        raise UnreadableFile("The file is empty.")
    check_size(len(data))
    if data.startswith(OLE_MAGIC):
        raise UnreadableFile(
            "The file is an old-style .xls or a password-protected workbook. "
            "Remove the password and save it as .xlsx or .csv."
        )
    if data.startswith(ZIP_MAGIC):
        return read_xlsx(data)
    return read_delimited(data)


HEADER_SPACES = re.compile(r"[\s_]+")


def header_key(text: str) -> str:
    """A header as compared: case-insensitive, spaces and underscores alike (``No. of Allocations``
    and ``no_of_allocations`` match)."""
    return HEADER_SPACES.sub(" ", text).strip().lower()
