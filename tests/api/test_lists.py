"""Filters, computed columns, pagination, CSV and query counts of the list endpoints."""

import codecs
import csv
import io
from datetime import date
from decimal import Decimal

import pytest

from api.pagination import PortalPagination
from audits.models import Audit, AuditCycle, ServiceArea
from caseloads.models import Caseload, Practitioner, QualifyingStatus, Service, Team
from core import roles
from indicators.models import MonthlyValue, Population, Target, Unit, ValueState
from tests.api.conftest import results
from tests.indicators.factories import add_values, make_indicator, months_from

pytestmark = pytest.mark.django_db


def refs(response) -> list[str]:
    return [row["ref"] for row in results(response)]


# --- Filters -----------------------------------------------------------------------------


@pytest.fixture
def catalogue(make_user):
    jane = make_user(roles.OWNER, username="jane.white")
    make_indicator("M1", owner=jane)
    make_indicator("M3", unit=Unit.PERCENTAGE, owner=jane)
    make_indicator("CP1", area="Child Protection")
    make_indicator("OLD", active_to=date(2016, 3, 1))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"area": "child protection"}, ["CP1"]),
        ({"owner": "jane.white"}, ["M1", "M3"]),
        ({"unit": "percentage"}, ["M3"]),
        ({"active": "false"}, ["OLD"]),
        ({"active": "true", "area": "MASH"}, ["M1", "M3"]),
        ({"ref": "M3"}, ["M3"]),
        ({"owner": "nobody"}, []),
    ],
)
def test_indicator_filters(api_as, catalogue, query, expected):
    assert refs(api_as(roles.PERFORMANCE_TEAM).get("/api/indicators/", query)) == expected


def test_an_unknown_unit_is_a_bad_request(api_as, catalogue):
    response = api_as(roles.PERFORMANCE_TEAM).get("/api/indicators/", {"unit": "furlongs"})
    assert response.status_code == 400 and "unit" in response.json()


@pytest.fixture
def series(db):
    """M1 (MASH) and CP1 (Child Protection), January to December 2016."""
    for ref, area in (("M1", "MASH"), ("CP1", "Child Protection")):
        values = months_from(date(2016, 1, 1), [str(100 + n) for n in range(12)])
        add_values(make_indicator(ref, area=area), values, state=ValueState.ACCEPTED)


def _rows(client, **query) -> list[tuple[str, str]]:
    return [
        (row["ref"], row["month"][:7]) for row in results(client.get("/api/monthly-values/", query))
    ]


def test_monthly_values_by_ref_area_and_month_range(api_as, series):
    client = api_as(roles.PERFORMANCE_TEAM)
    assert _rows(client, ref="CP1", month_from="2016-11") == [
        ("CP1", "2016-11"),
        ("CP1", "2016-12"),
    ]
    assert _rows(client, ref="M1,CP1", month_from="2016-03", month_to="2016-03") == [
        ("CP1", "2016-03"),
        ("M1", "2016-03"),
    ]
    assert _rows(client, area="mash", month_to="2016-01") == [("M1", "2016-01")]
    assert _rows(client, state="draft") == []


@pytest.mark.parametrize("month", ["2016-13", "Sep 16", "2016-9-1", "0000-01", "%0", "%s"])
def test_a_malformed_month_is_a_bad_request_that_says_how(api_as, series, month):
    response = api_as(roles.PERFORMANCE_TEAM).get("/api/monthly-values/", {"month_from": month})
    assert response.status_code == 400
    assert response.json() == {
        "month_from": [f'"{month}" is not a month: write it as YYYY-MM, for example 2016-09.']
    }


# --- Computed columns ----------------------------------------------------------------------


def test_computed_columns_of_each_value(api_as, db):
    m1 = make_indicator("M1", preferred_direction="down")
    add_values(m1, months_from(date(2015, 8, 1), ["80"] + ["100"] * 12 + ["110"]))
    Target.objects.create(indicator=m1, financial_year=2016, value=100)
    (row,) = results(
        api_as(roles.PERFORMANCE_TEAM).get("/api/monthly-values/", {"month_from": "2016-09"})
    )
    assert row["value"] == 110
    assert row["pct_change_prev_month"] == 10  # (110 - 100) / 100
    assert row["pct_change_prev_year"] == 10  # September 2015 was 100
    assert row["direction_prev_month"] == "up" and row["judgement"] == "negative"
    assert row["avg_12m"] == pytest.approx(100.8333)  # (11 x 100 + 110) / 12, four places
    assert row["max_12m"] == 110
    assert row["rag"] == "red"  # 10% over a target where down is good


def test_a_missing_base_is_no_change_not_zero(api_as, db):
    add_values(make_indicator("M1"), months_from(date(2016, 8, 1), [None, "5"]))
    rows = results(api_as(roles.PERFORMANCE_TEAM).get("/api/monthly-values/"))
    assert [(row["value"], row["pct_change_prev_month"]) for row in rows] == [
        (None, None),
        (5, None),
    ]


# --- Pagination --------------------------------------------------------------------------


def test_pages_and_their_links(api_as, series):
    client = api_as(roles.PERFORMANCE_TEAM)
    first = client.get("/api/monthly-values/", {"page_size": 5})
    body = first.json()
    assert body["count"] == 24 and len(body["results"]) == 5 and body["previous"] is None
    assert "page=2" in body["next"] and 'rel="next"' in first["Link"]
    last = client.get("/api/monthly-values/", {"page_size": 5, "page": 5}).json()
    assert len(last["results"]) == 4 and last["next"] is None
    assert client.get("/api/monthly-values/", {"page_size": 5, "page": 6}).status_code == 404


def test_a_page_holds_at_most_a_thousand_rows(api_as, series):
    body = api_as(roles.PERFORMANCE_TEAM).get("/api/monthly-values/", {"page_size": 5000}).json()
    assert len(body["results"]) == 24
    assert PortalPagination.max_page_size == 1000 and PortalPagination.page_size == 100


# --- CSV ---------------------------------------------------------------------------------


def _csv(response) -> list[dict]:
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response.content.startswith(codecs.BOM_UTF8)
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_monthly_values_as_csv_for_excel(api_as, series):
    MonthlyValue.objects.filter(month=date(2016, 12, 1)).update(commentary="=HYPERLINK(1)")
    response = api_as(roles.PERFORMANCE_TEAM).get(
        "/api/monthly-values/", {"format": "csv", "ref": "M1", "month_from": "2016-11"}
    )
    rows = _csv(response)
    assert list(rows[0])[:7] == ["id", "indicator", "ref", "area", "unit", "month", "value"]
    assert [(row["month"], row["value"], row["pct_change_prev_month"]) for row in rows] == [
        ("2016-11-01", "110.0000", "0.9174"),
        ("2016-12-01", "111.0000", "0.9091"),
    ]
    assert rows[1]["commentary"] == "'=HYPERLINK(1)"  # neutralised: shown, never run


def test_a_csv_holds_the_largest_page(api_as, series):
    rows = _csv(api_as(roles.PERFORMANCE_TEAM).get("/api/monthly-values/?format=csv"))
    assert len(rows) == 24


def test_report_figures_as_csv_in_dotted_columns(api_as, make_user):
    AuditCycle.objects.create(month=date(2016, 8, 1))
    rows = _csv(api_as(roles.QA_UNIT).get("/api/audit-reports/?format=csv"))
    assert rows[0]["month"] == "2016-08" and rows[0]["grades.good"] == "0"
    assert list(rows[0])[:3] == ["month", "theme", "published"]


def test_an_empty_csv_still_names_its_columns(api_as, db):
    response = api_as(roles.PERFORMANCE_TEAM).get("/api/monthly-values/?format=csv")
    assert _csv(response) == []
    assert response.content.decode("utf-8-sig").startswith("id,indicator,ref,area,unit,month,")


# --- Query counts ------------------------------------------------------------------------


def _grow(count: int, prefix: str) -> None:
    """``count`` indicators with values and targets, each after the first with a derived
    share of the one before, and a rate per 10,000 children of the last."""
    previous = None
    for number in range(count):
        indicator = make_indicator(f"{prefix}{number}")
        values = months_from(date(2016, 1, 1), [str(number + n) for n in range(3)])
        add_values(indicator, values, state=ValueState.ACCEPTED)
        Target.objects.create(indicator=indicator, financial_year=2015, value=1)
        if previous is not None:
            make_indicator(
                f"{prefix}{number} (%)", unit=Unit.PERCENTAGE, numerator=indicator,
                denominator=previous, scale=Decimal(100),
            )  # fmt: skip
        previous = indicator
    make_indicator(f"{prefix}-NI", numerator=previous, scale=Decimal(10_000))


@pytest.mark.parametrize(
    ("url", "budget"),
    [
        ("/api/indicators/", 5),
        # Token and permissions (3); the derived indicators, their commentary, formulas and
        # inputs, and the population (5); the rows per month and the page's entered rows (2);
        # the page's values, formulas, population, targets and file's figures (5).
        ("/api/monthly-values/", 15),
        ("/api/monthly-values/?format=csv", 15),
    ],
)
def test_list_queries_do_not_grow_with_the_rows(api_as, django_assert_max_num_queries, url, budget):
    Population.objects.create(
        year=2015, children=40_000, source="Test", in_use_from=date(2016, 1, 1)
    )
    client = api_as(roles.PERFORMANCE_TEAM)
    for count, prefix in ((2, "A"), (40, "B")):
        _grow(count, prefix)
        with django_assert_max_num_queries(budget):
            assert client.get(url).status_code == 200


def test_audit_report_queries_do_not_grow_with_the_months(api_as, django_assert_max_num_queries):

    client = api_as(roles.PERFORMANCE_TEAM)
    swf = ServiceArea.objects.get(short_name="SWF")
    for count, year in ((2, 2010), (24, 2012)):
        for month in range(count):
            cycle = AuditCycle.objects.create(month=date(year + month // 12, month % 12 + 1, 1))
            Audit.objects.create(
                cycle=cycle, service_area=swf, case_reference=f"CD{year}{month:02d}",
                auditor=client.user,
            )  # fmt: skip
        with django_assert_max_num_queries(6):
            assert len(results(client.get("/api/audit-reports/"))) >= count


def test_caseload_report_queries_do_not_grow_with_the_months(api_as, django_assert_max_num_queries):
    client = api_as(roles.OWNER)
    team = Team.objects.create(name="SWF East 2", service=Service.objects.get(code="SWF"))
    status = QualifyingStatus.objects.get(name="SW")
    for count, year in ((2, 2010), (24, 2012)):
        for month in range(count):
            practitioner = Practitioner.objects.create(staff_id=f"P{year}{month:02d}")
            Caseload.objects.create(
                month=date(year + month // 12, month % 12 + 1, 1), practitioner=practitioner,
                team=team, qualifying_status=status, allocations=month,
            )  # fmt: skip
        with django_assert_max_num_queries(6):
            assert len(results(client.get("/api/caseload-reports/"))) >= count
