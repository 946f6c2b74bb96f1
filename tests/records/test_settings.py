"""Production refuses to start without a real key for pseudonymising child identifiers."""

import pytest

from tests.core.test_settings import PRODUCTION_ENV, read_setting

PRODUCTION = "kpi_portal.settings.production"


def production(env):
    return read_setting("s.RECORDS_HASH_KEY", env, module=PRODUCTION)


def test_production_starts_with_the_key():
    result = production(PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == repr(PRODUCTION_ENV["RECORDS_HASH_KEY"])


def test_production_refuses_to_start_without_the_key():
    env = {name: value for name, value in PRODUCTION_ENV.items() if name != "RECORDS_HASH_KEY"}
    result = production(env)
    assert result.returncode != 0
    assert "ImproperlyConfigured: RECORDS_HASH_KEY must be set in production: child " in (
        result.stderr
    )


@pytest.mark.parametrize("key", ["development-only-records-key", "short"])
def test_production_refuses_the_development_key_or_a_short_one(key):
    result = production(PRODUCTION_ENV | {"RECORDS_HASH_KEY": key})
    assert result.returncode != 0
    assert "RECORDS_HASH_KEY must be a random value of at least 32 characters" in result.stderr


def test_development_hashes_with_its_own_key_without_the_environment():
    result = read_setting("s.RECORDS_HASH_KEY", {})
    assert result.stdout.strip() == "'development-only-records-key'"
