"""Reading the team's dataset spreadsheet: every layout, value form and mistake seen in real
files, in TSV, CSV and XLSX, and fuzzing that nothing raises."""

import csv
import io
import time
import zipfile
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dataset_import.dataset_file import CellStatus, DatasetFile, read_dataset
from dataset_import.dataset_file.cells import arrow_direction, clean_text, parse_cell
from dataset_import.dataset_file.headers import month_of_header
from imports.plans import Severity
from imports.tables_io import read_rows
from indicators.calculations import Direction

D = Decimal
HEADER = [
    "Ref", "Area", "Description", "Data owner", "Data accountability",
    "Aug 15", "Sep 15", "Oct 15", "% change from Sep 15", "% change from Oct 14",
    "12 month average", "12-mnth max value", "SN", "Nat.", "October commentary:",
]  # fmt: skip
PREAMBLE = [
    [""],
    ["Children and Families Monthly Dataset"],
    ["Oct 15"],
    ["Key to direction of travel:", "", ""],
    ["Increase 10% or more", "↑", "Similar →", "Decrease 10% or less ↓"],
]


def row(ref, *values, area="MASH", title="Contacts", owner="Jane White", reporter="Cath Parkin"):
    """A data row under HEADER: three months, then the file's computed columns."""
    months = list(values[:3]) + [""] * (3 - len(values[:3]))
    rest = list(values[3:]) or ["→ 1", "↑ 12", "100", "110", "Local ind'ctr", "12", "Fine."]
    return [ref, area, title, owner, reporter, *months, *rest]


def tsv(*rows: list[str]) -> bytes:
    return "\n".join("\t".join(cells) for cells in rows).encode()


def read(*rows: list[str]) -> DatasetFile:
    return read_dataset(tsv(*rows), filename="dataset.txt")


def not_notes(dataset: DatasetFile) -> list:
    """The errors and warnings: notes list what was read as a placeholder or skipped."""
    return [p for p in dataset.problems if p.severity != Severity.NOTE]


def messages(dataset: DatasetFile, severity: Severity = Severity.ERROR) -> list[str]:
    return [str(p) for p in dataset.problems if p.severity == severity]


def xlsx(rows: list[list], formats: dict[str, str] | None = None) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for cells in rows:
        sheet.append(cells)
    for coordinate, number_format in (formats or {}).items():
        sheet[coordinate].number_format = number_format
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# -- the layout ---------------------------------------------------------------------


def test_reads_rows_under_the_header_and_skips_the_preamble():
    dataset = read(*PREAMBLE, HEADER, row("M1", "1,172", "1009", "1139"))
    assert not_notes(dataset) == []
    assert dataset.months == [date(2015, 8, 1), date(2015, 9, 1), date(2015, 10, 1)]
    assert dataset.latest_month == date(2015, 10, 1)
    [m1] = dataset.rows
    assert (m1.line, m1.ref, m1.area, m1.title, m1.owner, m1.reporter, m1.outcome) == (
        7,
        "M1",
        "MASH",
        "Contacts",
        "Jane White",
        "Cath Parkin",
        None,  # no Outcome column
    )
    assert {month: cell.value for month, cell in m1.values.items()} == {
        date(2015, 8, 1): 1172,
        date(2015, 9, 1): 1009,
        date(2015, 10, 1): 1139,
    }
    assert m1.file_pct_change_prev_month.value == 1
    assert m1.file_pct_change_prev_year.value == 12
    assert (m1.file_avg_12m.value, m1.file_max_12m.value) == (100, 110)
    assert m1.benchmarks["statistical_neighbours"].status == CellStatus.LOCAL
    assert m1.benchmarks["england"].value == 12
    assert "region" not in m1.benchmarks
    assert (m1.target, m1.preferred_direction, m1.commentary) == (None, None, "Fine.")
    assert m1.columns["2015-09-01"] == "Sep 15"
    assert m1.columns["pct_change_prev_year"] == "% change from Oct 14"
    assert m1.columns["commentary"] == "October commentary:"


def test_a_repeated_header_can_change_the_columns_of_its_section():
    second_header = [
        "Ref", "Indicator/Description", "Owner/Reporter", "Outcome statement",
        "Sep 15", "Oct 15", "Preferred DoT", "12 month avg", "12 month max",
        "ENG", "SE region", "Target", "Commentary",
    ]  # fmt: skip
    dataset = read(
        HEADER,
        row("M1", "1", "2", "3"),
        [""],
        second_header,
        ["CP1", "S47 enquiries", "Phil Bullingham / Jacqui Westbury", "Children are safe",
         "4", "5", "Down", "4.5", "5", "10", "11", "6", "Lower."],
        ["CP2", "ICPCs", "Phil Bullingham", "", "7", "8", "Up", "", "", "", "", "", ""],
    )  # fmt: skip
    assert not_notes(dataset) == []
    m1, cp1, cp2 = dataset.rows
    assert (m1.owner, m1.reporter, m1.area) == ("Jane White", "Cath Parkin", "MASH")
    assert (cp1.line, cp1.area, cp1.title, cp1.outcome) == (
        5,
        None,
        "S47 enquiries",
        "Children are safe",
    )
    # A merged cell is kept as written; the plan splits it with the people it knows.
    assert (cp1.owner, cp1.reporter, cp1.owner_reporter) == (
        None,
        None,
        "Phil Bullingham / Jacqui Westbury",
    )
    assert (m1.owner_reporter, cp2.owner_reporter) == (None, "Phil Bullingham")
    assert list(cp1.values) == [date(2015, 9, 1), date(2015, 10, 1)]
    assert cp1.benchmarks == {
        "england": parse_cell("10"),
        "region": parse_cell("11"),
    }
    assert (cp1.target.value, cp1.preferred_direction, cp2.preferred_direction) == (
        6,
        "down",
        "up",
    )
    assert m1.preferred_direction is None  # no such column in the first table
    assert (cp1.file_avg_12m.value, cp1.file_max_12m.value) == (D("4.5"), 5)
    assert cp1.file_pct_change_prev_month is None  # no such column in this section
    assert cp1.columns["owner_reporter"] == "Owner/Reporter"
    assert "owner" in m1.columns
    assert dataset.months == [date(2015, 8, 1), date(2015, 9, 1), date(2015, 10, 1)]


def test_rows_without_a_ref_and_notes_without_values_are_skipped():
    dataset = read(
        HEADER,
        row("M1", "1", "2", "3"),
        ["", "", "", "", "", "", "", ""],
        ["", "Positive", "Similar", "Negative"],
        ["Source: PARIS"],
        row("M2", "4", "5", "6"),
    )
    assert [(r.ref, r.line) for r in dataset.rows] == [("M1", 2), ("M2", 6)]
    assert not_notes(dataset) == []
    assert [(p.line, p.text) for p in dataset.problems if p.column is None] == [
        (4, "Positive | Similar | Negative"),
        (5, "Source: PARIS"),
    ]


def test_column_headers_are_matched_tolerantly():
    header = [
        " ref ", "AREA", "Title", "Owner", "Reporter", "Outcome", "September 2015",
        "% Change from previous month", "% change on last year", "Statistical neighbours",
        "England", "South East", "Target 2016/17", "Commentary",
    ]  # fmt: skip
    dataset = read(header, ["M1", "MASH", "T", "O", "R", "Out", "5", "", "", "1", "2", "3", "4"])
    assert not_notes(dataset) == []
    [m1] = dataset.rows
    assert set(m1.columns) == {
        "ref", "area", "title", "owner", "reporter", "outcome", "2015-09-01",
        "pct_change_prev_month", "pct_change_prev_year", "statistical_neighbours",
        "england", "region", "target", "commentary",
    }  # fmt: skip
    assert {name: cell.value for name, cell in m1.benchmarks.items()} == {
        "statistical_neighbours": 1,
        "england": 2,
        "region": 3,
    }
    assert m1.target.value == 4


@pytest.mark.parametrize(
    ("text", "month"),
    [
        ("Sep 15", date(2015, 9, 1)),
        ("Sep-15", date(2015, 9, 1)),
        ("Dec-20", date(2020, 12, 1)),
        ("Jan-17", date(2017, 1, 1)),
        ("September 2015", date(2015, 9, 1)),
        ("2015-09", date(2015, 9, 1)),
        ("Sep 2015", date(2015, 9, 1)),
        ("Sept. 2015", date(2015, 9, 1)),
        ("sep 16", date(2016, 9, 1)),
        ("2015-09-01", date(2015, 9, 1)),  # a workbook's date cell
        ("2015-09-01 00:00:00", date(2015, 9, 1)),
        ("01/09/2015", date(2015, 9, 1)),  # day first, as in the UK
        ("Sepp 15", None),
        ("Sep 15x", None),
        ("2015-13", None),
        ("Ref", None),
        ("12 month average", None),
        ("", None),
    ],
)
def test_parse_month(text, month):
    assert month_of_header(text) == month


def test_every_month_header_form_in_one_file():
    forms = ["Sep 15", "Oct-15", "November 2015", "2015-12", "Jan 2016", "Feb-16"]
    dataset = read(["Ref", "Title", *forms], ["M1", "T", "1", "2", "3", "4", "5", "6"])
    assert not_notes(dataset) == []
    assert dataset.months == [
        date(2015, 9, 1),
        date(2015, 10, 1),
        date(2015, 11, 1),
        date(2015, 12, 1),
        date(2016, 1, 1),
        date(2016, 2, 1),
    ]
    assert dataset.rows[0].values[date(2016, 2, 1)].value == 6


def test_a_month_header_that_cannot_be_read_is_an_error_naming_the_column():
    dataset = read(
        ["Ref", "Title", "Sep 15", "Octt 15", "2015-13", "Nov 15", "Spe15x", "2015/16", "Dec 1"],
        ["M1", "T", "1", "2", "", "3", "", "", ""],
    )
    assert messages(dataset) == [
        f'Row 1, column "{header}": The month header "{header}" cannot be read. '
        'Write months like "Sep 16", "Sep-16" or "September 2016".'
        for header in ("Octt 15", "2015-13", "Dec 1")
    ]
    # Outside the month columns, only what starts like a month is taken for one.
    assert messages(dataset, Severity.WARNING) == [
        f'Row 1, column "{header}": Column "{header}" is not a column of the dataset; '
        "it was not read."
        for header in ("Spe15x", "2015/16")
    ]
    assert list(dataset.rows[0].values) == [date(2015, 9, 1), date(2015, 11, 1)]


def test_a_header_whose_months_cannot_be_read():
    dataset = read(["Ref", "Title", "Sepp 15"], ["M1", "T", "1"])
    assert dataset.rows == []
    assert messages(dataset) == [
        'Row 1, column "Sepp 15": The month header "Sepp 15" cannot be read. '
        'Write months like "Sep 16", "Sep-16" or "September 2016".',
        "Row 1: This header row has no month column that can be read.",
    ]


def test_a_month_twice_is_an_error_and_months_out_of_order_a_warning():
    dataset = read(["Ref", "Oct 15", "Sep 15", "Sep-15"], ["M1", "1", "2", "3"])
    assert messages(dataset) == [
        'Row 1, column "Sep-15": Column "Sep-15" is September 2015 again (as column "Sep 15"). '
        "Each month must have one column."
    ]
    assert messages(dataset, Severity.WARNING) == [
        "Row 1: The month columns are not in order from oldest to newest."
    ]


def test_a_change_column_against_another_month_is_not_read():
    dataset = read(["Ref", "Sep 15", "Oct 15", "% change from Jun 15"], ["M1", "1", "2", "50"])
    assert messages(dataset, Severity.WARNING) == [
        'Row 1, column "% change from Jun 15": Column "% change from Jun 15" compares with '
        "neither the previous month nor the same month last year (the latest month column is "
        "October 2015); it was not read."
    ]
    assert dataset.rows[0].file_pct_change_prev_month is None


def test_a_repeated_field_column_is_read_once():
    dataset = read(["Ref", "Title", "Sep 15", "Title"], ["M1", "First", "1", "Second"])
    assert dataset.rows[0].title == "First"
    assert messages(dataset, Severity.WARNING) == [
        'Row 1, column "Title": Column "Title" repeats column "Title"; only the first is read.'
    ]


def test_no_header_row():
    dataset = read(*PREAMBLE, ["M1", "T", "1", "2"])
    assert dataset.rows == []
    assert messages(dataset) == [
        'No header row found. The dataset needs a header row with a "Ref" (or "Indicator") '
        'column and one column per month, headed like "Sep 16".'
    ]


# -- cells --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "status"),
    [
        ("1576", D(1576), CellStatus.VALUE),
        ("1,576", D(1576), CellStatus.VALUE),
        ("1,234,567.5", D("1234567.5"), CellStatus.VALUE),
        ("30%", D(30), CellStatus.VALUE),
        ("94.8%", D("94.8"), CellStatus.VALUE),
        ("85.714285%", D("85.714285"), CellStatus.VALUE),  # full precision
        ("8571%", D(8571), CellStatus.VALUE),  # the unit is checked by the import
        ("-3", D(-3), CellStatus.VALUE),
        ("0", D(0), CellStatus.VALUE),
        ("\u22125", D(-5), CellStatus.VALUE),  # a typographic minus sign
        ("<b>30%</b>", D(30), CellStatus.VALUE),
        ("", None, CellStatus.MISSING),
        ("-", None, CellStatus.MISSING),
        ("n/a", None, CellStatus.MISSING),
        ("N/A", None, CellStatus.MISSING),
        ("- n/a", None, CellStatus.MISSING),
        ("#DIV/0!", None, CellStatus.MISSING),
        ("New measure from Aug 16", None, CellStatus.NOT_STARTED),
        ("New measure from Aug 16cv", None, CellStatus.NOT_STARTED),
        ("Old measure", None, CellStatus.ENDED),
        ("Local measure", None, CellStatus.LOCAL),
        ("Local ind'ctr", None, CellStatus.LOCAL),
        ("Not available", None, CellStatus.MISSING),
        ("3O%", None, CellStatus.INVALID),
        ("1,57", None, CellStatus.INVALID),
        ("12.5.1", None, CellStatus.INVALID),
        ("%", None, CellStatus.INVALID),
        ("NaN", None, CellStatus.INVALID),
        ("Infinity", None, CellStatus.INVALID),
        ("1e5", None, CellStatus.INVALID),
        ("²", None, CellStatus.INVALID),
        ("#REF!", None, CellStatus.INVALID),
        ("↑ 26", None, CellStatus.INVALID),  # an arrow belongs in a computed column only
    ],
)
def test_parse_cell(text, value, status):
    cell = parse_cell(text)
    assert (cell.text, cell.value, cell.status) == (text, value, status)


def test_a_cell_knows_it_was_written_as_a_percentage():
    assert parse_cell("30%").is_percent
    assert not parse_cell("30").is_percent
    assert not parse_cell("n/a").is_percent


@pytest.mark.parametrize(
    ("text", "value", "direction"),
    [
        ("→ 7", D(7), Direction.SIMILAR),
        ("↑ 26", D(26), Direction.UP),
        ("↓ -41", D(-41), Direction.DOWN),
        ("↑ 1,090", D(1090), Direction.UP),
        ("➔ 0", D(0), Direction.SIMILAR),
        ("⬆️ 12", D(12), Direction.UP),
        ("▲ 15", D(15), Direction.UP),
        ("▼ -15", D(-15), Direction.DOWN),
        ("Down -12", D(-12), Direction.DOWN),
        ("similar 3", D(3), Direction.SIMILAR),
        ("-12 ↓", D(-12), Direction.DOWN),
        ("12", D(12), None),
        ("n/a", None, None),
    ],
)
def test_computed_columns_with_arrows(text, value, direction):
    header = ["Ref", "Sep 15", "Oct 15", "% change from Sep 15"]
    [cell_row] = read(header, ["M1", "1", "2", text]).rows
    assert cell_row.file_pct_change_prev_month.value == value
    assert cell_row.file_pct_change_prev_month.text == text
    assert arrow_direction(text) == direction


def test_html_in_text_cells_is_read_as_text():
    dataset = read(
        HEADER,
        row(
            "<b>LAC13</b>",
            "1",
            "2",
            "3",
            title="Number of <b>current</b> <i>unaccompanied</i> children &amp; young people",
        ),
        ["LAC14", "", "a < b", "", "", "1", "2", "3", "", "", "", "", "", "",
         "Line one<br>line two &gt; three"],
    )  # fmt: skip
    lac13, lac14 = dataset.rows
    assert lac13.ref == "LAC13"
    assert lac13.title == "Number of current unaccompanied children & young people"
    assert lac14.title == "a < b"
    assert lac14.commentary == "Line one\nline two > three"
    assert clean_text("  two   spaces\u00a0here <!-- note --> ") == "two spaces here"


# -- problems -----------------------------------------------------------------------


def test_a_bad_number_names_row_column_ref_month_and_text():
    rows = [[""]] * 12 + [HEADER, row("M3", "30%", "3O%", "29%")]
    dataset = read(*rows)
    [problem] = not_notes(dataset)
    assert (problem.line, problem.column, problem.ref, problem.month, problem.text) == (
        14,
        "Sep 15",
        "M3",
        date(2015, 9, 1),
        "3O%",
    )
    assert problem.severity == Severity.ERROR
    assert str(problem) == (
        'Row 14, column "Sep 15" (M3, September 2015): "3O%" is not a number. '
        "Expected a number such as 30 or 30%."
    )
    assert dataset.rows[0].values[date(2015, 9, 1)].status == CellStatus.INVALID


def test_the_example_of_the_brief_word_for_word():
    header = ["Ref", "Title", "Sep 15", "Oct 15"]
    dataset = read(*[[""]] * 12, header, ["M3", "Conversion", "30%", "3O%"])
    assert str(dataset.problems[0]) == (
        'Row 14, column "Oct 15" (M3, October 2015): "3O%" is not a number. '
        "Expected a number such as 30 or 30%."
    )
    assert dataset.problems[0].as_import_problem().context == "M3, October 2015"


def test_bad_benchmark_and_target_are_errors_bad_computed_cells_warnings():
    header = ["Ref", "Sep 15", "% change from Aug 15", "12 month average", "SN", "Target"]
    dataset = read(header, ["M1", "1", "up a bit", "about 5", "15 (2015)", "80 or so"])
    assert messages(dataset) == [
        'Row 2, column "SN" (M1): "15 (2015)" is not a number. Expected a number such as 30 or '
        "30%.",
        'Row 2, column "Target" (M1): "80 or so" is not a number. Expected a number such as 30 '
        "or 30%.",
    ]
    assert messages(dataset, Severity.WARNING) == [
        f'Row 2, column "{column}" (M1): "{text}" is not a number; the file\'s own column was '
        "not read (the portal computes it)."
        for column, text in [("% change from Aug 15", "up a bit"), ("12 month average", "about 5")]
    ]


def test_a_ref_twice_is_read_twice_for_the_plan_to_match():
    """Which indicator a repeated ref is (the same one in two tables, or a ref reused for
    another title) is decided by the plan, which sees the titles and the catalogue."""
    dataset = read(HEADER, row("M1", "1"), row("M2", "2"), HEADER, row("M1", "3"))
    assert messages(dataset) == []
    assert [(r.ref, r.line) for r in dataset.rows] == [("M1", 2), ("M2", 3), ("M1", 5)]
    assert dataset.tables == 2


def test_cells_beyond_the_last_heading_are_a_warning():
    dataset = read(["Ref", "Sep 15"], ["M1", "1", "", "stray"])
    assert messages(dataset, Severity.WARNING) == [
        'Row 2 (M1): "stray" is to the right of the last column heading; it was not read.'
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty."),
        (b"\x00\x01\x02binary\x00junk\xff", "The file is not a text spreadsheet"),
        (b"PK\x03\x04 not really a zip", "The file is not a readable .xlsx workbook"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 old xls", "The file is an old-style .xls"),
        (b"\xff\xfe\xfa garbage \x81\x8d", "No header row found."),
        (b"just a line of text", "No header row found."),
    ],
)
def test_unreadable_files_are_a_problem_not_an_exception(data, message):
    dataset = read_dataset(data, filename="dataset.xlsx")
    assert dataset.rows == []
    [problem] = not_notes(dataset)
    assert problem.severity == Severity.ERROR
    assert problem.message.startswith(message)
    assert str(problem).startswith(message)  # no row: the file as a whole


# -- formats ------------------------------------------------------------------------


def test_csv_with_quoted_numbers():
    buffer = io.StringIO()
    csv.writer(buffer).writerows([HEADER, row("M1", "1,576", "30%", "n/a")])
    dataset = read_dataset(buffer.getvalue().encode(), filename="dataset.csv")
    assert not_notes(dataset) == []
    [m1] = dataset.rows
    assert [cell.value for cell in m1.values.values()] == [1576, 30, None]
    assert m1.commentary == "Fine."


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1252"])
def test_text_encodings(encoding):
    text = "\t".join(["Ref", "Description", "Sep 15", "SN"]) + "\n"
    title = "Children\u2019s centres \u00a3"  # a curly apostrophe and a pound sign
    text += "\t".join(["M1", title, "5", "Local ind\u2019ctr"])
    [m1] = read_dataset(text.encode(encoding), filename="dataset.txt").rows
    assert m1.title == title
    assert m1.benchmarks["statistical_neighbours"].status == CellStatus.LOCAL


def test_xlsx_with_dates_percentages_and_sections():
    rows = [
        ["Children and Families Monthly Dataset"],
        [],
        ["Ref", "Area", "Indicator", "Owner", "Reporter", datetime(2015, 9, 1), date(2015, 10, 1),
         "% change from Sep 15", "12 month average", "SN", "Commentary"],
        ["M1", "MASH", "Contacts", "A", "B", 1172, 1009, "↓ -14", 1090.5, "Local ind'ctr", "Ok"],
        ["M3", "MASH", "Conversion", "A", "B", 0.3, 0.948, 216, 0.624, 0.25, ""],
        ["M4", "MASH", "Typed as text", "A", "B", "30%", "n/a", "", "", "", ""],
        [],
        ["Ref", "Indicator", "Owner/Reporter", "Sep-15", "Oct-15"],
        ["CP1", "S47", "C / D", 4.25, "New measure from Oct 15"],
    ]  # fmt: skip
    percent = {cell: "0%" for cell in ("F5", "G5", "H5", "I5")} | {"J5": "0.0%"}
    dataset = read_dataset(xlsx(rows, percent), filename="dataset.xlsx")
    assert not_notes(dataset) == []
    assert dataset.months == [date(2015, 9, 1), date(2015, 10, 1)]
    m1, m3, m4, cp1 = dataset.rows
    assert (m1.line, m3.line, m4.line, cp1.line) == (4, 5, 6, 9)
    assert [c.value for c in m1.values.values()] == [1172, 1009]
    assert (m1.file_pct_change_prev_month.value, m1.file_avg_12m.value) == (-14, D("1090.5"))
    # Percent-formatted numbers read as the text export shows them: 0.3 is "30%".
    assert [(c.text, c.value) for c in m3.values.values()] == [("30%", 30), ("94.8%", D("94.8"))]
    assert all(c.is_percent for c in m3.values.values())
    assert m3.file_pct_change_prev_month.value == 21600
    assert (m3.file_avg_12m.value, m3.benchmarks["statistical_neighbours"].value) == (
        D("62.4"),
        25,
    )
    assert m4.values[date(2015, 9, 1)].is_percent
    assert (cp1.owner, cp1.reporter, cp1.owner_reporter) == (None, None, "C / D")
    assert [c.status for c in cp1.values.values()] == [CellStatus.VALUE, CellStatus.NOT_STARTED]
    assert cp1.values[date(2015, 9, 1)].value == D("4.25")


def test_xlsx_percent_formats_custom_and_escaped():
    rows = [["Ref", "Sep 15", "Oct 15", "Nov 15"], ["M1", 0.5, 0.5, 0.5]]
    formats = {"B2": '0.0" %"', "C2": "0.00\\%", "D2": "#,##0.0%;[Red]-#,##0.0%"}
    [m1] = read_dataset(xlsx(rows, formats), filename="dataset.xlsx").rows
    assert [c.text for c in m1.values.values()] == ["0.5", "0.5", "50%"]


def test_percent_cells_follow_row_and_column_without_references():
    sheet = (
        b'<worksheet><sheetData><row><c s="1"><v>0.1</v></c><c s="0"><v>2</v></c></row>'
        b'<row r="5"><c/><c s="1"><v>0.2</v></c></row></sheetData></worksheet>'
    )
    template = zipfile.ZipFile(io.BytesIO(xlsx([[0.5]], {"A1": "0.00%"})))  # style 1 is 0.00%
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in template.namelist():
            is_sheet = name == "xl/worksheets/sheet1.xml"
            archive.writestr(name, sheet if is_sheet else template.read(name))
    rows = read_rows(buffer.getvalue())
    assert [(row.line, row.cells) for row in rows if any(row.cells)] == [
        (1, ("10%", "2")),
        (5, ("", "20%")),
    ]


# -- fuzzing ------------------------------------------------------------------------

VALID = tsv(*PREAMBLE, HEADER, row("M1", "1,172", "30%", "n/a"), row("M2", "-", "1", "2"))
VALID_XLSX = xlsx([["Ref", "Sep 15", "Oct 15"], ["M1", 0.3, 5]], {"B2": "0%"})
fuzz = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _mutate(data: bytes, edits: list[tuple[int, bytes]]) -> bytes:
    mutated = bytearray(data)
    for position, replacement in edits:
        at = position % (len(mutated) + 1)
        mutated[at : at + len(replacement) // 2] = replacement
    return bytes(mutated)


edits = st.lists(st.tuples(st.integers(min_value=0), st.binary(max_size=8)), max_size=12)


@fuzz
@given(data=st.binary(max_size=2000), filename=st.sampled_from(["a.txt", "a.csv", "a.xlsx"]))
def test_random_bytes_never_raise(data, filename):
    assert isinstance(read_dataset(data, filename=filename), DatasetFile)


@fuzz
@given(edits=edits)
def test_mutations_of_a_valid_file_never_raise(edits):
    dataset = read_dataset(_mutate(VALID, edits), filename="dataset.txt")
    assert all(problem.message for problem in dataset.problems)


@fuzz
@given(edits=edits)
def test_mutations_of_a_valid_workbook_never_raise(edits):
    dataset = read_dataset(_mutate(VALID_XLSX, edits), filename="dataset.xlsx")
    assert all(str(problem) for problem in dataset.problems)


@fuzz
@given(
    cells=st.lists(
        st.lists(
            st.sampled_from(["Ref", "Sep 15", "Oct-15", "% change from Sep 15", "", "M1", "x"])
            | st.text(max_size=12),
            max_size=10,
        ),
        max_size=8,
    )
)
def test_random_tables_never_raise(cells):
    text = "\n".join("\t".join(c.replace("\t", " ").replace("\n", " ") for c in r) for r in cells)
    dataset = read_dataset(text.encode(), filename="dataset.txt")
    assert all(isinstance(r.ref, str) and r.ref for r in dataset.rows)


def test_a_large_file_reads_quickly():
    """500 indicators x 200 months: the reader's share of the import's 5 s budget."""
    months = [date(2000 + i // 12, i % 12 + 1, 1).strftime("%b %y") for i in range(200)]
    values = ["1,576", "30%", "94.8%", "-", "n/a", "12", "New measure from Aug 16"]
    lines = [["Ref", "Title", *months, "Commentary"]] + [
        [f"R{n}", "T", *(values[(n + i) % len(values)] for i in range(200)), "C"]
        for n in range(500)
    ]
    start = time.perf_counter()
    dataset = read(*lines)
    elapsed = time.perf_counter() - start
    assert (len(dataset.rows), not_notes(dataset)) == (500, [])
    assert sum(len(r.values) for r in dataset.rows) == 100_000
    assert elapsed < 2.5, f"reading 100,000 cells took {elapsed:.2f} s"
