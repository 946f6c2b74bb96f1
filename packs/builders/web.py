"""The pack's body as HTML: the web version stores it, and the PDF is typeset from it.

Each indicator has its chart (``packs.builders.charts``); the audit and caseload charts are
their report pages' own, so screen, paper and the portal's pages show the same pictures.

The dataset tables show what a reader judges from - last month and this month, the two
changes with their judgements, the 12-month average, target, RAG and benchmarks - so they
fit a laptop's screen; the chart shows the 13 months, and the spreadsheet keeps every column.
"""

from dataclasses import dataclass
from datetime import datetime

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from audits.charts import report_charts
from indicators.models import Benchmark
from indicators.selectors import MonthCell
from packs import definitions
from packs.builders.charts import indicator_chart
from packs.builders.common import cover_facts, owner_and_reporter
from packs.selectors import PackContent, PackLine

BENCHMARK_GROUPS = list(Benchmark.Group)


@dataclass(frozen=True)
class ShownLine:
    """A line as the dataset table shows it, with its chart drawn."""

    line: PackLine
    chart: SafeString
    chart_key: str  # the chart's key in words, shown beside it
    owner_and_reporter: str
    benchmarks: list[tuple[str, Benchmark]]  # (short name, benchmark) of those with a figure

    @property
    def data(self):
        """The dataset line: values, computed columns, target, commentary."""
        return self.line.line

    @property
    def indicator(self):
        return self.line.indicator

    @property
    def previous(self) -> tuple[MonthCell, bool]:
        """The month before the pack's month, and whether its value is provisional."""
        return self.line.cells[-2]

    @property
    def latest(self) -> tuple[MonthCell, bool]:
        return self.line.cells[-1]


@dataclass(frozen=True)
class ShownArea:
    name: str
    anchor: str
    narrative: str
    lines: list[ShownLine]


def shown_line(line: PackLine) -> ShownLine:
    benchmarks = (line.line.benchmarks.get(group) for group in BENCHMARK_GROUPS)
    chart = indicator_chart(line)
    return ShownLine(
        line=line,
        chart=mark_safe(chart.svg),  # pygal's SVG; its texts are escaped by pygal
        chart_key=chart.key,
        owner_and_reporter=owner_and_reporter(line.indicator),
        benchmarks=[
            (definitions.BENCHMARK_SHORT[benchmark.group], benchmark)
            for benchmark in benchmarks
            if benchmark is not None and benchmark.value is not None
        ],
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
        "previous_month": content.months[-2],
        "definitions": definitions,
        "audit_charts": report_charts(report=content.audit) if content.audit else {},
    }
    return render_to_string("packs/_body.html", context)
