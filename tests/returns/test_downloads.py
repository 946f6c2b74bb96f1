"""The month overview's download: the page's progress tables and what is missing, read back."""

from decimal import Decimal

import pytest

from indicators.models import MonthlyValue
from tests.downloads import csv_rows, page_table_headers, sheet_rows, workbook_of
from tests.returns.conftest import SEPTEMBER, make_indicators
from tests.returns.test_views import _many

pytestmark = pytest.mark.django_db

OVERVIEW = "/returns/overview/"


@pytest.fixture
def september(people, period, draft):
    """M000 (Rita, draft, value without commentary); O000 submitted; O001 not started."""
    MonthlyValue.objects.filter(pk=draft.pk).update(value=Decimal(4))
    more = make_indicators(2, reporter=people.other_reporter, owner=people.owner, prefix="O")
    MonthlyValue.objects.create(
        indicator=more[0], month=SEPTEMBER, value=1, commentary="Fine", state="submitted"
    )
    return period


def _download(client, export_format="xlsx", **query):
    response = client.get(OVERVIEW, {**query, "_export": export_format})
    assert response.status_code == 200
    return response


def test_the_page_offers_its_download(client, people, september):
    client.force_login(people.team)
    html = client.get(OVERVIEW, {"month": "2016-09"}).content.decode()
    assert 'href="?month=2016-09&amp;_export=xlsx"' in html


def test_the_workbook_holds_the_pages_tables_in_its_columns_and_order(client, people, september):
    client.force_login(people.team)
    page = page_table_headers(client.get(OVERVIEW).content.decode())
    workbook = workbook_of(_download(client))
    assert workbook.sheetnames == [
        "Progress of the month", "By area", "By reporter", "By owner", "What is missing",
    ]  # fmt: skip
    assert [sheet_rows(workbook[name])[1] for name in workbook.sheetnames] == page


def test_counts_are_numbers_as_the_page_counts_them(client, people, september):
    client.force_login(people.team)
    workbook = workbook_of(_download(client))
    assert sheet_rows(workbook["Progress of the month"])[0][0] == (
        "Month overview: September 2016: Progress of the month"
    )
    # Columns: not started, draft, with owner, submitted, accepted, returned, overdue,
    # expected. The draft and the value not started are overdue: the month was due in
    # October 2016.
    total = ["All indicators", 1, 1, 0, 1, 0, 0, 2, 3]
    assert sheet_rows(workbook["Progress of the month"])[2] == total
    assert sheet_rows(workbook["By reporter"])[2:] == [
        ["Rita Reporter", 0, 1, 0, 0, 0, 0, 1, 1],
        ["Rob Other", 1, 0, 0, 1, 0, 0, 1, 2],
    ]
    assert sheet_rows(workbook["What is missing"])[2:] == [
        ["M000", "Indicator M000", "MASH", "Rita Reporter", "Commentary missing"],
        ["O001", "Indicator O001", "MASH", "Rob Other", "No value or commentary started"],
    ]


def test_csv_of_a_chosen_month(client, people, september):
    client.force_login(people.team)
    rows = csv_rows(_download(client, "csv", month="2016-09"))
    assert rows[0] == ["Month overview: September 2016: Progress of the month"]
    assert ["M000", "Indicator M000", "MASH", "Rita Reporter", "Commentary missing"] in rows


@pytest.mark.parametrize("who", ["owner", "reporter", "viewer"])
def test_the_download_is_the_performance_teams(client, people, september, who):
    client.force_login(people[who])
    assert client.get(OVERVIEW, {"_export": "xlsx"}).status_code == 403


@pytest.mark.parametrize("count", [10, 300])
def test_the_download_runs_a_constant_number_of_queries(
    client, people, django_assert_max_num_queries, count
):
    _many(people, count)
    client.force_login(people.team)
    with django_assert_max_num_queries(9):  # the page's budget
        response = _download(client)
    assert sheet_rows(workbook_of(response)["Progress of the month"])[2][-1] == count
