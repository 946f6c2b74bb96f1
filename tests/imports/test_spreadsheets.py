"""Hostile workbooks, made here: each is refused in plain words, in bounded time and memory,
whichever way it arrives (the reader, the import command, the upload page)."""

import io
import re
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import Workbook

from core import roles
from imports import tables_io
from imports.spreadsheets import cell_text, measure
from imports.tables_io import UnreadableFile, max_upload_bytes, read_rows
from tests.processes import run_measured

SHEET = "xl/worksheets/sheet1.xml"
MAIN = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
MAX_RSS_MB = 300


def workbook(parts: dict[str, bytes]) -> bytes:
    """A plain workbook from openpyxl with ``parts`` put in place of (or beside) its own."""
    book = Workbook()
    book.active.append(["Ref", "Sep 16"])
    buffer = io.BytesIO()
    book.save(buffer)
    template = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name in dict.fromkeys([*template.namelist(), *parts]):
            archive.writestr(name, parts.get(name) or template.read(name))
    return out.getvalue()


def sheet(rows: bytes, head: bytes = b"") -> dict[str, bytes]:
    return {SHEET: b"<worksheet %s>%s<sheetData>%s</sheetData></worksheet>" % (MAIN, head, rows)}


def far_corner() -> bytes:
    """Issue #17: cells at A1 and XFD1048576, no <dimension>: the reader used to abort."""
    return workbook(
        sheet(b'<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576">'
              b"<v>1</v></c></row>")
    )  # fmt: skip


def wide_span() -> bytes:
    """Issue #17: <dimension ref="A1"/>, cells A1 and ZZ20000: 781 MB to read."""
    return workbook(
        sheet(b'<row r="1"><c r="A1"><v>1</v></c></row><row r="20000"><c r="ZZ20000">'
              b"<v>1</v></c></row>", head=b'<dimension ref="A1"/>')
    )  # fmt: skip


def dense_rows() -> bytes:
    """Issue #17: rows full to the last column, no references, no <dimension>."""
    row = b"<row>" + b"<c><v>1</v></c>" * 16_384 + b"</row>"
    return workbook(sheet(row * 50))


def zip_bomb() -> bytes:
    """A sheet of 90 MB of spaces, a few hundred kilobytes zipped."""
    return workbook(sheet(b"<row><c><v>1</v></c></row>" + b" " * (90 * 1024 * 1024)))


def deep_nesting() -> bytes:
    return workbook(sheet(b"<row><c>" + b"<x>" * 100_000 + b"</x>" * 100_000 + b"</c></row>"))


def shared_strings_bomb() -> bytes:
    """Two million distinct texts: little zipped, and none of them used."""
    strings = b"".join(b"<si><t>%d</t></si>" % n for n in range(2_000_001))
    return workbook({"xl/sharedStrings.xml": b"<sst %s>%s</sst>" % (MAIN, strings)})


def billion_laughs() -> bytes:
    entities = b'<!ENTITY a0 "ha">' + b"".join(
        b'<!ENTITY a%d "%s">' % (n, b"&a%d;" % (n - 1) * 10) for n in range(1, 10)
    )
    bomb = b"<!DOCTYPE worksheet [%s]>" % entities
    return workbook(
        {SHEET: bomb + sheet(b"<row><c t='inlineStr'><is><t>&a9;</t></is></c></row>")[SHEET]}
    )


CORPUS = {
    "far corner": (
        far_corner,
        'The sheet "Sheet" reaches column XFD and row 1,048,576: the largest accepted is '
        "column ZZ and row 200,000.",
    ),
    "wide span": (
        wide_span,
        'The sheet "Sheet" spans 20,000 rows by 702 columns (A1 to ZZ20000), 14,040,000 '
        "cells: the largest accepted is 1,000,000.",
    ),
    "dense rows": (dense_rows, 'The sheet "Sheet" reaches column AAA and row 1:'),
    "zip bomb": (zip_bomb, f"The part {SHEET} of the workbook is compressed"),
    "deep nesting": (deep_nesting, f"The workbook's {SHEET} nests deeper than the 32 levels"),
    "shared strings": (
        shared_strings_bomb,
        "The workbook holds more than 1,000,000 pieces of text (shared strings)",
    ),
    "billion laughs": (billion_laughs, f"The workbook's {SHEET} declares a DTD (<!DOCTYPE>)"),
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("corpus")
    paths = {}
    for name, (make, _) in CORPUS.items():
        paths[name] = folder / f"{name.replace(' ', '_')}.xlsx"
        paths[name].write_bytes(make())
    return paths


@pytest.mark.parametrize("name", CORPUS)
def test_hostile_workbooks_are_refused_in_words(corpus, name):
    data = corpus[name].read_bytes()
    assert len(data) < max_upload_bytes()  # small enough to be uploaded
    with pytest.raises(UnreadableFile) as refused:
        read_rows(data)
    assert str(refused.value).startswith(CORPUS[name][1])


@pytest.mark.postgresql("the command runs in its own process, on the test database")
@pytest.mark.parametrize("name", CORPUS)
def test_the_import_command_refuses_them_in_bounded_time_and_memory(
    corpus, name, transactional_db, tmp_path
):
    done = run_measured("import_dataset", str(corpus[name]), "--dry-run", media_root=tmp_path)
    assert done.status == 1, done.output  # a CommandError: not a signal, not a traceback
    assert "Traceback" not in done.output
    assert f"ERROR {CORPUS[name][1]}" in done.output
    assert done.peak_mb < MAX_RSS_MB, f"{done.peak_mb:.0f} MB"
    assert done.seconds < 30, f"{done.seconds:.1f} s"


def test_the_upload_page_answers_with_the_refusal_and_keeps_serving(client_as, corpus):
    client = client_as(roles.PERFORMANCE_TEAM)
    with corpus["far corner"].open("rb") as upload:
        page = client.post("/indicators/import/", {"file": upload}, follow=True)
    assert page.status_code == 200
    assert "reaches column XFD and row 1,048,576" in page.content.decode()
    assert client.get("/indicators/").status_code == 200


def test_a_long_file_of_100000_values_reads():
    book = Workbook(write_only=True)
    rows = book.create_sheet("Dataset")
    rows.append(["Ref", "Month", "Value", "Commentary"])
    for number in range(100_000):
        rows.append([f"R{number % 500}", f"{number // 500 % 12 + 1}/2016", number, "As above"])
    buffer = io.BytesIO()
    book.save(buffer)
    read = read_rows(buffer.getvalue())
    assert (len(read), read[-1].cells) == (100_001, ("R499", "8/2016", "99999", "As above"))


def test_a_reader_of_every_sheet_has_each_measured():
    """The first sheet is the one read, and measured; a reader of them all (the records'
    upload) asks for each to be measured."""
    book = Workbook()
    book.active.append(["Ref", "Sep 16"])
    book.create_sheet("Far")["XFD1048576"] = 1
    buffer = io.BytesIO()
    book.save(buffer)
    limits = tables_io.file_limits()
    assert [row.cells for row in read_rows(buffer.getvalue())] == [("Ref", "Sep 16")]
    assert measure(buffer.getvalue(), limits) == set()
    with pytest.raises(UnreadableFile, match='The sheet "Far" reaches column XFD and row 1,048'):
        measure(buffer.getvalue(), limits, every_sheet=True)


def test_a_worker_out_of_memory_is_a_refusal(monkeypatch):
    """A ceiling below what the worker already holds, and a sheet of 40,000 cells to read:
    the worker cannot allocate, whatever the interpreter's own size on this machine."""
    limits = replace(tables_io.file_limits(), memory_bytes=16 << 20)
    monkeypatch.setattr(tables_io, "file_limits", lambda: limits)
    book = Workbook()
    for row in range(200):
        book.active.append([f"text {row} {column}" for column in range(200)])
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(UnreadableFile, match="needs more than the 16 MB of memory allowed"):
        read_rows(buffer.getvalue())


def test_a_worker_out_of_time_is_a_refusal(monkeypatch):
    limits = replace(tables_io.file_limits(), seconds=0.001)
    monkeypatch.setattr(tables_io, "file_limits", lambda: limits)
    with pytest.raises(UnreadableFile, match=re.escape("longer than 0.001 seconds")):
        read_rows(far_corner())


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0.3, "30%"), (0.30000000000000004, "30%"), (0.857, "85.7%"), (1, "100%"),
     (-0.05, "-5%"), (1e-05, "0.001%"), ("n/a", "n/a"), (True, "True")],
)  # fmt: skip
def test_percent_formatted_cells_read_as_excel_shows_them(value, expected):
    assert cell_text(value, percent=True) == expected


def test_numbers_keep_their_full_precision():
    assert (cell_text(0.123456789012345678), cell_text(2.0), cell_text(None)) == (
        "0.12345678901234568",
        "2",
        "",
    )
