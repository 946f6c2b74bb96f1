"""The audit analysis charts as SVG text: the same on the report page and in the PDF pack.

Each chart is server-side pygal without its scripts and tooltips (no script in the page, no
style attributes); the page shows the same figures in a table as the text alternative.
"""

import re

import pygal
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from pygal.graph.graph import Graph
from pygal.style import Style

from audits.models import FOCUS_5, Grade
from audits.selectors import AreaFigures, AuditReport, TrendPoint

# GOV.UK colours: green for the better grades, red for inadequate.
GRADE_COLOURS = ("#00703c", "#85994b", "#f47738", "#d4351c")
FOCUS_5_COLOURS = ("#1d70b8", "#4c2c92", "#00703c", "#f47738", "#6f72af")
_SCRIPT = re.compile(r"<script\b.*?</script>", re.DOTALL)
_TOOLTIP = re.compile(r'<g [^>]*style="opacity: 0" class="tooltip">.*?</g>', re.DOTALL)


def _style(colours: tuple[str, ...]) -> Style:
    return Style(
        font_family="Arial, sans-serif",
        background="#ffffff",
        plot_background="#ffffff",
        foreground="#0b0c0c",
        foreground_strong="#0b0c0c",
        foreground_subtle="#505a5f",
        colors=colours,
        label_font_size=12,
        major_label_font_size=12,
        legend_font_size=13,
        title_font_size=16,
        opacity="0.9",
        opacity_hover="1",
    )


def _svg(chart: Graph) -> str:
    """The chart as inline SVG text named by its title, without pygal's script and tooltip."""
    svg = _TOOLTIP.sub("", _SCRIPT.sub("", chart.render(is_unicode=True)))
    return svg.replace("<svg ", f'<svg role="img" aria-label="{escape(chart.config.title)}" ', 1)


def _chart(kind: type[Graph], *, title: str, colours: tuple[str, ...], **options) -> Graph:
    return kind(
        title=title,
        style=_style(colours),
        js=[],
        disable_xml_declaration=True,
        width=900,
        height=380,
        range=(0, 100),
        legend_at_bottom=True,
        legend_at_bottom_columns=4,
        value_formatter=lambda value: f"{value:.0f}%",
        **options,
    )


def grade_trend_chart(*, trend: list[TrendPoint]) -> str:
    """Shares of each grade of the completed audits, cycle by cycle (stacked to 100%).

    A cycle with no completed audits is an empty bar, not zero shares.
    """
    chart = _chart(
        pygal.StackedBar, title="Grades of completed audits, by month (%)", colours=GRADE_COLOURS
    )
    chart.x_labels = [point.label for point in trend]
    for grade in Grade:
        chart.add(grade.label, [point.grade_shares[grade] for point in trend])
    return _svg(chart)


def focus_5_chart(*, areas: list[AreaFigures]) -> str:
    """Focus-5 compliance per service area: the share of "yes" among yes-or-no answers."""
    chart = _chart(
        pygal.Bar, title="Focus-5 compliance by service area (%)", colours=FOCUS_5_COLOURS
    )
    chart.x_labels = [area.short_name for area in areas]
    for index, question in enumerate(FOCUS_5.values()):
        chart.add(question, [area.focus_5[index].compliance for area in areas])
    return _svg(chart)


def report_charts(*, report: AuditReport) -> dict[str, SafeString]:
    """The charts that ``templates/audits/_report.html`` expects beside ``report``."""
    return {
        "trend_chart": mark_safe(grade_trend_chart(trend=report.trend)),
        "focus_5_chart": mark_safe(focus_5_chart(areas=report.by_service_area)),
    }
