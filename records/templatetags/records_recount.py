"""``{% recount_notice %}``: on every records page, a link to the recount page while figures
counted by a definition changed since are stored (``records.selectors.stale_marks``)."""

from django import template

from records import selectors

register = template.Library()


@register.inclusion_tag("records/_recount_notice.html")
def recount_notice() -> dict[str, int]:
    return {"stale": len(selectors.stale_marks())}
