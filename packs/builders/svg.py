"""Charts on paper: each SVG as an image of its own, with only the style rules it uses.

pygal writes a stylesheet of about a hundred rules into every chart, and WeasyPrint parses
and matches each one for each chart: with a chart per indicator that was most of the
PDF's time. The drawing is the same SVG; rules that match none of its elements change
nothing, so they are left out. Charts of the same shape share one trimmed stylesheet,
worked out once.
"""

import base64
import xml.etree.ElementTree as ET
from functools import lru_cache

import cssselect2
import tinycss2

SVG_NS = "http://www.w3.org/2000/svg"
STYLE_TAG = f"{{{SVG_NS}}}style"
KEPT = ("class", "id")
CHART_ID = "chart-id"  # pygal scopes a chart's rules by its id: charts alike share a cache entry

ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", "http://www.w3.org/1999/xlink")


def _shape(element: ET.Element) -> ET.Element:
    """A copy with only tags, classes and ids: all that pygal's selectors look at."""
    copy = ET.Element(element.tag, {k: v for k, v in element.attrib.items() if k in KEPT})
    copy.extend(_shape(child) for child in element)
    return copy


@lru_cache(maxsize=128)
def _used_rules(sheet: str, shape: str) -> str:
    """The rules of ``sheet`` that match an element of the chart (at-rules are kept)."""
    elements = list(cssselect2.ElementWrapper.from_xml_root(ET.fromstring(shape)).iter_subtree())
    kept = []
    for rule in tinycss2.parse_stylesheet(sheet, skip_whitespace=True, skip_comments=True):
        if rule.type != "qualified-rule":
            kept.append(rule)
            continue
        try:
            selectors = cssselect2.compile_selector_list(rule.prelude)
        except cssselect2.SelectorError:
            continue  # ignored by every renderer
        if any(selector.test(element) for selector in selectors for element in elements):
            kept.append(rule)
    return tinycss2.serialize(kept)


def trimmed(svg: str) -> str:
    """``svg`` with each stylesheet cut to the rules that apply to its elements."""
    root = ET.fromstring(svg)
    styles = [element for element in root.iter(STYLE_TAG) if element.text]
    if styles:
        chart_id = root.get("id", CHART_ID)
        root.set("id", CHART_ID)
        shape = ET.tostring(_shape(root), encoding="unicode")
        root.set("id", chart_id)
        for style in styles:
            sheet = style.text.replace(f"#{chart_id}", f"#{CHART_ID}")
            style.text = _used_rules(sheet, shape).replace(f"#{CHART_ID}", f"#{chart_id}")
    return ET.tostring(root, encoding="unicode")


def as_image(svg: str) -> str:
    """The chart as an ``<img>`` of its own (its styles stay inside it)."""
    data = base64.b64encode(trimmed(svg).encode()).decode()
    return f'<img class="app-svg" alt="" src="data:image/svg+xml;base64,{data}">'
