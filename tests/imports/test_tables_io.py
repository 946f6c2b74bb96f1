"""Text files (CSV, TSV) are read within the bounds a workbook is: rows, columns and cells,
refused as soon as one is passed and before a long row is split into cells."""

import re

import pytest

from imports.tables_io import ROW_CHARACTERS, UnreadableFile, read_rows


@pytest.fixture
def small_bounds(settings) -> None:
    settings.IMPORT_MAX_ROWS = 5
    settings.IMPORT_MAX_COLUMNS = 4
    settings.IMPORT_MAX_CELLS = 12


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"a,b,c,d,e\n", "Row 1 has 5 columns: the most accepted is 4 (column D)."),
        (b"a\n" * 6, "The file has more than 5 rows, the most accepted."),
        (b"a,b,c\n" * 5, "The file has more than 12 cells (row 5 passes them), the most"),
        (b"a\tb\tc\td\te\n", "Row 1 has 5 columns: the most accepted is 4 (column D)."),
    ],
)
def test_a_text_file_past_a_bound_is_refused_naming_it(small_bounds, data, message):
    with pytest.raises(UnreadableFile, match=re.escape(message)):
        read_rows(data)


def test_a_line_of_millions_of_columns_is_refused_before_it_is_split(small_bounds):
    """Issue 25: a 10-million-column CSV took the reader to 1.3 GB."""
    with pytest.raises(UnreadableFile, match="Row 1 has more than 4 columns"):
        read_rows(b"Ref,Sep 16" + b",x" * ROW_CHARACTERS)


def test_a_row_built_of_quoted_line_breaks_is_bounded_too(small_bounds):
    """Short lines can make one long row: a quote left open runs to the next line."""
    row = b'"x\n",,' * (ROW_CHARACTERS // 4)
    with pytest.raises(UnreadableFile, match=f"Row .* is longer than {ROW_CHARACTERS:,}"):
        read_rows(row)


def test_blank_cells_ending_a_row_are_not_columns_and_texts_are_held_once(small_bounds):
    """Excel writes a CSV's rows as wide as its widest, with empty cells."""
    rows = read_rows(b"Ref,Sep 16,,,,,,,,\nM1,TBC,,,,,,\nM2,TBC\n")
    assert [row.cells for row in rows] == [("Ref", "Sep 16"), ("M1", "TBC"), ("M2", "TBC")]
    assert rows[1].cells[1] is rows[2].cells[1]
