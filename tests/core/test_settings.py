"""Settings come from the environment; production refuses development defaults."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


# Settings whose defaults the tests check, so none may come from the shell that runs them.
UNSET = {
    "DATABASE_URL",
    "CELERY_BROKER_URL",
    "CACHE_URL",
    "PORTAL_URL",
    "RECORDS_HASH_KEY",
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "TRUSTED_PROXY_COUNT",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "DJANGO_SETTINGS_MODULE",
    "CELERY_WORKER_MAX_MEMORY_MB",
    "PACK_PDF_ENGINE",
    "PACK_CHROMIUM_PATH",
}
# Everything production requires, as a deployment sets it.
PRODUCTION_ENV = {
    "SECRET_KEY": "k3y-" + "a1B2c3D4e5F6g7H8" * 4,
    "ALLOWED_HOSTS": "kpi.example",
    "CELERY_BROKER_URL": "redis://broker.example:6379/0",
    "CACHE_URL": "redis://cache.example:6379/1",
    "PORTAL_URL": "https://kpi.example",
    "RECORDS_HASH_KEY": "r3c0rds-" + "q1W2e3R4t5Y6u7I8" * 2,
}


def clean_env(**env: str) -> dict[str, str]:
    """This process's environment without the settings under test, plus ``env``."""
    return {k: v for k, v in os.environ.items() if k not in UNSET} | env


def read_setting(expression: str, env: dict[str, str], module: str = "kpi_portal.settings"):
    """Evaluate ``expression`` against a fresh settings module imported under ``env``."""
    code = f"import {module} as s; print(repr({expression}))"
    return subprocess.run(
        [sys.executable, "-c", code], env=clean_env(**env), cwd=ROOT, capture_output=True, text=True
    )


def test_defaults_are_sqlite_and_eager_celery():
    result = read_setting(
        "(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, s.CELERY_BROKER_URL)", {}
    )
    assert result.stdout.strip() == "('django.db.backends.sqlite3', True, None)"


def test_environment_selects_postgresql_and_a_real_broker():
    result = read_setting(
        "(s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME'],"
        " s.CELERY_TASK_ALWAYS_EAGER, s.CELERY_BROKER_URL)",
        {
            "DATABASE_URL": "postgres://u@db.example:5432/portal",
            "CELERY_BROKER_URL": "redis://127.0.0.1:6379/3",
        },
    )
    assert result.stdout.strip() == (
        "('django.db.backends.postgresql', 'portal', False, 'redis://127.0.0.1:6379/3')"
    )


def test_debug_and_allowed_hosts_come_from_environment():
    result = read_setting(
        "(s.DEBUG, s.ALLOWED_HOSTS)", {"DEBUG": "false", "ALLOWED_HOSTS": "kpi.example,x.example"}
    )
    assert result.stdout.strip() == "(False, ['kpi.example', 'x.example'])"


def test_production_refuses_the_development_secret_key():
    result = read_setting(
        "s.DEBUG", {"ALLOWED_HOSTS": "kpi.example"}, module="kpi_portal.settings.production"
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_check_deploy_is_clean():
    env = clean_env(DJANGO_SETTINGS_MODULE="kpi_portal.settings.production", **PRODUCTION_ENV)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_workers_keep_their_database_connection_unless_told_not_to():
    expression = (
        "(s.DATABASES['default']['CONN_MAX_AGE'], s.DATABASES['default']['CONN_HEALTH_CHECKS'])"
    )
    url = {"DATABASE_URL": "postgres://u@db.example:5432/portal"}
    assert read_setting(expression, url).stdout.strip() == "(60, True)"
    assert (
        read_setting(expression, url | {"DATABASE_CONN_MAX_AGE": "0"}).stdout.strip() == "(0, True)"
    )


def test_the_cache_is_per_process_unless_a_shared_one_is_named():
    expression = "(s.CACHES['default']['BACKEND'], s.CACHES['default'].get('LOCATION'))"
    default = read_setting(expression, {}).stdout.strip()
    assert default.startswith("('django.core.cache.backends.locmem.LocMemCache'")
    shared = read_setting(expression, {"CACHE_URL": "redis://127.0.0.1:6379/1"}).stdout.strip()
    assert shared == "('django.core.cache.backends.redis.RedisCache', 'redis://127.0.0.1:6379/1')"


def test_a_worker_child_is_recycled_past_a_memory_ceiling_from_the_environment():
    expression = "s.CELERY_WORKER_MAX_MEMORY_PER_CHILD"  # Celery counts KiB
    assert read_setting(expression, {}).stdout.strip() == str(1024 * 1024)
    assert read_setting(expression, {"CELERY_WORKER_MAX_MEMORY_MB": "512"}).stdout.strip() == (
        str(512 * 1024)
    )


def test_the_pack_is_printed_by_weasyprint_unless_chromium_is_named():
    expression = "(s.PACK_PDF_ENGINE, s.PACK_CHROMIUM_PATH)"
    assert read_setting(expression, {}).stdout.strip() == "('weasyprint', '/usr/bin/chromium')"
    named = {"PACK_PDF_ENGINE": "chromium", "PACK_CHROMIUM_PATH": "/opt/chromium"}
    assert read_setting(expression, named).stdout.strip() == "('chromium', '/opt/chromium')"


def test_an_unknown_pdf_engine_stops_the_portal_naming_the_setting():
    result = read_setting("s.PACK_PDF_ENGINE", {"PACK_PDF_ENGINE": "wkhtmltopdf"})
    assert result.returncode != 0
    message = "PACK_PDF_ENGINE must be one of chromium, weasyprint, not 'wkhtmltopdf'."
    assert message in result.stderr
