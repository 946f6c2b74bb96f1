"""A report's spreadsheet: a sheet per table under a title row, numbers and dates as such."""

import csv
import io
from datetime import date
from decimal import Decimal

from django.test import RequestFactory
from openpyxl import load_workbook

from core.report_downloads import (
    MONTH,
    SHARE,
    ReportDownload,
    ReportTable,
    download_response,
    requested_format,
    share_cell,
    sheet_name,
    to_csv,
    to_xlsx,
)

DOWNLOAD = ReportDownload(
    title="Caseload report: October 2026",
    filename="caseload-report-2026-10",
    tables=[
        ReportTable(
            name="Trend over 12 months",
            headers=["Month", "Practitioners", "Share"],
            rows=[
                [date(2026, 9, 1), 12, share_cell(Decimal("37.5"))],
                [date(2026, 10, 1), "No snapshot", share_cell(None, missing="none allocated")],
            ],
            formats={"Month": MONTH, "Share": SHARE},
        ),
        ReportTable(name="By team", headers=["Team", "Mean"], rows=[["=HYPERLINK()", 2.5]]),
    ],
)


def _workbook():
    return load_workbook(io.BytesIO(to_xlsx(DOWNLOAD)))


def test_a_sheet_per_table_under_a_title_row_and_its_headers():
    workbook = _workbook()
    assert workbook.sheetnames == ["Trend over 12 months", "By team"]
    rows = list(workbook["Trend over 12 months"].iter_rows(values_only=True))
    assert rows[0][0] == "Caseload report: October 2026: Trend over 12 months"
    assert list(rows[1]) == ["Month", "Practitioners", "Share"]


def test_numbers_stay_numbers_and_months_dates_with_their_formats():
    sheet = _workbook()["Trend over 12 months"]
    month, practitioners, share = sheet[3]
    assert month.value.date() == date(2026, 9, 1) and month.number_format == MONTH
    assert practitioners.value == 12
    assert share.value == 0.375 and share.number_format == SHARE
    # The page's words where there is no figure, in the same column.
    assert [cell.value for cell in sheet[4]][1:] == ["No snapshot", "none allocated"]


def test_text_that_would_run_as_a_formula_is_neutralised():
    assert _workbook()["By team"]["A3"].value == "'=HYPERLINK()"
    assert "'=HYPERLINK()" in to_csv(DOWNLOAD).decode("utf-8-sig")


def test_csv_holds_every_table_under_its_title_row():
    rows = list(csv.reader(io.StringIO(to_csv(DOWNLOAD).decode("utf-8-sig"))))
    assert rows == [
        ["Caseload report: October 2026: Trend over 12 months"],
        ["Month", "Practitioners", "Share"],
        ["2026-09", "12", "37.5"],
        ["2026-10", "No snapshot", "none allocated"],
        [],
        ["Caseload report: October 2026: By team"],
        ["Team", "Mean"],
        ["'=HYPERLINK()", "2.5"],
    ]


def test_sheet_names_are_valid_and_unique_whatever_their_case():
    taken: set[str] = set()
    assert sheet_name("Grades: by area / month", taken) == "Grades- by area - month"
    assert sheet_name("By team", taken) == "By team"
    assert sheet_name("BY TEAM", taken) == "BY TEAM (2)"
    assert len(sheet_name("x" * 40, taken)) == 31


def test_the_format_is_asked_for_as_the_lists_ask_for_theirs():
    factory = RequestFactory()
    assert requested_format(factory.get("/", {"_export": "xlsx"})) == "xlsx"
    assert requested_format(factory.get("/", {"_export": "csv"})) == "csv"
    assert requested_format(factory.get("/", {"_export": "pdf"})) is None
    assert requested_format(factory.get("/")) is None


def test_the_response_is_an_attachment_named_by_the_report_and_month():
    response = download_response(DOWNLOAD, "xlsx")
    assert response["Content-Disposition"] == (
        'attachment; filename="caseload-report-2026-10.xlsx"'
    )
    assert download_response(DOWNLOAD, "csv")["Content-Type"].startswith("text/csv")
