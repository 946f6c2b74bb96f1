from django.http import HttpRequest

from core import clock
from core.navigation import menu_for
from core.roles import primary_role


def navigation(request: HttpRequest) -> dict:
    """The menu and role of the signed-in user, for the base layout.

    Worked out once per request: django-tables2 renders each table with a new
    RequestContext, which runs the context processors again.
    """
    if not hasattr(request, "portal_navigation"):
        user = getattr(request, "user", None)
        request.portal_navigation = (
            {} if user is None else {"menu": menu_for(user), "role": primary_role(user)}
        )
    return request.portal_navigation


def demo(request: HttpRequest) -> dict:
    """The demo's fixed "today" (``PORTAL_TODAY``), for the banner on every page that says it
    is the demo and which day it reads as; empty when the portal runs on the real date."""
    return {"demo_today": clock.fixed_today()}
