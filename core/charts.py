"""Server-side SVG charts with pygal, shared by pages and the PDF pack.

Charts carry no script (pygal's tooltips are turned off) so they work under a strict
Content-Security-Policy, inside WeasyPrint, and on paper. Each page that shows a chart
also gives its figures as a table, the chart's text alternative.
"""

import pygal
from pygal.style import Style

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


def render(graph) -> str:
    """The chart as inline SVG text."""
    return graph.render(is_unicode=True)
