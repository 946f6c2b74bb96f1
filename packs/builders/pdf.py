"""The pack as a PDF, typeset from the same HTML body as the web version.

A4 landscape, tagged for screen readers, page numbers, table headers repeated on every page
and no indicator's rows split across pages: all in ``static/packs/pack-print.css`` (with
``pack.css``, the colours shared with the screen), so the template carries no style of its
own. ``PACK_PDF_ENGINE`` chooses what typesets it: headless Chromium
(``packs.builders.chromium``, the fast one) or WeasyPrint (no browser needed; its PDF
declares PDF/UA-1).
"""

import base64
import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from weasyprint import CSS, HTML

from packs.builders import chromium
from packs.builders.common import data_status
from packs.selectors import PackContent

STYLESHEETS = ("packs/pack.css", "packs/pack-print.css")
# A published public-sector document: tagged for screen readers (PDF/UA-1: structure tags,
# the document's title shown and its language, from ``packs/pdf.html``).
PDF_VARIANT = "pdf/ua-1"
INLINE_SVG = re.compile(r"<svg\b.*?</svg>", re.DOTALL)
CHART_LABEL = re.compile(r'<svg\b[^>]*\baria-label="([^"]+)"')
CHART_TITLE = re.compile(r'<text [^>]*class="title"[^>]*>([^<]+)</text>')
CHART_STYLE = re.compile(r"(<style\b[^>]*>)(.*?)(</style>)", re.DOTALL)
STYLE_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
CLASS_ATTRIBUTE = re.compile(r'\bclass="([^"]*)"')
SELECTOR_CLASS = re.compile(r"\.([\w-]+)")
NEGATION = re.compile(r":not\([^)]*\)")
# States that paper never has: a rule for them matches nothing in a PDF.
SCREEN_ONLY = re.compile(r":(?:hover|visited|focus|active)\b")


def _matches_on_paper(selector: str, classes: set[str]) -> bool:
    """Whether ``selector`` can match an element of a chart whose elements carry ``classes``
    (a class it requires outside ``:not()`` that no element has: it cannot)."""
    if SCREEN_ONLY.search(selector):
        return False
    return set(SELECTOR_CLASS.findall(NEGATION.sub("", selector))) <= classes


def lean_stylesheet(svg: str) -> str:
    """The chart with only the style rules that can apply to it on paper.

    Why: pygal writes rules for every part a chart might have (legends, tooltips, hover,
    overlays); WeasyPrint parses and compiles each rule of each chart's stylesheet (measured:
    half of that work is for rules that match nothing). A rule naming a class that no element
    of the chart has, or a state paper has not, draws nothing: the chart looks the same
    without it."""
    found = CHART_STYLE.search(svg)
    if found is None:
        return svg
    classes = {name for value in CLASS_ATTRIBUTE.findall(svg) for name in value.split()}
    kept = []
    for selectors, declarations in STYLE_RULE.findall(found[2]):
        matching = [s for s in selectors.split(",") if _matches_on_paper(s, classes)]
        if matching:
            kept.append(f"{','.join(matching)}{{{declarations}}}")
    return f"{svg[: found.start(2)]}{''.join(kept)}{svg[found.end(2) :]}"


def as_image(svg: str) -> str:
    """The chart as an ``<img>`` of its own, its text unchanged, its stylesheet lean
    (``lean_stylesheet``). WeasyPrint applies an inline chart's stylesheet to the whole
    document, and an image's to the image alone: measured, a pack's charts are typeset faster
    as images. A tagged PDF needs each image's text alternative: the chart's label, as the web
    page gives it (``B001: 13 months to ...``), else its first title; its key in words is
    beside it."""
    data = base64.b64encode(lean_stylesheet(svg).encode()).decode()
    found = CHART_LABEL.search(svg) or CHART_TITLE.search(svg)
    alt = f"Chart: {found[1]}" if found else "Chart"  # escaped by pygal or the chart's maker
    return f'<img class="app-svg" alt="{alt}" src="data:image/svg+xml;base64,{data}">'


def charts_as_images(html: str) -> str:
    """Every inline chart of ``html`` (the web version's body) as an image."""
    return INLINE_SVG.sub(lambda match: as_image(match.group(0)), html)


@cache
def stylesheets() -> tuple[CSS, ...]:
    """Parsed once per process: a worker builds many packs."""
    return tuple(CSS(filename=finders.find(name)) for name in STYLESHEETS)


@cache
def stylesheet_text() -> str:
    """The print CSS as text, for Chromium's page (read once per process)."""
    return "\n".join(Path(finders.find(name)).read_text(encoding="utf-8") for name in STYLESHEETS)


def running_header(content: PackContent) -> str:
    """The page header with the month written in: Chromium draws the print CSS's page boxes
    but not ``string()``, WeasyPrint's way of taking the month from the cover."""
    return (
        f'@page {{ @top-left {{ content: "Monthly performance pack: {content.month:%B %Y}"; }} }}'
    )


def document(*, body: str, content: PackContent, version: int, built_at: datetime) -> str:
    """The whole document both engines typeset: the cover, then the web version's body."""
    return render_to_string(
        "packs/pdf.html",
        {
            "body": mark_safe(
                charts_as_images(body)
            ),  # rendered by packs/_body.html, escaped there
            "month": content.month,
            "version": version,
            "built_at": built_at,
            "status": data_status(content),
        },
    )


def with_styles(html: str, content: PackContent) -> str:
    """``html`` with the print CSS inline in its head, as Chromium's page reads it."""
    style = f"<style>{stylesheet_text()}\n{running_header(content)}</style>"
    return html.replace("</head>", f"{style}\n</head>", 1)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector off for the block, and on again after it, as it was.

    Why: WeasyPrint makes a box, a style and a line for every cell of the pack, hundreds of
    thousands of objects that live until the PDF is written; the collector walks them again
    and again as they accumulate (measured: a sixth of the typesetting's processor time, the
    one collection at the end included, for a few per cent more memory). What they leave in
    cycles is collected once, at the end.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
            gc.collect()


def weasyprint_pdf(*, html: str, path: Path) -> None:
    """Typeset ``html`` with WeasyPrint as PDF/UA-1 (its stylesheets parsed once)."""
    with collector_paused():
        document_html = HTML(string=html, base_url=str(settings.BASE_DIR))
        document_html.write_pdf(path, stylesheets=list(stylesheets()), pdf_variant=PDF_VARIANT)


def write_pdf(
    *, body: str, content: PackContent, version: int, built_at: datetime, path: Path
) -> None:
    """The pack's PDF at ``path``, typeset by the engine ``PACK_PDF_ENGINE`` names."""
    html = document(body=body, content=content, version=version, built_at=built_at)
    if settings.PACK_PDF_ENGINE == "chromium":
        chromium.print_pdf(
            html=with_styles(html, content), path=path, executable=settings.PACK_CHROMIUM_PATH
        )
    else:
        weasyprint_pdf(html=html, path=path)
