"""A supervisor watches the SLA board while a complaint of their agency slips: the sweep
fires its 75 % level, then its 100 % level, and the board shows it at risk, then breached,
within a few seconds and without reloading. Then the same board in Arabic, right to left.

The board listens on /ws/board/, which pytest-django's live server (WSGI) does not speak:
the pages are served by daphne, as in production, on the test database; the test process
delivers the outbox to the same Redis channel layer."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection, connections
from playwright.sync_api import Page, expect

from contactcenter.org.models import Agent
from sla import services as sla_services
from sla.models import EscalationLevel, SlaPolicy
from sla.selectors import clear_cache
from tests import factories
from tickets import outbox, services
from tickets.models import Ticket

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "pass-for-tests"
LIVE_TIMEOUT = 5_000  # ms: "within a few seconds"


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
def board_server(transactional_db) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """daphne (HTTP and WebSockets, static files) on a free port, on the test database and
    the test's channel layer."""
    if "redis" not in settings.CHANNEL_LAYERS["default"]["BACKEND"]:
        pytest.fail("The live board needs a channel layer shared by two processes: set "
                    "REDIS_URL.")
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


@pytest.fixture
def national_policy() -> SlaPolicy:
    """The data migration's default policy (an earlier transactional test may have flushed
    it): 40 business hours, levels at 75 %, 100 % (breach) and 150 %."""
    clear_cache()
    policy, created = SlaPolicy.objects.get_or_create(
        category=None, priority="", channel="", segment="",
        defaults={"name": "Politique nationale", "resolution": timedelta(hours=40)})
    if created:
        EscalationLevel.objects.bulk_create([
            EscalationLevel(policy=policy, percent=75, warn_assignee=True),
            EscalationLevel(policy=policy, percent=100, breach=True, notify_supervisor=True),
            EscalationLevel(policy=policy, percent=150, notify_regional_manager=True,
                            raise_priority=True)])
    return policy


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


def _deliver() -> None:
    """Deliver the outbox as the background worker does, from a thread of its own: the
    sync Playwright API keeps an event loop in this one, where async_to_sync refuses to
    run."""
    delivered = []

    def work() -> None:
        try:
            delivered.append(outbox.deliver_due())
        finally:
            connections.close_all()

    worker = threading.Thread(target=work)
    worker.start()
    worker.join(timeout=30)
    assert delivered and delivered[0] > 0


def _total(page: Page, count: str) -> object:
    return expect(page.locator(f'#board tfoot [data-count="{count}"]'))


def test_a_supervisor_watches_a_complaint_turn_at_risk_then_breached(
        board_server: str, page: Page, national_policy, agency_a, tmp_path,
        settings) -> None:
    settings.BACKGROUND_MODE = "in-process"  # this test delivers the outbox itself
    base = board_server
    queue = factories.QueueFactory(agency=agency_a, code="FO-A")
    category = factories.CategoryFactory(code="af-late", label_fr="Allocations familiales",
                                         label_ar="التعويضات العائلية", default_queue=queue)
    handler = factories.AgentFactory(user__username="guichet", agency=agency_a)
    handler.queues.add(queue)
    _signs_in_on_the_server(factories.AgentFactory(
        user__username="superviseur", user__first_name="Omar", user__last_name="Idrissi",
        role=Agent.Role.SUPERVISOR, agency=agency_a))
    customer = factories.CustomerFactory(agency=agency_a)
    ticket = services.open_complaint(customer=customer, channel="counter", by=handler,
                                     category=category, description="AF non reçues")
    _deliver()
    row = page.locator(f'#board tr[data-reference="{ticket.reference}"]')

    _sign_in(page, base, "superviseur")
    page.locator(".mainnav a[href='/sla/board/']").click()
    expect(page.locator("#board-status")).to_have_class("board-status board-status-live")
    _total(page, "open").to_have_text("1")
    _total(page, "at_risk").to_have_text("0")
    expect(row).to_have_count(0)
    page.evaluate("window.boardNotReloaded = true")

    # The sweep fires the 75 % level: the assignee is warned, the board shows it at risk.
    sla_services.sweep(now=ticket.next_escalation_at + timedelta(minutes=1))
    _deliver()
    expect(row).to_have_attribute("data-status", "at-risk", timeout=LIVE_TIMEOUT)
    _total(page, "at_risk").to_have_text("1")
    expect(row.locator("a.ref")).to_have_attribute("href",
                                                   f"/desk/tickets/{ticket.reference}/")

    # Then the 100 % level: breached.
    due = Ticket.objects.get(pk=ticket.pk).resolution_due
    sla_services.sweep(now=due + timedelta(minutes=1))
    _deliver()
    expect(row).to_have_attribute("data-status", "breached", timeout=LIVE_TIMEOUT)
    _total(page, "breached").to_have_text("1")
    _total(page, "at_risk").to_have_text("0")
    assert page.evaluate("window.boardNotReloaded") is True
    page.screenshot(path=str(tmp_path / "board-fr.png"), full_page=True)

    # The same board in Arabic: right to left, still live.
    page.locator(".langswitch button[lang=ar]").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    expect(page.locator("#board-status")).to_have_class("board-status board-status-live")
    expect(row).to_have_attribute("data-status", "breached")
    expect(row).to_contain_text("التعويضات العائلية")
    services.start_ticket(ticket=Ticket.objects.get(pk=ticket.pk), by=handler)
    _deliver()
    expect(row.locator(".state")).to_have_class("state state-in_progress",
                                                timeout=LIVE_TIMEOUT)
    page.screenshot(path=str(tmp_path / "board-ar.png"), full_page=True)
