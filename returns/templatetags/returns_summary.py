"""The return on other pages: a home page's summary of the open month, a value's state tag."""

from django import template
from django.urls import reverse

from returns import selectors, tables
from returns.models import Hat

register = template.Library()

# The worklist each part of the return works from.
WORKLISTS = {"reporter": "returns:my_month", "owner": "returns:to_submit", "": "returns:overview"}


@register.inclusion_tag("returns/_this_month.html", takes_context=True)
def this_month(context, hat: str = "") -> dict:
    """Counts of the user's values (as ``hat``; every value for the performance team)."""
    period, counts = selectors.this_month(
        user=context["request"].user, hat=Hat(hat) if hat else None
    )
    return {"period": period, "counts": counts, "link": reverse(WORKLISTS[hat])}


@register.filter
def state_tag(monthly_value) -> str:
    """``{{ monthly_value|state_tag }}``: its state as a GOV.UK tag."""
    return tables.state_tag(monthly_value)
