"""What a value may be, by the indicator's unit. Used by forms and imports alike."""

import re
from decimal import Decimal

from indicators.models import Unit

HUNDRED = Decimal(100)

EXPECTATIONS = {
    Unit.COUNT: "a whole number of 0 or more",
    Unit.PERCENTAGE: "a percentage from 0 to 100",
    Unit.RATE_PER_10000: "a rate of 0 or more",
    Unit.RATE: "a rate of 0 or more",
}


EXAMPLES = {
    Unit.COUNT: "1,480",
    Unit.PERCENTAGE: "28% or 27.5",
    Unit.RATE_PER_10000: "412.6",
    Unit.RATE: "3.2",
}
# As people type a figure: thousands separated by commas (in threes), a decimal point, and
# on a percentage an optional "%" sign.
TYPED_NUMBER = re.compile(r"-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|-?\.\d+")
DECIMAL_PLACES = 4  # as stored (MonthlyValue.value)
LARGEST = Decimal(10) ** 10  # 14 digits, 4 of them decimal places


def read_value(text: str, *, unit: str) -> Decimal | None:
    """A value as a person types it for ``unit``: "1,480" on a count, "28%" on a percentage.
    Empty is missing (None), not zero. Raises ValueError with a plain message naming what is
    wrong; the value's range is ``value_problem``'s to judge."""
    plain = text.strip().replace(" ", "")
    if not plain:
        return None
    if plain.endswith("%"):
        if unit != Unit.PERCENTAGE:
            raise ValueError(
                f"This indicator is a {Unit(unit).label.lower()}, not a percentage: enter "
                f"the value without %, for example {EXAMPLES[Unit(unit)]}."
            )
        plain = plain[:-1]
    if not TYPED_NUMBER.fullmatch(plain):
        raise ValueError(
            f"Enter the value as a number, for example {EXAMPLES[Unit(unit)]}, or leave it "
            "empty if the figure is missing."
        )
    value = Decimal(plain.replace(",", ""))
    if abs(value) >= LARGEST:
        raise ValueError("The value is too large: check the figure.")
    if -value.as_tuple().exponent > DECIMAL_PLACES:
        raise ValueError(f"Give the value with at most {DECIMAL_PLACES} decimal places.")
    return value


def value_problem(*, unit: str, value: Decimal | None, whole_counts: bool = True) -> str | None:
    """Why ``value`` is impossible for ``unit``, in plain words; None when it is fine.

    A missing value (None) is always allowed: missing is not zero. ``whole_counts=False``
    checks a figure computed from values (an average of counts need not be whole) by the
    unit's range alone.
    """
    if value is None:
        return None
    if value < 0:
        return f"A {Unit(unit).label.lower()} cannot be negative. {_expected(unit)}"
    if whole_counts and unit == Unit.COUNT and value != value.to_integral_value():
        return f"A count must be a whole number. {_expected(unit)}"
    if unit == Unit.PERCENTAGE and value > HUNDRED:
        hint = ""
        if value >= 1000:
            hint = f" Was {value / 100}% meant (a decimal point missing)?"
        return f"A percentage cannot be over 100.{hint} {_expected(unit)}"
    return None


def _expected(unit: str) -> str:
    """Written only for a value that is wrong: an import checks 100,000 that are not."""
    return f"Expected {EXPECTATIONS[Unit(unit)]}."
