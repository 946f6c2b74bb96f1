from django.http import HttpRequest

from core.navigation import menu_for
from core.roles import primary_role


def navigation(request: HttpRequest) -> dict:
    """The menu and role of the signed-in user, for the base layout."""
    user = getattr(request, "user", None)
    if user is None:
        return {}
    return {"menu": menu_for(user), "role": primary_role(user)}
