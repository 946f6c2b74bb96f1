"""Paging parameters of every list page, as a careless user or an attacker types them:
never a server error, and a page never larger than ``MAX_PER_PAGE`` rows.

The list pages are found in the URL configuration (every view declared on
``ObjectListView``), and the API's lists beside them; each is opened as a role the
permission matrix lets in."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from core.generic_views import ObjectListView
from core.tables import MAX_PER_PAGE, PER_PAGE
from tests.security.test_permission_matrix import MATRIX, ROLES, url_for, world  # noqa: F401

pytestmark = pytest.mark.django_db

PAGING = [
    {"per_page": "-1"},
    {"per_page": "0"},
    {"per_page": "1000000"},
    {"per_page": "99999999999999999999999"},
    {"per_page": "abc"},
    {"page": "-1"},
    {"page": "0"},
    {"page": "99999999999999999999999"},
    {"page": "last"},
    {"page": "x", "per_page": "-5"},
]
API_PAGING = [{"page_size": "-1"}, {"page_size": "1000000"}, {"page": "-1"}, {"page": "0"}]


def list_routes() -> list[str]:
    """The route of every page declared on ``ObjectListView``."""
    found: list[str] = []

    def walk(patterns, prefix: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver) and route != "admin/":
                walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern):
                view = getattr(pattern.callback, "view_class", None)
                if view is not None and issubclass(view, ObjectListView):
                    found.append(route)

    walk(get_resolver().url_patterns, "")
    return found


API_LISTS = [
    route
    for route in MATRIX
    if route.startswith("api/^") and route.endswith("/$") and "(?P<" not in route
]


def test_the_list_pages_are_found():
    assert len(list_routes()) >= 10


def open_as_allowed(client, world, route: str, query: dict):  # noqa: F811
    role = next(role for role, cell in zip(ROLES, MATRIX[route], strict=True) if cell == "ok")
    client.force_login(world["users"][role])
    return client.get(url_for(world, route), query)


@pytest.mark.parametrize("route", list_routes())
def test_every_list_page_answers_any_paging_with_a_bounded_page(client, world, route):  # noqa: F811
    for query in PAGING:
        response = open_as_allowed(client, world, route, query)
        assert response.status_code == 200, (route, query)
        per_page = response.context["table"].paginator.per_page
        assert 1 <= per_page <= MAX_PER_PAGE, (route, query, per_page)
        if query.get("per_page") in ("-1", "abc"):
            assert per_page == PER_PAGE, (route, query)
        if query.get("per_page") == "1000000":
            assert per_page == MAX_PER_PAGE


@pytest.mark.parametrize("route", API_LISTS)
def test_every_api_list_answers_any_paging_without_a_server_error(client, world, route):  # noqa: F811
    for query in API_PAGING:
        response = open_as_allowed(client, world, route, query)
        assert response.status_code in (200, 404), (route, query, response.status_code)
