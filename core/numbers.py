"""Rounding and shares as the team's spreadsheets do them, for every app.

Excel rounds halves away from zero; Python's ``round()`` and float formatting round them to
even, so 12.25 would show as 12.2 here and 12.3 in the team's workbook. Every figure the
portal rounds for people goes through ``round_half_up``.
"""

from decimal import ROUND_HALF_UP, Decimal, localcontext

HUNDRED = Decimal(100)


def round_half_up(value: Decimal | None, *, places: int = 0) -> Decimal | None:
    """``value`` rounded as Excel rounds (halves away from zero); None stays None."""
    if value is None or not value.is_finite():
        return None
    with localcontext() as context:
        context.prec = max(context.prec, value.adjusted() + places + 2)  # room for huge values
        return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP) + 0  # no -0


def share(part: int, whole: int, *, places: int | None = None) -> Decimal | None:
    """``part`` as a percentage of ``whole``: exact, or rounded half up to ``places`` for
    showing; None (not a division error, not 0%) when there is nothing to divide by."""
    if not whole:
        return None
    exact = Decimal(part) * HUNDRED / Decimal(whole)
    return exact if places is None else round_half_up(exact, places=places)
