"""The audit analysis's download: the page's tables read back, shares as numbers, and only for
those who may read the analysis (a viewer, once published)."""

from datetime import date

import pytest
from django.urls import reverse

from audits.models import AuditCycle, Grade, Status
from core import roles
from tests.audits.test_views import _audits
from tests.downloads import csv_rows, page_table_headers, sheet_rows, workbook_of

pytestmark = pytest.mark.django_db


def report_url(cycle: AuditCycle) -> str:
    return reverse("audits:report", kwargs={"month": cycle.month})


@pytest.fixture
def graded(cycle, make_audit):
    """March 2024 (Reunifications): SWF 2 completed (good with discussion, inadequate) and 1
    allocated; BIT 1 not completed."""
    make_audit(
        status=Status.COMPLETED, grade=Grade.GOOD, practitioner_discussion=True,
        chronology="yes", case_summary="no", good_practice="Clear plan.",
        improvement="=cmd|' /C calc'!A0",
    )  # fmt: skip
    make_audit(status=Status.COMPLETED, grade=Grade.INADEQUATE, chronology="yes")
    make_audit()
    make_audit(service_area="BIT", status=Status.NOT_COMPLETED)
    return cycle


def _download(client, cycle, export_format="xlsx"):
    response = client.get(report_url(cycle), {"_export": export_format})
    assert response.status_code == 200
    return response


def test_the_page_offers_its_download(client_as, graded):
    html = client_as(roles.QA_UNIT).get(report_url(graded)).content.decode()
    assert 'href="?_export=xlsx"' in html and 'href="?_export=csv"' in html


def test_the_workbook_holds_the_pages_tables_in_its_columns_and_order(client_as, graded):
    client = client_as(roles.QA_UNIT)
    page = page_table_headers(client.get(report_url(graded)).content.decode())
    workbook = workbook_of(_download(client, graded))
    assert workbook.sheetnames == [
        "Summary", "Audits by service area", "Grades", "Grades over time",
        "Focus-5 compliance", "Good practice and improvement",
    ]  # fmt: skip
    headers = {name: sheet_rows(workbook[name])[1] for name in workbook.sheetnames}
    by_area, grades, trend, focus_5 = page
    assert headers["Audits by service area"] == by_area
    assert headers["Grades over time"] == trend
    assert headers["Focus-5 compliance"] == focus_5
    # The page's "count (share)" cell of each grade is two numbers: the count, then the share.
    assert [headers["Grades"][0], *headers["Grades"][1::2]] == grades
    assert headers["Grades"][2::2] == [f"{label} %" for label in grades[1:]]


def test_shares_are_numbers_and_missing_shares_say_why(client_as, graded):
    workbook = workbook_of(_download(client_as(roles.QA_UNIT), graded))
    title = sheet_rows(workbook["Summary"])[0][0]
    assert title == "Audit analysis, March 2024 (Reunifications): Summary"
    rows = {row[0]: row[1:] for row in sheet_rows(workbook["Audits by service area"])[2:]}
    assert rows["SWF"] == [3, 2, 0, pytest.approx(2 / 3), 0.5, 0.5]
    assert rows["BIT"] == [1, 0, 1, 0, "no completed audits", "no completed audits"]
    assert rows["All service areas"][:3] == [4, 2, 1]
    sheet = workbook["Audits by service area"]
    (swf,) = [row for row in sheet.iter_rows(min_row=3) if row[0].value == "SWF"]
    assert swf[4].number_format == "0.0%"
    grades = {row[0]: row[1:] for row in sheet_rows(workbook["Grades"])[2:]}
    assert grades["SWF"] == [0, 0, 1, 0.5, 0, 0, 1, 0.5]
    focus = {row[0]: row[1:] for row in sheet_rows(workbook["Focus-5 compliance"])[2:]}
    assert focus["SWF"][:3] == [1, 0, "not applicable"]
    assert focus["BIT"][0] == "no completed audits"
    trend = sheet_rows(workbook["Grades over time"])[2:]
    assert trend[0][0].date() == date(2024, 3, 1) and trend[0][1] == 2


def test_points_are_text_neutralised_against_formulas(client_as, graded):
    workbook = workbook_of(_download(client_as(roles.QA_UNIT), graded))
    assert sheet_rows(workbook["Good practice and improvement"])[2:] == [
        ["SWF", "Clear plan.", None],
        ["SWF", None, "'=cmd|' /C calc'!A0"],
    ]


def test_csv_holds_the_same_tables_with_shares_of_100(client_as, graded):
    rows = csv_rows(_download(client_as(roles.OWNER), graded, "csv"))
    assert ["SWF", "3", "2", "0", "66.7", "50.0", "50.0"] in rows
    assert ["Audit analysis, March 2024 (Reunifications): Grades over time"] in rows


def test_a_viewer_downloads_only_a_published_analysis(client_as, graded):
    client = client_as(roles.VIEWER)
    assert client.get(report_url(graded), {"_export": "xlsx"}).status_code == 404
    graded.published_at = "2024-04-02T09:00Z"
    graded.save()
    assert workbook_of(_download(client, graded)).sheetnames[0] == "Summary"


def test_users_without_a_role_cannot_download(client_as, graded):
    assert client_as(None).get(report_url(graded), {"_export": "csv"}).status_code == 403


@pytest.mark.parametrize("count", [10, 300])
def test_the_download_runs_a_fixed_number_of_queries(
    client, make_user, cycle, django_assert_max_num_queries, count
):
    user = make_user(roles.OWNER)
    _audits(count, cycle, user)
    client.force_login(user)
    with django_assert_max_num_queries(14):  # the page's budget
        response = _download(client, cycle)
    summary = sheet_rows(workbook_of(response)["Summary"])
    assert summary[2] == ["Audits allocated", count]
