from decimal import Decimal

import pytest

from indicators.models import Unit
from indicators.units import read_value, value_problem


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


@pytest.mark.parametrize(
    ("unit", "text", "expected"),
    [
        (Unit.COUNT, "1,480", Decimal(1480)),
        (Unit.COUNT, " 1,234,567 ", Decimal(1234567)),
        (Unit.COUNT, "12", Decimal(12)),
        (Unit.PERCENTAGE, "28%", Decimal(28)),
        (Unit.PERCENTAGE, "94.8 %", Decimal("94.8")),
        (Unit.PERCENTAGE, "27.5", Decimal("27.5")),
        (Unit.RATE_PER_10000, ".5", Decimal("0.5")),
        (Unit.COUNT, "", None),
        (Unit.COUNT, "   ", None),
    ],
)
def test_values_are_read_as_people_type_them(unit, text, expected):
    assert read_value(text, unit=unit) == expected


@pytest.mark.parametrize(
    ("unit", "text", "message"),
    [
        (Unit.COUNT, "28%", "This indicator is a count, not a percentage"),
        (Unit.COUNT, "1,48", "Enter the value as a number, for example 1,480"),
        (Unit.PERCENTAGE, "twelve", "Enter the value as a number, for example 28% or 27.5"),
        (Unit.PERCENTAGE, "28%%", "Enter the value as a number"),
        (Unit.COUNT, "12345678901", "too large"),
        (Unit.RATE, "1.23456", "at most 4 decimal places"),
    ],
)
def test_unreadable_values_are_explained(unit, text, message):
    with pytest.raises(ValueError, match=message):
        read_value(text, unit=unit)
