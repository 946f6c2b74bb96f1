"""The layouts the team has used over the years (README, "Using it"), each written here as a
small file, and the property that no cell of a well-formed file is dropped without a reason."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dataset_import.dataset_file import CellStatus, DatasetFile, read_dataset
from dataset_import.dataset_file.cells import clean_text
from imports.plans import Severity
from tests.dataset_import.test_dataset_file import not_notes, tsv, xlsx

D = Decimal
MONTHS_2021 = ["Dec-20", "Jan-21", "Feb-21", "Mar-21", "Apr-21", "May-21", "Jun-21"]
HEADER_2021 = [
    "Ref.", "Indicator", "Owner", "Reporter", "Outcome", *MONTHS_2021,
    "% change from May-21", "% change from Jun-20", "Preferred DoT", "12-mnth avg",
    "12-mnth max.", "SN", "ENG", "SE region", "Commentary (Jun-21):",
]  # fmt: skip
MONTHS_2023 = [
    "Jul-22", "Aug-22", "Sep-22", "Oct-22", "Nov-22", "Dec-22", "Jan-23", "Feb-23", "Mar-23",
    "Apr-23", "May-23", "Jun-23", "Jul-23",
]  # fmt: skip
HEADER_2023 = [
    "Ref_ID", "Indicator", *MONTHS_2023, "Target", "RAG", "Direction of travel",
    "So'ton 21/22", "Statistical Neighbours", "South East", "England",
]  # fmt: skip


def read(*rows: list[str]) -> DatasetFile:
    return read_dataset(tsv(*rows), filename="dataset.txt")


def notes(dataset: DatasetFile) -> list[tuple[int | None, str | None, str]]:
    return [(p.line, p.column, p.text) for p in dataset.problems if p.severity == Severity.NOTE]


def row_2021(ref, title, owner, reporter, outcome, *months, rest=()):
    return [ref, title, owner, reporter, outcome, *months, *rest]


# -- June 2021 ------------------------------------------------------------------------


def test_june_2021_layout():
    dataset = read(
        ["Children and Families Monthly Dataset"],
        ["Jun-21"],
        HEADER_2021,
        row_2021(
            "M4", "Repeat referrals", "Jane White", "Cath Parkin", "Fewer repeat referrals",
            "3", "5", "2", "4", "6", "8", "15",
            rest=["88%", "-12%", "▼", "6.5", "15", "22%", "23%", "21%", "Up in June."],
        ),
        row_2021(
            "EH1c", "Early help assessments", "Phil Bullingham Stuart Webb", "",
            "Stuart Webb <i>Where it is needed</i>", "1", "2", "3", "4", "5", "6", "",
            rest=["", "", "▲", "", "", "Local ind'ctr", "", "", "Data due in July."],
        ),
        row_2021(
            "FM011", "Visits per quarter", "Ann Lee", "Bo Kay", "", "", "", "12", "", "", "14", "",
            rest=["", "", "", "", "", "", "", "", "Quarterly figure."],
        ),
    )  # fmt: skip
    assert not_notes(dataset) == []
    assert dataset.tables == 1
    assert dataset.months[0] == date(2020, 12, 1) and dataset.latest_month == date(2021, 6, 1)
    m4, eh1c, fm011 = dataset.rows
    assert (m4.ref, m4.title, m4.owner, m4.reporter, m4.outcome) == (
        "M4",
        "Repeat referrals",
        "Jane White",
        "Cath Parkin",
        "Fewer repeat referrals",
    )
    assert m4.file_max_12m.value == 15 and m4.file_avg_12m.value == D("6.5")
    assert (m4.file_pct_change_prev_month.value, m4.file_pct_change_prev_year.value) == (88, -12)
    assert (m4.preferred_direction, eh1c.preferred_direction, fm011.preferred_direction) == (
        "down",
        "up",
        "neither",  # blank: context only
    )
    assert set(m4.benchmarks) == {"statistical_neighbours", "england", "region"}
    assert m4.commentary == "Up in June."
    # The outcome's markup is where it begins: the name before it is kept apart.
    assert (eh1c.outcome_lead, eh1c.outcome) == ("Stuart Webb", "Where it is needed")
    assert eh1c.owner == "Phil Bullingham Stuart Webb" and eh1c.reporter == ""
    # Commentary is read although the June value is blank.
    assert eh1c.values[date(2021, 6, 1)].status == CellStatus.MISSING
    assert eh1c.commentary == "Data due in July."
    assert (fm011.frequency, m4.frequency) == ("quarterly", None)
    # The file's title and its month line are listed, not silently skipped.
    assert [(line, text) for line, _, text in notes(dataset)[:2]] == [
        (1, "Children and Families Monthly Dataset"),
        (2, "Jun-21"),
    ]


def test_a_merged_owner_reporter_column_is_kept_unsplit():
    header = ["Ref", "Indicator", "Owner Reporter", "Outcome", "May-21", "Jun-21"]
    dataset = read(header, ["CP1", "S47", "Phil Bullingham Stuart Webb", "Safe", "1", "2"])
    [cp1] = dataset.rows
    assert (cp1.owner_reporter, cp1.owner, cp1.reporter) == (
        "Phil Bullingham Stuart Webb",
        None,
        None,
    )
    assert not_notes(dataset) == []


@pytest.mark.parametrize(
    ("cell", "direction"),
    [
        ("▲", "up"), ("▼", "down"), ("⬆️", "up"), ("⬇", "down"), ("↑", "up"), ("↓", "down"),
        ("1", "up"), ("-1", "down"), ("0", "neither"), ("", "neither"),
        ("Higher is better", "up"), ("lower is better", "down"),
    ],
)  # fmt: skip
def test_preferred_direction_is_normalised(cell, direction):
    dataset = read(["Ref", "Preferred DoT", "Jun-21"], ["M1", cell, "5"])
    assert dataset.rows[0].preferred_direction == direction


def test_an_unreadable_preferred_direction_is_a_warning():
    dataset = read(["Ref", "Preferred DoT", "Jun-21"], ["M1", "sideways", "5"])
    assert dataset.rows[0].preferred_direction is None
    [warning] = not_notes(dataset)
    assert warning.severity == Severity.WARNING
    assert (warning.line, warning.column, warning.text) == (2, "Preferred DoT", "sideways")


@pytest.mark.parametrize(
    ("title", "frequency"),
    [
        ("Visits per quarter", "quarterly"),
        ("Reviews per annum", "annual"),
        ("Contacts", None),
    ],
)
def test_frequency_from_the_title(title, frequency):
    assert read(["Ref", "Indicator", "Jun-21"], ["X1", title, "5"]).rows[0].frequency == frequency


def test_frequency_from_its_column():
    dataset = read(["Ref", "Frequency", "Jun-21"], ["X1", "Quarterly", "5"], ["X2", "weekly", "5"])
    assert [r.frequency for r in dataset.rows] == ["quarterly", None]
    [warning] = not_notes(dataset)
    assert (warning.line, warning.column, warning.severity) == (3, "Frequency", Severity.WARNING)


def test_a_frequency_cell_of_markup_alone_is_listed_not_dropped():
    """Found by the property test below: "<X>" reads as no text, yet it was written."""
    dataset = read(["Ref", "Frequency", "Jun-21"], ["X1", "<X>", "5"])
    assert dataset.rows[0].frequency is None
    [warning] = not_notes(dataset)
    assert (warning.line, warning.column, warning.text) == (2, "Frequency", "<X>")


# -- July 2023 board tables -----------------------------------------------------------


def table_row(ref, title, *months, target="95%", rag="1", dot="Dec-69", prior="80"):
    months = list(months) + ["TBC"] * (13 - len(months))
    return [ref, title, *months, target, rag, dot, prior, "85", "83", "82"]


BOARD_TABLES = [
    ["Children's Services Improvement Board - July 2023"],
    [""],
    ["Right service right time"],
    HEADER_2023,
    table_row("74", "Re-referrals within 12 months", *["20"] * 13, target="<36%"),
    table_row("", "Contacts progressed to early help", *["5"] * 12),
    table_row("74", "Assessments in 45 days", *["90%"] * 13, rag="-1", dot="Jan-00"),
    [""],
    ["Best start in life"],
    HEADER_2023,
    table_row("74", "Re-referrals within 12 months", *["20"] * 13, target="<36%"),
    table_row("12", "Children in care", *["273"] * 13, target="273", rag="0", dot="Dec-99"),
]


def check_board_tables(dataset: DatasetFile) -> None:
    assert not_notes(dataset) == []
    assert dataset.tables == 2
    assert len(dataset.months) == 13 and dataset.latest_month == date(2023, 7, 1)
    refs = [(r.ref, r.title, r.section) for r in dataset.rows]
    assert refs == [
        ("74", "Re-referrals within 12 months", "Right service right time"),
        ("", "Contacts progressed to early help", "Right service right time"),
        ("74", "Assessments in 45 days", "Right service right time"),
        ("74", "Re-referrals within 12 months", "Best start in life"),
        ("12", "Children in care", "Best start in life"),
    ]
    first, no_ref, assessments, _, in_care = dataset.rows
    rags = [row.file_rag.value for row in (first, no_ref, assessments, in_care)]
    assert rags == [1, 1, -1, 0]  # the board's judgement is read, not noted
    assert (first.target.value, first.target_comparator, first.target_year) == (36, "<", None)
    assert (in_care.target.value, in_care.target_comparator) == (273, "")
    assert first.benchmarks["prior_year"].value == 80
    assert first.benchmark_years == {"prior_year": "2021-22"}
    assert set(first.benchmarks) == {"prior_year", "statistical_neighbours", "region", "england"}
    assert no_ref.values[date(2023, 7, 1)].status == CellStatus.MISSING  # "TBC"
    listed = {(line, column, text) for line, column, text in notes(dataset)}
    for line, column, text in [
        (5, "Direction of travel", "Dec-69"),
        (6, "Jul-23", "TBC"),
        (7, "Direction of travel", "Jan-00"),
        (12, "Direction of travel", "Dec-99"),
        (1, None, "Children's Services Improvement Board - July 2023"),
    ]:
        assert (line, column, text) in listed


def test_july_2023_board_tables_as_text():
    check_board_tables(read(*BOARD_TABLES))


def test_july_2023_board_tables_as_a_workbook():
    def typed(cell: str):
        return int(cell) if cell.lstrip("-").isdigit() else cell

    rows = [[typed(cell) for cell in cells] for cells in BOARD_TABLES]
    check_board_tables(read_dataset(xlsx(rows), filename="board.xlsx"))


def test_codes_are_explained_in_the_notes():
    dataset = read(*BOARD_TABLES)
    messages = {p.text: p.message for p in dataset.problems if p.column == "Direction of travel"}
    assert "a -1 / 0 / 1 code that Excel turned into a date" in messages["Dec-69"]
    assert "works out itself from the values" in messages["Dec-69"]
    assert not [p for p in dataset.problems if p.column == "RAG"]  # the RAG is read


def test_codes_excel_made_dates_in_a_workbook_are_recognised():
    rows = [["Ref", "Jun-21", "RAG", "Direction of travel"], ["M1", 5, 0, 1], ["M2", 6, -1, 0]]
    formats = {cell: "mmm-yy" for cell in ("C2", "D2", "C3", "D3")}
    dataset = read_dataset(xlsx(rows, formats), filename="board.xlsx")
    directions = [p for p in dataset.problems if p.column == "Direction of travel"]
    assert len(directions) == 2 and all(p.severity == Severity.NOTE for p in directions)
    assert all("a -1 / 0 / 1 code that Excel turned into a date" in p.message for p in directions)
    # A workbook reads day 0 and day -1 alike ("00:00:00"): the RAG is listed, not guessed.
    rags = [p for p in dataset.problems if p.column == "RAG"]
    assert [p.severity for p in rags] == [Severity.WARNING, Severity.WARNING]
    assert all("stands for more than one code" in p.message for p in rags)


def test_a_target_year_from_its_header():
    dataset = read(["Ref", "Jun-21", "Target 19-20"], ["M1", "5", ">= 95%"])
    [m1] = dataset.rows
    assert (m1.target.value, m1.target_comparator, m1.target_year) == (95, ">=", 2019)


def test_a_file_without_a_ref_column_is_read_by_title():
    dataset = read(["Description", "May-21", "Jun-21"], ["Contacts", "1", "2"])
    [row] = dataset.rows
    assert (row.ref, row.title, row.values[date(2021, 6, 1)].value) == ("", "Contacts", 2)


def test_a_section_title_inside_a_table_starts_a_section():
    dataset = read(
        ["Ref", "Indicator", "Jun-21"],
        ["M1", "Contacts", "1"],
        ["Child protection"],
        ["CP1", "S47", "2"],
    )
    assert [(r.ref, r.section) for r in dataset.rows] == [("M1", None), ("CP1", "Child protection")]


DISTRIBUTION = "Distribution of children across the service"
SECTIONED_TABLES = [
    ["Right service right time"],
    HEADER_2023,
    table_row("1", "Contacts", *["5"] * 13),
    ["", DISTRIBUTION],  # in the Indicator column, straight after the table's last row
    HEADER_2023,
    table_row("", "Children in need", *["300"] * 13),
    ["", "Children with a plan"],  # a title without values inside a table: not a section
    table_row("", "Children in care", *["273"] * 13),
    [""],
    HEADER_2023,  # a header with no title above it: still the section of the title before
    table_row("", "Care leavers in touch", *["90%"] * 13),
]


def test_a_section_title_between_tables_names_every_table_below_it():
    dataset = read(*SECTIONED_TABLES)
    assert [(r.title, r.section) for r in dataset.rows] == [
        ("Contacts", "Right service right time"),
        ("Children in need", DISTRIBUTION),
        ("Children in care", DISTRIBUTION),
        ("Care leavers in touch", DISTRIBUTION),
    ]
    skipped = [(line, text) for line, column, text in notes(dataset) if column is None]
    assert skipped == [(7, "Children with a plan")]
    assert "not read as an indicator" in next(p.message for p in dataset.problems if p.line == 7)


def test_a_title_in_the_indicator_column_at_the_end_of_the_file_is_listed():
    dataset = read(HEADER_2023, table_row("1", "Contacts", *["5"] * 13), ["", "Children"])
    assert [(line, text) for line, column, text in notes(dataset) if column is None] == [
        (3, "Children")
    ]


@pytest.mark.parametrize(
    ("cell", "status"),
    [
        ("Local", CellStatus.LOCAL),
        ("Local ind'ctr", CellStatus.LOCAL),
        ("Local measure", CellStatus.LOCAL),
        ("-", CellStatus.NOT_AVAILABLE),
        ("n/a", CellStatus.NOT_AVAILABLE),
        ("- n/a", CellStatus.NOT_AVAILABLE),
        ("Not available", CellStatus.NOT_AVAILABLE),
        ("TBC", CellStatus.MISSING),
        ("", CellStatus.MISSING),
        ("22%", CellStatus.VALUE),
    ],
)
def test_benchmark_caveats_are_kept_apart(cell, status):
    """In a benchmark column "Local" is a local measure, "-" not available, blank not stated;
    in a month column all but a number are no value."""
    dataset = read(["Ref", "Jun-21", "ENG"], ["M1", cell or "5", cell])
    assert dataset.rows[0].benchmarks["england"].status == status
    assert not_notes(dataset) == []


# -- nothing is dropped without a reason ----------------------------------------------

COLUMNS = {  # header -> the kind of cells written under it
    "Ref": "ref", "Indicator": "text", "Owner": "text", "Reporter": "text",
    "Owner/Reporter": "text", "Outcome": "text", "May-21": "number", "Jun-21": "number",
    "% change from May-21": "computed", "12-mnth avg": "computed", "Preferred DoT": "arrow",
    "Target": "number", "RAG": "code", "Direction of travel": "code", "SN": "number",
    "So'ton 21/22": "number", "Frequency": "text", "Commentary": "text",
}  # fmt: skip
NUMBER_CELLS = [
    "1,576", "30%", "94.8", "-", "n/a", "TBC", "New measure from Aug 16", "Old measure",
    "Local ind'ctr", "<36%", "", "3O%",
]  # fmt: skip
CELLS = {
    "ref": st.sampled_from(["M1", "CP2", "74", "EH1c", ""]),
    "text": st.text(alphabet="abc XYZ<>i/&é", max_size=12),
    "number": st.sampled_from(NUMBER_CELLS),
    "computed": st.sampled_from(["↑ 26", "→ -6", "12", "n/a", "", "x"]),
    "arrow": st.sampled_from(["▲", "▼", "", "1", "-1", "0", "sideways"]),
    "code": st.sampled_from(["-1", "0", "1", "Dec-69", "Jan-00", "Dec-99", "", "Red"]),
}
FIELD_OF = {
    "Ref": "ref", "Indicator": "title", "Owner": "owner", "Reporter": "reporter",
    "Owner/Reporter": "owner_reporter", "Outcome": "outcome", "Commentary": "commentary",
}  # fmt: skip


@st.composite
def well_formed_files(draw):
    headers = draw(
        st.lists(st.sampled_from(list(COLUMNS)), min_size=1, unique=True).map(
            lambda chosen: ["Ref", "Jun-21", *[h for h in chosen if h not in ("Ref", "Jun-21")]]
        )
    )
    rows = []
    for _ in range(draw(st.integers(1, 6))):
        if draw(st.integers(0, 5)) == 0:
            rows.append([draw(st.sampled_from(["Early help", "Key:", "Sep 16", "Notes"]))])
            continue
        rows.append([draw(CELLS[COLUMNS[header]]) for header in headers])
    return [draw(st.sampled_from([[], [["Monthly dataset"]]])), headers, rows]


def is_read(dataset: DatasetFile, line: int, header: str, text: str) -> bool:
    """Whether the cell at ``line`` under ``header`` went into a row as something."""
    row = next((r for r in dataset.rows if r.line == line), None)
    if row is None:
        return False
    if header == "Outcome":  # a name before the outcome's markup is kept apart
        read = f"{row.outcome_lead} {row.outcome}".split()
        return "".join(read) == "".join(clean_text(text).split())
    if header in FIELD_OF:
        return getattr(row, FIELD_OF[header]) == clean_text(text) or (
            header == "Ref" and row.ref == clean_text(text)
        )
    read_values = [c for c in row.values.values() if c.text == text]
    read_values += [c for c in (row.target, row.file_avg_12m, row.file_pct_change_prev_month,
                                row.file_rag)
                    if c is not None and c.text == text]  # fmt: skip
    read_values += [c for c in row.benchmarks.values() if c.text == text]
    if any(cell.status == CellStatus.VALUE for cell in read_values):
        return True
    if header == "Preferred DoT":
        return row.preferred_direction is not None
    return header == "Frequency" and row.frequency is not None


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(well_formed_files())
def test_no_cell_is_dropped_without_a_listed_reason(parts):
    preamble, headers, rows = parts
    lines = [*preamble, headers, *rows]
    dataset = read(*lines)
    listed = {(p.line, p.column) for p in dataset.problems}
    sections = {r.section for r in dataset.rows}
    for line, cells in enumerate(lines, start=1):
        if cells is headers:
            continue
        for index, text in enumerate(cells):
            if not text.strip():
                continue
            header = headers[index] if len(cells) > 1 else None
            assert (
                (line, None) in listed
                or (line, header) in listed
                or (header is None and clean_text(text) in sections)
                or (header is not None and is_read(dataset, line, header, text))
            ), f"row {line}, {header}: {text!r} was dropped without a reason"
