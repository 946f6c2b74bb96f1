"""What a value may be, by the indicator's unit. Used by forms and imports alike."""

import re
from decimal import Decimal

from indicators.models import Unit

HUNDRED = Decimal(100)

EXPECTATIONS = {
    Unit.COUNT: "a whole number of 0 or more",
    Unit.PERCENTAGE: "a percentage from 0 to 100",
    Unit.RATE_PER_10000: "a rate of 0 or more",
    Unit.RATE_PER_100000: "a rate of 0 or more",
    Unit.RATE: "a rate of 0 or more",
}


EXAMPLES = {
    Unit.COUNT: "1,480",
    Unit.PERCENTAGE: "28% or 27.5",
    Unit.RATE_PER_10000: "412.6",
    Unit.RATE_PER_100000: "350.4",
    Unit.RATE: "3.2",
}
# What a title (or a catalogue file's unit cell) says about the unit, the first match
# winning (README, "What a dataset import decides"): "per 10,000" / "per 100,000" and
# "rate" are rates, "Percentage of" and "%" percentages.
TITLE_UNITS = (
    (Unit.RATE_PER_100000, re.compile(r"\bper 100,?000\b", re.IGNORECASE)),
    (Unit.RATE_PER_10000, re.compile(r"\bper 10,?000\b", re.IGNORECASE)),
    (Unit.PERCENTAGE, re.compile(r"%|\bpercent(?:age)?\b|\bper cent\b", re.IGNORECASE)),
    (Unit.RATE, re.compile(r"\brate\b", re.IGNORECASE)),
)
# A catalogue file's other words for a unit (after "rate ", without thousands commas).
UNIT_WORDS = {
    "%": Unit.PERCENTAGE,
    "percent": Unit.PERCENTAGE,
    "per cent": Unit.PERCENTAGE,
    "per 10000": Unit.RATE_PER_10000,
    "per 100000": Unit.RATE_PER_100000,
}
# A ref ending "(val)" is the count behind a percentage, whatever its title says.
COMPANION_COUNT = re.compile(r"\(val\)\s*$", re.IGNORECASE)
# As people type a figure: thousands separated by commas (in threes), a decimal point, and
# on a percentage an optional "%" sign.
TYPED_NUMBER = re.compile(r"-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|-?\.\d+")
DECIMAL_PLACES = 4  # as stored (MonthlyValue.value)
LARGEST = Decimal(10) ** 10  # 14 digits, 4 of them decimal places


def unit_named(*, ref: str = "", title: str) -> str | None:
    """The unit an indicator's ref and title state ("Rate of CP plans per 10,000" ->
    rate per 10,000, "% of assessments in time" or "EH3a%" -> percentage, "M6-QL (val)" ->
    count), or None where they state none."""
    if COMPANION_COUNT.search(ref):
        return Unit.COUNT
    if "%" in ref:
        return Unit.PERCENTAGE
    return next((unit for unit, words in TITLE_UNITS if words.search(title)), None)


def unit_of_word(text: str) -> str | None:
    """A unit as a catalogue file writes it: its value or label ("percentage", "Rate per
    10,000 children") or the words a title uses ("percent", "%", "per 10,000")."""
    wanted = " ".join(text.lower().split())
    for value, label in Unit.choices:
        if wanted in (value, label.lower()):
            return value
    return UNIT_WORDS.get(wanted.removeprefix("rate ").replace(",", ""))


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
