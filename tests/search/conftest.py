"""A small catalogue for the search tests: people with and without accounts, a published
month and one that is not, and packs of both."""

from dataclasses import dataclass
from datetime import date

import pytest
from django.utils import timezone

from core.models import PeriodStatus, ReportingPeriod
from indicators.models import Area, Indicator, ValueState
from packs.models import Pack, Status
from tests.indicators.factories import add_values, make_indicator

AUGUST, SEPTEMBER = date(2016, 8, 1), date(2016, 9, 1)


@dataclass(frozen=True)
class Catalogue:
    m1: Indicator  # published in August: a viewer reads it
    m2: Indicator  # values of September only (not published): a viewer does not
    m10: Indicator
    cp1: Indicator


@pytest.fixture
def catalogue(make_user) -> Catalogue:
    """M1 owned by Phil Bullingham and reported by Stuart Webb (accounts); M2 owned by Phil
    and reported by "Mary Hardy" (a name the dataset gave, no account); M10 and CP1 too."""
    phil = make_user("Owner", username="phil.b", first_name="Phil", last_name="Bullingham")
    stuart = make_user("Reporter", username="s.webb", first_name="Stuart", last_name="Webb")
    m1 = make_indicator("M1", title="Number of contacts received", owner=phil, reporter=stuart)
    m2 = make_indicator(
        "M2", title="Number of new referrals of Children in Need", owner=phil,
        reporter_name="Mary Hardy", position=2,
    )  # fmt: skip
    m10 = make_indicator("M10", title="Re-referrals within 12 months", position=10)
    cp1 = make_indicator(
        "CP1", area="Child Protection", title="Number of S47 enquiries started",
        reporter=stuart,
    )  # fmt: skip
    Area.objects.filter(name="MASH").update(position=0)
    Area.objects.filter(name="Child Protection").update(position=1)
    ReportingPeriod.objects.create(month=AUGUST, due_date=AUGUST, status=PeriodStatus.PUBLISHED)
    for indicator in (m1, m10, cp1):
        add_values(indicator, {AUGUST: "10"}, state=ValueState.ACCEPTED)
    add_values(m2, {SEPTEMBER: "5"}, state=ValueState.SUBMITTED)
    return Catalogue(m1=m1, m2=m2, m10=m10, cp1=cp1)


@pytest.fixture
def built_packs(db) -> dict[str, Pack]:
    """August 2016 (versions 1 and 2, the second published), September 2016 (ready, not
    published), and a failed build of July 2016."""
    now = timezone.now()

    def pack(month: date, version: int, status: str = Status.READY, **fields) -> Pack:
        return Pack.objects.create(month=month, version=version, status=status, **fields)

    return {
        "august 1": pack(AUGUST, 1),
        "august 2": pack(AUGUST, 2, published_at=now),
        "september": pack(SEPTEMBER, 1),
        "july": pack(date(2016, 7, 1), 1, Status.FAILED),
    }
