"""Formatting of the audit analysis figures: a share with no base says why, not "0%"."""

from django import template

register = template.Library()


@register.filter
def share(value: float | None, missing: str = "no completed audits") -> str:
    """``37.5`` -> ``37.5%``; None (nothing to divide by) -> ``missing``."""
    return missing if value is None else f"{value:.1f}%"
