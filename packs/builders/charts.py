"""The pack's chart of each indicator: its 13 months against its target and benchmarks.

Drawn with pygal through ``core.charts`` (no script, the portal's colours, a stable id), the
same SVG in the web version and, as an image, in the PDF. What a reader must tell apart is
told in words too: the legend names accepted and provisional values, the target with its
financial year and each benchmark with its year, and the y-axis its unit.

A pack draws a few hundred of these, and WeasyPrint lays out each letter of a chart and
matches each of its style rules against each of its elements: so the chart carries only the
style rules it uses (``chart.css``) and labels every third month, the first and the last.
"""

from decimal import Decimal
from pathlib import Path

import pygal

from core.charts import chart, render
from core.months import financial_year_name
from indicators.models import Benchmark, Unit
from packs.selectors import PackLine

Y_TITLES = {
    Unit.COUNT: "Count",
    Unit.PERCENTAGE: "Percentage (%)",
    Unit.RATE_PER_10000: "Rate per 10,000 children",
    Unit.RATE: "Rate",
}
STYLESHEET = f"file://{Path(__file__).with_name('chart.css')}"
ACCEPTED = "Accepted value"
PROVISIONAL = "Provisional value (not yet accepted)"


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def series(line: PackLine) -> tuple[list[float | None], list[float | None]]:
    """The accepted and the provisional values, month by month: each month is in one of them
    (or in neither, when it has no value), so provisional points are drawn apart."""
    accepted, provisional = [], []
    for cell, is_provisional in line.cells:
        value = _float(cell.value)
        accepted.append(None if is_provisional else value)
        provisional.append(value if is_provisional else None)
    return accepted, provisional


def benchmark_lines(line: PackLine) -> list[tuple[str, float]]:
    """(legend, value) of each benchmark with a figure: the group and the year it is for."""
    lines = []
    for group in Benchmark.Group:
        benchmark = line.line.benchmarks.get(group)
        if benchmark is not None and benchmark.value is not None:
            label = f"{group.label} {benchmark.year}".strip()
            lines.append((label, float(benchmark.value)))
    return lines


def indicator_chart(line: PackLine) -> str:
    """The indicator's chart as inline SVG, labelled for screen readers by its title."""
    indicator = line.indicator
    months = [cell.month for cell, _ in line.cells]
    suffix = "%" if indicator.unit == Unit.PERCENTAGE else ""
    graph = chart(
        pygal.Line,
        title=f"{indicator.ref}: {len(months)} months to {months[-1]:%B %Y}",
        width=560,
        height=300,
        y_title=Y_TITLES[Unit(indicator.unit)],
        x_labels=[f"{month:%b %y}" for month in months],
        x_labels_major_every=3,
        show_minor_x_labels=False,
        truncate_label=-1,
        css=[STYLESHEET],
        allow_interruptions=True,
        dots_size=3,
        legend_font_size=11,
        legend_at_bottom_columns=2,
        title_font_size=13,
        max_scale=6,  # a handful of y labels, readable at the chart's size
        value_formatter=lambda value: f"{value:,.{indicator.decimal_places}f}{suffix}",
        include_x_axis=indicator.unit != Unit.RATE,
    )
    accepted, provisional = series(line)
    graph.add(ACCEPTED, accepted)
    graph.add(PROVISIONAL, provisional, stroke=False, dots_size=5)
    target = line.line.target
    if target is not None:
        graph.add(
            f"Target {financial_year_name(target.financial_year)}",
            [float(target.value)] * len(months),
            show_dots=False,
            stroke_style={"width": 2, "dasharray": "8,4"},
        )
    for label, value in benchmark_lines(line):
        graph.add(label, [value] * len(months), show_dots=False, stroke_style={"dasharray": "2,3"})
    return render(graph, chart_id=f"chart-{indicator.pk}")
