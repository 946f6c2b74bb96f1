"""People in each part of the return, indicators they report and own, an open month."""

from dataclasses import dataclass
from datetime import date

import pytest
from django.contrib.auth.models import AbstractUser

from core import roles
from core.models import ReportingPeriod
from indicators.models import Area, Deputy, Hat, Indicator, MonthlyValue, ValueState
from returns.services import periods

SEPTEMBER = date(2016, 9, 1)
DUE = date(2016, 10, 14)


@dataclass
class People:
    """Everyone who may come near one indicator's return, by the part they play."""

    reporter: AbstractUser
    reporter_deputy: AbstractUser
    owner: AbstractUser
    owner_deputy: AbstractUser
    other_reporter: AbstractUser
    other_owner: AbstractUser
    team: AbstractUser
    viewer: AbstractUser

    def __getitem__(self, name: str) -> AbstractUser:
        return getattr(self, name)


@pytest.fixture
def people(make_user) -> People:
    def person(role: str, name: str) -> AbstractUser:
        first, last = name.split()
        return make_user(
            role, first_name=first, last_name=last, email=f"{first.lower()}@example.org"
        )

    return People(
        reporter=person(roles.REPORTER, "Rita Reporter"),
        reporter_deputy=person(roles.REPORTER, "Dora Deputy"),
        owner=person(roles.OWNER, "Olive Owner"),
        owner_deputy=person(roles.OWNER, "Otto Deputy"),
        other_reporter=person(roles.REPORTER, "Rob Other"),
        other_owner=person(roles.OWNER, "Orla Other"),
        team=person(roles.PERFORMANCE_TEAM, "Tess Team"),
        viewer=person(roles.VIEWER, "Vic Viewer"),
    )


def make_indicators(count: int, *, reporter, owner, prefix: str = "R", **fields) -> list:
    """``count`` count indicators in one area, reported and owned as given, in one query."""
    area, _ = Area.objects.get_or_create(name="MASH")
    Indicator.objects.bulk_create(
        Indicator(
            ref=f"{prefix}{number:03}",
            title=f"Indicator {prefix}{number:03}",
            area=area,
            reporter=reporter,
            owner=owner,
            position=number,
            **fields,
        )
        for number in range(count)
    )
    return list(Indicator.objects.filter(ref__startswith=prefix).order_by("position"))


def open_month(team, month: date = SEPTEMBER) -> ReportingPeriod:
    return periods.open_period(user=team, month=month, due=DUE)


def value_of(indicator: Indicator, month: date = SEPTEMBER) -> MonthlyValue:
    return MonthlyValue.objects.select_related("indicator").get(indicator=indicator, month=month)


def put(monthly_value: MonthlyValue, state: str, **fields) -> MonthlyValue:
    """Set up a value in ``state`` (and ``fields``) without going through the steps (test
    set-up only)."""
    MonthlyValue.objects.filter(pk=monthly_value.pk).update(state=state, **fields)
    monthly_value.refresh_from_db()
    return monthly_value


def publish(team, period: ReportingPeriod, *accepted: MonthlyValue) -> ReportingPeriod:
    """Accept ``accepted`` (set-up only), then lock and publish the month as the team does."""
    for monthly_value in accepted:
        put(monthly_value, ValueState.ACCEPTED)
    return periods.publish_period(user=team, period=periods.lock_period(user=team, period=period))


@pytest.fixture
def indicator(people) -> Indicator:
    """M1, reported by Rita (Dora deputising) and owned by Olive (Otto deputising)."""
    (indicator,) = make_indicators(1, reporter=people.reporter, owner=people.owner, prefix="M")
    Deputy.objects.create(indicator=indicator, hat=Hat.REPORTER, user=people.reporter_deputy)
    Deputy.objects.create(indicator=indicator, hat=Hat.OWNER, user=people.owner_deputy)
    return indicator


@pytest.fixture
def period(people, indicator) -> ReportingPeriod:
    return open_month(people.team)


@pytest.fixture
def draft(period, indicator) -> MonthlyValue:
    return value_of(indicator)


@pytest.fixture
def with_owner(draft) -> MonthlyValue:
    return put(draft, ValueState.WITH_OWNER)
