"""The pack as a PDF, typeset by WeasyPrint from the same HTML body as the web version.

A4 landscape, tagged as PDF/UA for screen readers, page numbers, table headers repeated on
every page and no indicator's rows split across pages: all in ``static/packs/pack-print.css``
(with ``pack.css``, the colours shared with the screen), so the template carries no style of
its own.
"""

import base64
import re
from datetime import datetime
from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from weasyprint import CSS, HTML

from packs.builders.common import data_status
from packs.selectors import PackContent

STYLESHEETS = ("packs/pack.css", "packs/pack-print.css")
# A published public-sector document: tagged for screen readers (PDF/UA-1: structure tags,
# the document's title shown and its language, from ``packs/pdf.html``).
PDF_VARIANT = "pdf/ua-1"
INLINE_SVG = re.compile(r"<svg\b.*?</svg>", re.DOTALL)
CHART_TITLE = re.compile(r'<text [^>]*class="title"[^>]*>([^<]+)</text>')


def as_image(svg: str) -> str:
    """The chart as an ``<img>`` of its own, its text unchanged. WeasyPrint applies an inline
    chart's stylesheet to the whole document, and an image's to the image alone: measured,
    a pack's charts are typeset faster as images. A tagged PDF needs each image's text
    alternative: the chart's title (its key in words is beside it)."""
    data = base64.b64encode(svg.encode()).decode()
    found = CHART_TITLE.search(svg)
    alt = f"Chart: {found[1]}" if found else "Chart"  # pygal escaped the title's text
    return f'<img class="app-svg" alt="{alt}" src="data:image/svg+xml;base64,{data}">'


def charts_as_images(html: str) -> str:
    """Every inline chart of ``html`` (the web version's body) as an image."""
    return INLINE_SVG.sub(lambda match: as_image(match.group(0)), html)


@cache
def stylesheets() -> tuple[CSS, ...]:
    """Parsed once per process: a worker builds many packs."""
    return tuple(CSS(filename=finders.find(name)) for name in STYLESHEETS)


def write_pdf(
    *, body: str, content: PackContent, version: int, built_at: datetime, path: Path
) -> None:
    html = render_to_string(
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
    document = HTML(string=html, base_url=str(settings.BASE_DIR))
    document.write_pdf(path, stylesheets=list(stylesheets()), pdf_variant=PDF_VARIANT)
