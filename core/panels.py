"""The home page is made of panels that the apps offer, each shown to whoever holds its
permission: a person who both reports and owns indicators sees both parts of their month.

An app offers panels in ``<app>/home.py`` as a ``PANELS`` list (as it offers demo data in
``<app>/demo.py``), so core shows what the apps above it know without importing them.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from core import offers


@dataclass(frozen=True)
class Panel:
    permission: str
    intro: str  # what the person does each month, in a sentence
    template: str = ""  # the panel's figures, if it has any
    context: Callable[[HttpRequest], dict[str, Any]] | None = None  # read by the view


def panels_for(request: HttpRequest) -> list[dict[str, Any]]:
    """The panels the user may see, each with its figures already read."""
    return [
        {"intro": panel.intro, "template": panel.template}
        | (panel.context(request) if panel.context else {})
        for panel in offers.offered("home", "PANELS")
        if request.user.has_perm(panel.permission)
    ]
