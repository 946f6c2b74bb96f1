"""Completeness figures of a hand-built month."""

from datetime import date

import pytest

from core import roles
from indicators.models import BlankReason, MonthlyValue, ValueState
from quality.completeness import (
    ACCEPTED,
    ENTERED,
    NOT_ENTERED,
    SUBMITTED,
    month_completeness,
    stage_of,
)
from tests.indicators.factories import make_indicator
from tests.quality.conftest import SEPTEMBER

pytestmark = pytest.mark.django_db
AUGUST = date(2016, 8, 1)


@pytest.mark.parametrize(
    ("state", "has_value", "stage"),
    [
        (None, False, NOT_ENTERED),
        (ValueState.DRAFT, False, NOT_ENTERED),
        (ValueState.DRAFT, True, ENTERED),
        (ValueState.WITH_OWNER, False, ENTERED),  # missing, passed on with a reason
        (ValueState.SUBMITTED, True, SUBMITTED),
        (ValueState.ACCEPTED, False, ACCEPTED),
    ],
)
def test_stage_of_a_value(state, has_value, stage):
    assert stage_of(state=state, has_value=has_value) == stage


@pytest.fixture
def month(make_user):
    """Seven indicators in September 2016, one in each state, and one that has ended."""
    rita = make_user(roles.REPORTER, first_name="Rita", last_name="Reporter")
    rob = make_user(roles.REPORTER, first_name="Rob", last_name="Other")
    olive = make_user(roles.OWNER, first_name="Olive", last_name="Owner")

    def indicator(ref, *, area="MASH", reporter=rita, owner=olive, **fields):
        return make_indicator(ref, area=area, reporter=reporter, owner=owner, **fields)

    def value(ind, state, number="5", month=SEPTEMBER):
        MonthlyValue.objects.create(indicator=ind, month=month, state=state, value=number)

    indicator("A1")  # nothing started
    value(indicator("A2"), ValueState.DRAFT, number=None)  # opened, nothing typed
    value(indicator("A3"), ValueState.DRAFT)  # typed, not passed on
    value(indicator("A4", reporter=rob), ValueState.WITH_OWNER)
    value(indicator("C1", area="Child Protection", reporter=rob), ValueState.SUBMITTED)
    value(indicator("C2", area="Child Protection", owner=None), ValueState.ACCEPTED)
    value(indicator("C3", area="Child Protection", reporter=None), ValueState.DRAFT, number=None)
    ended = indicator("OLD", active_to=AUGUST)
    value(ended, ValueState.DRAFT, number=None)  # not expected: the measure has ended
    value(ended, ValueState.ACCEPTED, month=AUGUST)
    later = indicator("NEW", active_from=SEPTEMBER)
    value(later, ValueState.ACCEPTED)


def counts(tally):
    return (tally.expected, tally.entered, tally.submitted, tally.accepted)


def test_totals_of_the_month(month):
    completeness = month_completeness(month=SEPTEMBER)
    assert counts(completeness.total) == (8, 5, 3, 2)
    assert completeness.total.accepted_pct == 25
    assert completeness.period is None


def test_by_area_owner_and_reporter(month):
    completeness = month_completeness(month=SEPTEMBER)
    by_area = {tally.label: counts(tally) for tally in completeness.by_area}
    assert by_area == {"MASH": (5, 3, 1, 1), "Child Protection": (3, 2, 2, 1)}
    by_owner = {tally.label: counts(tally) for tally in completeness.by_owner}
    assert by_owner == {"Olive Owner": (7, 4, 2, 1), "No owner set": (1, 1, 1, 1)}
    by_reporter = {tally.label: counts(tally) for tally in completeness.by_reporter}
    assert by_reporter == {
        "Rita Reporter": (5, 3, 2, 2),
        "Rob Other": (2, 2, 1, 0),
        "No reporter set": (1, 0, 0, 0),
    }


def test_who_to_chase_most_outstanding_first(month):
    chase = month_completeness(month=SEPTEMBER).chase
    assert [(item.person, item.task, item.refs) for item in chase] == [
        ("Rita Reporter", "enter and pass on", ["A1", "A2", "A3"]),
        ("No reporter set", "enter and pass on", ["C3"]),
        ("Olive Owner", "check and submit", ["A4"]),
    ]


def test_twelve_month_trend(month):
    trend = month_completeness(month=SEPTEMBER).trend
    assert len(trend) == 12 and trend[-1].month == SEPTEMBER and trend[0].month == date(2015, 10, 1)
    august = trend[-2].tally
    assert counts(august) == (8, 1, 1, 1)  # seven running then, and OLD (accepted); not NEW


def test_entered_blanks_are_counted_with_and_without_their_reason(month):
    """Issue 26: a draft opened and left blank is not in yet; a blank passed on is counted,
    and apart when it has no reason (a reason is asked before it goes on)."""
    MonthlyValue.objects.filter(indicator__ref="A4").update(value=None)
    MonthlyValue.objects.filter(indicator__ref="C2").update(
        value=None, blank_reason=BlankReason.NOT_COLLECTED
    )
    completeness = month_completeness(month=SEPTEMBER)
    assert (completeness.total.blank, completeness.total.blank_without_reason) == (2, 1)
    by_area = {
        tally.label: (tally.blank, tally.blank_without_reason) for tally in completeness.by_area
    }
    assert by_area == {"MASH": (1, 1), "Child Protection": (1, 0)}


def test_completeness_reads_in_constant_queries(make_user, django_assert_max_num_queries):
    def grow(count, prefix):
        for n in range(count):
            ind = make_indicator(f"{prefix}{n}", reporter=make_user(roles.REPORTER))
            MonthlyValue.objects.create(indicator=ind, month=SEPTEMBER, value=1)

    for count, prefix in ((3, "A"), (40, "B")):
        grow(count, prefix)
        with django_assert_max_num_queries(3):
            month_completeness(month=SEPTEMBER)
