"""Links the apps offer on a month's value page, shown to whoever holds each one's
permission: where a value came from that only an app above returns knows (the child-level
records a counted value was counted from, for the analysts who may read them).

An app offers them in ``<app>/value_links.py`` as ``LINKS``, as it offers home panels
(``core.panels``), so the value page shows them without importing the app: the records app
stays out of every page a viewer opens (an import-linter contract).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest

from core import offers


@dataclass(frozen=True)
class ValueLink:
    text: str  # what the link opens, in words
    url: str


@dataclass(frozen=True)
class Offer:
    permission: str
    link: Callable[[object], ValueLink | None]  # the value -> its link, if it has one


def links_for(request: HttpRequest, monthly_value: object) -> list[ValueLink]:
    """The links the user may follow from ``monthly_value``'s page: no query for an offer
    whose permission they lack."""
    return [
        link
        for offer in offers.offered("value_links", "LINKS")
        if request.user.has_perm(offer.permission)
        and (link := offer.link(monthly_value)) is not None
    ]
