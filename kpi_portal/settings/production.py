"""Production settings: everything from the environment, hardened, and no development defaults.

Use with ``DJANGO_SETTINGS_MODULE=kpi_portal.settings.production``. It refuses to start, saying
what is missing, rather than fall back to a default that only suits one developer's machine.
"""

from django.core.exceptions import ImproperlyConfigured

from kpi_portal.settings import *  # noqa: F403
from kpi_portal.settings import DEV_RECORDS_HASH_KEY, DEV_SECRET_KEY, SECRET_KEY, env

if SECRET_KEY == DEV_SECRET_KEY or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of at least 50 characters in production."
    )


def required(name: str, why: str) -> str:
    """The environment's ``name``; without it production stops, saying ``why`` it is needed."""
    value = env.str(name, default="")
    if not value:
        raise ImproperlyConfigured(f"{name} must be set in production: {why}")
    return value


DEBUG = False

RECORDS_HASH_KEY = required(
    "RECORDS_HASH_KEY",
    "child identifiers in uploaded records are pseudonymised with this key (HMAC-SHA256); "
    "without it they would be hashed with the development key, which anyone can read.",
)
if RECORDS_HASH_KEY == DEV_RECORDS_HASH_KEY or len(RECORDS_HASH_KEY) < 32:
    raise ImproperlyConfigured(
        "RECORDS_HASH_KEY must be a random value of at least 32 characters in production."
    )
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")

CELERY_BROKER_URL = required(
    "CELERY_BROKER_URL",
    "without a broker, performance packs would be built inside web requests "
    "and reminders would never be sent.",
)
CELERY_TASK_ALWAYS_EAGER = False
PORTAL_URL = required(
    "PORTAL_URL", "links in e-mails would otherwise point at http://127.0.0.1:8000."
)
CACHES = {
    "default": env.cache_url_config(
        required(
            "CACHE_URL",
            "the API's rate limits must be counted in one cache that every worker shares, "
            "e.g. redis://host:6379/1.",
        )
    )
}
if CACHES["default"]["BACKEND"] in {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}:
    raise ImproperlyConfigured(
        "CACHE_URL must name a cache that every worker shares in production (e.g. "
        "redis://host:6379/1), not one kept in each process or none."
    )

# Only the demo fixes the portal's "today"; a live portal's due dates are the real ones.
if PORTAL_TODAY:  # noqa: F405
    raise ImproperlyConfigured(
        "PORTAL_TODAY is for the demo only: unset it in production, where today is the date."
    )

# The hashed, compressed copies that ``collectstatic`` writes, served by WhiteNoise.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "core.storage.PortalStaticStorage"},
}

SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
