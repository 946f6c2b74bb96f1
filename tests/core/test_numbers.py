"""``core.numbers``: figures round as the team's spreadsheets round them (halves up)."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.numbers import round_half_up, share


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        ("12.25", 1, "12.3"),  # round() and f"{:.1f}" would give 12.2
        ("0.5", 0, "1"),
        ("2.5", 0, "3"),  # round() gives 2
        ("-2.5", 0, "-3"),  # away from zero, as Excel
        ("-0.4", 0, "0"),  # no "-0"
    ],
)
def test_round_half_up_rounds_halves_away_from_zero(value, places, expected):
    assert str(round_half_up(Decimal(value), places=places)) == expected


def test_round_half_up_keeps_missing_missing():
    assert round_half_up(None) is None
    assert round_half_up(Decimal("NaN")) is None


@pytest.mark.parametrize(
    ("part", "whole", "places", "expected"),
    [
        (1, 8, 1, Decimal("12.5")),
        (49, 400, 1, Decimal("12.3")),  # 12.25
        (1, 3, 0, Decimal(33)),
        (2, 3, 0, Decimal(67)),
        (5, 0, 1, None),  # nothing to divide by: not 0%, not an error
        (1, 3, None, Decimal(100) / 3),  # exact, for sums and charts
    ],
)
def test_share_is_a_percentage_exact_or_rounded_half_up(part, whole, places, expected):
    assert share(part, whole, places=places) == expected


@given(st.integers(0, 10_000), st.integers(1, 10_000))
def test_share_is_within_half_a_unit_of_the_exact_percentage(part, whole):
    exact = Decimal(part) * 100 / Decimal(whole)
    assert abs(share(part, whole, places=1) - exact) <= Decimal("0.05")
