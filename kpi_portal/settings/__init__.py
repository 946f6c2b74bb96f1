"""Settings for the KPI portal, read from the environment.

With no environment set the portal runs on a SQLite file in the project and Celery runs
tasks eagerly in-process, so a newcomer needs no services. Set ``DATABASE_URL`` and
``CELERY_BROKER_URL`` to run on PostgreSQL with a Redis-backed worker.
"""

from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:
    from django.http import HttpRequest

BASE_DIR = Path(__file__).resolve().parent.parent.parent
DEV_SECRET_KEY = "dev-only-secret-key-do-not-use-in-production"

env = environ.Env()

SECRET_KEY = env.str("SECRET_KEY", default=DEV_SECRET_KEY)
# Off unless asked for (``make demo`` asks): a forgotten setting must not show tracebacks and
# settings to the world.
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])

INSTALLED_APPS = [
    "core.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_forms_gds",
    "django_tables2",
    "django_filters",
    "import_export",
    "simple_history",
    "axes",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
]
# The portal's own apps, in the order ``load_demo`` loads their demo data: the dataset import
# loads the catalogue and the sample month that the others' demo data builds on.
PORTAL_APPS = [
    "core",
    "indicators",
    "dataset_import",
    "returns",
    "audits",
    "caseloads",
    "packs",
    "quality",
    "api",
    "records",
    "search",
]
INSTALLED_APPS += PORTAL_APPS

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.middleware.IdleTimeoutMiddleware",
    "core.middleware.PrivatePagesMiddleware",
    # Last, as django-axes requires: refuses sign-in attempts from a locked-out user.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Sign-in protection (django-axes): after AXES_FAILURE_LIMIT failed attempts for a username
# from one address, that pair is locked out for AXES_COOLOFF_TIME. Sign-ins, sign-outs and
# failed attempts are logged in one place, the audit trail (``core.signals``): axes keeps only
# the failure counts its lockouts need, no access log or log lines of its own.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_VERBOSE = False
# A lockout ends AXES_COOLOFF_TIME after the failure that caused it: attempts refused during
# it are not counted, or a guessing script would keep its victim locked out for ever.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# The reverse proxies in front of the portal that each append the address they saw to
# X-Forwarded-For. With 0 the connection's own address is the client's; with N the client is
# the Nth entry from the right, so an address a client writes into the header is never used.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)


def client_address(request: "HttpRequest") -> str | None:
    """The client's address for sign-in lockouts, read as the API's rate limits read it.

    Django REST framework's throttles already parse X-Forwarded-For by NUM_PROXIES (set from
    TRUSTED_PROXY_COUNT below); using their reading keeps one rule for "who is this client".
    """
    from rest_framework.throttling import BaseThrottle

    return BaseThrottle().get_ident(request)


AXES_CLIENT_IP_CALLABLE = client_address

# Signed-in sessions end after SESSION_IDLE_MINUTES without a request, and with the browser.
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=30)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True

# Content-Security-Policy (django-csp): scripts only from the portal's own files, never inline.
# Styles allow inline <style> because the server-side SVG charts carry their own stylesheet.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Imports: what one file of any kind may hold (README, "Security"). A file past a bound is
# refused before it is read in full, in words naming the bound (imports.tables_io).
IMPORT_MAX_UPLOAD_MB = env.int("IMPORT_MAX_UPLOAD_MB", default=20)
# The real files are a few thousand rows of ~60 columns (wide layout) or 100,001 rows of 4
# (a long file of 100,000 values); these leave room for both.
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=200_000)
IMPORT_MAX_COLUMNS = env.int("IMPORT_MAX_COLUMNS", default=702)  # column ZZ
IMPORT_MAX_CELLS = env.int("IMPORT_MAX_CELLS", default=1_000_000)
# A preview lists this many errors, warnings and notes each one by one; past it, each kind
# (what the problem says) is counted on one line, e.g. "And 12,345 more ... "TBC" ...".
IMPORT_LISTED_PROBLEMS = env.int("IMPORT_LISTED_PROBLEMS", default=500)
# Requests over the upload limit (plus room for the form) are refused as they arrive, before
# they are read (imports.uploads); imports.tables_io checks the file itself again, by content.
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "imports.uploads.SizeLimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

ROOT_URLCONF = "kpi_portal.urls"
WSGI_APPLICATION = "kpi_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.navigation",
                "core.context_processors.demo",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"].setdefault("ATOMIC_REQUESTS", False)
# A worker keeps its connection between requests (checked before reuse): a new one costs
# PostgreSQL a new server process, which was a large part of every page under load.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The API's rate limits are counted in this cache. Each worker process has its own unless
# CACHE_URL names a shared one (redis://host:6379/1 in production), which every worker counts in.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # zxcvbn estimates how fast a password is guessed: it refuses what the rules above let
    # through, such as "aaaaaaaaaaaa", keyboard runs and common words with digits added.
    {"NAME": "django_zxcvbn_password_validator.ZxcvbnPasswordValidator"},
    # zxcvbn scores "Summer2024!!" and "kpi-portal-2016" safe: this refuses what is built
    # from common words, the portal's name and the user's own names with years and symbols.
    {"NAME": "core.passwords.GuessableWordsValidator"},
]
# zxcvbn's score (0-4) a password must reach: 3 is "safely unguessable", some protection even
# if the password hashes were stolen.
PASSWORD_MINIMAL_STRENGTH = 3
# Words of the portal's own that a password must not be built from (with the user's names);
# zxcvbn weighs them too.
PASSWORD_GUESSABLE_WORDS = ["kpi", "portal", "performance", "council", "children", "families"]
PASSWORD_EXTRA_DICTIONARY = PASSWORD_GUESSABLE_WORDS

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
# Django's own date formats are the portal's one format (core.dates): "6 December 2026".
FORMAT_MODULE_PATH = ["kpi_portal.formats"]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("govuk", BASE_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk"),
]
# Static files by their plain names, so that pages (and the error pages) render on a fresh
# clone without ``collectstatic``; production serves the hashed, compressed copies instead.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
MEDIA_URL = "/media/"

# Practice audits: case references are pseudonymous case numbers, never names.
AUDIT_CASE_REFERENCE_PATTERN = env.str("AUDIT_CASE_REFERENCE_PATTERN", default=r"^[A-Z]{2}\d{6}$")
# django-import-export's own formula escaping, behind the portal's resources' neutralising.
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True

# Child-level records (issue 28). Child identifiers are replaced on arrival by an HMAC-SHA256
# keyed with this; production refuses to start without it (kpi_portal/settings/production.py).
# The development key below only suits a machine with made-up records.
DEV_RECORDS_HASH_KEY = "development-only-records-key"
RECORDS_HASH_KEY = env.str("RECORDS_HASH_KEY", default=DEV_RECORDS_HASH_KEY)
# Records of a month are purged this many months after it, once the month is published.
RECORDS_RETENTION_MONTHS = env.int("RECORDS_RETENTION_MONTHS", default=24)
# The lists of five years of a large authority run to a few hundred thousand rows.
RECORDS_MAX_UPLOAD_MB = env.int("RECORDS_MAX_UPLOAD_MB", default=100)
RECORDS_MAX_ROWS = env.int("RECORDS_MAX_ROWS", default=1_000_000)
# One sheet of a records workbook (200,000 contacts of 10 columns are 2,000,000 cells); it is
# read in the imports' worker, capped at 1 GB and 60 s as every workbook is.
RECORDS_MAX_CELLS = env.int("RECORDS_MAX_CELLS", default=5_000_000)

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"
DJANGO_TABLES2_TEMPLATE = "core/table.html"

# Celery: with no broker configured, tasks run eagerly in the calling process.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="") or None
CELERY_TASK_ALWAYS_EAGER = CELERY_BROKER_URL is None
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A worker's pool process is replaced once a task leaves it holding more than this (Celery
# measures it after each task, in KiB): a pack of thousands of indicators would otherwise
# keep its gigabytes in the worker for good.
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env.int("CELERY_WORKER_MAX_MEMORY_MB", default=1024) * 1024
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="kpi-portal@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
    # Sign-ins are logged in the audit trail (see AXES_VERBOSE above); axes' errors still show.
    "loggers": {"axes": {"level": "ERROR"}},
}

# The monthly return (returns app): due a number of working days after the month ends
# (England and Wales bank holidays skipped); reminders a number of working days before that.
RETURN_DUE_WORKING_DAYS = env.int("RETURN_DUE_WORKING_DAYS", default=10)
RETURN_REMINDER_WORKING_DAYS = env.int("RETURN_REMINDER_WORKING_DAYS", default=3)
# The portal's "today" (``core.clock.today``): unset, the date in London. Only the demo sets
# it (``make demo``: 10 October 2016), so that its September 2016 sample reads as a month in
# progress - due dates, overdue marks and date defaults as they were then - and every page
# says it is the demo.
PORTAL_TODAY = env.str("PORTAL_TODAY", default="")
# The portal's address, for links in e-mails.
PORTAL_URL = env.str("PORTAL_URL", default="http://127.0.0.1:8000")
CELERY_BEAT_SCHEDULE = {
    # Weekday mornings; each reminder goes out once (returns.models.SentReminder).
    "returns-reminders": {
        "task": "returns.tasks.send_due_reminders",
        "schedule": crontab(hour=8, minute=0, day_of_week="mon-fri"),
    },
    # The first of each month: the month that just ended is opened for returns, unless
    # the performance team opened it already (returns.services.open_ended_month).
    "returns-open-ended-month": {
        "task": "returns.tasks.open_ended_month",
        "schedule": crontab(day_of_month=1, hour=6, minute=0),
    },
    # Every minute: the e-mails a return owes that its own task could not send (broker or
    # mail server down), kept in the outbox (returns.models.ReturnNotice).
    "returns-send-pending-notices": {
        "task": "returns.tasks.send_pending_notices",
        "schedule": crontab(),
    },
    # Every minute: a pack build dead past PACK_BUILD_TIMEOUT_SECONDS is marked failed here,
    # not by the pages that read it (packs.services.expire_stuck_builds).
    "packs-expire-stuck-builds": {
        "task": "packs.tasks.expire_stuck_builds",
        "schedule": crontab(),
    },
    # Nightly: child-level records past RECORDS_RETENTION_MONTHS whose months are published
    # are purged, each purge counted in the audit trail (records.services.purge_expired).
    "records-purge-expired": {
        "task": "records.tasks.purge_expired_records",
        "schedule": crontab(hour=2, minute=30),
    },
}

# The monthly performance pack (packs app). A build queued or building for longer than this
# is marked failed; it is also the task's soft time limit.
PACK_BUILD_TIMEOUT_SECONDS = env.int("PACK_BUILD_TIMEOUT_SECONDS", default=600)
# What typesets the pack's PDF from its HTML (packs.builders.pdf): "weasyprint" (no browser;
# its PDF declares PDF/UA-1, as a published public-sector document should) or "chromium",
# headless Chromium driven by Playwright (three to four times as fast; the worker needs the
# browser at PACK_CHROMIUM_PATH; tagged, but its running header and page numbers are not
# marked as artifacts, so it is not PDF/UA). WeasyPrint is the default: the pack's
# accessibility is a requirement, its speed a target, and a new machine (the demo) has no
# browser.
PACK_PDF_ENGINES = ("chromium", "weasyprint")
PACK_PDF_ENGINE = env.str("PACK_PDF_ENGINE", default="weasyprint")
if PACK_PDF_ENGINE not in PACK_PDF_ENGINES:
    raise ImproperlyConfigured(
        f"PACK_PDF_ENGINE must be one of {', '.join(PACK_PDF_ENGINES)}, not {PACK_PDF_ENGINE!r}."
    )
PACK_CHROMIUM_PATH = env.str("PACK_CHROMIUM_PATH", default="/usr/bin/chromium")
# Tests only: seconds a build waits after each stage, so that a test can kill its worker.
PACK_STAGE_PAUSE_SECONDS = env.float("PACK_STAGE_PAUSE_SECONDS", default=0)
# Redis gives a message whose worker died unacknowledged to another worker after this many
# seconds: longer than any task. Tests shorten it to see a killed worker's build redelivered.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600)
}

# The read-only API for BI tools (api app): a token per user (or the session), the pages' role
# rules, pages of rows, CSV with ?format=csv, and rates per user (and per address for anyone
# not signed in) kept in the default cache.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.UsesApi"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "api.renderers.PortalCSVRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.PortalPagination",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_ANON_RATE", default="30/hour"),
        "user": env.str("API_USER_RATE", default="2000/hour"),
    },
    "DEFAULT_SCHEMA_CLASS": "api.schema.PortalAutoSchema",
    "COERCE_DECIMAL_TO_STRING": False,
    # Rates for anyone not signed in are counted per client address, read behind the proxies.
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "KPI portal API",
    "DESCRIPTION": "Read-only figures of the Children and Families performance portal for BI "
    "tools: the indicators, the monthly values with their computed columns, and the audit and "
    "caseload figures by month (aggregates only). Send `Authorization: Token <your token>` "
    "(from the portal's API token page); add `?format=csv` for CSV.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["api.permissions.UsesApi"],
    # Swagger UI from the installed drf-spectacular-sidecar files: no CDN, CSP-safe.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Swagger UI for WCAG 2.2 AA: without deep links it writes each operation's path as text,
    # not as a link nested inside the button that opens the operation (axe "nested-interactive");
    # without syntax highlighting its examples are light text on dark, not low-contrast colours.
    "SWAGGER_UI_SETTINGS": {"deepLinking": False, "syntaxHighlight": {"activated": False}},
    "ENUM_NAME_OVERRIDES": {"DirectionEnum": "indicators.calculations.Direction"},
}
