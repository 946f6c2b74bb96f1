from decimal import Decimal

import pytest

from indicators.models import Unit
from indicators.units import read_value, unit_named, unit_of_word, value_problem


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


@pytest.mark.parametrize(
    ("ref", "title", "unit"),
    [
        ("CP1-NI", "Number of S47 enquiries started, rate per 10,000 (0-17 year olds)",
         Unit.RATE_PER_10000),
        ("CP6B-NI", "Children subject to a CP plan per 10000", Unit.RATE_PER_10000),
        ("YO2", "First-time entrants to youth justice per 100,000", Unit.RATE_PER_100000),
        ("M3", "Percentage of all contacts that become new referrals", Unit.PERCENTAGE),
        ("CP3-QL", "% of ICPCs held within timescales", Unit.PERCENTAGE),
        ("EH3a%", "Single assessments completed within 10 days", Unit.PERCENTAGE),
        ("CP3-QL (val)", "% of ICPCs held within timescales", Unit.COUNT),
        ("M7", "Re-referral rate", Unit.RATE),
        ("M1", "Number of contacts received", None),
        ("M8", "Separated children", None),  # "rate" only as a word of its own
    ],
)  # fmt: skip
def test_the_unit_a_ref_and_title_state(ref, title, unit):
    assert unit_named(ref=ref, title=title) == unit


@pytest.mark.parametrize(
    ("word", "unit"),
    [
        ("percentage", Unit.PERCENTAGE), ("Percent", Unit.PERCENTAGE), ("%", Unit.PERCENTAGE),
        ("per 10,000", Unit.RATE_PER_10000), ("Rate per 10,000", Unit.RATE_PER_10000),
        ("Rate per 10,000 children", Unit.RATE_PER_10000), ("per 100,000", Unit.RATE_PER_100000),
        ("rate_per_100000", Unit.RATE_PER_100000), ("count", Unit.COUNT), ("rate", Unit.RATE),
        ("furlongs", None), ("Number of contacts per 10,000", None),
    ],
)  # fmt: skip
def test_the_words_a_catalogue_file_may_write_for_a_unit(word, unit):
    assert unit_of_word(word) == unit
