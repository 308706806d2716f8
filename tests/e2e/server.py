"""daphne on the test database, for the journeys that need WebSockets (pytest-django's live
server is WSGI), and signing in on it."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from playwright.sync_api import Page, expect

from contactcenter.org.models import Agent
from tests.servers import database_url, free_port, wait_until_listening

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "pass-for-tests"


@pytest.fixture
def asgi_live_server(transactional_db) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """daphne (HTTP, WebSockets, static files) on a free port, on the test database and the
    test's channel layer."""
    if "redis" not in settings.CHANNEL_LAYERS["default"]["BACKEND"]:
        pytest.fail("Live pages need a channel layer shared by two processes: set REDIS_URL.")
    connection.ensure_connection()
    port = free_port()
    env = {**os.environ, "DATABASE_URL": database_url(), "SECRET_KEY": settings.SECRET_KEY,
           "DATABASE_CONN_MAX_AGE": "0", "DEBUG": "false"}
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", "--insecure",
         "--skip-checks", f"127.0.0.1:{port}"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_until_listening(server, port)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def signs_in_on_the_server(agent: Agent) -> Agent:
    """The server process hashes with the default hashers, not the tests' quick one."""
    hasher = PBKDF2PasswordHasher()
    agent.user.password = hasher.encode(PASSWORD, hasher.salt())
    agent.user.save(update_fields=["password"])
    return agent


def sign_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form:has(input[name=password]) [type=submit]").click()
    expect(page.locator(".whoami-name")).to_be_visible()
    page.wait_for_load_state("load")  # the page's scripts started: typing is heard
