"""The pack's chart of an indicator: provisional points apart, target and benchmarks as
reference lines named with their years and figures in a key in words, the unit on the y-axis;
only the style rules it uses."""

import xml.etree.ElementTree as ET

import pytest

from core.charts import COLOURS
from packs.builders.charts import indicator_chart
from packs.selectors import pack_content
from tests.packs.conftest import MONTH

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def lines(small_month) -> dict:
    return {line.indicator.ref: line for line in pack_content(month=MONTH).lines}


def titles(svg: str) -> str:
    """The chart's title and axis titles as read, however pygal wraps them."""
    (group,) = groups(ET.fromstring(svg), "titles")
    return " ".join(" ".join(group.itertext()).split())


def test_chart_has_the_unit_and_a_key_naming_each_line_with_its_year_and_figure(lines):
    m3 = indicator_chart(lines["M3"])
    assert "Percentage (%)" in titles(m3.svg) and "<script" not in m3.svg
    assert m3.key == (
        "Key: blue line: accepted values; red dots: provisional values (not yet accepted); "
        "grey dotted line: England 2015-16, 22%."
    )
    cp1 = indicator_chart(lines["CP1"])
    assert titles(cp1.svg).endswith("Count") and "green dashed line: target 2016-17" in cp1.key
    assert 'aria-label="CP1: 13 months to September 2016"' in cp1.svg


def groups(root: ET.Element, classes: str) -> list[ET.Element]:
    return [g for g in root.iter(f"{SVG}g") if g.get("class", "").startswith(classes)]


def test_chart_draws_13_months_and_labels_every_third_from_the_first_to_the_last(lines):
    root = ET.fromstring(indicator_chart(lines["CP1"]).svg)
    (x_axis,) = groups(root, "axis x")
    labels = [text.text for text in x_axis.iter(f"{SVG}text")]
    assert labels == ["Sep 15", "Dec 15", "Mar 16", "Jun 16", "Sep 16"]
    dots = [  # each series' points, wherever pygal draws them
        sum(len(list(g.iter(f"{SVG}circle"))) for g in groups(root, f"series serie-{n} "))
        for n in range(3)
    ]
    assert dots == [12, 1, 0]  # accepted months, the provisional one, the target (a line)


def test_chart_carries_its_own_few_style_rules_and_no_legend(lines):
    root = ET.fromstring(indicator_chart(lines["CP1"]).svg)
    sheet = root.find(f"{SVG}defs/{SVG}style").text
    assert ".tooltip rect" not in sheet and ":hover" not in sheet and "transition" not in sheet
    chart_id = f"#{root.get('id')}"
    assert f"{chart_id} .color-1" in sheet and COLOURS["red"] in sheet  # provisional
    assert f"{chart_id} .series.serie-2{{stroke-width:2;stroke-dasharray:8,4}}" in sheet
    assert f"{chart_id} .axis.x .guide.line{{display:none}}" in sheet
    assert sheet.count("{") < 30  # pygal's own sheets have about a hundred rules
    assert not groups(root, "legends")  # the key is text beside the chart
