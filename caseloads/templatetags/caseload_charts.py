"""The caseload charts in templates, so ``caseloads/_report.html`` is whole wherever it is
included (the report page and the monthly pack)."""

from django import template
from django.utils.safestring import mark_safe

from caseloads import charts

register = template.Library()


@register.simple_tag
def distribution_chart(service) -> str:
    return mark_safe(charts.distribution_chart(service))  # SVG serialised by ElementTree


@register.simple_tag
def trend_chart(points, figure: str) -> str:
    return mark_safe(charts.trend_chart(points, figure=figure))
