"""The caseload report's download: the page's tables, read back; names as the page shows them."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from caseloads.models import Team
from core import roles
from core.models import AuditEvent
from tests.caseloads.conftest import many_rows
from tests.downloads import csv_rows, page_table_headers, sheet_rows, workbook_of

pytestmark = pytest.mark.django_db

REPORT = reverse("caseloads:report")
SEPTEMBER = date(2026, 9, 1)
ROWS = [
    ("P-ALPHA", "SWF East 1", "NQSW", 23),
    ("P-BRAVO", "SWF West 2", "SW", 21),
    ("P-CHARLIE", "SWF West 2", "SW", 4),
]


@pytest.fixture
def october(snapshot):
    snapshot(ROWS)
    snapshot([("P-SEPT", "SWF East 1", "SW", 17)], month=SEPTEMBER)


def _download(client, export_format="xlsx", **query):
    response = client.get(REPORT, {**query, "_export": export_format})
    assert response.status_code == 200
    return response


def test_the_page_offers_its_download_for_the_month_shown(client_as, october):
    html = client_as(roles.OWNER).get(REPORT, {"month": "2026-09"}).content.decode()
    assert 'href="?month=2026-09&amp;_export=xlsx"' in html
    assert 'href="?month=2026-09&amp;_export=csv"' in html


def test_the_workbook_holds_the_pages_tables_in_its_columns_and_order(client_as, october):
    client = client_as(roles.PERFORMANCE_TEAM)
    page = page_table_headers(client.get(REPORT).content.decode())
    workbook = workbook_of(_download(client))
    assert workbook.sheetnames == [
        "Summary", "At or over threshold", "By team", "By qualifying status",
        "Distribution by service", "Trend over 12 months",
    ]  # fmt: skip
    headers = [sheet_rows(workbook[name])[1] for name in workbook.sheetnames]
    assert headers[1] == page[0]  # practitioners at or over
    assert headers[2] == page[1] and headers[3] == page[2]  # by team, by status
    # The page has a table per service under the service's heading: here one table, the
    # heading's service and threshold leading the page's columns.
    assert headers[4] == ["Service", "Threshold", *page[3]]
    assert headers[5] == page[-1]  # the trend


def test_figures_are_numbers_and_months_dates(client_as, october):
    workbook = workbook_of(_download(client_as(roles.PERFORMANCE_TEAM)))
    assert sheet_rows(workbook["Summary"])[0] == ["Caseload report: October 2026: Summary", None]
    assert sheet_rows(workbook["Summary"])[2:] == [
        ["Practitioners", 3],
        ["At or over their service's threshold", 2],
        ["Mean allocations", 16],
        ["Median allocations", 21],
        ["Most allocations", 23],
    ]
    assert sheet_rows(workbook["At or over threshold"])[2:] == [
        ["P-ALPHA", "Name of P-ALPHA", "SWF East 1", "NQSW (newly qualified)", 23, 20],
        ["P-BRAVO", "Name of P-BRAVO", "SWF West 2", "SW", 21, 20],
    ]
    team_row = sheet_rows(workbook["By team"])[3]
    assert team_row == ["SWF West 2", 2, 1, Decimal("12.5"), Decimal("12.5"), 21]
    assert workbook["By team"]["D4"].number_format == "0.0"
    trend = sheet_rows(workbook["Trend over 12 months"])[2:]
    assert trend[-2][0].date() == SEPTEMBER and trend[-2][1:] == [1, 17, 0]
    assert trend[-1][1:] == [3, Decimal("16"), 2]
    assert trend[0][1:] == ["No snapshot", None, None]  # as the page says, not zeros
    assert workbook["Trend over 12 months"]["A3"].number_format == "mmm yyyy"


def test_a_manager_gets_only_their_teams_names(client_as, october, django_user_model):
    client = client_as(roles.OWNER)
    user = django_user_model.objects.get(pk=client.session["_auth_user_id"])
    user.managed_teams.add(Team.objects.get(name="SWF East 1"))
    rows = sheet_rows(workbook_of(_download(client))["At or over threshold"])[2:]
    assert [row[:2] for row in rows] == [["P-ALPHA", "Name of P-ALPHA"], ["P-BRAVO", "Not shown"]]


def test_an_owner_gets_staff_identifiers_and_no_name_column(client_as, october):
    workbook = workbook_of(_download(client_as(roles.OWNER)))
    headers, *rows = sheet_rows(workbook["At or over threshold"])[1:]
    assert "Name" not in headers
    assert [row[0] for row in rows] == ["P-ALPHA", "P-BRAVO"]
    assert "Name of" not in csv_rows(_download(client_as(roles.OWNER), "csv")).__repr__()


def test_the_scrutiny_panel_gets_aggregates_of_published_months_only(client_as, october, published):
    published(SEPTEMBER)
    client = client_as(roles.VIEWER)
    workbook = workbook_of(_download(client))
    assert "At or over threshold" not in workbook.sheetnames
    text = repr([sheet_rows(workbook[name]) for name in workbook.sheetnames])
    assert "September 2026" in text and "P-" not in text and "Name of" not in text
    trend = sheet_rows(workbook["Trend over 12 months"])[2:]
    assert trend[-1][1:] == [1, 17, 0]  # September, the newest the panel may read
    # An unpublished month is not theirs to download: the page with its error instead.
    response = client.get(REPORT, {"month": "2026-10", "_export": "xlsx"})
    assert response["Content-Type"].startswith("text/html")
    assert "govuk-error-summary" in response.content.decode()


def test_csv_holds_the_same_tables(client_as, october):
    rows = csv_rows(_download(client_as(roles.PERFORMANCE_TEAM), "csv"))
    assert rows[0] == ["Caseload report: October 2026: Summary"]
    assert ["Caseload report: October 2026: By team"] in rows
    alpha = ["P-ALPHA", "Name of P-ALPHA", "SWF East 1", "NQSW (newly qualified)", "23", "20"]
    assert alpha in rows


def test_a_download_with_names_is_in_the_audit_trail(client_as, october):
    _download(client_as(roles.PERFORMANCE_TEAM))
    event = AuditEvent.objects.get(action=AuditEvent.Action.SENSITIVE_VIEW)
    assert "_export=xlsx" in event.path


def test_the_download_is_for_readers_of_the_report_only(client_as, october):
    assert client_as(roles.REPORTER).get(REPORT, {"_export": "xlsx"}).status_code == 403


@pytest.mark.parametrize("count", [10, 300])
def test_the_download_runs_as_many_queries_as_the_page(
    client_as, snapshot, django_assert_max_num_queries, count
):
    snapshot(many_rows(count))
    client = client_as(roles.PERFORMANCE_TEAM)
    with django_assert_max_num_queries(10):  # as the page: 9, and the audit-trail record
        response = _download(client)
    rows = sheet_rows(workbook_of(response)["Summary"])
    assert rows[2] == ["Practitioners", count]
