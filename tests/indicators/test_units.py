from decimal import Decimal

import pytest

from indicators.models import Unit
from indicators.units import value_problem


@pytest.mark.parametrize(
    ("unit", "value", "fragment"),
    [
        (Unit.PERCENTAGE, "100.1", "cannot be over 100"),
        (Unit.PERCENTAGE, "8571", "Was 85.71% meant"),
        (Unit.PERCENTAGE, "-1", "cannot be negative"),
        (Unit.COUNT, "-3", "cannot be negative"),
        (Unit.COUNT, "2.5", "must be a whole number"),
        (Unit.RATE_PER_10000, "-0.1", "cannot be negative"),
    ],
)
def test_impossible_values_are_explained(unit, value, fragment):
    assert fragment in value_problem(unit=unit, value=Decimal(value))


@pytest.mark.parametrize(
    ("unit", "value"),
    [
        (Unit.PERCENTAGE, "0"),
        (Unit.PERCENTAGE, "100"),
        (Unit.PERCENTAGE, "94.8"),
        (Unit.COUNT, "1576"),
        (Unit.COUNT, "12.000"),
        (Unit.RATE_PER_10000, "85.4"),
        (Unit.RATE, "1000000"),
        (Unit.COUNT, None),
    ],
)
def test_possible_values_pass(unit, value):
    assert value_problem(unit=unit, value=None if value is None else Decimal(value)) is None
