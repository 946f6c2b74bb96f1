"""What the return adds to other pages: the indicator's history, the home pages, the menu."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indicators.models import Indicator, MonthlyValue
from returns import services
from tests.returns.conftest import SEPTEMBER, make_indicators, publish

pytestmark = pytest.mark.django_db


def test_indicator_page_shows_changes_and_revisions_with_their_reason(
    client, people, period, draft
):
    publish(people.team, period, draft)
    services.save_value(
        user=people.team,
        monthly_value=draft,
        version=1,
        value=Decimal(41),
        commentary="Late referrals added.",
        reason="Late data from the MASH log",
    )
    client.force_login(people.owner)
    html = client.get(f"/indicators/{draft.indicator.pk}/").content.decode()
    assert "Changes to values and commentary" in html
    assert "Revised after publication: Late data from the MASH log" in html
    assert "Revision</strong>" in html
    assert "Tess Team" in html
    assert "- to 41" in html  # the value, old (missing) and new


@pytest.mark.parametrize(
    ("actor", "counts", "link"),
    [
        ("reporter", "Draft: 1", "/returns/my-month/"),
        ("owner", "Draft: 1", "/returns/to-submit/"),
        ("team", "Draft: 1", "/returns/overview/"),
    ],
)
def test_home_pages_summarise_the_open_month(client, people, draft, actor, counts, link):
    client.force_login(people[actor])
    html = client.get("/").content.decode()
    assert "This month: September 2016" in html and counts in html
    assert f'href="{link}"' in html


@pytest.mark.parametrize("count", [1, 50])
def test_home_page_summary_costs_two_queries_however_many_values(client, people, period, count):
    make_indicators(count, reporter=people.reporter, owner=people.owner, prefix="H")
    MonthlyValue.objects.bulk_create(
        MonthlyValue(indicator=indicator, month=SEPTEMBER)
        for indicator in Indicator.objects.filter(ref__startswith="H")
    )
    client.force_login(people.reporter)
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/").content.decode()
    assert f"Draft: {count + 1}" in html
    tables = ("returns_", "indicators_monthlyvalue")
    assert len([q for q in queries if any(table in q["sql"] for table in tables)]) == 2
