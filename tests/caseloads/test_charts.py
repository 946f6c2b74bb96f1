"""The caseload charts: SVG text fit for a strict CSP, the same for the page and the pack."""

import xml.etree.ElementTree as ET
from datetime import date
from decimal import Decimal

import pytest

from caseloads.charts import distribution_chart, trend_chart, whole_number_ticks
from caseloads.selectors import ServiceDistribution, TrendPoint, distribution, load_figures

SVG = "{http://www.w3.org/2000/svg}"


def yjs() -> ServiceDistribution:
    loads = [3, 12, 12, 19]
    return ServiceDistribution(
        code="YJS",
        name="Youth justice",
        threshold=12,
        figures=load_figures("YJS", [(load, 12) for load in loads]),
        bands=distribution(loads, threshold=12),
    )


def texts(svg: str) -> list[str]:
    return [element.text for element in ET.fromstring(svg).iter(f"{SVG}text") if element.text]


def test_distribution_chart_is_plain_svg_hidden_from_assistive_technology():
    svg = distribution_chart(yjs())
    root = ET.fromstring(svg)
    assert root.get("id") == "chart-caseloads-distribution-yjs"
    assert root.get("aria-hidden") == "true"
    assert not list(root.iter(f"{SVG}script"))
    assert not [element for element in root.iter() if "style" in element.attrib]
    assert {"0 to 2", "12 to 14", "18 or more", "Under threshold", "At or over 12"} <= set(
        texts(svg)
    )
    assert distribution_chart(yjs()) == svg  # stable output


def test_trend_chart_of_each_figure():
    points = tuple(
        TrendPoint(date(2026, month, 1), 0 if month == 5 else 10, Decimal("14.5"), month)
        for month in range(1, 13)
    )
    for figure, title in (("mean", "Mean allocations"), ("at_or_over", "At or over threshold")):
        svg = trend_chart(points, figure=figure)
        assert title in texts(svg) and "Dec 26" in texts(svg)
        assert "<script" not in svg


@pytest.mark.parametrize(
    ("top", "ticks"),
    [(0, [0]), (3, [0, 1, 2, 3]), (12, [0, 3, 6, 9, 12]), (23, [0, 5, 10, 15, 20, 25])],
)
def test_whole_number_ticks(top, ticks):
    assert whole_number_ticks(top) == ticks
