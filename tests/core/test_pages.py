"""Sign-in, the landing page of each role and the navigation it shows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import roles
from core.navigation import offered
from tests.conftest import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def test_home_requires_sign_in(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/"


def test_sign_in_with_the_login_form(client, make_user):
    user = make_user(roles.REPORTER)
    response = client.post(
        "/login/", {"username": user.username, "password": TEST_PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/"
    assert response.context["user"] == user


def test_wrong_password_is_refused_with_a_message(client, make_user):
    user = make_user(roles.REPORTER)
    response = client.post("/login/", {"username": user.username, "password": "wrong"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "<title>Error: Sign in" in page
    assert "Enter a correct username and password." in page
    assert 'aria-invalid="true" aria-describedby="username-error-1"' in page
    assert '<p id="username-error-1" class="govuk-error-message">' in page


def test_sign_out(client_as):
    client = client_as(roles.VIEWER)
    response = client.post("/logout/")
    assert response.status_code == 302
    assert client.get("/").status_code == 302


@pytest.mark.parametrize("role", roles.ROLES)
def test_landing_page_names_the_role(client_as, role):
    response = client_as(role).get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<span class="govuk-caption-l">{role}</span>' in html
    assert roles.ROLE_DESCRIPTIONS[role] in html


def test_user_without_role_is_told_to_ask(client_as):
    assert "has no role in the portal" in client_as(None).get("/").content.decode()


@pytest.mark.parametrize("role", roles.ROLES)
def test_navigation_shows_only_what_the_role_may_use(client_as, role, django_user_model):
    client = client_as(role)
    user = django_user_model.objects.get(pk=client.session["_auth_user_id"])
    html = client.get("/").content.decode()
    for item in offered():
        link = f'href="{reverse(item.url_name)}"'
        assert (link in html) == item.allows(user), item.label


def test_a_list_page_works_out_the_menu_and_counts_its_rows_once(client_as):
    """django-tables2 re-runs the context processors for its table, and ListView would page
    the rows a second time: neither may cost a second query."""
    client = client_as(roles.PERFORMANCE_TEAM)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/packs/").status_code == 200
    sql = [query["sql"] for query in queries.captured_queries]
    assert sum('SELECT "auth_group"."id", "auth_group"."name"' in text for text in sql) == 1
    assert sum("COUNT(*)" in text for text in sql) == 1


def test_the_landing_page_reads_the_role_once(client_as):
    client = client_as(roles.OWNER)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    sql = [query["sql"] for query in queries.captured_queries]
    assert sum('SELECT "auth_group"."id", "auth_group"."name"' in text for text in sql) == 1


def test_the_accessibility_statement_is_open_to_everyone_and_linked_from_every_page(client):
    page = client.get("/accessibility/").content.decode()
    assert '<h1 class="govuk-heading-l">Accessibility statement</h1>' in page
    assert "Reporting a problem with the portal" in page and "/api/schema/" in page
    assert 'href="/accessibility/"' in client.get("/login/").content.decode()


def test_an_upload_without_a_file_has_an_error_summary_and_an_error_title(client_as):
    client = client_as(roles.PERFORMANCE_TEAM)
    page = client.post("/indicators/import/", {}).content.decode()
    assert "<title>Error: " in page
    assert 'class="govuk-error-summary"' in page and "Select the spreadsheet to upload" in page
