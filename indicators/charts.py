"""The indicator trend chart: the same SVG on the indicator page and in the pack."""

from datetime import date
from decimal import Decimal

import pygal

from core.charts import chart, render
from indicators.models import Benchmark, Target


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def trend_chart(
    *,
    title: str,
    months: list[date],
    values: list[Decimal | None],
    benchmarks: dict[str, Benchmark],
    target: Target | None,
    height: int = 320,
) -> str:
    """Values over ``months`` against each benchmark and the target, as flat reference lines.

    Missing months are gaps, never zeros.
    """
    graph = chart(
        pygal.Line,
        title=title,
        height=height,
        width=900,
        x_label_rotation=-45,
        allow_interruptions=True,
        dots_size=3,
        x_labels=[month.strftime("%b %y") for month in months],
        x_labels_major_every=3,
        show_minor_x_labels=False,
    )
    graph.add("Value", [_float(value) for value in values])
    for group, benchmark in benchmarks.items():
        if benchmark.value is not None:
            label = Benchmark.Group(group).label
            graph.add(label, [float(benchmark.value)] * len(months), show_dots=False)
    if target is not None:
        graph.add(
            "Target",
            [float(target.value)] * len(months),
            show_dots=False,
            stroke_style={"dasharray": "6,4"},
        )
    return render(graph)


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
