"""Reading uploaded spreadsheets (CSV, TSV, XLSX) into rows of text, safely.

Every importer of the portal reads its file through here, so the upload rules (size,
type by content, refusing macro-enabled or encrypted workbooks) hold for all of them.
"""

import csv
import io
import re
import zipfile
import zlib
from dataclasses import dataclass

from python_calamine import CalamineError, CalamineWorkbook

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 300 * 1024 * 1024  # a zip bomb unpacks to far more than its size
MAX_DECLARED_CELLS = 5_000_000  # 500 indicators x 200 months is 100,000
DIMENSION = re.compile(r'<(?:\w+:)?dimension ref="(?:[A-Z]+\d+:)?(?P<last>[A-Z]+\d+)"')
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls, and encrypted .xlsx


class UnreadableFile(ValueError):
    """The upload cannot be read as a spreadsheet; the message says why in plain words."""


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


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def check_workbook(data: bytes) -> None:
    """Refuse, before parsing, a workbook that carries macros or would exhaust memory.

    The zip's directory says what each part holds and how large it unpacks; each sheet's
    ``<dimension>`` says how many cells it declares. Nothing is unpacked to learn this.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise UnreadableFile("The file is not a readable .xlsx workbook.") from error
    names = [member.filename for member in members]
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise UnreadableFile("The workbook contains macros. Save it as a plain .xlsx and retry.")
    unpacked = sum(member.file_size for member in members)
    if unpacked > MAX_UNPACKED_BYTES:
        raise UnreadableFile(
            f"The workbook unpacks to {unpacked / 1_048_576:.0f} MB, more than the "
            f"{MAX_UNPACKED_BYTES // 1_048_576} MB accepted. Remove unused sheets and retry."
        )
    for member in members:
        if member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml"):
            _check_dimension(archive, member)


def _check_dimension(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> None:
    try:
        with archive.open(member) as handle:
            head = handle.read(4_096).decode("utf-8", errors="replace")
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as error:
        raise UnreadableFile(
            f"The workbook is damaged ({member.filename} cannot be unpacked). Open it in Excel, "
            "save it again as .xlsx, and retry."
        ) from error
    found = DIMENSION.search(head)
    if not found:
        return
    columns, rows = _cell_position(found["last"])
    if columns * rows > MAX_DECLARED_CELLS:
        raise UnreadableFile(
            f"A sheet of the workbook declares {rows:,} rows by {columns:,} columns, far more "
            "than a dataset has. Copy the data into a new workbook and retry."
        )


def _cell_position(reference: str) -> tuple[int, int]:
    """``AB12`` as (28 columns, 12 rows)."""
    letters = "".join(ch for ch in reference if ch.isalpha()).upper()
    digits = "".join(ch for ch in reference if ch.isdigit())
    columns = 0
    for letter in letters:
        columns = columns * 26 + ord(letter) - 64
    return max(columns, 1), max(int(digits or 1), 1)


def read_xlsx(data: bytes) -> list[SheetRow]:
    check_workbook(data)
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheet = workbook.get_sheet_by_index(0)
        rows = sheet.to_python(skip_empty_area=False)
    except (CalamineError, ValueError, IndexError) as error:
        raise UnreadableFile(f"The workbook cannot be read ({error}).") from error
    except Exception as error:  # the parser's other errors on a malformed workbook
        raise UnreadableFile(
            f"The workbook cannot be read ({type(error).__name__}). Open it in Excel, "
            "save it again as .xlsx, and retry."
        ) from error
    return [
        SheetRow(line=number, cells=tuple(_cell_text(value) for value in row))
        for number, row in enumerate(rows, start=1)
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
    if len(data) > MAX_UPLOAD_BYTES:
        raise UnreadableFile(
            f"The file is {len(data) / 1_048_576:.1f} MB; the largest accepted is "
            f"{MAX_UPLOAD_BYTES // 1_048_576} MB."
        )
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
