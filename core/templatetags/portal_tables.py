"""Template tags of ``core/table.html``: see ``core.tables``."""

from django import template
from django.utils.safestring import SafeString, mark_safe

from core import tables

register = template.Library()


@register.simple_tag(takes_context=True)
def row_cells(context, row) -> SafeString:
    return mark_safe(tables.row_cells(row, context))  # built by format_html_join, escaped


@register.filter
def with_class(attrs, base: str) -> SafeString:
    return mark_safe(tables.with_class(attrs, base))  # AttributeDict.as_html escapes
