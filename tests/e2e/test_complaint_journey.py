"""A front-office agent opens a complaint from the customer's record, starts it, resolves it
with an explanation and reads the history; a supervisor looking at the same complaint is
shown to the agent, live, and is told when it changes.

The presence notice needs WebSockets, which pytest-django's live server (WSGI) does not
speak: the pages are served by daphne, as in production, on the test database."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from playwright.sync_api import Browser, Page, expect

from contactcenter.org.models import Agent
from tests import factories
from tickets.models import State, Ticket

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "pass-for-tests"


def _database_url() -> str:
    """The test database, as a URL another process can reach."""
    params = connection.get_connection_params()
    host = params.get("host") or "127.0.0.1"
    host = quote(host, safe="") if host.startswith("/") else host
    port = f":{params['port']}" if params.get("port") else ""
    user = quote(params.get("user") or "postgres")
    password = f":{quote(params['password'])}" if params.get("password") else ""
    return f"postgres://{user}{password}@{host}{port}/{params['dbname']}"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def asgi_live_server(transactional_db) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """daphne (HTTP and WebSockets) on a free port, on the test database."""
    connection.ensure_connection()
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": _database_url(), "SECRET_KEY": settings.SECRET_KEY,
           "DATABASE_CONN_MAX_AGE": "0", "DEBUG": "false"}
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", "--insecure",
         "--skip-checks", f"127.0.0.1:{port}"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while True:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            if server.poll() is not None or time.monotonic() > deadline:
                error = server.stderr.read().decode() if server.poll() is not None else ""
                pytest.fail(f"daphne did not start: {error[-2000:]}")
            time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def _signs_in_on_the_server(agent: Agent) -> Agent:
    """The server process hashes with the default hashers, not the tests' quick one."""
    hasher = PBKDF2PasswordHasher()
    agent.user.password = hasher.encode(PASSWORD, hasher.salt())
    agent.user.save(update_fields=["password"])
    return agent


def _sign_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form:has(input[name=password]) [type=submit]").click()
    expect(page.locator(".whoami-name")).to_be_visible()


def test_an_agent_opens_starts_and_resolves_a_complaint_while_a_supervisor_looks_on(
        asgi_live_server: str, browser: Browser, page: Page, agency_a, tmp_path) -> None:
    base = asgi_live_server
    queue = factories.QueueFactory(agency=agency_a, code="FO-A")
    category = factories.CategoryFactory(code="af-late", label_fr="Allocations familiales",
                                         label_ar="التعويضات العائلية")
    agent = _signs_in_on_the_server(factories.AgentFactory(
        user__username="guichet", user__first_name="Samira", user__last_name="Alami",
        agency=agency_a))
    agent.queues.add(queue)
    _signs_in_on_the_server(factories.AgentFactory(
        user__username="superviseur", user__first_name="Omar", user__last_name="Idrissi",
        role=Agent.Role.SUPERVISOR, agency=agency_a))
    customer = factories.CustomerFactory(agency=agency_a, first_name="Khadija",
                                         last_name="Bennani")
    factories.ContactPointFactory(customer=customer, value="+212661234567")

    # The record, then the complaint form: one click.
    _sign_in(page, base, "guichet")
    page.fill("#q", "bennani")
    page.locator("#results a", has_text="Bennani").click()
    page.locator(f"a[href='/desk/open/{customer.pk}/']").click()
    expect(page.locator("#id_channel")).to_have_value("counter")
    page.select_option("#id_category", str(category.pk))
    page.fill("#id_description", "Allocations familiales non reçues depuis mars")
    page.screenshot(path=str(tmp_path / "open-fr.png"), full_page=True)
    page.locator("form.open-form [type=submit]").click()  # the second click

    ticket = Ticket.objects.get()
    assert ticket.assignee_id == agent.pk and ticket.state == State.ASSIGNED
    expect(page).to_have_url(f"{base}/desk/tickets/{ticket.reference}/")
    expect(page.locator("h1")).to_contain_text(ticket.reference)
    expect(page.locator(".customer-360")).to_contain_text("Khadija Bennani")

    page.locator("#action-start button[type=submit]").click()
    expect(page.locator("#action-resolve")).to_be_visible()
    assert Ticket.objects.get().state == State.IN_PROGRESS

    # A supervisor opens the same complaint: each is shown the other, live.
    watching = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    other = watching.new_page()
    other.set_default_timeout(10_000)
    _sign_in(other, base, "superviseur")
    other.goto(f"{base}/desk/tickets/{ticket.reference}/")
    expect(page.locator("#presence")).to_be_visible()
    expect(page.locator("#presence")).to_contain_text("Omar I.")
    expect(other.locator("#presence")).to_contain_text("Samira A.")
    page.screenshot(path=str(tmp_path / "presence-fr.png"), full_page=True)

    # Resolve, with an explanation for the customer.
    page.locator("#action-resolve summary").click()
    page.select_option("#id_resolve_outcome", "accepted")
    page.fill("#id_resolve_explanation", "Vos allocations seront versées le 10 avril.")
    page.locator("#action-resolve form [type=submit]").click()
    expect(page.locator(".ticket-header .state")).to_have_class("state state-resolved")
    assert Ticket.objects.get().state == State.RESOLVED

    # The supervisor's page is told, and the history tells the story.
    expect(other.locator("#changed")).to_be_visible()
    expect(other.locator("#changed")).to_contain_text("Samira A.")
    history = page.locator("ol.events > li")
    expect(history).to_have_count(5)
    expect(history.last).to_contain_text("Vos allocations seront versées le 10 avril.")
    expect(history.last.locator(".badge-customer")).to_be_visible()
    expect(history.last.locator(".state-resolved")).to_be_visible()
    expect(history.last).to_contain_text("Samira Alami")

    watching.close()
    expect(page.locator("#presence")).to_be_hidden()

    page.locator("button[name=language][value=ar]").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("ol.events > li")).to_have_count(5)
    page.screenshot(path=str(tmp_path / "complaint-ar.png"), full_page=True)
