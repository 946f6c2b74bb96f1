from datetime import date
from typing import TYPE_CHECKING

from django import template
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import truncatewords
from django.utils.html import format_html

from indicators import formatting

if TYPE_CHECKING:  # the returns app builds on this one; only the type is needed here
    from indicators.selectors import FieldChange

register = template.Library()
_REPORTED_MARK_HTML = format_html(
    ' <span class="app-reported"><span aria-hidden="true">{}</span>'
    '<span class="govuk-visually-hidden">, as reported by the file</span></span>',
    formatting.REPORTED_MARK,
)


@register.filter
def figure(value, indicator) -> str:
    """``{{ value|figure:indicator }}`` - the value in the indicator's unit and precision."""
    return formatting.figure(value, unit=indicator.unit, places=indicator.decimal_places)


@register.filter
def target_figure(target, indicator) -> str:
    """``{{ line.target|target_figure:indicator }}``: ``<36%``, its sign first; ``-`` for none."""
    return formatting.target(target, unit=indicator.unit, places=indicator.decimal_places)


@register.filter
def benchmark_figure(benchmark, indicator) -> str:
    """``{{ benchmark|benchmark_figure:indicator }}``: its figure, or "Local measure"."""
    return formatting.benchmark(benchmark, unit=indicator.unit, places=indicator.decimal_places)


@register.simple_tag
def change(value, direction=None) -> str:
    """``{% change computed.pct_change_prev_month computed.direction_prev_month %}``."""
    return formatting.change(value, direction)


@register.simple_tag
def shown_change(shown) -> str:
    """``{% shown_change line.change_on_previous_period %}``: points for a percentage measure,
    with the file's mark where the figure is the file's."""
    mark = _REPORTED_MARK_HTML if shown.from_file else ""
    return format_html("{}{}", formatting.shown_change(shown), mark)


@register.simple_tag
def reported_mark(computed, column: str) -> str:
    """``{% reported_mark computed "avg_12m" %}``: the mark of a figure the imported file
    reported (``ComputedColumns.from_file``), read out in words by screen readers."""
    return _REPORTED_MARK_HTML if column in computed.from_file else ""


@register.simple_tag
def reported_legend() -> str:
    return formatting.REPORTED_LEGEND


@register.filter
def field_change(field: "FieldChange", indicator) -> str:
    """``{{ field|field_change:indicator }}``: ``Value: 5 to 6`` in the indicator's unit, or a
    text's old and new words (40 at most). One filter, not a dozen nodes: an indicator page
    lists some 120 changes."""
    if field.is_value:
        before, after = (figure(value, indicator) for value in (field.before, field.after))
    else:
        before, after = (
            truncatewords(text or "(none)", 40) for text in (field.before, field.after)
        )
    return f"{field.label}: {before} to {after}"


# The portal's date formats, named once; each is Django's own ``date`` filter with its format.


@register.filter
def short_month(value: date) -> str:
    """``{{ month|short_month }}``: ``Sep 2016``, as ``date:"M Y"``."""
    return date_filter(value, "M Y")


@register.filter
def long_month(value: date) -> str:
    """``{{ month|long_month }}``: ``September 2016``, as ``date:"F Y"``."""
    return date_filter(value, "F Y")
