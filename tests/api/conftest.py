"""API clients signed in by token as each role, and a published month beside an open one."""

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from api import services
from core.models import PeriodStatus, ReportingPeriod
from indicators.models import ValueState
from tests.indicators.factories import add_values, make_indicator, months_from

AUGUST, SEPTEMBER = date(2016, 8, 1), date(2016, 9, 1)


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Request rates are counted in the cache: each test starts with none."""
    cache.clear()


@pytest.fixture
def api_as(make_user) -> Callable[..., APIClient]:
    """A client that sends the token of a new user in ``role`` (None: no client credentials)."""

    def client(role: str | None, **fields) -> APIClient:
        api = APIClient()
        api.user = make_user(role, **fields)
        api.credentials(HTTP_AUTHORIZATION=f"Token {services.issue_token(user=api.user).key}")
        return api

    return client


def period(month: date, status: str) -> ReportingPeriod:
    return ReportingPeriod.objects.create(month=month, due_date=month, status=status)


@pytest.fixture
def months(db):
    """M1 and M2 accepted through August 2016 (published), and drafts in September (open);
    DRAFT1 has a draft value only."""
    period(AUGUST, PeriodStatus.PUBLISHED)
    period(SEPTEMBER, PeriodStatus.OPEN)
    m1 = make_indicator("M1", title="Contacts")
    m2 = make_indicator("M2", title="Referrals", area="Child Protection")
    for indicator, numbers in ((m1, ["100", "110"]), (m2, ["40", "50"])):
        add_values(indicator, months_from(date(2016, 7, 1), numbers), state=ValueState.ACCEPTED)
        add_values(indicator, {SEPTEMBER: "1000"}, state=ValueState.DRAFT)
    add_values(make_indicator("DRAFT1"), {SEPTEMBER: "7"})
    return {"M1": m1, "M2": m2}


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


D = Decimal
