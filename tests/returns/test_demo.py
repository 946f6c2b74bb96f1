"""The demo returns: published history, an open September 2016 in every state."""

from collections import Counter
from datetime import date
from io import StringIO

import pytest

from core import demo as core_demo
from core.models import PeriodStatus, ReportingPeriod
from dataset_import import demo as dataset_demo
from indicators.models import Deputy, MonthlyValue, ValueState
from returns import demo
from returns.models import Action, ReturnEvent

pytestmark = pytest.mark.django_db

SEPTEMBER = date(2016, 9, 1)


def test_demo_sets_up_a_useful_month_and_keeps_the_samples_values():
    core_demo.load(stdout=StringIO())
    dataset_demo.load(stdout=StringIO())
    sample = list(MonthlyValue.objects.order_by("pk").values_list("pk", "value", "commentary"))
    out = StringIO()
    demo.load(stdout=out)

    assert "12 months published; September 2016 open, due 14 October 2016" in out.getvalue()
    # The values and commentary are the sample's: no placeholder is stored where it has none,
    # but a note on the few values the checks flag, which cannot go on without one.
    stored = list(MonthlyValue.objects.order_by("pk").values_list("pk", "value", "commentary"))
    noted = {pk for pk, _, commentary in stored if commentary == demo.FLAGGED_WITHOUT_COMMENTARY}
    assert [
        (pk, value, demo.FLAGGED_WITHOUT_COMMENTARY if pk in noted else commentary)
        for pk, value, commentary in sample
    ] == stored
    assert all(commentary == "" for pk, _, commentary in sample if pk in noted)
    assert 0 < len(noted) < 30
    assert MonthlyValue.objects.filter(commentary="").count() > 500
    periods = ReportingPeriod.objects.all()
    assert Counter(period.status for period in periods) == {
        PeriodStatus.PUBLISHED: 12,
        PeriodStatus.OPEN: 1,
    }
    assert set(MonthlyValue.objects.exclude(month=SEPTEMBER).values_list("state", flat=True)) == {
        ValueState.ACCEPTED
    }
    september = MonthlyValue.objects.filter(month=SEPTEMBER)
    assert set(september.values_list("state", flat=True)) == set(ValueState.values)
    catherine = september.filter(indicator__reporter__username="reporter")
    assert catherine.filter(state=ValueState.DRAFT).count() >= 6
    assert september.filter(
        state=ValueState.WITH_OWNER, indicator__owner__username="owner"
    ).exists()
    returned = ReturnEvent.objects.filter(
        action__in=[Action.RETURNED_TO_REPORTER, Action.RETURNED_TO_OWNER]
    )
    assert returned.count() == 2 and all(event.reason for event in returned)
    assert Deputy.objects.get().user.username == "reporter"

    again = StringIO()
    demo.load(stdout=again)
    assert "already loaded" in again.getvalue()
