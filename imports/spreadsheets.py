"""Opening an uploaded .xlsx safely: measured from its content first, then read, in a worker.

Why: what reading a workbook costs has little to do with its size. python-calamine lays the
sheet out as one rectangle from A1 to its last cell, so a 1.6 KB file with cells at A1 and
XFD1048576 asks for hundreds of gigabytes, and the process aborts (a failed allocation in
Rust is an abort, which Python cannot catch). The ``<dimension>`` a sheet declares is written
by whoever made the file, so it proves nothing and is not read.

So every workbook is first **measured** from what it holds:

- the zip's directory: macros, what each part unpacks to, and by what ratio (a zip bomb);
- each part the reader opens (the workbook, its relationships, styles, shared strings and
  the first sheet) streamed through expat: a DTD is refused outright (no entity expansion,
  so no "billion laughs"; Excel never writes one) and so is nesting deeper than a sheet has;
- the first sheet's cells themselves: how many, and the rectangle from A1 to the furthest
  row and column any cell names; and how many shared strings there are.

Anything past its :class:`Limits` is refused in words naming what is too big. Only then is it
**read**: calamine for the values (15 times faster than openpyxl on a 100,000-value file),
and openpyxl's ``Stylesheet`` for the number formats, so a percent-formatted 0.857 reads
"85.7%" as Excel shows it and as the same sheet saved as text reads.

Both steps run in a worker process (``python -m imports.spreadsheets``) that caps its own
address space with ``resource.setrlimit`` and is killed past a time limit. A separate process
is the one simple thing that works whatever fails: a limit set in the serving process would
bind the whole server, and an abort in calamine would still take it down. A fresh interpreter
rather than a fork is safe under threaded servers and Celery, and costs about 0.1 s. However
the worker ends, the caller gets an :class:`UnreadableFile` in plain words and keeps serving.
An importer that reads a workbook its own way (every sheet, its own cell text) runs its own
reader in the same worker through :func:`run_capped`, and measures with :func:`measure`.
"""

import io
import json
import logging
import os
import re
import resource
import subprocess
import sys
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import asdict, dataclass
from decimal import Decimal
from functools import cache
from importlib import import_module
from pathlib import Path
from typing import Any
from xml.parsers import expat

from python_calamine import CalamineError, CalamineWorkbook

logger = logging.getLogger(__name__)

MB = 1024 * 1024
PROJECT_DIR = Path(__file__).resolve().parent.parent  # where ``-m imports.spreadsheets`` is found
OUT_OF_MEMORY = 3  # the worker's exit status when Python ran out of memory
CHUNK_BYTES = 64 * 1024
WORKBOOK = "xl/workbook.xml"  # where calamine looks for these parts, whatever the zip says
WORKBOOK_RELATIONS = "xl/_rels/workbook.xml.rels"
STYLES = "xl/styles.xml"
SHARED_STRINGS = "xl/sharedStrings.xml"
SMALL_PART_BYTES = MB  # below this, a high compression ratio is harmless (and common)
NOT_LITERAL = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')  # quoted text, escapes, [Red] and [$-809]


@dataclass(frozen=True)
class Limits:
    """What a file may hold: rows, columns and cells are the portal's settings
    (``imports.tables_io.file_limits``); the rest bound what a workbook's parts may cost."""

    rows: int
    columns: int
    cells: int  # cells written, cells laid out (rows x columns), shared strings
    part_bytes: int = 100 * MB  # one part of the workbook, unpacked
    unpacked_bytes: int = 300 * MB  # all of its parts together, unpacked
    compression_ratio: int = 200  # deflate reaches 1000:1; sheets of numbers stay under 20:1
    xml_depth: int = 32  # a sheet's XML nests 7 deep
    memory_bytes: int = 1024 * MB  # the worker's address space, interpreter included
    seconds: float = 60


class UnreadableFile(ValueError):
    """The upload cannot be read as a spreadsheet; the message says why in plain words."""


def read_workbook(data: bytes, limits: Limits) -> list[list[str]]:
    """The first sheet of the workbook ``data`` as rows of text, from A1; or UnreadableFile.

    Runs in a worker process under ``limits`` (see the module's docstring).
    """
    return run_capped(read_measured, data, limits)


def run_capped(reader: Callable[[bytes, Limits], object], data: bytes, limits: Limits) -> Any:
    """``reader(data, limits)`` run in a worker process under ``limits``: its answer, which
    must be JSON (lists, text, numbers), or UnreadableFile in plain words however it failed.

    ``reader`` is a module's top-level function (the worker imports it by name); it refuses
    a workbook by raising UnreadableFile, and measures it first with :func:`measure`.
    """
    name = f"{reader.__module__}:{reader.__qualname__}"
    try:
        done = subprocess.run(
            [sys.executable, "-m", __name__, json.dumps(asdict(limits)), name],
            input=data,
            capture_output=True,
            timeout=limits.seconds,
            cwd=PROJECT_DIR,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise UnreadableFile(
            f"The workbook took longer than {limits.seconds:g} seconds to read, the most "
            "allowed. Copy the data into a new workbook and retry."
        ) from error
    if done.returncode == 0:
        answer = json.loads(done.stdout)
        if "refusal" in answer:
            raise UnreadableFile(answer["refusal"])
        return answer["answer"]
    logger.warning("The workbook reader ended with %s: %s", done.returncode, done.stderr[-2000:])
    if done.returncode < 0 or done.returncode == OUT_OF_MEMORY:  # a signal: the abort of a
        raise UnreadableFile(  # failed allocation, or the kernel's
            f"The workbook needs more than the {limits.memory_bytes // MB:,} MB of memory "
            "allowed to read it. Copy the data into a new workbook and retry."
        )
    raise UnreadableFile(
        "The workbook cannot be read. Open it in Excel, save it again as .xlsx, and retry."
    )


# -- in the worker ----------------------------------------------------------------------


def column_letters(number: int) -> str:
    """28 -> ``AB``."""
    letters = ""
    while number > 0:
        number, remainder = divmod(number - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _damaged(part: str) -> UnreadableFile:
    return UnreadableFile(
        f"The workbook is damaged ({part} cannot be read). Open it in Excel, save it again "
        "as .xlsx, and retry."
    )


def _check_directory(archive: zipfile.ZipFile, limits: Limits) -> None:
    """Refuse macros and zip bombs from the zip's directory, before anything is unpacked."""
    members = archive.infolist()
    if any(member.filename.lower().endswith("vbaproject.bin") for member in members):
        raise UnreadableFile("The workbook contains macros. Save it as a plain .xlsx and retry.")
    unpacked = sum(member.file_size for member in members)
    if unpacked > limits.unpacked_bytes:
        raise UnreadableFile(
            f"The workbook unpacks to {unpacked / MB:,.0f} MB, more than the "
            f"{limits.unpacked_bytes // MB:,} MB accepted. Remove unused sheets and retry."
        )
    for member in members:
        if member.file_size > limits.part_bytes:
            raise UnreadableFile(
                f"The part {member.filename} of the workbook unpacks to "
                f"{member.file_size / MB:,.0f} MB: the largest accepted is "
                f"{limits.part_bytes // MB:,} MB. Copy the data into a new workbook and retry."
            )
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > SMALL_PART_BYTES and ratio > limits.compression_ratio:
            raise UnreadableFile(
                f"The part {member.filename} of the workbook is compressed {ratio:,.0f} to 1, "
                f"more than the {limits.compression_ratio} to 1 a spreadsheet reaches: it is "
                "built to exhaust memory (a zip bomb) and was not opened."
            )


def _stream(
    archive: zipfile.ZipFile,
    part: str,
    limits: Limits,
    on_element: Callable[[str, dict[str, str]], None],
) -> None:
    """Parse ``part`` with expat, a chunk at a time, calling ``on_element(local name,
    attributes)`` at each start tag. A DTD, or nesting past ``limits.xml_depth``, is refused
    before it can cost anything."""
    parser = expat.ParserCreate()
    depth = 0

    def start(tag: str, attributes: dict[str, str]) -> None:
        nonlocal depth
        depth += 1
        if depth > limits.xml_depth:
            raise UnreadableFile(
                f"The workbook's {part} nests deeper than the {limits.xml_depth} levels a "
                "spreadsheet has, and was not read."
            )
        on_element(tag.rpartition(":")[2], attributes)

    def end(_tag: str) -> None:
        nonlocal depth
        depth -= 1

    def refuse_dtd(*_args: object) -> None:
        raise UnreadableFile(
            f"The workbook's {part} declares a DTD (<!DOCTYPE>), which Excel never writes "
            "and which can expand without bound; it was not read."
        )

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.StartDoctypeDeclHandler = refuse_dtd
    parser.EntityDeclHandler = refuse_dtd
    try:
        with archive.open(part) as handle:
            while chunk := handle.read(CHUNK_BYTES):
                parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except (KeyError, expat.ExpatError, zipfile.BadZipFile, zlib.error, EOFError) as error:
        raise _damaged(part) from error


def _sheets(archive: zipfile.ZipFile, limits: Limits) -> list[tuple[str, str]]:
    """(name, part) of each of the workbook's sheets, in its order (the first is the one
    :func:`read_measured` reads)."""
    sheets: list[tuple[str, str]] = []
    targets: dict[str, str] = {}

    def on_workbook(tag: str, attributes: dict[str, str]) -> None:
        if tag == "sheet":
            relation = next((v for k, v in attributes.items() if k.endswith(":id")), "")
            sheets.append((attributes.get("name", ""), relation))

    def on_relation(tag: str, attributes: dict[str, str]) -> None:
        if tag == "Relationship":
            targets[attributes.get("Id", "")] = attributes.get("Target", "")

    _stream(archive, WORKBOOK, limits, on_workbook)
    _stream(archive, WORKBOOK_RELATIONS, limits, on_relation)
    if not sheets:
        raise UnreadableFile("The workbook has no sheet.")
    return [(name, _part(targets.get(relation, ""))) for name, relation in sheets]


def _part(target: str) -> str:
    """A relationship's target as the zip names the part."""
    if target.startswith("/"):
        return target[1:]
    return target if target.startswith("xl/") else f"xl/{target}"


def shows_percent(number_format: str) -> bool:
    """True for a number format that shows its number as a percentage (``0.0%``, but not
    ``0.0" %"`` or ``0.0\\%``, where the sign is text)."""
    return "%" in NOT_LITERAL.sub("", number_format)


def _percent_styles(archive: zipfile.ZipFile, limits: Limits) -> set[str]:
    """The style indexes (a cell's ``s``) whose number format shows a percentage, as
    openpyxl's stylesheet resolves them."""
    if STYLES not in archive.namelist():
        return set()
    _stream(archive, STYLES, limits, lambda tag, attributes: None)  # no DTD, bounded depth
    from openpyxl.styles.numbers import BUILTIN_FORMATS  # imported only for a sound file
    from openpyxl.styles.stylesheet import Stylesheet
    from openpyxl.xml.functions import fromstring

    try:
        stylesheet = Stylesheet.from_tree(fromstring(archive.read(STYLES)))
    except Exception as error:  # openpyxl's errors on a malformed stylesheet are various
        raise _damaged(STYLES) from error
    custom = stylesheet.custom_formats
    return {
        str(index)
        for index, style in enumerate(stylesheet.cellXfs.xf)
        if shows_percent(custom.get(style.numFmtId) or BUILTIN_FORMATS.get(style.numFmtId, ""))
    }


def _count_shared_strings(archive: zipfile.ZipFile, limits: Limits) -> None:
    if SHARED_STRINGS not in archive.namelist():
        return
    count = 0

    def on_element(tag: str, _attributes: dict[str, str]) -> None:
        nonlocal count
        if tag == "si":
            count += 1
            if count > limits.cells:
                raise UnreadableFile(
                    f"The workbook holds more than {limits.cells:,} pieces of text (shared "
                    f"strings): the largest accepted is {limits.cells:,}. Copy the data into "
                    "a new workbook and retry."
                )

    _stream(archive, SHARED_STRINGS, limits, on_element)


CELL_REFERENCE = re.compile(r"([A-Z]{1,3})([0-9]{1,7})")


class _SheetMeasure:
    """Counts a sheet's cells as expat streams it, refusing as soon as a limit is passed.

    Rows and cells without an ``r`` follow the one before, as Excel and calamine read them.
    Also notes the numbers shown as percentages, as (row from 1, column from 0).
    """

    def __init__(self, name: str, limits: Limits, percent_styles: set[str]) -> None:
        self.name, self.limits, self.percent_styles = name, limits, percent_styles
        self.row = self.column = self.cells = self.last_row = self.last_column = 0
        self.percent: set[tuple[int, int]] = set()

    def on_element(self, tag: str, attributes: dict[str, str]) -> None:
        if tag == "row":
            reference = attributes.get("r", "")
            self.row = int(reference) if reference.isdecimal() else self.row + 1
            self.column = 0
        elif tag == "c":
            self._cell(attributes)

    def _cell(self, attributes: dict[str, str]) -> None:
        reference = attributes.get("r")
        if reference is None:
            self.column += 1
        else:
            found = CELL_REFERENCE.fullmatch(reference)
            if found is None:  # calamine would not place it; nor would Excel
                raise _damaged(f'the sheet "{self.name}" (cell "{reference[:20]}")')
            self.column = _column_number(found[1])
            self.row = int(found[2])
        self.cells += 1
        # Checked only when the sheet grows: a sheet has 100,000 cells and a few hundred rows.
        if self.row > self.last_row or self.column > self.last_column:
            self.last_row = max(self.last_row, self.row)
            self.last_column = max(self.last_column, self.column)
            self._check()
        elif self.cells > self.limits.cells:
            self._check()
        percent = self.percent_styles and attributes.get("s") in self.percent_styles
        if percent and attributes.get("t", "n") == "n":
            self.percent.add((self.row, self.column - 1))

    def _check(self) -> None:
        limits, sheet = self.limits, f'The sheet "{self.name}"'
        if self.last_row > limits.rows or self.last_column > limits.columns:
            raise UnreadableFile(
                f"{sheet} reaches column {column_letters(self.last_column)} and row "
                f"{self.last_row:,}: the largest accepted is column "
                f"{column_letters(limits.columns)} and row {limits.rows:,}. Delete the cells "
                "beyond the data (or copy the data into a new workbook) and retry."
            )
        if self.cells > limits.cells:
            raise UnreadableFile(
                f"{sheet} has more than {limits.cells:,} cells, the largest accepted. "
                "Copy the data into a new workbook and retry."
            )
        if self.last_row * self.last_column > limits.cells:
            raise UnreadableFile(
                f"{sheet} spans {self.last_row:,} rows by {self.last_column:,} columns (A1 to "
                f"{column_letters(self.last_column)}{self.last_row}), "
                f"{self.last_row * self.last_column:,} cells: the largest accepted is "
                f"{limits.cells:,}. Delete the cells beyond the data and retry."
            )


@cache  # at most 18,278 column names (A to ZZZ), and a sheet repeats a few
def _column_number(letters: str) -> int:
    """``AB`` -> 28."""
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def measure(data: bytes, limits: Limits, *, every_sheet: bool = False) -> set[tuple[int, int]]:
    """Refuse ``data`` past ``limits``, reading nothing into a grid; return the (row from 1,
    column from 0) of the first sheet's percent-formatted numbers. The first sheet is the
    one measured, or each sheet within ``limits`` with ``every_sheet`` (for a reader of them
    all)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise UnreadableFile("The file is not a readable .xlsx workbook.") from error
    with archive:
        _check_directory(archive, limits)
        sheets = _sheets(archive, limits)
        _count_shared_strings(archive, limits)
        percent_styles = _percent_styles(archive, limits)
        measured: list[_SheetMeasure] = []
        for name, part in sheets if every_sheet else sheets[:1]:
            measured.append(_SheetMeasure(name, limits, percent_styles))
            _stream(archive, part, limits, measured[-1].on_element)
    return measured[0].percent


def cell_text(value: object, *, percent: bool = False) -> str:
    """A cell as the text export shows it: 1.0 -> "1", and a percent-formatted 0.857 ->
    "85.7%", to the 15 significant digits Excel keeps."""
    if value is None:
        return ""
    if percent and isinstance(value, int | float) and not isinstance(value, bool):
        return f"{(Decimal(f'{value:.15g}') * 100).normalize():f}%"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_measured(data: bytes, limits: Limits) -> list[list[str]]:
    """The rows of the first sheet of ``data`` as text, once :func:`measure` let it through."""
    percent = measure(data, limits)
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        rows = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except (CalamineError, ValueError, IndexError) as error:
        raise UnreadableFile(f"The workbook cannot be read ({error}).") from error
    return [
        [cell_text(value, percent=(line, index) in percent) for index, value in enumerate(row)]
        for line, row in enumerate(rows, start=1)
    ]


def _answer(reader: Callable[[bytes, Limits], object], data: bytes, limits: Limits) -> dict:
    try:
        return {"answer": reader(data, limits)}
    except UnreadableFile as error:
        return {"refusal": str(error)}


def _reader(name: str) -> Callable[[bytes, Limits], object]:
    """``module:function`` as :func:`run_capped` names it."""
    module, _, function = name.partition(":")
    return getattr(import_module(module), function)


def main() -> None:
    """The worker: limits as JSON and the reader's name in argv, the workbook on stdin, the
    answer on stdout."""
    limits, reader = Limits(**json.loads(sys.argv[1])), _reader(sys.argv[2])
    # Set once the reader's code is loaded: the limit bounds what reading the file costs.
    resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
    try:
        json.dump(_answer(reader, sys.stdin.buffer.read(), limits), sys.stdout)
    except MemoryError:
        os._exit(OUT_OF_MEMORY)  # nothing more can be allocated, not even a traceback


if __name__ == "__main__":
    # Run as imported, not as ``__main__``: the UnreadableFile a reader raises is then the
    # one ``_answer`` catches.
    import_module("imports.spreadsheets").main()
