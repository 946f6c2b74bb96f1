"""The pack as a PDF, typeset by WeasyPrint from the same HTML body as the web version.

A4 landscape, page numbers, table headers repeated on every page and no indicator's rows
split across pages: all in ``static/packs/pack-print.css`` (with ``pack.css``, the colours
shared with the screen), so the template carries no style of its own.
"""

import re
from datetime import datetime
from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from weasyprint import CSS, HTML

from packs.builders import svg
from packs.builders.common import data_status
from packs.selectors import PackContent

STYLESHEETS = ("packs/pack.css", "packs/pack-print.css")
INLINE_SVG = re.compile(r"<svg\b.*?</svg>", re.DOTALL)


def charts_as_images(html: str) -> str:
    """Every inline chart as an image with its own trimmed styles (see ``svg``): WeasyPrint
    would also apply each inline chart's stylesheet to the whole document."""
    return INLINE_SVG.sub(lambda match: svg.as_image(match.group(0)), html)


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
    document.write_pdf(path, stylesheets=list(stylesheets()))
