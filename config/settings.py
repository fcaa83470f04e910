"""Baken settings: one file, every knob read from the environment (see README, "Configuration").

`BAKEN_ENV=production` turns on the production profile, which refuses to start without a
real secret key and field-encryption key.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return default if value is None or value == "" else int(value)


BAKEN_ENV = env("BAKEN_ENV", "development")
PRODUCTION = BAKEN_ENV == "production"

# A development-only key: the production profile refuses it (below).
_DEV_SECRET = "dev-only-insecure-key-never-use-in-production-baken-0000000000"  # noqa: S105
SECRET_KEY = env("DJANGO_SECRET_KEY", _DEV_SECRET)
DEBUG = env_bool("DJANGO_DEBUG", not PRODUCTION)
ALLOWED_HOSTS = [h for h in env("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]

# Fernet keys for field encryption, newest first, comma-separated (MultiFernet rotation).
# The development key is derived from a fixed string so a fresh clone works; production
# refuses it.
_DEV_FIELD_KEY = "ZGV2LW9ubHktZmllbGQta2V5LWJha2VuLTAwMDAwMDA="
FIELD_ENCRYPTION_KEYS = [k for k in env("BAKEN_FIELD_KEYS", _DEV_FIELD_KEY).split(",") if k]

if PRODUCTION:
    if SECRET_KEY == _DEV_SECRET or len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("Set DJANGO_SECRET_KEY to a random value of 50+ characters.")
    if _DEV_FIELD_KEY in FIELD_ENCRYPTION_KEYS:
        raise ImproperlyConfigured("Set BAKEN_FIELD_KEYS to a real Fernet key (see README).")
    from cryptography.fernet import Fernet

    try:  # a typo must stop the start, not the first story being saved
        [Fernet(key.encode()) for key in FIELD_ENCRYPTION_KEYS]
    except ValueError:
        message = "BAKEN_FIELD_KEYS holds a value that is not a Fernet key (docs/deploy.md)."
        raise ImproperlyConfigured(message) from None

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "baken.core",
    "baken.accounts",
    "baken.audit",
    "baken.directory",
    "baken.listings",
    "baken.triage",
    "baken.referrals",
    "baken.chat",
    "baken.buddies",
    "baken.mediation",
    "baken.guidance",
    "baken.frontdoors",
    "baken.insights",
]

MIDDLEWARE = [
    "baken.accounts.middleware.ForwardedClientAddressMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Static files straight from the ASGI process (`make run`, production behind a proxy).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "baken.core.middleware.SecurityHeadersMiddleware",
    "baken.core.middleware.ApiErrorMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "baken.accounts.middleware.StaffSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

# The chat's channel layer: Redis in production (every ASGI process shares it), process
# memory for `make run` and tests. Only nudges (and sealed lines) travel over it; messages live
# in the database.
_CHANNEL_LAYER = env("BAKEN_CHANNEL_LAYER", "redis" if PRODUCTION else "memory")
# channels_redis' pub/sub layer sends every subscribe and publish of a process over one
# connection per "host", one at a time: when the sockets of a killed process all reconnect to
# this one, their subscriptions queued every nudge behind them (publish p50 220 ms for a second
# in the chat bench). The same Redis listed N times gives N connections, channels spread over
# them by name; and our layer does not subscribe a consumer's own channel (baken/chat/layers.py).
CHAT_REDIS_CONNECTIONS = env_int("BAKEN_CHAT_REDIS_CONNECTIONS", 8)
if _CHANNEL_LAYER == "redis":
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "baken.chat.layers.GroupsOnlyPubSubChannelLayer",
            "CONFIG": {
                "hosts": [env("BAKEN_REDIS_URL", "redis://127.0.0.1:6379/0")] * max(1, CHAT_REDIS_CONNECTIONS),
                "prefix": env("BAKEN_CHANNEL_PREFIX", "baken"),
            },
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "baken.core.context_processors.baken",
            ],
        },
    },
]

(BASE_DIR / "var").mkdir(exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'baken.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL and a busy timeout let the worker and the web process share the file.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"

# Staff sessions: idle timeout 30 minutes (sliding), absolute limit 12 hours.
SESSION_COOKIE_AGE = env_int("BAKEN_STAFF_IDLE_SECONDS", 30 * 60)
SESSION_SAVE_EVERY_REQUEST = False
STAFF_SESSION_ABSOLUTE_SECONDS = env_int("BAKEN_STAFF_ABSOLUTE_SECONDS", 12 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Sessions live in the database, never in a process: any app node can serve any staff request,
# and a node that dies takes no logins with it (docs/deploy.md, "Nothing lives in a node").
SESSION_ENGINE = "django.contrib.sessions.backends.db"
CSRF_COOKIE_HTTPONLY = True
# No cookie outlives the visit (docs/accessibility.md, "Leaving without a trace"): the CSRF
# token and the session cookie live only as long as the browser session. The server still
# ends a session after SESSION_COOKIE_AGE (the expiry stored with the session row).
CSRF_COOKIE_AGE = None
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_FAILURE_VIEW = "baken.core.views.csrf_failure"

# django-axes: lock an account + address out after 5 failures for one hour.
AXES_FAILURE_LIMIT = env_int("BAKEN_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_CALLABLE = "baken.accounts.views.locked_out"
# Failed logins and lockouts are rows in the database, shared by every app node (the cache
# handler would lose them on a Redis restart).
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"

LANGUAGE_CODE = "nl"
# Public pages speak eight languages (issue 14; docs/adr/0140-public-and-staff-strings.md);
# staff pages stay Dutch and English. Arabic is written right to left (Django's
# LANGUAGES_BIDI already lists "ar"). Review states: baken/core/translations.py.
LANGUAGES = [
    ("nl", _("Dutch")),
    ("en", _("English")),
    ("ar", _("Arabic")),
    ("tr", _("Turkish")),
    ("pl", _("Polish")),
    ("uk", _("Ukrainian")),
    ("so", _("Somali")),
    ("ti", _("Tigrinya")),
]
STAFF_LANGUAGES = ("nl", "en")
LOCALE_PATHS: list[Path] = []  # each app keeps its own locale/
USE_I18N = True
TIME_ZONE = "Europe/Amsterdam"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns about a missing root before `collectstatic`
WHITENOISE_USE_FINDERS = DEBUG  # development serves app static folders without collectstatic
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Background tasks: the Tasks API backport; the database backend is worked off by
# `make worker` (django-tasks-db). Tests run tasks immediately.
TASKS = {
    "default": {
        "BACKEND": env("BAKEN_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", "baken@localhost")
EMAIL_HOST = env("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 25)

# Where the quick exit sends people: a neutral page. Configurable per deployment.
BAKEN_EXIT_URL = env("BAKEN_EXIT_URL", "https://www.google.com/search?q=weer")
# Public address of this site, for links in e-mails to staff (never to help seekers).
BAKEN_SITE_URL = env("BAKEN_SITE_URL", "http://127.0.0.1:8000")
# Days a closed referral / case is kept before the retention task deletes its content.
BAKEN_RETENTION_DAYS = env_int("BAKEN_RETENTION_DAYS", 90)
# Usage counts: cells with fewer people than this are suppressed everywhere.
BAKEN_SUPPRESSION_THRESHOLD = env_int("BAKEN_SUPPRESSION_THRESHOLD", 10)
# Buddy programme: days between check-ins.
BAKEN_CHECKIN_INTERVAL_DAYS = env_int("BAKEN_CHECKIN_INTERVAL_DAYS", 28)
# Reverse proxies in front of the app that append to X-Forwarded-For (0: none; then the
# header is ignored). Rate limits and login lockouts count per client address.
BAKEN_TRUSTED_PROXY_COUNT = env_int("BAKEN_TRUSTED_PROXY_COUNT", 0)
# Failed code + passphrase attempts allowed per client address per 15 minutes.
BAKEN_ACCESS_ATTEMPTS = env_int("BAKEN_ACCESS_ATTEMPTS", 10)

# Production shares rate-limit counters between processes through Redis; development and
# tests keep them in process memory.
CACHES = {
    "default": {
        "BACKEND": env(
            "BAKEN_CACHE_BACKEND",
            "django.core.cache.backends.redis.RedisCache"
            if PRODUCTION
            else "django.core.cache.backends.locmem.LocMemCache",
        ),
        "LOCATION": env("BAKEN_CACHE_LOCATION", "redis://127.0.0.1:6379/0" if PRODUCTION else "baken"),
        # Several deployments (or a test) may share one Redis: keys carry this prefix.
        "KEY_PREFIX": env("BAKEN_CACHE_KEY_PREFIX", "baken"),
    }
}
# A task claimed by a worker that died (killed, machine lost) stays "running" for ever in
# django-tasks-db; `manage.py requeue_stale_tasks` (a timer, deploy/) hands it back to the
# queue after this many seconds. It must be longer than the longest task runs.
BAKEN_TASK_STALE_SECONDS = env_int("BAKEN_TASK_STALE_SECONDS", 15 * 60)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"structured": {"()": "baken.core.logging.StructuredFormatter"}},
    "filters": {"without_connection_lines": {"()": "baken.core.logging.WithoutConnectionLines"}},
    "handlers": {"stdout": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "structured"}},
    "root": {"handlers": ["stdout"], "level": env("BAKEN_LOG_LEVEL", "INFO")},
    "loggers": {
        # Request lines carry paths and client addresses; we keep them out of the logs.
        "django.server": {"handlers": [], "propagate": False},
        "django.request": {"handlers": ["stdout"], "level": "ERROR", "propagate": False},
        # uvicorn's own lines (start, stop, errors), without its line per WebSocket.
        # No level here: uvicorn's `--log-level` keeps deciding it.
        "uvicorn.error": {
            "handlers": ["stdout"],
            "propagate": False,
            "filters": ["without_connection_lines"],
        },
    },
}

SECURE_CONTENT_TYPE_NOSNIFF = True
# "same-origin", not "no-referrer": other sites still get no Referer, but with "no-referrer"
# browsers send `Origin: null` on every form POST and Django's CSRF check refuses them all.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    STATIC_ROOT = Path(env("DJANGO_STATIC_ROOT", str(BASE_DIR / "var" / "static")))

# The Open Referral HSDS 3.0 schemas (a copy of openreferral/specification `schema/`). When the
# directory exists, the OpenAPI document embeds them, so responses are checked against them
# without the internet; otherwise it links to the published ones.
HSDS_SCHEMA_DIR = os.environ.get("HSDS_SCHEMA_DIR", str(BASE_DIR.parent / "shared" / "hsds" / "schema"))
