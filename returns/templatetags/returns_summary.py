"""The return on other pages: a value's state tag."""

from django import template

from returns import tables

register = template.Library()


@register.filter
def state_tag(monthly_value) -> str:
    """``{{ monthly_value|state_tag }}``: its state as a GOV.UK tag."""
    return tables.state_tag(monthly_value)
