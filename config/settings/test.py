"""Test settings: PostgreSQL and Redis when reachable, otherwise SQLite and in-process jobs.

``make test`` and CI use this module. With ``REQUIRE_SERVICES=1`` an unreachable PostgreSQL or
Redis is an error instead of a fallback, so CI can never go green by quietly testing less.
"""

import os
import socket
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_str

from .base import *  # noqa: F403
from .base import VAR_DIR


def _reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


REQUIRE_SERVICES = env_bool("REQUIRE_SERVICES", False)
TEST_PG_URL = env_str("TEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/shortlist")
TEST_REDIS_URL = env_str("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")

_db_url = os.environ.get("DATABASE_URL", "")
if not _db_url:
    _pg = environ.Env.db_url_config(TEST_PG_URL)
    if _reachable(_pg["HOST"] or "127.0.0.1", int(_pg["PORT"] or 5432)):
        _db_url = TEST_PG_URL
    elif REQUIRE_SERVICES:
        raise ImproperlyConfigured(f"REQUIRE_SERVICES=1 but PostgreSQL is not reachable at {TEST_PG_URL}.")
if _db_url:
    DATABASES = {"default": environ.Env.db_url_config(_db_url)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "test-default.sqlite3",
            # A file, not :memory:, so a real Celery worker process can open the test database.
            "TEST": {"NAME": str(VAR_DIR / "test.sqlite3")},
            "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20},
        }
    }

_redis = urlsplit(TEST_REDIS_URL)
REDIS_AVAILABLE = _reachable(_redis.hostname or "127.0.0.1", _redis.port or 6379)
if REQUIRE_SERVICES and not REDIS_AVAILABLE:
    raise ImproperlyConfigured(f"REQUIRE_SERVICES=1 but Redis is not reachable at {TEST_REDIS_URL}.")

SHORTLIST_TEST_BACKENDS = {
    "database": DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1],
    "redis": TEST_REDIS_URL if REDIS_AVAILABLE else "not reachable (Redis tests fall back or skip)",
}

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# A real worker process in a test writes mail to files the test reads (TEST_EMAIL_BACKEND).
EMAIL_BACKEND = env_str("TEST_EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", True)
CELERY_TASK_EAGER_PROPAGATES = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
