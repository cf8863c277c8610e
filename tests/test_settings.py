"""Configuration: typed env readers, production refusing to start without secrets, deploy checks."""

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from config.env import env_bool, env_int, env_list, env_str
from tests.base import REPO_DIR

PROD_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SECRET_KEY": "k" * 20 + "-not-a-real-secret-but-long-and-random-enough-9f8e7d6c5b4a",
    "ALLOWED_HOSTS": "shortlist.example.org",
    "DATABASE_URL": "postgres://shortlist@db.invalid:5432/shortlist",
    "REDIS_URL": "redis://redis.invalid:6379/0",
    "SITE_URL": "https://shortlist.example.org",
}


def run_manage(*args: str, env: dict) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("reader", "raw"),
    [(env_bool, "ture"), (env_bool, "2"), (env_int, "ten"), (env_int, "4.5")],
)
def test_junk_values_stop_the_process_with_the_variable_name(monkeypatch, reader, raw):
    monkeypatch.setenv("SHORTLIST_PROBE", raw)
    with pytest.raises(ImproperlyConfigured, match="SHORTLIST_PROBE"):
        reader("SHORTLIST_PROBE", None)


def test_readers_parse_good_values_and_defaults(monkeypatch):
    monkeypatch.setenv("SHORTLIST_PROBE", " Yes ")
    assert env_bool("SHORTLIST_PROBE", False) is True
    monkeypatch.setenv("SHORTLIST_PROBE", "a, b,,c")
    assert env_list("SHORTLIST_PROBE", []) == ["a", "b", "c"]
    monkeypatch.delenv("SHORTLIST_PROBE")
    assert env_int("SHORTLIST_PROBE", 7) == 7
    with pytest.raises(ImproperlyConfigured, match="required"):
        env_str("SHORTLIST_PROBE")
    monkeypatch.setenv("SHORTLIST_PROBE", "3")
    with pytest.raises(ImproperlyConfigured, match="at least 10"):
        env_int("SHORTLIST_PROBE", 1, minimum=10)


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "SITE_URL"])
def test_production_refuses_to_start_without_its_secrets(missing):
    env = {k: v for k, v in PROD_ENV.items() if k != missing}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert missing in result.stderr


def test_production_refuses_a_weak_secret_key():
    result = run_manage("check", env={**PROD_ENV, "SECRET_KEY": "django-insecure-short"})
    assert result.returncode != 0
    assert "SECRET_KEY must be a random string" in result.stderr


def test_production_settings_pass_the_deploy_checklist():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PROD_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_uses_redis_for_the_cache_and_https_only_cookies():
    code = (
        "from django.conf import settings as s;"
        "print(s.CACHES['default']['BACKEND'], s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS,"
        " s.CELERY_BROKER_URL)"
    )
    result = run_manage("shell", "--no-imports", "-c", code, env=PROD_ENV)
    assert result.stdout.split() == [
        "django.core.cache.backends.redis.RedisCache",
        "True",
        "True",
        "31536000",
        "redis://redis.invalid:6379/0",
    ]


def test_allauth_rate_limits_are_on():
    from config.settings import base

    assert base.ACCOUNT_RATE_LIMITS["login_failed"]
    assert base.ACCOUNT_RATE_LIMITS is not False


@pytest.mark.django_db
def test_failed_logins_are_throttled(client):
    from tests.base import UserFactory

    UserFactory(email="target@example.com")
    pages = [
        client.post(reverse("account_login"), {"login": "target@example.com", "password": "wrong-password"})
        for _ in range(6)
    ]
    assert "Too many failed login attempts" not in pages[0].content.decode()
    assert "Too many failed login attempts" in pages[-1].content.decode()


@pytest.mark.django_db
def test_the_admin_login_goes_through_allauth(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.django_db
def test_pages_carry_a_strict_content_security_policy(client):
    response = client.get(reverse("landing"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "object-src 'none'" in policy
    assert "unsafe-inline" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


def test_no_template_uses_inline_scripts_styles_or_cdns():
    offenders = []
    for path in (REPO_DIR / "templates").rglob("*.html"):
        text = path.read_text()
        for needle in (
            " style=",
            "<style",
            "<script>",
            " onclick=",
            " onsubmit=",
            "cdn.",
            "//unpkg",
            "hx-on",
        ):
            if needle in text:
                offenders.append(f"{path.relative_to(REPO_DIR)}: {needle.strip()}")
    assert not offenders, offenders
