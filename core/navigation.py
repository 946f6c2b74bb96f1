"""The portal's menus: offered by each app, filtered per user by permission.

Each app offers its entries in ``<app>/menus.py`` as a ``MENU`` list (as it offers home-page
panels in ``<app>/home.py``), so core shows what the apps above it know without importing
or naming them. Each entry names the URL and the permission that opens it, so the menu never
offers a role a page it would be refused.
"""

from dataclasses import dataclass
from functools import cache

from django.urls import reverse

from core import offers


@dataclass(frozen=True)
class MenuItem:
    label: str
    url_name: str
    permission: str  # "" for an entry every signed-in user may open
    description: str = ""
    in_header: bool = True  # False: on the home page's cards only, to keep the header short
    order: int = 100  # where it stands among every app's entries, lowest first

    def allows(self, user) -> bool:
        return not self.permission or user.has_perm(self.permission)


@cache
def offered() -> tuple[MenuItem, ...]:
    """Every app's entries, in their order (read once: the apps' declarations are code)."""
    return tuple(sorted(offers.offered("menus", "MENU"), key=lambda item: item.order))


def menu_for(user) -> list[dict[str, str]]:
    """The menu entries ``user`` may open, with their resolved URLs."""
    if not user.is_authenticated:
        return []
    return [
        {
            "label": item.label,
            "url": reverse(item.url_name),
            "description": item.description,
            "in_header": item.in_header,
        }
        for item in offered()
        if item.allows(user)
    ]
