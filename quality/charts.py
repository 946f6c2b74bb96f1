"""The completeness trend chart, as server-side SVG (its figures are also in a table)."""

import pygal

from core.charts import chart, render
from quality.completeness import TrendPoint


def completeness_chart(trend: list[TrendPoint]) -> str:
    """Entered, submitted and accepted as shares of the expected values, month by month."""
    graph = chart(
        pygal.Line,
        title="Share of expected values entered, submitted and accepted",
        height=320,
        width=900,
        range=(0, 100),
        allow_interruptions=True,
        dots_size=3,
        x_label_rotation=-45,
        x_labels=[point.tally.label for point in trend],
        y_title="% of expected values",
    )
    for label, attribute in (
        ("Entered", "entered_pct"),
        ("Submitted", "submitted_pct"),
        ("Accepted", "accepted_pct"),
    ):
        graph.add(label, [getattr(point.tally, attribute) for point in trend])
    return render(graph, chart_id="completeness-trend")
