"""Health checks behind ``/healthz``: each returns a status and never raises."""

from django.conf import settings
from django.db import DatabaseError, connections
from kombu import Connection

OK = "ok"


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
        return "not configured"
    try:
        with Connection(url, connect_timeout=timeout) as connection:
            connection.ensure_connection(max_retries=1, timeout=timeout)
    except Exception as error:  # kombu raises transport-specific errors; all mean "down".
        return f"error: {error.__class__.__name__}"
    return OK


def run_checks() -> tuple[bool, dict[str, str]]:
    """All checks, and whether the portal is healthy (every check ok or not configured)."""
    checks = {"database": check_database(), "broker": check_broker()}
    healthy = all(status in (OK, "not configured") for status in checks.values())
    return healthy, checks
