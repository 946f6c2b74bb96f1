"""Server-side SVG charts of the caseload report (pygal), the same in the page and the pack.

Each function returns SVG text without scripts or style attributes (a strict CSP forbids
them; pygal's tooltips need its JavaScript anyway). The SVG is hidden from assistive
technology: the page and the pack give its text alternative, a caption and a table of the
same figures.
"""

import math

import pygal

from caseloads.selectors import ServiceDistribution, TrendPoint
from core.charts import chart as portal_chart
from core.charts import render

# core.charts.PORTAL_STYLE draws the first series in GOV.UK blue, the second in red.
OPTIONS = {"width": 640, "height": 320, "truncate_label": -1}
TREND_FIGURES = {"mean": "Mean allocations", "at_or_over": "At or over threshold"}


def whole_number_ticks(top: int) -> list[int]:
    """About five ticks from 0 to ``top`` or just over, never a fraction of a practitioner."""
    step = max(1, math.ceil(top / 5))
    return list(range(0, top + step, step))


def distribution_chart(service: ServiceDistribution) -> str:
    """How many practitioners of ``service`` carry each band of loads; bands at or over the
    threshold in a second series, so the legend names them as well as the colour."""
    chart = portal_chart(
        pygal.StackedBar, x_title="Allocations", y_title="Practitioners", **OPTIONS
    )
    chart.x_labels = [band.label for band in service.bands]
    chart.y_labels = whole_number_ticks(max(band.practitioners for band in service.bands))
    chart.add("Under threshold", [None if b.at_or_over else b.practitioners for b in service.bands])
    chart.add(
        f"At or over {service.threshold}",
        [b.practitioners if b.at_or_over else None for b in service.bands],
    )
    return render(chart, chart_id=f"caseloads-distribution-{service.code.lower()}")


def trend_chart(points: tuple[TrendPoint, ...], *, figure: str) -> str:
    """``figure`` ("mean" or "at_or_over") month by month; months without a snapshot are gaps."""
    chart = portal_chart(
        pygal.Line,
        y_title=TREND_FIGURES[figure],
        show_legend=False,
        include_x_axis=True,
        x_label_rotation=30,
        **OPTIONS,
    )
    chart.x_labels = [f"{point.month:%b %y}" for point in points]
    chart.add(
        TREND_FIGURES[figure],
        [None if point.practitioners == 0 else float(getattr(point, figure)) for point in points],
    )
    return render(chart, chart_id=f"caseloads-trend-{figure.replace('_', '-')}")
