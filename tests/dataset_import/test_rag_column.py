"""The RAG column of the 2023 board tables: each code is read as the board wrote it (-1 red,
0 amber, 1 green), also where Excel turned it into a date, or listed with its reason; never
read as another code."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dataset_import.dataset_file import CellStatus, read_dataset
from dataset_import.dataset_file.cells import parse_rag
from imports.plans import Severity
from tests.dataset_import.test_dataset_file import tsv, xlsx
from tests.dataset_import.test_layouts import HEADER_2023, table_row


@pytest.mark.parametrize(
    "text, code",
    [
        ("-1", -1), ("0", 0), ("1", 1), ("+1", 1), ("\u22121", -1), ("Red", -1),
        ("amber", 0), ("G", 1), ("Dec-69", -1), ("Dec 1969", -1), ("1969-12-31 00:00:00", -1),
        ("1899-12-29", -1), ("1899-12-30", 0), ("1899-12-31 00:00:00", 1),
        ("1900-01-01", 1), ("1900-01-00", 0),
    ],
)  # fmt: skip
def test_codes_words_and_the_dates_that_stand_for_one_code_are_read(text, code):
    cell, reason = parse_rag(text)
    assert (cell.status, cell.value, reason) == (CellStatus.VALUE, code, "")


@pytest.mark.parametrize("text", ["Jan-00", "Jan-70", "Dec-99", "00:00:00", "1970-01-01"])
def test_a_date_that_stands_for_more_than_one_code_is_not_guessed(text):
    cell, reason = parse_rag(text)
    assert cell.status == CellStatus.INVALID and "stands for more than one code" in reason


@pytest.mark.parametrize("text", ["", "n/a", "-"])
def test_no_rag_given(text):
    cell, reason = parse_rag(text)
    assert (cell.status, reason) == (CellStatus.MISSING, "")


def test_an_unreadable_rag_is_a_warning_naming_row_and_column():
    dataset = read_dataset(
        tsv(HEADER_2023, table_row("74", "Re-referrals", *["20"] * 13, rag="Purple")),
        filename="board.txt",
    )
    [warning] = [p for p in dataset.problems if p.severity == Severity.WARNING]
    assert (warning.line, warning.column, warning.text) == (2, "RAG", "Purple")
    assert "not a RAG the portal can read" in warning.message
    assert dataset.rows[0].file_rag.status == CellStatus.INVALID


# How a code can reach the file: as written, or as one of the dates Excel and the tools
# before it made of it (several codes share some dates).
WRITTEN = {
    -1: ["-1", "Red", "R", "Dec-69", "Dec 1969", "1969-12-31", "1899-12-29", "Dec-99"],
    0: ["0", "Amber", "Jan-00", "Jan-70", "1970-01-01", "1899-12-30", "1900-01-00", "Dec-99"],
    1: ["1", "+1", "Green", "Jan-00", "Jan-70", "1970-01-01", "1899-12-31", "1900-01-01"],
}


@st.composite
def board_tables(draw):
    """A well-formed board table: its RAG codes written as text, or as numbers in a
    workbook whose RAG column Excel formatted as dates (``mmm-yy``)."""
    codes = draw(st.lists(st.sampled_from([-1, 0, 1]), min_size=1, max_size=6))
    as_workbook = draw(st.booleans())
    rows = [HEADER_2023]
    for number, code in enumerate(codes):
        text = str(code) if as_workbook else draw(st.sampled_from(WRITTEN[code]))
        rows.append(table_row(str(number), f"Indicator {number}", *["20"] * 13, rag=text))
    if not as_workbook:
        return codes, read_dataset(tsv(*rows), filename="board.txt")
    typed = [[int(cell) if cell.lstrip("-").isdigit() else cell for cell in row] for row in rows]
    rag_column = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[HEADER_2023.index("RAG")]
    dated = draw(st.sets(st.integers(2, len(rows))))
    formats = {f"{rag_column}{line}": "mmm-yy" for line in dated}
    return codes, read_dataset(xlsx(typed, formats), filename="board.xlsx")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(board_tables())
def test_every_rag_code_is_kept_as_written_or_listed_with_its_reason(table):
    codes, dataset = table
    listed = {p.line: p for p in dataset.problems if p.column == "RAG"}
    assert len(dataset.rows) == len(codes)
    for row, code in zip(dataset.rows, codes, strict=True):
        if row.file_rag.status == CellStatus.VALUE:
            assert row.file_rag.value == code, f"row {row.line}: {row.file_rag.text} misread"
            assert row.line not in listed
        else:
            problem = listed[row.line]
            assert problem.severity == Severity.WARNING and problem.text == row.file_rag.text
            assert "is not kept" in problem.message
