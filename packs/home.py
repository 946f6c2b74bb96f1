"""The pack's panel of the home page (see ``core.panels``): every role reads published packs,
and sees the latest one's summary - for the viewer role, the scrutiny panel, that summary is
the home page."""

from typing import Any

from django.http import HttpRequest

from core.panels import Panel
from packs import definitions, selectors


def _latest(request: HttpRequest) -> dict[str, Any]:
    return {
        "latest": selectors.latest_published(user=request.user),
        "no_narrative": definitions.NO_NARRATIVE,
        "provisional": definitions.PROVISIONAL,
    }


PANELS = [
    Panel(
        permission="packs.view_published_pack",
        intro="Read the published monthly performance packs.",
        template="packs/_latest_published.html",
        context=_latest,
    )
]
