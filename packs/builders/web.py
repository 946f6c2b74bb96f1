"""The pack's body as HTML: the web version stores it, and the PDF is typeset from it.

Each indicator has its chart (``packs.builders.charts``); the audit and caseload charts are
their report pages' own, so screen, paper and the portal's pages show the same pictures.

Each area is one dense table as the team's own pack has it - a row per indicator with the 13
months as numbers, both changes, the 12-month average and maximum, target and RAG,
benchmarks with their year, and its commentary beneath - then the area's charts.
"""

from dataclasses import dataclass
from datetime import datetime

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from audits.charts import report_charts
from indicators.models import Benchmark
from packs import definitions
from packs.builders.charts import indicator_chart
from packs.builders.common import cover_facts, owner_and_reporter
from packs.selectors import PackContent, PackLine

BENCHMARK_GROUPS = list(Benchmark.Group)
# The dense table's columns besides the months: the indicator, both changes, average, max,
# target, RAG, then a column per benchmark group (``packs/_dataset_table.html``).
DENSE_COLUMNS_BESIDE_MONTHS = (
    "indicator", "change on month", "change on year", "average", "max", "target", "rag",
    *BENCHMARK_GROUPS,
)  # fmt: skip


@dataclass(frozen=True)
class ShownLine:
    """A line as the dataset table shows it, with its chart drawn."""

    line: PackLine
    chart: SafeString
    chart_key: str  # the chart's key in words, shown beside it
    owner_and_reporter: str
    # (group's name, its benchmark) by ``BENCHMARK_GROUPS``; None: the file states none
    benchmarks: list[tuple[str, Benchmark | None]]

    @property
    def data(self):
        """The dataset line: values, computed columns, target, commentary."""
        return self.line.line

    @property
    def indicator(self):
        return self.line.indicator


@dataclass(frozen=True)
class ShownArea:
    name: str
    anchor: str
    narrative: str
    lines: list[ShownLine]


def shown_line(line: PackLine) -> ShownLine:
    chart = indicator_chart(line)
    return ShownLine(
        line=line,
        chart=mark_safe(chart.svg),  # pygal's SVG; its texts are escaped by pygal
        chart_key=chart.key,
        owner_and_reporter=owner_and_reporter(line.indicator),
        benchmarks=[(group.label, line.line.benchmarks.get(group)) for group in BENCHMARK_GROUPS],
    )


def render_body(*, content: PackContent, version: int, built_at: datetime) -> str:
    """The pack from its "About this pack" section to the appendix, headings from h2."""
    areas = [
        ShownArea(
            name=area.name,
            anchor=f"area-{number}",
            narrative=area.narrative,
            lines=[shown_line(line) for line in area.lines],
        )
        for number, area in enumerate(content.areas, start=1)
    ]
    context = {
        "content": content,
        "facts": cover_facts(content=content, version=version, built_at=built_at),
        "areas": areas,
        "definitions": definitions,
        "benchmark_groups": [
            (definitions.BENCHMARK_SHORT[group], group.label) for group in BENCHMARK_GROUPS
        ],
        "columns": len(content.months) + len(DENSE_COLUMNS_BESIDE_MONTHS),
        "audit_charts": report_charts(report=content.audit) if content.audit else {},
    }
    return render_to_string("packs/_body.html", context)
