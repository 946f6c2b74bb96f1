"""The portal's own 403, 404 and 500 pages, as a fresh clone serves them with DEBUG off.

The suite's conftest serves static files by their plain names whatever the settings say;
these tests put back the storage the portal's settings module itself chooses, and an empty
STATIC_ROOT, which is what a fresh clone has before any ``collectstatic``.
"""

import logging

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory
from django.urls import path
from django.utils.functional import SimpleLazyObject

import kpi_portal.settings as portal_settings
from core import roles
from core.errors import server_error
from kpi_portal.urls import handler403, handler404, handler500
from kpi_portal.urls import urlpatterns as portal_urlpatterns

LEAKS = ["Traceback", "DATABASES", "SECRET_KEY", "settings.py", "URLconf", "Request Method"]


def fails(request):
    raise RuntimeError("the pack builder broke at postgres://kpi:hunter2@db/kpi")


def refuses(request):
    raise PermissionDenied


def unreachable():
    raise ConnectionError("the database is down")


# The portal's URLs and handlers, plus two views that fail; some tests set ROOT_URLCONF here.
urlpatterns = [path("fails/", fails), path("refuses/", refuses), *portal_urlpatterns]
__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]


@pytest.fixture(autouse=True)
def fresh_clone(settings, tmp_path) -> None:
    """DEBUG off, the settings module's own static storage, and nothing collected."""
    settings.DEBUG = False
    settings.STORAGES = portal_settings.STORAGES
    settings.STATIC_ROOT = tmp_path / "staticfiles"


def assert_portal_page(body: str, heading: str, settings) -> None:
    assert "govuk-header" in body and "KPI portal" in body
    assert f'<h1 class="govuk-heading-l">{heading}</h1>' in body
    assert 'href="/static/css/portal.css"' in body
    assert settings.SECRET_KEY not in body
    for leak in LEAKS:
        assert leak not in body


@pytest.mark.django_db
def test_an_unknown_address_is_the_portals_not_found_page(client, settings):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert_portal_page(response.content.decode(), "Page not found", settings)


@pytest.mark.django_db
def test_a_page_the_role_may_not_see_is_the_portals_refusal_page(client_as, settings):
    response = client_as(roles.VIEWER).get("/audit-trail/")
    assert response.status_code == 403
    assert_portal_page(response.content.decode(), "You cannot see this page", settings)


@pytest.mark.django_db
def test_a_refusal_raised_anywhere_is_the_portals_refusal_page(client, settings):
    settings.ROOT_URLCONF = __name__
    response = client.get("/refuses/")
    assert response.status_code == 403
    assert_portal_page(response.content.decode(), "You cannot see this page", settings)


@pytest.mark.django_db
def test_a_failure_is_the_portals_error_page_and_shows_nothing_of_it(settings):
    settings.ROOT_URLCONF = __name__
    response = Client(raise_request_exception=False).get("/fails/")
    assert response.status_code == 500
    body = response.content.decode()
    assert_portal_page(body, "Sorry, there is a problem with the service", settings)
    assert "hunter2" not in body and "RuntimeError" not in body


def test_the_error_page_needs_no_database_session_or_user(settings):
    # No django_db mark, so any query raises; so do the user and the session, as they would
    # with the database down. Any of them read and the page would fall back to the plain one.
    request = RequestFactory().get("/fails/")
    request.user = request.session = SimpleLazyObject(unreachable)
    response = server_error(request)
    assert response.status_code == 500
    assert_portal_page(
        response.content.decode(), "Sorry, there is a problem with the service", settings
    )


def test_an_error_page_that_cannot_render_falls_back_to_plain_html(settings, caplog):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "core.storage.PortalStaticStorage"},
    }
    with caplog.at_level(logging.ERROR, logger="core.errors"):
        response = server_error(RequestFactory().get("/fails/"))
    assert response.status_code == 500
    body = response.content.decode()
    assert "<h1>Sorry, there is a problem with the service</h1>" in body
    assert "govuk-header" not in body and "Missing staticfiles manifest" not in body
    assert "The 500 page could not be rendered" in caplog.text
