"""``/healthz`` reports each dependency and answers 503, not a crash, when one is down."""

import os

import pytest
from django.db import connections

from core import health
from tests.packs.conftest import broker, start_worker, use_broker  # noqa: F401 (fixtures)


@pytest.mark.django_db
def test_healthy_on_the_embedded_default(client, settings):
    settings.CELERY_BROKER_URL = None
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "broker": "not configured", "worker": "not configured"},
    }


@pytest.mark.django_db
def test_real_redis_broker_is_checked_and_no_worker_is_degraded_not_down(client, settings):
    settings.CELERY_BROKER_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/14")
    response = client.get("/healthz")
    assert response.status_code == 200  # pages still serve: a load balancer keeps this process
    assert response.json() == {
        "status": "degraded",
        "checks": {"database": "ok", "broker": "ok", "worker": "unavailable"},
    }


@pytest.mark.django_db
def test_broker_down_answers_503(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"]["broker"].startswith("error: ")
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["worker"] == "unavailable"  # no ping can cross a broker that is down


@pytest.mark.postgresql("a server that stops; closing an in-memory SQLite drops the database")
@pytest.mark.django_db(transaction=True)
def test_database_down_answers_503(client, settings, migrated_data):
    """Point the real connection at a port where nothing listens, as when the server stops."""
    settings.CELERY_BROKER_URL = None
    connection = connections["default"]
    saved = dict(connection.settings_dict)
    connection.close()
    if connection.vendor == "sqlite":
        connection.settings_dict["NAME"] = "/nonexistent-dir/db.sqlite3"
    else:
        connection.settings_dict.update(HOST="127.0.0.1", PORT="1")
    try:
        status = health.check_database()
        response = client.get("/healthz")
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)
    assert status.startswith("error: ")
    assert response.status_code == 503
    assert response.json()["checks"]["database"].startswith("error: ")


def test_healthz_refuses_post(client):
    assert client.post("/healthz").status_code == 405


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_healthz_says_whether_a_worker_answers(client, start_worker):  # noqa: F811
    """With the broker up, ``/healthz`` pings the workers: none answers until one starts (a
    dead worker used to leave builds at "Building 45%" while /healthz said all was well)."""
    assert client.get("/healthz").json()["checks"]["worker"] == "unavailable"
    start_worker()
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "broker": "ok", "worker": "ok"},
    }
