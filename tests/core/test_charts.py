"""core.charts: pygal's SVG fit for a strict CSP, screen readers, and a stable id.

The id is the one place ``core.charts`` leans on pygal beyond its options (``Graph.uuid``):
these tests fail if a pygal release stops honouring it.
"""

import re
import xml.etree.ElementTree as ET

import pygal

from core.charts import chart, render

SVG = "{http://www.w3.org/2000/svg}"
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def line(**config) -> pygal.Line:
    graph = chart(pygal.Line, width=300, height=100, **config)
    graph.add("Value", [1, 2, None, 3])
    graph.add("Target", [2, 2, 2, 2], show_dots=False, stroke_style={"dasharray": "6,4"})
    return graph


def test_the_chart_id_is_the_svg_id_and_scopes_all_of_pygals_css():
    svg = render(line(), chart_id="m1-trend")
    root = ET.fromstring(svg)
    assert root.get("id") == "chart-m1-trend"
    sheet = root.find(f"{SVG}defs/{SVG}style").text
    assert sheet.startswith("#chart-m1-trend")
    assert set(re.findall(r"#chart-[\w-]+", svg)) == {"#chart-m1-trend"}
    assert not UUID.search(svg)  # no random id left anywhere
    assert render(line(), chart_id="m1-trend") == svg


def test_a_titled_chart_without_an_id_takes_it_from_its_title():
    root = ET.fromstring(render(line(title="Referrals: last 25 months")))
    assert root.get("id") == "chart-referrals-last-25-months"


def test_no_script_tooltip_text_style_attribute_or_comment_survives():
    svg = render(line(title="Trend"))
    root = ET.fromstring(svg)
    assert not list(root.iter(f"{SVG}script")) and "<script" not in svg
    assert not list(root.iter(f"{SVG}desc"))  # the tooltips' text, for the script
    assert len(list(root.iter(f"{SVG}circle"))) == 3  # each point is still drawn
    assert not [element for element in root.iter() if "style" in element.attrib]
    assert "<!--" not in svg
    assert root.find(f"{SVG}defs/{SVG}style").text  # pygal's stylesheet stays: CSP allows it


def test_a_titled_chart_is_a_labelled_image_and_an_untitled_one_is_hidden():
    titled = ET.fromstring(render(line(title='Rate <per> 10,000 & "more"')))
    assert titled.get("role") == "img"
    assert titled.get("aria-label") == 'Rate <per> 10,000 & "more"'
    assert titled.get("focusable") == "false" and titled.get("aria-hidden") is None
    untitled = ET.fromstring(render(line(), chart_id="sparkline-m1"))
    assert untitled.get("aria-hidden") == "true" and untitled.get("role") is None
