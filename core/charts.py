"""Server-side SVG charts with pygal, shared by pages and the PDF pack.

Charts carry no script (pygal's tooltips are turned off) so they work under a strict
Content-Security-Policy, inside WeasyPrint, and on paper. Each page that shows a chart
also gives its figures as a table, the chart's text alternative.
"""

import xml.etree.ElementTree as ET

import pygal
from django.utils.text import slugify
from pygal.style import Style

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"

# GOV.UK Frontend colours: black text, blue, orange, green, red, purple - AA on white.
PORTAL_STYLE = Style(
    background="white",
    plot_background="white",
    foreground="#0b0c0c",
    foreground_strong="#0b0c0c",
    foreground_subtle="#505a5f",
    colors=("#1d70b8", "#d4351c", "#00703c", "#f47738", "#4c2c92", "#505a5f", "#912b88"),
    font_family="Arial, sans-serif",
    label_font_size=12,
    major_label_font_size=12,
    legend_font_size=13,
    title_font_size=15,
)

BASE_CONFIG = {
    "style": PORTAL_STYLE,
    "js": [],
    "disable_xml_declaration": True,
    "legend_at_bottom": True,
    "show_minor_x_labels": True,
    "truncate_legend": -1,
    "no_data_text": "No data",
}


def chart(kind: type[pygal.graph.graph.Graph], **config) -> pygal.graph.graph.Graph:
    """A pygal chart of ``kind`` in the portal's style (accessible colours, no script)."""
    return kind(**(BASE_CONFIG | config))


def render(graph, *, chart_id: str | None = None) -> str:
    """The chart as inline SVG text: no script, no style attribute, a stable id.

    pygal writes a config script even with ``js=[]`` and a hidden tooltip with a style
    attribute; both go, so the SVG passes a strict Content-Security-Policy. The id (from
    ``chart_id`` or the title) prefixes pygal's own CSS, so the output is the same every
    time. A titled chart is an image labelled by its title; an untitled one (a sparkline)
    is hidden from screen readers, its figures being in the table beside it.
    """
    # Registered per call: another library registering a prefix would otherwise win.
    ET.register_namespace("", SVG_NS)
    ET.register_namespace("xlink", XLINK_NS)
    title = graph.config.title
    graph.uuid = chart_id or slugify(title or "chart") or "chart"
    root = ET.fromstring(graph.render(is_unicode=True))
    for parent in root.iter():
        for child in list(parent):
            if child.tag == f"{{{SVG_NS}}}script":
                parent.remove(child)
        parent.attrib.pop("style", None)
    if title:
        root.set("role", "img")
        root.set("aria-label", title)
    else:
        root.set("aria-hidden", "true")
    root.set("focusable", "false")
    return ET.tostring(root, encoding="unicode")
