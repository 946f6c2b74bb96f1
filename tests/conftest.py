"""Fixtures shared by the whole suite: users in roles, and the real browser."""

import io
import os
from collections.abc import Callable, Iterator

import pytest
from django.contrib.auth.models import Group

TEST_PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def make_user(db, django_user_model) -> Callable:
    """Make a user in ``role`` (or none); the password is ``TEST_PASSWORD``."""
    counter = iter(range(1, 10_000))

    def make(role: str | None = None, username: str | None = None, **fields):
        username = username or f"{(role or 'norole').split()[0].lower()}{next(counter)}"
        user = django_user_model.objects.create_user(
            username=username, password=TEST_PASSWORD, **fields
        )
        if role:
            user.groups.add(Group.objects.get(name=role))
        return user

    return make


@pytest.fixture
def client_as(client, make_user) -> Callable:
    """A test client signed in as a new user in ``role``."""

    def sign_in(role: str | None, **fields):
        client.force_login(make_user(role, **fields))
        return client

    return sign_in


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker) -> str:
    """pytest-django's set-up, then the test database as migrations left it, captured at once:
    captured when first asked for, it was empty if a transactional test had flushed first."""
    from django.db import connection

    with django_db_blocker.unblock():
        return connection.creation.serialize_db_to_string()


@pytest.fixture(scope="session")
def serialized_database(django_db_setup) -> str:
    """The test database as migrations left it (roles, permissions), captured at set-up.

    Transactional tests flush the database; the browser tests put this back first. (Django's
    own serialized rollback keeps it on a connection object that Playwright's event loop
    hides from the tests, as Django connections are context-local.)
    """
    return django_db_setup


@pytest.fixture(scope="session")
def browser(serialized_database) -> Iterator:
    """Debian's chromium driven by Playwright; Playwright's own browser download is not used."""
    # Playwright's sync API runs an event loop in this thread; the Django ORM calls made by
    # the tests themselves are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def migrated_data(transactional_db, serialized_database) -> None:
    """For a transactional test: the rows the data migrations made (roles, service areas...),
    put back after an earlier transactional test flushed them."""
    from django.apps import apps
    from django.core.management import call_command
    from django.core.management.color import no_style
    from django.db import connection

    # The flush that ended the previous test re-created content types with new keys.
    call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
    connection.creation.deserialize_db_from_string(serialized_database)
    # The rows came back with their keys: the next new row of a table (an area besides the
    # default rules' ones) must take the key after them, as after ``loaddata``.
    with connection.cursor() as cursor:
        tables = [model for model in apps.get_models() if model._meta.managed]
        for sql in connection.ops.sequence_reset_sql(no_style(), tables):
            cursor.execute(sql)


@pytest.fixture
def page(browser, live_server, migrated_data) -> Iterator:
    """A fresh browser page whose relative URLs go to the live test server."""
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def sign_in_page(page, make_user) -> Callable:
    """Sign in through the real login form as a new user in ``role``; returns the page."""

    def sign_in(role: str | None, **fields):
        user = make_user(role, **fields)
        page.goto("/login/")
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password").fill(TEST_PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        return page

    return sign_in


@pytest.fixture
def demo(migrated_data) -> None:
    """The demo data of ``manage.py load_demo``, every user's password ``TEST_PASSWORD``."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    call_command("load_demo", stdout=io.StringIO())
    for user in get_user_model().objects.all():
        user.set_password(TEST_PASSWORD)
        user.save(update_fields=["password"])


def pytest_collection_modifyitems(config, items) -> None:
    """Tests marked ``postgresql`` are skipped, saying why, on any other database: CI runs the
    rest on the embedded SQLite too (``make test``), as ``make demo`` and newcomers use it."""
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return
    for item in items:
        if marker := item.get_closest_marker("postgresql"):
            why = marker.args[0] if marker.args else "see the test"
            item.add_marker(pytest.mark.skip(reason=f"Needs PostgreSQL: {why}."))


# Browser tests need a live server, so a real transaction; the ``page`` fixture restores the
# roles and permissions that data migrations made, which the flush after each test removes.
BROWSER_TEST = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _fast_passwords(settings) -> None:
    """Test users are made by the dozen; the production hasher would take most of the run."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _plain_static_storage(settings) -> None:
    """Serve static files from the finders: tests must not depend on a prior collectstatic."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path) -> None:
    """Uploaded files and built packs go to a fresh folder per test."""
    settings.MEDIA_ROOT = tmp_path / "media"
