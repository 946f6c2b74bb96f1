"""Sign-in protection, idle time-out and security headers."""

import time

import pytest
from django.test import override_settings

from core import roles
from core.middleware import LAST_SEEN
from tests.conftest import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def test_repeated_failures_lock_the_account_out(client, make_user, settings):
    user = make_user(roles.REPORTER)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/login/", {"username": user.username, "password": "wrong"})
    response = client.post("/login/", {"username": user.username, "password": TEST_PASSWORD})
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_correct_password_before_the_limit_still_signs_in(client, make_user):
    user = make_user(roles.REPORTER)
    client.post("/login/", {"username": user.username, "password": "wrong"})
    response = client.post("/login/", {"username": user.username, "password": TEST_PASSWORD})
    assert response.status_code == 302


def test_idle_sessions_are_signed_out(client_as, settings):
    client = client_as(roles.VIEWER)
    assert client.get("/").status_code == 200
    session = client.session
    session[LAST_SEEN] = time.time() - settings.SESSION_IDLE_MINUTES * 60 - 1
    session.save()
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_pages_carry_a_strict_content_security_policy(client_as):
    response = client_as(roles.VIEWER).get("/")
    policy = response["Content-Security-Policy"]
    assert (
        "script-src 'self'" in policy
        and "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    )
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert "<script>" not in response.content.decode()


@pytest.mark.parametrize("password", ["short", "password1234", "123456789012"])
def test_weak_passwords_are_refused(password):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_password(password)


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
def test_a_long_uncommon_password_is_accepted():
    from django.contrib.auth.password_validation import validate_password

    assert validate_password("river-lantern-copper-7") is None


@pytest.mark.parametrize(
    ("password", "username"),
    [
        ("Summer2024!!", "someone"),  # a common word, a year and symbols
        ("kpi-portal-2016", "someone"),  # the portal's name and a year
        ("Viewer2016!!", "viewer"),  # the user's own username and a year
        ("Rita-Reporter-1999", "rreporter"),  # the user's own name
        ("2016-2024-1999!!", "someone"),  # years and symbols only
    ],
)
def test_passwords_built_from_guessable_words_are_refused(password, username, django_user_model):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    user = django_user_model(username=username, first_name="Rita", last_name="Reporter")
    with pytest.raises(ValidationError, match="words anyone could guess"):
        validate_password(password, user)


@pytest.mark.parametrize(
    "password", [TEST_PASSWORD, "river-lantern-copper-7", "summer-winter-spring-kpi"]
)
def test_three_words_that_are_not_names_are_accepted(password, django_user_model):
    from django.contrib.auth.password_validation import validate_password

    user = django_user_model(username="viewer", first_name="Vera", last_name="Viewer")
    assert validate_password(password, user) is None


def test_the_demo_passwords_pass_the_policy(django_user_model):
    from django.contrib.auth.password_validation import validate_password

    from core.demo import new_password

    for _ in range(200):
        validate_password(new_password(), django_user_model(username="qa", first_name="Quinn"))
