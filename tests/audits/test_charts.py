"""The charts: SVG text without scripts or style attributes, named for screen readers."""

import re

import pytest

from audits.charts import focus_5_chart, grade_trend_chart, report_charts
from audits.models import Grade, Status
from audits.selectors import audit_report

pytestmark = pytest.mark.django_db


def test_charts_are_inline_svg_without_script_or_style_attributes(make_audit, cycle):
    make_audit(status=Status.COMPLETED, grade=Grade.GOOD, chronology="yes")
    report = audit_report(cycle=cycle)
    for svg in [
        grade_trend_chart(trend=report.trend),
        focus_5_chart(areas=report.by_service_area),
    ]:
        opening = svg[: svg.index(">")]
        assert opening.startswith("<svg") and 'role="img"' in opening and "aria-label=" in opening
        assert "<script" not in svg and not re.search(r"\sstyle=", svg)
    assert set(report_charts(report=report)) == {"trend_chart", "focus_5_chart"}


def test_trend_chart_shows_each_cycle(make_audit, cycle):
    make_audit(status=Status.COMPLETED, grade=Grade.GOOD)
    svg = grade_trend_chart(trend=audit_report(cycle=cycle).trend)
    assert "Mar 2024" in svg and "Requires improvement" in svg
