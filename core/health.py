"""Health checks behind ``/healthz``: each returns a status and never raises."""

from celery import current_app
from django.conf import settings
from django.db import DatabaseError, connections
from kombu import Connection

OK = "ok"
NOT_CONFIGURED = "not configured"
UNAVAILABLE = "unavailable"


def check_database(*, alias: str = "default") -> str:
    """``ok`` when the database answers a query, otherwise the reason it does not."""
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        return f"error: {error.__class__.__name__}"
    return OK


def check_broker(*, url: str | None = None, timeout: float = 2.0) -> str:
    """``ok`` when the Celery broker accepts a connection; ``not configured`` in eager mode."""
    url = url if url is not None else settings.CELERY_BROKER_URL
    if not url:
        return NOT_CONFIGURED
    try:
        with Connection(url, connect_timeout=timeout) as connection:
            connection.ensure_connection(max_retries=1, timeout=timeout)
    except Exception as error:  # kombu raises transport-specific errors; all mean "down".
        return f"error: {error.__class__.__name__}"
    return OK


def check_worker(*, url: str | None = None, timeout: float = 1.0) -> str:
    """``ok`` when a Celery worker answers a ping on the broker within ``timeout`` seconds,
    ``unavailable`` when none does (or the broker cannot carry the ping); ``not configured``
    in eager mode, where tasks run in the web process itself."""
    url = url if url is not None else settings.CELERY_BROKER_URL
    if not url:
        return NOT_CONFIGURED
    try:
        with Connection(url, connect_timeout=timeout) as connection:
            replies = current_app.control.ping(timeout=timeout, connection=connection)
    except Exception:  # kombu raises transport-specific errors; all mean no answer.
        return UNAVAILABLE
    return OK if replies else UNAVAILABLE


def run_checks() -> tuple[str, dict[str, str]]:
    """All checks, and the portal's status: ``error`` when the database or the broker is
    down (the web process cannot do its work: 503); ``degraded`` when they answer but no
    worker does (pages serve, packs and e-mails wait: still 200, so a load balancer keeps
    the web process, while monitoring sees the word); ``ok`` otherwise."""
    checks = {"database": check_database(), "broker": check_broker()}
    if any(status not in (OK, NOT_CONFIGURED) for status in checks.values()):
        return "error", {**checks, "worker": UNAVAILABLE}
    checks["worker"] = check_worker()
    return ("ok" if checks["worker"] != UNAVAILABLE else "degraded"), checks
