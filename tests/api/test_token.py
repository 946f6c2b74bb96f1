"""The token page: a user creates, replaces and revokes their own token; rates are limited."""

import os

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from rest_framework.throttling import UserRateThrottle

from core import roles

pytestmark = pytest.mark.django_db


def _with(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def test_a_token_is_shown_once_and_reads_the_api(client_as):
    client = client_as(roles.VIEWER)
    assert "You have no token yet." in client.get(reverse("api:token")).content.decode()
    response = client.post(reverse("api:token"), {"action": "issue"})
    token = Token.objects.get()
    assert token.key in response.content.decode() and "no-store" in response["Cache-Control"]
    assert token.key not in client.get(reverse("api:token")).content.decode()
    assert _with(token.key).get("/api/monthly-values/").status_code == 200


def test_replacing_a_token_stops_the_old_one(client_as):
    client = client_as(roles.OWNER)
    client.post(reverse("api:token"), {"action": "issue"})
    old = Token.objects.get().key
    client.post(reverse("api:token"), {"action": "issue"})
    new = Token.objects.get().key
    assert new != old
    assert _with(old).get("/api/indicators/").status_code == 401
    assert _with(new).get("/api/indicators/").status_code == 200


def test_revoking_a_token(client_as):
    client = client_as(roles.PERFORMANCE_TEAM)
    client.post(reverse("api:token"), {"action": "issue"})
    key = Token.objects.get().key
    page = client.post(reverse("api:token"), {"action": "revoke"}).content.decode()
    assert not Token.objects.exists() and "You have no token yet." in page
    assert _with(key).get("/api/indicators/").status_code == 401


def test_only_users_granted_the_api_get_a_token(client_as):
    assert Client().get(reverse("api:token")).status_code == 302  # to sign in
    assert client_as(None).get(reverse("api:token")).status_code == 403


def test_requests_over_the_rate_are_refused(api_as, monkeypatch):
    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", {"user": "3/minute"})
    client = api_as(roles.VIEWER)
    statuses = [client.get("/api/indicators/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert int(client.get("/api/indicators/")["Retry-After"]) > 0
    assert api_as(roles.VIEWER).get("/api/indicators/").status_code == 200  # per user


def test_rates_are_counted_in_redis_when_cache_url_names_it(api_as, monkeypatch, settings):
    """Counted in Redis, a user's requests are seen by every worker process, not only the
    one that served them."""
    import redis
    from django.core.cache import caches

    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/14")
    prefix = f"throttle-test-{os.getpid()}"
    backend = "django.core.cache.backends.redis.RedisCache"
    settings.CACHES = {"default": {"BACKEND": backend, "LOCATION": url, "KEY_PREFIX": prefix}}
    monkeypatch.setattr(UserRateThrottle, "cache", caches["default"])
    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", {"user": "2/minute"})
    client = api_as(roles.VIEWER)
    try:
        statuses = [client.get("/api/indicators/").status_code for _ in range(3)]
        assert statuses == [200, 200, 429]
        assert redis.Redis.from_url(url).keys(f"{prefix}:*throttle_user_*")
    finally:
        caches["default"].clear()
