"""A quarterly or annual measure is expected, and chased, only in the months it reports."""

from datetime import date

import pytest

from indicators.calculations import Frequency
from indicators.models import MonthlyValue
from quality.completeness import month_completeness
from returns import selectors
from returns.services import reminders
from tests.returns.conftest import make_indicators, open_month

pytestmark = pytest.mark.django_db

AUGUST, SEPTEMBER = date(2016, 8, 1), date(2016, 9, 1)
MARCH = date(2017, 3, 1)


@pytest.fixture
def measures(people):
    """M000 monthly, Q000 quarterly, A000 annual: all reported by Rita, owned by Olive."""
    return {
        frequency: make_indicators(
            1, reporter=people.reporter, owner=people.owner, prefix=prefix, frequency=frequency
        )[0]
        for prefix, frequency in (("M", "monthly"), ("Q", "quarterly"), ("A", "annual"))
    }


def drafted(month: date) -> list[str]:
    return sorted(MonthlyValue.objects.filter(month=month).values_list("indicator__ref", flat=True))


@pytest.mark.parametrize(
    ("month", "refs"),
    [(AUGUST, ["M000"]), (SEPTEMBER, ["M000", "Q000"]), (MARCH, ["A000", "M000", "Q000"])],
)
def test_opening_a_month_drafts_only_the_measures_due_in_it(people, measures, month, refs):
    open_month(people.team, month)
    assert drafted(month) == refs


def test_a_quarterly_draft_between_quarters_is_not_chased(people, measures, mailoutbox, settings):
    settings.RETURN_REMINDER_WORKING_DAYS = 3
    open_month(people.team, AUGUST)
    # a draft the quarterly measure should not have (say, opened before it became quarterly)
    MonthlyValue.objects.create(indicator=measures[Frequency.QUARTERLY], month=AUGUST)
    reminders.send_due_reminders(today=date(2016, 10, 11))
    [message] = [m for m in mailoutbox if "rita@example.org" in m.to]
    assert "M000" in message.body and "Q000" not in message.body


def test_the_month_overview_lists_as_not_started_only_measures_due(people, measures):
    period = open_month(people.team, AUGUST)
    MonthlyValue.objects.filter(month=AUGUST).delete()
    overview = selectors.month_overview(user=people.team, period=period, today=AUGUST)
    assert [missing.indicator.ref for missing in overview.missing] == ["M000"]


def test_completeness_expects_a_quarterly_value_at_quarter_ends_only(people, measures):
    completeness = month_completeness(month=MARCH)
    expected = {point.month.month: point.tally.expected for point in completeness.trend}
    assert expected == {4: 1, 5: 1, 6: 2, 7: 1, 8: 1, 9: 2, 10: 1, 11: 1, 12: 2, 1: 1, 2: 1, 3: 3}
    assert completeness.total.expected == 3
