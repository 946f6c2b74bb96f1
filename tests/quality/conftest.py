"""Hand-built months for the data-quality tests: indicators, values, and rules between them."""

from datetime import date
from decimal import Decimal

import pytest

from indicators.models import Indicator
from quality import checks
from quality.models import ValidationRule
from tests.indicators.factories import add_values, make_indicator, months_from

SEPTEMBER = date(2016, 9, 1)
# Twelve steady months before September 2016.
STEADY = ["100", "104", "98", "101", "97", "103", "99", "102", "100", "96", "105", "100"]


def with_history(indicator: Indicator, september: str | None, *, steady=STEADY, **fields):
    """The indicator's twelve steady months, then ``september``."""
    return add_values(indicator, months_from(date(2015, 9, 1), [*steady, september]), **fields)


def make_rule(left: Indicator, right: Indicator, **fields) -> ValidationRule:
    fields.setdefault("operator", checks.AT_MOST)
    fields.setdefault("message", "Referrals cannot exceed contacts")
    return ValidationRule.objects.create(left=left, right_indicator=right, **fields)


@pytest.fixture
def contacts(db) -> Indicator:
    return make_indicator("M1", title="Number of contacts received")


@pytest.fixture
def referrals(db) -> Indicator:
    return make_indicator("M2", title="Number of new referrals")


def september_of(values):
    return next(value for value in values if value.month == SEPTEMBER)


D = Decimal
