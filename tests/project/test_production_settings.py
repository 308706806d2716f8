"""Production settings: `check --deploy` passes with a production environment; behind
HTTPS the cookies are secure and plain http is redirected (but /healthz); the quick start's
plain http://127.0.0.1 keeps working; every page carries the security headers."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION = {
    "DATABASE_URL": "postgres://cc:secret@db.internal/contactcenter",
    "REDIS_URL": "redis://redis.internal:6379/0",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "crm.example.ma",
    "CSRF_TRUSTED_ORIGINS": "https://crm.example.ma",
    "DEBUG": "false",
    "HTTPS": "true",
}
COOKIE_SETTINGS = ["SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "LANGUAGE_COOKIE_SECURE",
                   "SESSION_COOKIE_HTTPONLY", "CSRF_COOKIE_HTTPONLY", "SECURE_SSL_REDIRECT",
                   "SECURE_HSTS_SECONDS"]


def _environment(**environ: str) -> dict[str, str]:
    """The test's environment without the settings at stake (nor the browser tests'
    DJANGO_ALLOW_ASYNC_UNSAFE, which check --deploy rightly refuses)."""
    base = {k: v for k, v in os.environ.items()
            if not k.startswith(("DATABASE_URL", "REDIS_URL", "SECRET_KEY", "HTTPS", "HSTS",
                                 "SECURE_", "DEBUG", "ALLOWED_HOSTS", "TRUST",
                                 "DJANGO_ALLOW_ASYNC_UNSAFE"))}
    return {**base, "DJANGO_SETTINGS_MODULE": "contactcenter.settings", **environ}


def _settings(**environ: str) -> dict[str, object]:
    script = ("import json, django; from django.conf import settings; "
              f"print(json.dumps({{n: getattr(settings, n) for n in {COOKIE_SETTINGS!r}}}))")
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                            text=True, env=_environment(**environ), check=True)
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def _check_deploy(**environ: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, capture_output=True, text=True, env=_environment(**environ), timeout=120)


def test_check_deploy_passes_with_the_production_environment() -> None:
    result = _check_deploy(**PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_reminds_a_deployer_who_forgot_https() -> None:
    result = _check_deploy(**{**PRODUCTION, "HTTPS": "false"})
    assert result.returncode != 0
    assert "security.W012" in result.stderr and "security.W016" in result.stderr


def test_https_makes_cookies_secure_and_redirects_to_https() -> None:
    assert _settings(**PRODUCTION) == {
        "SESSION_COOKIE_SECURE": True, "CSRF_COOKIE_SECURE": True,
        "LANGUAGE_COOKIE_SECURE": True, "SESSION_COOKIE_HTTPONLY": True,
        "CSRF_COOKIE_HTTPONLY": True, "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 365 * 24 * 3600}


def test_the_quick_start_keeps_plain_http_cookies_but_http_only() -> None:
    values = _settings()
    assert values["SESSION_COOKIE_SECURE"] is values["CSRF_COOKIE_SECURE"] is False
    assert values["SECURE_SSL_REDIRECT"] is False and values["SECURE_HSTS_SECONDS"] == 0
    assert values["SESSION_COOKIE_HTTPONLY"] is values["CSRF_COOKIE_HTTPONLY"] is True


@pytest.fixture
def behind_https(settings) -> None:
    """What HTTPS=true sets."""
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 3600


@pytest.mark.django_db
def test_behind_https_plain_http_is_redirected_but_not_the_health_check(behind_https) -> None:
    page = Client().get("/accounts/login/")
    assert page.status_code == 301
    assert page["Location"] == "https://testserver/accounts/login/"
    assert Client().get("/healthz").status_code in (200, 503)


@pytest.mark.django_db
def test_behind_https_the_cookies_are_secure_and_http_only(behind_https) -> None:
    response = Client().get("/accounts/login/", secure=True)
    assert response.status_code == 200
    csrf = response.cookies["csrftoken"]
    assert csrf["secure"] and csrf["httponly"] and csrf["samesite"] == "Lax"
    assert response["Strict-Transport-Security"] == "max-age=3600; includeSubDomains"


@pytest.mark.django_db
def test_on_the_quick_start_signing_in_works_over_plain_http(agent) -> None:
    agent.user.set_password("pass-for-tests")
    agent.user.save()
    client = Client()
    response = client.post("/accounts/login/", {"username": agent.user.username,
                                                 "password": "pass-for-tests"})
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["httponly"] and not session["secure"]
    assert client.get("/desk/").status_code == 200


@pytest.mark.django_db
def test_every_page_carries_the_security_headers() -> None:
    response = Client().get("/suivi/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    policy = dict(part.strip().split(" ", 1)
                  for part in response["Content-Security-Policy"].split(";"))
    assert policy["script-src"] == policy["style-src"] == "'self'"
    assert policy["default-src"] == policy["connect-src"] == "'self'"
    assert policy["frame-ancestors"] == policy["object-src"] == "'none'"
    assert "unsafe" not in response["Content-Security-Policy"]
