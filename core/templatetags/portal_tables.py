"""Template tags of ``core/table.html``: see ``core.tables``."""

from django import template
from django.utils.safestring import SafeString, mark_safe

from core import tables

register = template.Library()


@register.filter
def with_class(attrs, base: str) -> SafeString:
    return mark_safe(tables.with_class(attrs, base))  # AttributeDict.as_html escapes
