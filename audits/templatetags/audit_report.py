"""Formatting of the audit analysis figures: a share with no base says why, not "0%"."""

from decimal import Decimal

from django import template

from core.numbers import round_half_up

register = template.Library()


@register.filter
def share(value: Decimal | None, missing: str = "no completed audits") -> str:
    """``37.5`` -> ``37.5%``, rounded half up; None (nothing to divide by) -> ``missing``."""
    return missing if value is None else f"{round_half_up(value, places=1)}%"
