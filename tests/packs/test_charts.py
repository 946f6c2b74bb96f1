"""The pack's chart of an indicator: provisional points apart, target and benchmarks as
reference lines named with their years, the unit on the y-axis; only the style rules it uses."""

import xml.etree.ElementTree as ET

import pytest

from packs.builders.charts import benchmark_lines, indicator_chart, series
from packs.selectors import pack_content
from tests.packs.conftest import MONTH

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def lines(small_month) -> dict:
    return {line.indicator.ref: line for line in pack_content(month=MONTH).lines}


def test_provisional_values_are_a_series_of_their_own(lines):
    accepted, provisional = series(lines["M3"])
    assert len(accepted) == len(provisional) == 13
    assert accepted[-1] is None and provisional[-1] == 28.0  # September is submitted only
    assert accepted[-2] == 22.0 and provisional[-2] is None


def test_chart_has_the_unit_the_target_and_each_benchmark_with_its_year(lines):
    assert benchmark_lines(lines["M3"]) == [("England 2015-16", 21.5)]
    m3 = indicator_chart(lines["M3"])
    assert "Percentage (%)" in m3 and "England 2015-16" in m3
    assert "Provisional value (not yet accepted)" in m3 and "<script" not in m3
    cp1 = indicator_chart(lines["CP1"])
    assert "Target 2016-17" in cp1 and ">Count<" in cp1
    assert 'aria-label="CP1: 13 months to September 2016"' in cp1


def groups(root: ET.Element, classes: str) -> list[ET.Element]:
    return [g for g in root.iter(f"{SVG}g") if g.get("class", "").startswith(classes)]


def test_chart_draws_13_months_and_labels_every_third_from_the_first_to_the_last(lines):
    root = ET.fromstring(indicator_chart(lines["CP1"]))
    (x_axis,) = groups(root, "axis x")
    labels = [text.text for text in x_axis.iter(f"{SVG}text")]
    assert labels == ["Sep 15", "Dec 15", "Mar 16", "Jun 16", "Sep 16"]
    dots = [  # each series' points, wherever pygal draws them
        sum(len(list(g.iter(f"{SVG}circle"))) for g in groups(root, f"series serie-{n} "))
        for n in range(3)
    ]
    assert dots == [12, 1, 0]  # accepted months, the provisional one, the target (a line)


def test_chart_carries_its_own_few_style_rules_not_pygals(lines):
    root = ET.fromstring(indicator_chart(lines["CP1"]))
    sheet = root.find(f"{SVG}defs/{SVG}style").text
    assert ".tooltip rect" not in sheet and ":hover" not in sheet and "transition" not in sheet
    chart_id = f"#{root.get('id')}"
    assert f"{chart_id} .color-1" in sheet and "#d4351c" in sheet  # the provisional colour
    assert f"{chart_id} .series.serie-2{{stroke-width:2;stroke-dasharray:8,4}}" in sheet
    assert f"{chart_id} .axis.x .guide.line{{display:none}}" in sheet
    assert sheet.count("{") < 30  # pygal's own sheets have about a hundred rules
