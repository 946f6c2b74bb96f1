"""The pack's body as HTML: the web version stores it, and the PDF is typeset from it.

Charts are the indicator page's own server-side SVG (``indicators.charts.sparkline``, the
audit and caseload charts), so screen, paper and the portal's pages show the same pictures.
"""

from dataclasses import dataclass
from datetime import datetime

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from audits.charts import report_charts
from indicators.charts import sparkline
from indicators.models import Benchmark
from packs import definitions
from packs.builders.common import cover_facts, owner_and_reporter
from packs.selectors import PackContent, PackLine

BENCHMARK_GROUPS = list(Benchmark.Group)


@dataclass(frozen=True)
class ShownLine:
    """A line as the dataset table shows it, with its trend drawn."""

    line: PackLine
    sparkline: SafeString
    owner_and_reporter: str
    benchmarks: list[Benchmark | None]  # in BENCHMARK_GROUPS order

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
    lines: list[ShownLine]


def shown_line(line: PackLine) -> ShownLine:
    return ShownLine(
        line=line,
        sparkline=mark_safe(  # pygal's own SVG: no text from users
            sparkline(
                [cell.value for cell in line.line.cells], chart_id=f"trend-{line.indicator.pk}"
            )
        ),
        owner_and_reporter=owner_and_reporter(line.indicator),
        benchmarks=[line.line.benchmarks.get(group) for group in BENCHMARK_GROUPS],
    )


def render_body(*, content: PackContent, version: int, built_at: datetime) -> str:
    """The pack from its "About this pack" section to the appendix, headings from h2."""
    areas = [
        ShownArea(
            name=area.name,
            anchor=f"area-{number}",
            lines=[shown_line(line) for line in area.lines],
        )
        for number, area in enumerate(content.areas, start=1)
    ]
    context = {
        "content": content,
        "facts": cover_facts(content=content, version=version, built_at=built_at),
        "areas": areas,
        "benchmark_headers": [
            (definitions.BENCHMARK_SHORT[group], group.label) for group in BENCHMARK_GROUPS
        ],
        "column_count": len(content.months) + len(BENCHMARK_GROUPS) + 10,
        "definitions": definitions,
        "audit_charts": report_charts(report=content.audit) if content.audit else {},
    }
    return render_to_string("packs/_body.html", context)
