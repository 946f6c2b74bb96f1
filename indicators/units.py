"""What a value may be, by the indicator's unit. Used by forms and imports alike."""

from decimal import Decimal

from indicators.models import Unit

HUNDRED = Decimal(100)

EXPECTATIONS = {
    Unit.COUNT: "a whole number of 0 or more",
    Unit.PERCENTAGE: "a percentage from 0 to 100",
    Unit.RATE_PER_10000: "a rate of 0 or more",
    Unit.RATE: "a rate of 0 or more",
}


def value_problem(*, unit: str, value: Decimal | None) -> str | None:
    """Why ``value`` is impossible for ``unit``, in plain words; None when it is fine.

    A missing value (None) is always allowed: missing is not zero.
    """
    if value is None:
        return None
    expected = f"Expected {EXPECTATIONS[Unit(unit)]}."
    if value < 0:
        return f"A {Unit(unit).label.lower()} cannot be negative. {expected}"
    if unit == Unit.COUNT and value != value.to_integral_value():
        return f"A count must be a whole number. {expected}"
    if unit == Unit.PERCENTAGE and value > HUNDRED:
        hint = ""
        if value >= 1000:
            hint = f" Was {value / 100}% meant (a decimal point missing)?"
        return f"A percentage cannot be over 100.{hint} {expected}"
    return None
