"""Server-side SVG charts with pygal, shared by pages and the PDF pack.

Charts carry no script (pygal's tooltips are turned off) so they work under a strict
Content-Security-Policy, inside WeasyPrint, and on paper. Each page that shows a chart
also gives its figures as a table, the chart's text alternative.
"""

from functools import partial
from xml.etree.ElementTree import Element

from django.utils.text import slugify
from pygal.graph.graph import Graph
from pygal.style import Style

# GOV.UK Frontend colours, AA on white, by the name a chart's key gives them in words.
COLOURS = {
    "blue": "#1d70b8",
    "red": "#d4351c",
    "green": "#00703c",
    "orange": "#f47738",
    "purple": "#4c2c92",
    "grey": "#505a5f",
    "pink": "#912b88",
    "light green": "#85994b",
}
GUIDE_GREY = "#b1b4b6"  # GOV.UK's border grey: guide lines recede behind reference lines

PORTAL_STYLE = Style(
    background="white",
    plot_background="white",
    foreground="#0b0c0c",
    foreground_strong="#0b0c0c",
    foreground_subtle="#505a5f",
    colors=tuple(COLOURS.values()),
    guide_stroke_color=GUIDE_GREY,
    guide_stroke_dasharray="none",
    major_guide_stroke_color=GUIDE_GREY,
    major_guide_stroke_dasharray="none",
    font_family="Arial, sans-serif",
    label_font_size=12,
    major_label_font_size=12,
    legend_font_size=13,
    title_font_size=15,
)


def coloured(*names: str) -> Style:
    """The portal's style with series drawn in these colours (names of ``COLOURS``), in
    order: for charts where a colour means one thing, such as a grade or RAG."""
    return Style(**(PORTAL_STYLE.to_dict() | {"colors": tuple(COLOURS[n] for n in names)}))


BASE_CONFIG = {
    "style": PORTAL_STYLE,
    "js": [],
    "disable_xml_declaration": True,
    "legend_at_bottom": True,
    "show_minor_x_labels": True,
    "truncate_legend": -1,
    "no_data_text": "No data",
}


def chart(kind: type[Graph], **config) -> Graph:
    """A pygal chart of ``kind`` in the portal's style (accessible colours, no script)."""
    return kind(**(BASE_CONFIG | config))


def _local_name(tag: object) -> str | None:
    """An element's tag without its namespace; ``None`` for a comment (its tag is a function)."""
    return tag.rpartition("}")[2] if isinstance(tag, str) else None


def _fit_for_page(root: Element, *, title: str | None) -> Element:
    """pygal's SVG tree made fit for a page with a strict CSP and for screen readers.

    pygal writes a config script even with ``js=[]``, and a hidden tooltip with a style
    attribute; a strict Content-Security-Policy refuses both, and without the script they
    do nothing, like the tooltip's text that it writes beside every point (``desc``). Its
    comments carry the day's date, so they go too: the same chart is the same text every
    day. A titled chart is an image labelled by its title; an untitled one (a sparkline) is
    hidden from screen readers, its figures being in the table beside it.
    """
    for parent in list(root.iter()):
        for child in list(parent):
            if _local_name(child.tag) in {"script", "desc", None}:
                parent.remove(child)
        parent.attrib.pop("style", None)
    if title:
        root.set("role", "img")
        root.set("aria-label", title)
    else:
        root.set("aria-hidden", "true")
    root.set("focusable", "false")
    return root


def render(graph: Graph, *, chart_id: str | None = None) -> str:
    """The chart as inline SVG text: no script, no style attribute, a stable id.

    The id (from ``chart_id`` or the title) is what pygal prefixes its own CSS with, so two
    charts of a page keep their own colours and a chart is the same text every time.
    pygal has no option for it: ``uuid`` is the attribute its ``Svg`` reads, an assumption
    that ``tests/core/test_charts.py`` checks and ``pyproject.toml`` pins pygal's range for.
    The edits of the tree go through pygal's public ``add_xml_filter`` hook.
    """
    title = graph.config.title
    graph.uuid = chart_id or slugify(title or "chart") or "chart"
    graph.add_xml_filter(partial(_fit_for_page, title=title))
    return graph.render(is_unicode=True)
