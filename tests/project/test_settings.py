"""Settings come from the environment and fail loudly when half-configured."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from contactcenter import env

ROOT = Path(__file__).resolve().parents[2]
PRINT = ("import django; from django.conf import settings; "
         "print(settings.{name})")


def _settings_value(name: str, **environ: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items()
            if not k.startswith(("TWILIO_", "DATABASE_URL", "REDIS_URL", "TIME_ZONE"))}
    return subprocess.run(
        [sys.executable, "-c", PRINT.format(name=name)], cwd=ROOT, capture_output=True,
        text=True, env={**base, "DJANGO_SETTINGS_MODULE": "contactcenter.settings", **environ})


def test_time_zone_defaults_to_casablanca_and_follows_the_environment() -> None:
    assert _settings_value("TIME_ZONE").stdout.strip() == "Africa/Casablanca"
    assert _settings_value("TIME_ZONE", TIME_ZONE="UTC").stdout.strip() == "UTC"


def test_half_configured_twilio_names_the_missing_keys() -> None:
    result = _settings_value("SMS_GATEWAY", TWILIO_ACCOUNT_SID="AC123")
    assert result.returncode != 0
    assert "TWILIO_AUTH_TOKEN" in result.stderr and "TWILIO_FROM_NUMBER" in result.stderr


def test_full_twilio_settings_select_the_twilio_gateway_else_the_console() -> None:
    assert _settings_value("SMS_GATEWAY").stdout.strip() == "console"
    full = _settings_value("SMS_GATEWAY", TWILIO_ACCOUNT_SID="AC1", TWILIO_AUTH_TOKEN="t",
                           TWILIO_FROM_NUMBER="+15005550006")
    assert full.stdout.strip() == "twilio"


def test_redis_url_selects_the_redis_channel_layer_and_celery() -> None:
    assert _settings_value("BACKGROUND_MODE").stdout.strip() == "in-process"
    assert _settings_value("BACKGROUND_MODE",
                           REDIS_URL="redis://127.0.0.1:6379/0").stdout.strip() == "celery"


def test_only_postgresql_is_accepted() -> None:
    result = _settings_value("DATABASES", DATABASE_URL="sqlite:///x.db", SECRET_KEY="k")
    assert result.returncode != 0 and "PostgreSQL" in result.stderr


def test_a_production_database_needs_a_secret_key() -> None:
    env_without_key = {"DATABASE_URL": "postgres://u@h/db", "SECRET_KEY": ""}
    result = _settings_value("SECRET_KEY", **env_without_key)
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_env_helpers_parse_and_fail_loudly(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("X_BOOL", "yes")
    monkeypatch.setenv("X_INT", "12")
    monkeypatch.setenv("X_LIST", "a.ma, b.ma,")
    assert env.env_bool("X_BOOL") is True
    assert env.env_int("X_INT", 0) == 12
    assert env.env_list("X_LIST", []) == ["a.ma", "b.ma"]
    monkeypatch.setenv("X_BOOL", "maybe")
    monkeypatch.setenv("X_INT", "twelve")
    with pytest.raises(ImproperlyConfigured, match="X_BOOL"):
        env.env_bool("X_BOOL")
    with pytest.raises(ImproperlyConfigured, match="X_INT"):
        env.env_int("X_INT", 0)
    secret = tmp_path / "token"
    secret.write_text("s3cret\n")
    monkeypatch.setenv("X_SECRET_FILE", str(secret))
    assert env.env_secret("X_SECRET") == "s3cret"


def test_trusted_proxies_must_be_addresses_or_networks() -> None:
    good = _settings_value("TRUSTED_PROXIES", TRUSTED_PROXIES="10.0.0.0/8, ::1")
    assert good.stdout.strip() == "['10.0.0.0/8', '::1']"
    bad = _settings_value("TRUSTED_PROXIES", TRUSTED_PROXIES="10.0.0.1, proxy.internal")
    assert bad.returncode != 0 and "proxy.internal" in bad.stderr


def test_forwarded_proto_is_trusted_only_with_named_proxies() -> None:
    alone = _settings_value("SECURE_PROXY_SSL_HEADER", TRUST_X_FORWARDED_PROTO="true")
    assert alone.returncode != 0 and "TRUSTED_PROXIES" in alone.stderr
    with_proxies = _settings_value("SECURE_PROXY_SSL_HEADER", TRUST_X_FORWARDED_PROTO="true",
                                   TRUSTED_PROXIES="10.0.0.5")
    assert with_proxies.stdout.strip() == "('HTTP_X_FORWARDED_PROTO', 'https')"
