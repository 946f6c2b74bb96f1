"""What the return adds to other pages: the indicator's history, the home pages, the menu."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import ReportingPeriod
from indicators.models import Indicator, MonthlyValue, Target
from returns.services import workflow
from tests.returns.conftest import SEPTEMBER, make_indicators, publish

pytestmark = pytest.mark.django_db


def test_indicator_page_shows_changes_and_revisions_with_their_reason(
    client, people, period, draft
):
    publish(people.team, period, draft)
    workflow.save_value(
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
    ],
)
def test_home_pages_summarise_the_open_month(client, people, draft, actor, counts, link):
    client.force_login(people[actor])
    html = client.get("/").content.decode()
    assert "This month: September 2016" in html and counts in html
    assert "Your indicators" in html and "M000" in html
    assert f'href="{link}"' in html


@pytest.mark.parametrize("count", [1, 50])
def test_home_page_summary_costs_six_queries_however_many_values(client, people, period, count):
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
    # The month's count (three: the period, the values, those not started), and the
    # reporter's own indicators' lines with their states (three).
    assert len([q for q in queries if any(table in q["sql"] for table in tables)]) == 6


def _with_history(indicator, august: int, september: int, *, state="submitted"):
    MonthlyValue.objects.create(indicator=indicator, month=SEPTEMBER.replace(month=8), value=august)
    return MonthlyValue.objects.update_or_create(
        indicator=indicator,
        month=SEPTEMBER,
        defaults={"value": september, "commentary": "Why", "state": state},
    )[0]


def test_the_teams_home_is_the_month_at_a_glance(client, people, period, draft):
    """RAG by area, what moved most, progress with what is overdue, and the flags."""
    up_good = make_indicators(
        2, reporter=people.reporter, owner=people.owner, prefix="G", preferred_direction="up"
    )
    for indicator, target in zip(up_good, (100, 10), strict=True):
        Target.objects.create(indicator=indicator, financial_year=2016, value=target)
    _with_history(up_good[0], 40, 50)  # far under its target of 100: red, +25%
    _with_history(up_good[1], 20, 21, state="accepted")  # over its target of 10: green, +5%
    _with_history(draft.indicator, 10, 30, state="draft")  # no target, +200%
    client.force_login(people.team)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    html = response.content.decode()
    (panel,) = [panel for panel in response.context["panels"] if "glance" in panel]
    glance = panel["glance"]
    assert [(area.area, area.cells) for area in glance.rag_by_area] == [("MASH", [1, 0, 1, 1])]
    assert [line.indicator.ref for line in glance.moved] == ["M000", "G000", "G001"]
    assert (glance.progress.counts["accepted"], glance.progress.counts["total"]) == (1, 3)
    assert "September 2016 at a glance" in html
    assert 'role="img" aria-label="RAG by area, September 2016"' in html  # the chart
    assert "What moved most since last month" in html and "+200" in html
    assert len(queries) <= 16  # as below, whatever the number of indicators


def test_the_glance_counts_overdue_returns(client, people, period, draft):
    client.force_login(people.team)
    ReportingPeriod.objects.filter(pk=period.pk).update(due_date=SEPTEMBER)
    glance = next(p for p in client.get("/").context["panels"] if "glance" in p)["glance"]
    assert glance.progress.counts["overdue"] == 1


@pytest.mark.parametrize("count", [1, 30])
def test_the_glance_costs_the_same_however_many_indicators(client, people, period, count):
    for indicator in make_indicators(count, reporter=people.reporter, owner=people.owner):
        _with_history(indicator, 10, 12)
    client.force_login(people.team)
    with CaptureQueriesContext(connection) as queries:
        client.get("/")
    # Session, user, menu and panels (the latest published pack's too; the month's count
    # is three): 16 on PostgreSQL today, whatever the count.
    assert len(queries) <= 16


def test_owners_see_their_own_indicators_rag_first(client, people, period, draft):
    Indicator.objects.filter(pk=draft.indicator_id).update(preferred_direction="up")
    Target.objects.create(indicator=draft.indicator, financial_year=2016, value=100)
    _with_history(draft.indicator, 90, 50, state="with_owner")
    client.force_login(people.owner)
    html = client.get("/").content.decode()
    assert html.index("Your indicators") < html.index("Read the published monthly")
    assert '<strong class="govuk-tag govuk-tag--red">Red</strong>' in html
    assert "With owner" in html
