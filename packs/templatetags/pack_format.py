"""Formatting the pack's own figures: changes of a rate in percentage points."""

from decimal import Decimal

from django import template

from core.numbers import round_half_up

register = template.Library()


@register.filter
def points(value: Decimal | None) -> str:
    """``5`` -> ``+5.0 points``; None (a month without the rate) -> ``n/a``."""
    if value is None:
        return "n/a"
    rounded = round_half_up(value, places=1)
    unit = "point" if abs(rounded) == 1 else "points"
    return f"{rounded:+} {unit}"
