"""Percentages in a workbook: Excel stores 30% as 0.3 in a cell formatted "0%".

python-calamine reads values but not number formats, so a workbook's percentages would
arrive as fractions while the same sheet saved as text reads "30%". This finds the cells of
the first sheet whose format is a percentage (from ``xl/styles.xml`` and the cells' style
indexes) and writes them as the text export would ("30%"), so both formats read alike.
"""

import html
import io
import re
import zipfile
from decimal import Decimal

from core.tables_io import SheetRow

MAX_PART_BYTES = 200 * 1024 * 1024  # refuse to inflate a "zip bomb"
BUILTIN_PERCENT_FORMATS = {"9", "10"}  # "0%" and "0.00%"
ATTRIBUTE = re.compile(rb'([\w:]+)\s*=\s*"([^"]*)"')
NUM_FMT = re.compile(rb"<(?:\w+:)?numFmt\b([^>]*)>")
CELL_XFS = re.compile(rb"<(?:\w+:)?cellXfs\b.*?</(?:\w+:)?cellXfs>", re.DOTALL)
XF = re.compile(rb"<(?:\w+:)?xf\b([^>]*)>")
FIRST_SHEET = re.compile(rb"<(?:\w+:)?sheet\b([^>]*)>")
RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\b([^>]*)>")
ROW_OR_CELL = re.compile(rb"<(?:\w+:)?(row|c)\b([^>]*)>")
CELL_REFERENCE = re.compile(r"([A-Z]+)(\d+)")
QUOTED_OR_ESCAPED = re.compile(r'"[^"]*"|\\.')
NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")


def _attributes(raw: bytes) -> dict[str, str]:
    """Attributes of a tag, namespace prefixes dropped (``r:id`` -> ``id``), entities decoded."""
    return {
        name.split(b":")[-1].decode(): html.unescape(value.decode("utf-8", "replace"))
        for name, value in ATTRIBUTE.findall(raw)
    }


def _read(archive: zipfile.ZipFile, name: str) -> bytes:
    if archive.getinfo(name).file_size > MAX_PART_BYTES:
        raise ValueError(f"{name} is too large")
    return archive.read(name)


def _percent_styles(styles: bytes) -> set[str]:
    """Indexes (as written in a cell's ``s``) of the cell styles showing a percentage."""
    percent_formats = set(BUILTIN_PERCENT_FORMATS)
    for raw in NUM_FMT.findall(styles):
        attributes = _attributes(raw)
        if "%" in QUOTED_OR_ESCAPED.sub("", attributes.get("formatCode", "")):
            percent_formats.add(attributes.get("numFmtId", ""))
    cell_xfs = CELL_XFS.search(styles)
    xfs = XF.findall(cell_xfs.group()) if cell_xfs else []
    return {
        str(index)
        for index, raw in enumerate(xfs)
        if _attributes(raw).get("numFmtId") in percent_formats
    }


def _first_sheet_part(archive: zipfile.ZipFile) -> str:
    sheet = FIRST_SHEET.search(_read(archive, "xl/workbook.xml"))
    relation_id = _attributes(sheet[1]).get("id") if sheet else None
    for raw in RELATIONSHIP.findall(_read(archive, "xl/_rels/workbook.xml.rels")):
        attributes = _attributes(raw)
        if attributes.get("Id") == relation_id:
            target = attributes.get("Target", "")
            return target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    raise ValueError("the first sheet of the workbook is not listed")


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - ord("A") + 1
    return index - 1


def percent_cells(data: bytes) -> set[tuple[int, int]]:
    """(row number from 1, column index from 0) of every percent-formatted cell of the
    first sheet. Raises on a workbook whose parts cannot be read."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        styles = _percent_styles(_read(archive, "xl/styles.xml"))
        if not styles:
            return set()
        sheet = _read(archive, _first_sheet_part(archive))
    found = set()
    row, column = 0, -1
    for kind, raw in ROW_OR_CELL.findall(sheet):
        attributes = _attributes(raw)
        reference = CELL_REFERENCE.fullmatch(attributes.get("r", ""))
        if kind == b"row":
            row = int(attributes["r"]) if attributes.get("r", "").isdecimal() else row + 1
            column = -1
            continue
        column = _column_index(reference[1]) if reference else column + 1
        if attributes.get("s") in styles:
            found.add((row, column))
    return found


def as_percent(text: str) -> str:
    """0.3 -> "30%", to 15 significant digits as Excel shows numbers; other text unchanged."""
    if not NUMBER.fullmatch(text):
        return text
    value = Decimal(f"{float(text):.15g}") * 100
    return f"{value.normalize():f}%"


def with_percent_signs(rows: list[SheetRow], cells: set[tuple[int, int]]) -> list[SheetRow]:
    """The rows with each percent-formatted number written as a percentage."""
    lines = {line for line, _ in cells}
    return [
        SheetRow(
            line=row.line,
            cells=tuple(
                as_percent(text) if (row.line, index) in cells else text
                for index, text in enumerate(row.cells)
            ),
        )
        if row.line in lines
        else row
        for row in rows
    ]
