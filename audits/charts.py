"""The audit analysis charts as SVG text: the same on the report page and in the PDF pack.

Each chart is server-side pygal without its scripts and tooltips (no script in the page, no
style attributes); the page shows the same figures in a table as the text alternative.
"""

import pygal
from django.utils.safestring import SafeString, mark_safe
from pygal.graph.graph import Graph

from audits.models import FOCUS_5, Grade
from audits.selectors import AreaFigures, AuditReport, TrendPoint
from core.charts import PORTAL_STYLE, chart, coloured, render

# Green for the better grades through to red for inadequate.
GRADE_COLOURS = ("green", "light green", "orange", "red")


def _chart(kind: type[Graph], *, title: str, colours: tuple[str, ...] | None = None) -> Graph:
    """A percentage chart (0 to 100) in the portal's style."""
    style = coloured(*colours) if colours else PORTAL_STYLE
    return chart(
        kind,
        title=title,
        style=style,
        width=900,
        height=380,
        range=(0, 100),
        legend_at_bottom_columns=4,
        value_formatter=lambda value: f"{value:.0f}%",
    )


def grade_trend_chart(*, trend: list[TrendPoint]) -> str:
    """Shares of each grade of the completed audits, cycle by cycle (stacked to 100%).

    A cycle with no completed audits is an empty bar, not zero shares.
    """
    graph = _chart(
        pygal.StackedBar, title="Grades of completed audits, by month (%)", colours=GRADE_COLOURS
    )
    graph.x_labels = [point.label for point in trend]
    for grade in Grade:
        graph.add(grade.label, [point.grade_shares[grade] for point in trend])
    return render(graph)


def focus_5_chart(*, areas: list[AreaFigures]) -> str:
    """Focus-5 compliance per service area: the share of "yes" among yes-or-no answers."""
    graph = _chart(pygal.Bar, title="Focus-5 compliance by service area (%)")
    graph.x_labels = [area.short_name for area in areas]
    for index, question in enumerate(FOCUS_5.values()):
        graph.add(question, [area.focus_5[index].compliance for area in areas])
    return render(graph)


def report_charts(*, report: AuditReport) -> dict[str, SafeString]:
    """The charts that ``templates/audits/_report.html`` expects beside ``report``."""
    return {
        "trend_chart": mark_safe(grade_trend_chart(trend=report.trend)),
        "focus_5_chart": mark_safe(focus_5_chart(areas=report.by_service_area)),
    }
