"""Production refuses to start without what a shared deployment needs; development needs none."""

import pytest

from tests.core.test_settings import PRODUCTION_ENV, read_setting

PRODUCTION = "kpi_portal.settings.production"


def production(env: dict[str, str]):
    return read_setting(
        "(s.DEBUG, s.CELERY_TASK_ALWAYS_EAGER, s.CACHES['default']['BACKEND'],"
        " s.STORAGES['staticfiles']['BACKEND'])",
        env,
        module=PRODUCTION,
    )


def test_production_starts_with_everything_set():
    result = production(PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "(False, False, 'django.core.cache.backends.redis.RedisCache',"
        " 'core.storage.PortalStaticStorage')"
    )


@pytest.mark.parametrize("missing", ["CELERY_BROKER_URL", "CACHE_URL", "PORTAL_URL"])
def test_production_refuses_to_start_without(missing):
    env = {name: value for name, value in PRODUCTION_ENV.items() if name != missing}
    result = production(env)
    assert result.returncode != 0
    assert f"ImproperlyConfigured: {missing} must be set in production: " in result.stderr


@pytest.mark.parametrize("url", ["locmemcache://", "dummycache://"])
def test_production_refuses_a_cache_its_workers_do_not_share(url):
    result = production(PRODUCTION_ENV | {"CACHE_URL": url})
    assert result.returncode != 0
    assert "ImproperlyConfigured: CACHE_URL must name a cache that every worker shares" in (
        result.stderr
    )


def test_production_refuses_the_demos_fixed_today():
    result = production(PRODUCTION_ENV | {"PORTAL_TODAY": "2016-10-10"})
    assert result.returncode != 0
    assert "ImproperlyConfigured: PORTAL_TODAY is for the demo only" in result.stderr


def test_development_is_not_in_debug_and_needs_no_collectstatic_unless_asked():
    expression = "(s.DEBUG, s.STORAGES['staticfiles']['BACKEND'])"
    plain = "'django.contrib.staticfiles.storage.StaticFilesStorage'"
    assert read_setting(expression, {}).stdout.strip() == f"(False, {plain})"
    assert read_setting(expression, {"DEBUG": "true"}).stdout.strip() == f"(True, {plain})"
