"""Sign-in: lockouts that end, keyed on the real client behind proxies, and strong passwords."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.forms import SetPasswordForm
from django.db.models import F

from core import roles
from tests.conftest import TEST_PASSWORD
from tests.core.test_settings import read_setting

PROXY = "10.0.0.1"


def fail(client, username: str, times: int, **meta: str) -> None:
    """``times`` sign-in attempts with a wrong password, as a guessing script makes them."""
    for _ in range(times):
        client.post("/login/", {"username": username, "password": "wrong-guess"}, **meta)


def sign_in(client, username: str, **meta: str):
    return client.post("/login/", {"username": username, "password": TEST_PASSWORD}, **meta)


def time_passes(minutes: float) -> None:
    """Age every recorded failure, as if ``minutes`` had passed since it was made."""
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=minutes))


def trust_proxies(settings, count: int) -> None:
    """The settings that ``TRUSTED_PROXY_COUNT=count`` gives (checked in the test below)."""
    settings.TRUSTED_PROXY_COUNT = count
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": count}


@pytest.mark.django_db
def test_a_lockout_ends_after_its_cool_off_whatever_is_tried_meanwhile(client, make_user, settings):
    user = make_user(roles.REPORTER)
    cool_off = settings.AXES_COOLOFF_TIME / timedelta(minutes=1)
    fail(client, user.username, settings.AXES_FAILURE_LIMIT)

    time_passes(cool_off - 1)
    fail(client, user.username, 3)
    assert sign_in(client, user.username).status_code == 429

    time_passes(2)
    response = sign_in(client, user.username)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.django_db
def test_a_lockout_holds_one_user_at_one_address(client, make_user, settings):
    locked, other = make_user(roles.REPORTER), make_user(roles.REPORTER)
    fail(client, locked.username, settings.AXES_FAILURE_LIMIT, REMOTE_ADDR="203.0.113.7")

    assert sign_in(client, locked.username, REMOTE_ADDR="203.0.113.7").status_code == 429
    assert sign_in(client, other.username, REMOTE_ADDR="203.0.113.7").status_code == 302
    client.logout()
    assert sign_in(client, locked.username, REMOTE_ADDR="203.0.113.8").status_code == 302


@pytest.mark.django_db
def test_behind_a_trusted_proxy_the_address_it_forwarded_is_the_clients(
    client, make_user, settings
):
    trust_proxies(settings, 1)
    user = make_user(roles.REPORTER)
    # The client wrote an address of its own into the header; the proxy appended the real one.
    spoofed = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "198.51.100.9, 203.0.113.7"}
    fail(client, user.username, settings.AXES_FAILURE_LIMIT, **spoofed)

    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["203.0.113.7"]
    assert sign_in(client, user.username, **spoofed).status_code == 429
    elsewhere = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.8"}
    assert sign_in(client, user.username, **elsewhere).status_code == 302


@pytest.mark.django_db
def test_without_trusted_proxies_a_forwarded_address_is_ignored(client, make_user, settings):
    trust_proxies(settings, 0)
    user = make_user(roles.REPORTER)
    forwarded = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.7"}
    fail(client, user.username, settings.AXES_FAILURE_LIMIT, **forwarded)

    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == [PROXY]
    other_header = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.8"}
    assert sign_in(client, user.username, **other_header).status_code == 429


def test_trusted_proxy_count_comes_from_the_environment():
    expression = (
        "(s.TRUSTED_PROXY_COUNT, s.REST_FRAMEWORK['NUM_PROXIES'],"
        " s.AXES_CLIENT_IP_CALLABLE is s.client_address)"
    )
    assert read_setting(expression, {}).stdout.strip() == "(0, 0, True)"
    behind_one = read_setting(expression, {"TRUSTED_PROXY_COUNT": "1"}).stdout.strip()
    assert behind_one == "(1, 1, True)"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("password", "warning"),
    [
        ("aaaaaaaaaaaa", 'Warning: Repeats like "aaa" are easy to guess'),
        ("sunshine2024", "Warning: This is similar to a commonly used password"),
    ],
)
def test_guessable_passwords_are_refused_with_a_plain_message(make_user, password, warning):
    form = SetPasswordForm(
        make_user(roles.REPORTER), {"new_password1": password, "new_password2": password}
    )
    assert not form.is_valid()
    errors = form.errors["new_password2"]
    assert errors[0].startswith("Your password is too guessable: It would take an offline")
    assert warning in errors
