"""What a small hand-built month's pack holds: the XLSX cells and formats, the PDF's pages and
text, the web version, provisional marks, and no name or case reference anywhere."""

import re
from datetime import date

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from indicators.models import Area, BlankReason, Indicator, MonthlyValue, ValueState
from packs import services, storage
from packs.builders.web import render_body
from packs.builders.xlsx import CHANGE_FORMAT, POINTS_FORMAT, DatasetLayout
from packs.models import FileKind, Pack, Status
from packs.selectors import pack_content
from tests.indicators.factories import add_values, make_indicator, months_from
from tests.packs.conftest import CASE_REFERENCE, FIRST, MONTH, SECRET_NAME

pytestmark = pytest.mark.django_db


def build(month: date = MONTH) -> Pack:
    """Build in-process (the tests' default: no broker) and return the finished pack."""
    pack = Pack.objects.get(pk=services.request_build(month=month).pack.pk)
    assert pack.status == Status.READY, pack.error
    return pack


def path_of(pack: Pack, kind: str):
    return storage.absolute(pack.files.get(kind=kind).path)


# A page's furniture, drawn in its margins by the print CSS: the running header, the note and
# the page number, in the order they are read after the page's body.
FURNITURE = (
    re.compile(r"Monthly performance pack: [A-Z][a-z]+ \d{4}(?!,)"),
    re.compile(r"Aggregates only: no case references, no practitioner names\."),
    re.compile(r"Page \d+ of \d+"),
)


def in_reading_order(text: str) -> str:
    """A page's text with its runs of white space made single spaces and its furniture after
    its body: WeasyPrint draws the margins last and Chromium first, so extracted text has the
    furniture at either end (outside the structure a screen reader follows)."""
    furniture = []
    for pattern in FURNITURE:
        furniture += pattern.findall(text)
        text = pattern.sub(" ", text)
    return " ".join(f"{text} {' '.join(furniture)}".split())


def pdf_text(pack: Pack) -> list[str]:
    """Each page's text in reading order (``in_reading_order``)."""
    return [in_reading_order(page.extract_text()) for page in PdfReader(path_of(pack, "pdf")).pages]


def rows_by_ref(sheet) -> dict[str, tuple]:
    return {row[0].value: row for row in sheet.iter_rows(min_row=3) if row[0].value}


@pytest.fixture
def workbook(small_month):
    return load_workbook(path_of(build(), FileKind.XLSX))


@pytest.fixture
def pdf_pages(small_month) -> list[str]:
    return pdf_text(build())


def test_workbook_has_a_summary_a_sheet_per_area_audits_caseloads_and_definitions(workbook):
    assert workbook.sheetnames == [
        "Narrative", "Summary", "MASH", "Child Protection", "Audits", "Caseloads",
        "Recommendations", "Definitions",
    ]  # fmt: skip


def test_numbers_are_numbers_formatted_by_unit(workbook):
    layout = DatasetLayout(months=13)
    rows = rows_by_ref(workbook["MASH"])
    sep_16 = layout.first_change_column - 2  # zero-based index of the month's own column
    m1, m3 = rows["M1"], rows["M3"]
    assert m1[sep_16].value == 1480 and m1[sep_16].number_format == "#,##0"
    # 28% is stored as the number 0.28 with a percent format; provisional adds "(p)".
    assert m3[sep_16].value == pytest.approx(0.28)
    assert m3[sep_16].number_format == '0%" (p)"'
    assert m3[sep_16 - 1].value == pytest.approx(0.22) and m3[sep_16 - 1].number_format == "0%"
    # A percentage measure's change is in percentage points (22% to 28%: +6 points); a
    # count's is relative.
    change = m3[layout.first_change_column - 1]
    assert change.value == 6 and change.number_format == POINTS_FORMAT
    m1_change = m1[layout.first_change_column - 1]
    assert m1_change.value == pytest.approx(370 / 1110)
    assert m1_change.number_format == CHANGE_FORMAT
    assert m3[layout.first_change_column].value == "↑ Negative"
    assert m1[layout.first_change_column].value == "↑ Positive"
    england = workbook["MASH"].cell(row=2, column=layout.first_change_column + 7).value
    assert england == "England"
    assert m3[layout.first_change_column + 6].value == pytest.approx(0.215)


def test_header_rows_are_frozen_and_judgement_is_coloured(workbook):
    sheet = workbook["MASH"]
    assert sheet.freeze_panes == "C3"
    assert [cell.value for cell in sheet[2]][:3] == ["Ref", "Indicator", "Owner / reporter"]
    assert sheet.cell(row=2, column=17).value == "Sep 16"
    rules = {
        str(formatting.sqref): [
            (rule.formula[0], rule.dxf.fill.fgColor.rgb, rule.dxf.font.color.rgb)
            for rule in formatting.rules
        ]
        for formatting in sheet.conditional_formatting
    }
    # Red text on a light red fill where the direction cell says "negative"; likewise
    # green for positive, grey for similar, on both changes and their directions.
    assert ('ISNUMBER(SEARCH("negative",$S3))', "00F6D7D2", "00942514") in rules["R3:S4"]
    assert ('ISNUMBER(SEARCH("positive",$U3))', "00CCE2D8", "0000703C") in rules["T3:U4"]


def test_provisional_values_are_counted_on_the_cover_and_marked(workbook, pdf_pages):
    summary = {row[0].value: row[1].value for row in workbook["Summary"].iter_rows()}
    assert summary["Status"].startswith("Provisional: 2 of 3 values are not yet accepted")
    states = {ref: row[-2].value for ref, row in rows_by_ref(workbook["MASH"]).items()}
    assert states == {"M1": "Accepted", "M3": "Provisional"}
    assert "Provisional: 2 of 3 values are not yet accepted" in pdf_pages[0]
    assert "22% 28% (p)" in " ".join(pdf_pages)


def test_summary_lists_what_moved_reds_and_missing_commentary(workbook):
    cells = [row[0].value for row in workbook["Summary"].iter_rows()]
    up = cells.index("Up on the previous month (change of +10% or more)")
    red = cells.index("Red and amber against target")
    without = cells.index("Without commentary")
    assert cells[up + 2 : up + 5] == ["M1", "M3", "CP1"]
    assert cells[red + 2] == "CP1"
    assert cells[without + 2] == "CP1"


def test_missing_audit_cycle_and_caseload_snapshot_are_said(workbook, pdf_pages):
    assert workbook["Audits"]["A1"].value == "No audit cycle for this month."
    assert workbook["Caseloads"]["A1"].value == "No caseload snapshot for this month."
    text = " ".join(pdf_pages)
    assert "No audit cycle for this month." in text
    assert "No caseload snapshot for this month." in text


def test_pdf_is_a4_landscape_with_a_cover_numbered_pages_and_each_section(small_month):
    pack = build()
    page = PdfReader(path_of(pack, FileKind.PDF)).pages[0]
    assert (round(page.mediabox.width), round(page.mediabox.height)) == (842, 595)  # points
    pages = pdf_text(pack)
    assert pages[0].startswith("Children and Families service Monthly performance pack")
    assert "September 2016 Provisional: 2 of 3" in pages[0]
    for number, text in enumerate(pages, start=1):
        assert text.endswith(f"Page {number} of {len(pages)}")
    # After the cover, the main sections start a page with their heading, in this order; the
    # areas, their charts and the short sections follow on, so no page is left half empty.
    starts = ["The month in summary", "Summary: what moved", "MASH"]
    assert [text.split(" ")[0] for text in pages[1:4]] == [h.split(" ")[0] for h in starts]
    assert any(text.startswith("Audit analysis") for text in pages[4:])
    text = " ".join(pages)
    order = ["About this pack", "Charts: MASH", "Child Protection", "Charts: Child Protection",
             "Audit analysis", "Caseloads", "Appendix: recommendations and actions",
             "Appendix: definitions"]  # fmt: skip
    place = text.index("Summary: what moved Returns")  # past the contents' own list
    for heading in order[1:]:
        place = text.index(heading, place)  # each after the one before
    mash = pages[3]
    assert mash.startswith("MASH MASH: the 13 months to September 2016")
    # A row per indicator: the 13 months as numbers, both changes with their judgements,
    # the 12-month average and maximum, target, RAG, and a column per benchmark group.
    assert "M1 Number of contacts received Jane White 1,000 1,010 1,020" in mash
    row_end = "1,110 1,480 ↑ +33.3% Positive ↑ +48.0% Positive 1,095 1,480 - - Not stated"
    assert row_end in mash
    # A percentage measure's change in points; its arrow and judgement are the relative ones.
    assert "22% 28% (p) ↑ +6.0 pts Negative" in mash and "Commentary: Contacts rose." in mash
    assert "Not stated 22% 2015-16 Not stated Not stated" in mash  # England's, with its year
    assert "M3: 13 months to September 2016 Percentage (%)" in text  # the chart, its unit
    assert "Key: blue line: accepted values; red dots: provisional values" in text  # in words
    assert "80 (p) ↑ +60.0% Negative" in text and " 60 Red " in text


def test_long_area_repeats_table_headers_and_keeps_each_indicator_on_one_page(small_month):
    for number in range(30):
        indicator = make_indicator(f"X{number:02}", area="Child Protection")
        add_values(
            indicator,
            months_from(FIRST, ["5"] * 13),
            commentary=f"Commentary on X{number:02}.",
            state=ValueState.ACCEPTED,
        )
    pages = pdf_text(build())
    dataset_pages = [text for text in pages if "Commentary on X" in text]
    assert len(dataset_pages) >= 2
    for text in dataset_pages:  # the header row, repeated on every page of the table
        assert "Indicator Sep 15 Oct 15" in text and "Aug 16 Sep 16 Change on previous" in text
    for number in range(30):  # each indicator's figures and commentary on one page
        ref = f"X{number:02}"
        page = next(text for text in dataset_pages if f" {ref} Indicator {ref} " in text)
        assert f"Commentary: Commentary on {ref}." in page


def test_web_version_is_the_same_content(small_month):
    body = path_of(build(), FileKind.HTML).read_text()
    assert 'id="pack-facts"' in body and "Provisional: 2 of 3 values" in body
    assert "<svg" in body and "<script" not in body
    assert "No audit cycle for this month." in body


def test_audits_and_caseloads_are_aggregates_without_names_or_case_references(
    audits_and_caseloads,
):
    pack = build()
    workbook = load_workbook(path_of(pack, FileKind.XLSX))
    audit_cells = [cell for row in workbook["Audits"].iter_rows(values_only=True) for cell in row]
    assert "Audit analysis: September 2016 (Reunifications)" in audit_cells
    assert pytest.approx(2 / 3) in audit_cells  # good or outstanding share, as a fraction
    caseload_cells = [c for row in workbook["Caseloads"].iter_rows(values_only=True) for c in row]
    assert "P10001" in caseload_cells and 24 in caseload_cells
    pdf = " ".join(pdf_text(pack))
    body = path_of(pack, FileKind.HTML).read_text()
    xlsx_text = " ".join(str(c) for c in audit_cells + caseload_cells)
    for text in (pdf, body, xlsx_text):
        assert SECRET_NAME not in text and CASE_REFERENCE not in text
    assert "Reunifications" in pdf and "P10001" in pdf


def test_text_cells_are_neutralised(small_month):
    Indicator.objects.filter(ref="M1").update(title='=HYPERLINK("http://evil")')
    workbook = load_workbook(path_of(build(), FileKind.XLSX))
    assert rows_by_ref(workbook["MASH"])["M1"][1].value == '\'=HYPERLINK("http://evil")'


def test_sheet_names_are_valid_and_unique(db):
    for number, name in enumerate(["MASH / front door", "MASH - front door"]):
        area = Area.objects.create(name=name, position=number)
        indicator = Indicator.objects.create(ref=f"A{number}", title="A", area=area)
        add_values(indicator, {MONTH: "1"})
    workbook = load_workbook(path_of(build(), FileKind.XLSX))
    assert workbook.sheetnames[2:4] == ["MASH - front door", "MASH - front door (2)"]


def test_the_summary_shows_the_completeness_of_the_return(pdf_pages):
    """Issue 11: the completeness figures are on the pack's summary (1 of 3 accepted here)."""
    text = " ".join(" ".join(pdf_pages).split())
    counts = "1 of 3 values accepted, 2 not yet accepted (1 submitted, 0 with owners, 1 draft,"
    assert f"Returns: {counts}" in text
    assert "Completeness of the return by area" in text


def test_a_blank_value_shows_its_reason_and_the_summary_counts_blanks(small_month):
    """Issue 26: "-" in the month's cell, the reason in words beneath, blanks counted."""
    MonthlyValue.objects.filter(indicator__ref="CP1", month=MONTH).update(
        value=None, state=ValueState.ACCEPTED, blank_reason=BlankReason.NOT_YET_AVAILABLE
    )
    body = render_body(content=pack_content(month=MONTH), version=1, built_at=timezone.now())
    cp1 = body[body.index('<span class="app-pack-ref">CP1</span>') :]
    assert 'data-label="Sep 16">-</td>' in cp1
    assert "</span>:</span> No value: not yet available.</td>" in cp1
    assert "3 entered, 1 of them blank (0 without a reason)." in body
