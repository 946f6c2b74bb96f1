"""Every URL pattern of the portal, walked from the URL configuration, with sample arguments."""

from django.urls import URLPattern, URLResolver, get_resolver

ADMIN = "admin/"


def routes() -> list[str]:
    """Each pattern as its full route text, e.g. ``indicators/<int:pk>/``; the admin once."""
    found: list[str] = []

    def walk(patterns, prefix: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                if route == ADMIN:
                    found.append(ADMIN)
                else:
                    walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern):
                found.append(route)

    walk(get_resolver().url_patterns, "")
    return found
