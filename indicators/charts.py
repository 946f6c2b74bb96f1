"""An indicator's trend chart: the same picture on its page and, for each indicator, in the
pack (web and PDF).

Drawn with pygal through ``core.charts`` (no script, the portal's colours, a stable id). What
a reader must tell apart is told in words too: the chart's key is a sentence beside it that
names each line's colour and mark - accepted and provisional values, the target with its
financial year and figure, each benchmark with its year and figure - and the y-axis names the
unit. A colour means one thing in every trend chart (``MEANINGS``), so a reader who has
learnt that green is the target need not read the key of the next chart.

A pack draws a few hundred of these, and WeasyPrint lays out each letter of a chart and
matches each of its style rules against each of its elements: so the chart carries only the
style rules it uses (``trend_chart.css``), has no legend of its own (the key is text beside
it) and labels every third month, the first and the last.
"""

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

import pygal

from core.charts import chart, coloured, render
from core.months import financial_year_name
from indicators.formatting import figure
from indicators.models import Benchmark, Indicator, Target, Unit

Y_TITLES = {
    Unit.COUNT: "Count",
    Unit.PERCENTAGE: "Percentage (%)",
    Unit.RATE_PER_10000: "Rate per 10,000 children",
    Unit.RATE_PER_100000: "Rate per 100,000",
    Unit.RATE: "Rate",
}
STYLESHEET = f"file://{Path(__file__).with_name('trend_chart.css')}"
ACCEPTED = "accepted values"
PROVISIONAL = "provisional values (not yet accepted)"
# The colour (a name of ``core.charts.COLOURS``) of each thing a trend chart draws.
MEANINGS = {
    ACCEPTED: "blue",
    PROVISIONAL: "red",
    "target": "green",
    Benchmark.Group.STATISTICAL_NEIGHBOURS: "purple",
    Benchmark.Group.ENGLAND: "grey",
    Benchmark.Group.REGION: "orange",
    Benchmark.Group.PRIOR_YEAR: "pink",
}


@dataclass(frozen=True)
class Series:
    """One thing the chart draws, with how the key names it."""

    meaning: str  # a key of MEANINGS
    mark: str  # "line", "dots", "dashed line": how it looks, in words
    label: str  # what it is, in words
    values: list[float | None]
    options: dict = field(default_factory=dict)

    @property
    def colour(self) -> str:
        return MEANINGS[self.meaning]

    @property
    def key(self) -> str:
        return f"{self.colour} {self.mark}: {self.label}"


@dataclass(frozen=True)
class TrendChart:
    svg: str  # inline SVG, its texts escaped by pygal
    key: str  # the chart's key as a sentence, shown beside it


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def value_series(
    months: list[date], values: list[Decimal | None], provisional: Collection[date]
) -> list[Series]:
    """The accepted and the provisional values as two series: each month is in one of them
    (or in neither, when it has no value), so provisional points are drawn apart. A series
    with no point is left out, and so is its part of the key."""
    pairs = list(zip(months, values, strict=True))
    accepted = [None if month in provisional else _float(v) for month, v in pairs]
    not_yet = [_float(v) if month in provisional else None for month, v in pairs]
    drawn = [
        Series(ACCEPTED, "line", ACCEPTED, accepted),
        Series(PROVISIONAL, "dots", PROVISIONAL, not_yet, {"stroke": False, "dots_size": 5}),
    ]
    return [series for series in drawn if any(v is not None for v in series.values)]


OTHER_SCALE_RATIO = 10  # a benchmark count ten times the council's largest is another scale


def on_another_scale(
    indicator: Indicator, benchmark: Decimal, values: list[Decimal | None]
) -> bool:
    """A count compared with a count of another size: England's 80,850 children in care
    against the council's 510 would flatten the council's line to the axis. Percentages and
    rates share one scale; the council's own prior year is never another scale."""
    present = [abs(value) for value in values if value is not None]
    if indicator.unit != Unit.COUNT or not present or max(present) == 0:
        return False
    return abs(benchmark) > OTHER_SCALE_RATIO * max(present)


def reference_series(
    *,
    indicator: Indicator,
    months: int,
    target: Target | None,
    benchmarks: Mapping[str, Benchmark],
    values: list[Decimal | None] = (),
) -> tuple[list[Series], list[str]]:
    """The target and each benchmark with a figure, as flat lines named with their year and
    figure; and, in words, each benchmark on another scale than ``values``, not drawn."""

    def flat(meaning: str, mark: str, label: str, value: Decimal, dashes: str) -> Series:
        options = {"show_dots": False, "stroke_style": {"width": 2, "dasharray": dashes}}
        label = f"{label}, {_figure(indicator, value)}"
        return Series(meaning, mark, label, [float(value)] * months, options)

    lines = []
    if target is not None:
        year = financial_year_name(target.financial_year)
        lines.append(flat("target", "dashed line", f"target {year}", target.value, "8,4"))
    apart = []
    for group in Benchmark.Group:
        benchmark = benchmarks.get(group)
        if benchmark is None or benchmark.value is None:
            continue
        label = f"{group.label} {benchmark.year}".strip()
        if group != Benchmark.Group.PRIOR_YEAR and on_another_scale(
            indicator, benchmark.value, list(values)
        ):
            apart.append(f"{label}, {_figure(indicator, benchmark.value)}")
            continue
        lines.append(flat(group, "dotted line", label, benchmark.value, "2,3"))
    return lines, apart


def _figure(indicator: Indicator, value: Decimal) -> str:
    return figure(value, unit=indicator.unit, places=indicator.decimal_places)


def chart_key(drawn: list[Series], apart: list[str] = ()) -> str:
    """ "Key: blue line: accepted values; green dashed line: target 2016-17, 30%." and the
    benchmarks on another scale, in words: "Not drawn, on another scale: England, 80,850."."""
    text = f"Key: {'; '.join(series.key for series in drawn)}." if drawn else ""
    if apart:
        text += f" Not drawn, on another scale: {'; '.join(apart)}."
    return text.strip()


def trend_chart(
    *,
    indicator: Indicator,
    months: list[date],
    values: list[Decimal | None],
    provisional: Collection[date],
    target: Target | None,
    benchmarks: Mapping[str, Benchmark],
    size: tuple[int, int] = (560, 210),
) -> TrendChart:
    """``values`` over ``months`` (missing months are gaps, never zeros) against the target
    and each benchmark, labelled for screen readers by its title."""
    suffix = "%" if indicator.unit == Unit.PERCENTAGE else ""
    width, height = size
    references, apart = reference_series(
        indicator=indicator,
        months=len(months),
        target=target,
        benchmarks=benchmarks,
        values=values,
    )
    drawn = value_series(months, values, provisional) + references
    graph = chart(
        pygal.Line,
        style=coloured(*(series.colour for series in drawn)),
        title=f"{indicator.ref}: {len(months)} months to {months[-1]:%B %Y}",
        width=width,
        height=height,
        show_legend=False,
        y_title=Y_TITLES[Unit(indicator.unit)],
        x_labels=[f"{month:%b %y}" for month in months],
        x_labels_major_every=3,
        show_minor_x_labels=False,
        truncate_label=-1,
        css=[STYLESHEET],
        allow_interruptions=True,
        dots_size=3,
        title_font_size=13,
        max_scale=6,  # a handful of y labels, readable at the chart's size
        value_formatter=lambda value: f"{value:,.{indicator.decimal_places}f}{suffix}",
        include_x_axis=indicator.unit != Unit.RATE,
    )
    for series in drawn:
        graph.add(series.label, series.values, **series.options)
    return TrendChart(
        svg=render(graph, chart_id=f"indicator-{indicator.pk}"), key=chart_key(drawn, apart)
    )


def sparkline(values: list[Decimal | None], *, chart_id: str = "sparkline") -> str:
    """A small trend line without axes, for worklists and the pack's dataset tables.

    Give each sparkline of a page its own ``chart_id``: it becomes the SVG's id.
    """
    graph = chart(
        pygal.Line,
        width=120,
        height=30,
        show_legend=False,
        show_x_labels=False,
        show_y_labels=False,
        show_dots=False,
        allow_interruptions=True,
        margin=2,
        show_x_guides=False,
        show_y_guides=False,
    )
    graph.add("", [_float(value) for value in values])
    return render(graph, chart_id=chart_id)
