"""The pack's chart of each indicator: its 13 months against its target and benchmarks,
drawn as on the indicator's page (``indicators.charts``), provisional months apart."""

from indicators.charts import TrendChart, trend_chart
from packs.selectors import PackLine


def indicator_chart(line: PackLine) -> TrendChart:
    """The line's chart, with its key in words."""
    return trend_chart(
        indicator=line.indicator,
        months=[cell.month for cell, _ in line.cells],
        values=[cell.value for cell, _ in line.cells],
        provisional=line.provisional_months,
        target=line.line.target,
        benchmarks=line.line.benchmarks,
    )
