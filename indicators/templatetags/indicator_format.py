from django import template

from indicators import formatting

register = template.Library()


@register.filter
def figure(value, indicator) -> str:
    """``{{ value|figure:indicator }}`` - the value in the indicator's unit and precision."""
    return formatting.figure(value, unit=indicator.unit, places=indicator.decimal_places)


@register.simple_tag
def change(value, direction=None) -> str:
    """``{% change computed.pct_change_prev_month computed.direction_prev_month %}``."""
    return formatting.change(value, direction)
