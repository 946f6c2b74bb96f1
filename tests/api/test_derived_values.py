"""Derived indicators in the monthly values list: a row for every month their inputs give a
value, computed by the selector the dataset and the pack use, filtered and paged with the
entered rows."""

from datetime import date
from decimal import Decimal

import pytest

from core import roles
from core.models import PeriodStatus, ReportingPeriod
from indicators.models import Indicator, Population, Unit, ValueState
from tests.api.conftest import AUGUST, SEPTEMBER, period, results
from tests.indicators.factories import add_values, make_indicator, months_from

pytestmark = pytest.mark.django_db

JULY = date(2016, 7, 1)


@pytest.fixture
def shares(db):
    """R1 referrals and R1-RR re-referrals July to September 2016 (accepted, the September
    re-referrals a draft), R1-RR (%) derived from them, and R1-NI per 10,000 children of a
    population figure from August."""
    r1 = make_indicator("R1")
    rr = make_indicator("R1-RR")
    add_values(r1, months_from(JULY, ["20", "18", "17"]), state=ValueState.ACCEPTED)
    add_values(rr, months_from(JULY, ["2", "1"]), state=ValueState.ACCEPTED)
    add_values(rr, {SEPTEMBER: "4"}, state=ValueState.DRAFT)
    make_indicator(
        "R1-RR (%)", unit=Unit.PERCENTAGE, decimal_places=2, numerator=rr, denominator=r1,
        scale=Decimal(100),
    )  # fmt: skip
    make_indicator("R1-NI", unit=Unit.RATE_PER_10000, numerator=r1, scale=Decimal(10_000))
    Population.objects.create(year=2015, children=40_000, source="Test", in_use_from=AUGUST)


def listed(client, **query) -> list[dict]:
    return results(client.get("/api/monthly-values/", query))


def test_a_derived_value_is_listed_for_every_month_its_inputs_give_one(api_as, shares):
    rows = listed(api_as(roles.PERFORMANCE_TEAM), ref="R1-RR (%),R1-NI")
    assert [(row["ref"], row["month"], row["state"]) for row in rows] == [
        ("R1-RR (%)", "2016-07-01", "accepted"),
        ("R1-NI", "2016-08-01", "accepted"),  # no population figure before August
        ("R1-RR (%)", "2016-08-01", "accepted"),
        ("R1-NI", "2016-09-01", "accepted"),
        ("R1-RR (%)", "2016-09-01", "draft"),  # as provisional as its draft input
    ]
    september = rows[-1]
    assert september["value"] == pytest.approx(23.5294)  # 4 of 17, not a stored figure
    assert september["id"] is None and september["version"] is None
    assert september["commentary"] == ""
    # The change from 1 of 18 at full precision: +323.5%, not +300% from 24% after 6%.
    assert september["pct_change_prev_month"] == pytest.approx(323.5294)
    assert september["direction_prev_month"] == "up"
    assert rows[1]["value"] == 4.5  # 18 per 40,000 children x 10,000


def test_a_derived_month_keeps_its_commentary_and_ignores_a_stored_figure(api_as, shares):
    (kept,) = add_values(
        Indicator.objects.get(ref="R1-RR (%)"),
        {SEPTEMBER: "99"},
        commentary="Re-referrals rose after the restructure",
    )
    client = api_as(roles.PERFORMANCE_TEAM)
    (row,) = listed(client, ref="R1-RR (%)", month_from="2016-09")
    assert row["id"] == kept.pk and row["version"] == 1
    assert row["commentary"] == "Re-referrals rose after the restructure"
    assert row["value"] == pytest.approx(23.5294) and row["state"] == "draft"
    detail = client.get(f"/api/monthly-values/{kept.pk}/").json()
    assert detail["value"] == row["value"] and detail["state"] == "draft"
    assert detail["pct_change_prev_month"] == row["pct_change_prev_month"]


def test_derived_rows_take_the_lists_filters(api_as, shares):
    client = api_as(roles.PERFORMANCE_TEAM)
    make_indicator("CP1", area="Child Protection")

    def keys(**query):
        return [(row["ref"], row["month"][:7]) for row in listed(client, **query)]

    assert keys(ref="R1-RR (%)", month_from="2016-08", month_to="2016-08") == [
        ("R1-RR (%)", "2016-08")
    ]
    assert keys(state="draft") == [("R1-RR", "2016-09"), ("R1-RR (%)", "2016-09")]
    assert ("R1-NI", "2016-09") in keys(area="mash", month_from="2016-09")
    assert keys(area="child protection") == []


def test_pages_interleave_entered_and_derived_rows_in_order(api_as, shares):
    client = api_as(roles.PERFORMANCE_TEAM)
    everything = client.get("/api/monthly-values/", {"page_size": 1000}).json()
    rows = [(row["month"], row["ref"]) for row in everything["results"]]
    assert rows == sorted(rows) and everything["count"] == len(rows) == 11  # 6 entered, 5 derived
    for size in (1, 2, 4, 5, 11):
        paged, page = [], 1
        while True:
            body = client.get("/api/monthly-values/", {"page_size": size, "page": page}).json()
            assert body["count"] == 11
            paged += [(row["month"], row["ref"]) for row in body["results"]]
            if body["next"] is None:
                break
            page += 1
        assert paged == rows, size


def test_a_viewer_reads_derived_values_of_published_inputs_only(api_as, shares):
    period(AUGUST, PeriodStatus.PUBLISHED)
    period(SEPTEMBER, PeriodStatus.OPEN)
    rows = listed(api_as(roles.VIEWER), ref="R1-RR (%),R1-NI")
    assert [(row["ref"], row["month"]) for row in rows] == [
        ("R1-NI", "2016-08-01"),
        ("R1-RR (%)", "2016-08-01"),
    ]


def test_a_viewer_finds_in_the_catalogue_the_derived_indicators_whose_values_they_read(
    api_as, shares
):
    period(AUGUST, PeriodStatus.PUBLISHED)
    viewer = api_as(roles.VIEWER)
    refs = {row["ref"] for row in results(viewer.get("/api/indicators/"))}
    assert refs == {"R1", "R1-RR", "R1-RR (%)", "R1-NI"}  # none has a stored row of its own
    ReportingPeriod.objects.filter(month=AUGUST).update(status=PeriodStatus.OPEN)
    assert results(viewer.get("/api/indicators/")) == []


def test_a_derived_row_without_a_stored_value_in_csv(api_as, shares):
    response = api_as(roles.PERFORMANCE_TEAM).get(
        "/api/monthly-values/", {"format": "csv", "ref": "R1-RR (%)", "month_from": "2016-09"}
    )
    text = response.content.decode("utf-8-sig").splitlines()
    assert text[0].startswith("id,indicator,ref,")
    assert text[1].startswith(",") and ",R1-RR (%)," in text[1] and ",23.5294," in text[1]
