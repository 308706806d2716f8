"""A supervisor watches the SLA board while a complaint of their agency slips: the sweep
fires its 75 % level, then its 100 % level, and the board shows it at risk, then breached,
within a few seconds and without reloading. Then the same board in Arabic, right to left.

The board listens on /ws/board/, which pytest-django's live server (WSGI) does not speak:
the pages are served by daphne, as in production, on the test database; the test process
delivers the outbox to the same Redis channel layer."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connections
from playwright.sync_api import Page, expect

from contactcenter.org.models import Agent
from sla.models import EscalationLevel, SlaPolicy
from tests import factories
from tests.e2e.server import sign_in, signs_in_on_the_server
from tickets import escalation, outbox, services
from tickets.models import Ticket

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LIVE_TIMEOUT = 5_000  # ms: "within a few seconds"








@pytest.fixture
def national_policy() -> SlaPolicy:
    """The data migration's default policy (an earlier transactional test may have flushed
    it): 40 business hours, levels at 75 %, 100 % (breach) and 150 %."""
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
        asgi_live_server: str, page: Page, national_policy, agency_a, tmp_path,
        settings) -> None:
    settings.BACKGROUND_MODE = "in-process"  # this test delivers the outbox itself
    base = asgi_live_server
    queue = factories.QueueFactory(agency=agency_a, code="FO-A")
    category = factories.CategoryFactory(code="af-late", label_fr="Allocations familiales",
                                         label_ar="التعويضات العائلية", default_queue=queue)
    handler = factories.AgentFactory(user__username="guichet", agency=agency_a)
    handler.queues.add(queue)
    signs_in_on_the_server(factories.AgentFactory(
        user__username="superviseur", user__first_name="Omar", user__last_name="Idrissi",
        role=Agent.Role.SUPERVISOR, agency=agency_a))
    customer = factories.CustomerFactory(agency=agency_a)
    ticket = services.open_complaint(customer=customer, channel="counter", by=handler,
                                     category=category, description="AF non reçues")
    _deliver()
    row = page.locator(f'#board tr[data-reference="{ticket.reference}"]')

    sign_in(page, base, "superviseur")
    page.locator(".mainnav a[href='/sla/board/']").click()
    expect(page.locator("#board-status")).to_have_class("board-status board-status-live")
    _total(page, "open").to_have_text("1")
    _total(page, "at_risk").to_have_text("0")
    expect(row).to_have_count(0)
    page.evaluate("window.boardNotReloaded = true")

    # The sweep fires the 75 % level: the assignee is warned, the board shows it at risk.
    escalation.sweep(now=ticket.next_escalation_at + timedelta(minutes=1))
    _deliver()
    expect(row).to_have_attribute("data-status", "at-risk", timeout=LIVE_TIMEOUT)
    _total(page, "at_risk").to_have_text("1")
    expect(row.locator("a.ref")).to_have_attribute("href",
                                                   f"/desk/tickets/{ticket.reference}/")

    # Then the 100 % level: breached.
    due = Ticket.objects.get(pk=ticket.pk).resolution_due
    escalation.sweep(now=due + timedelta(minutes=1))
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
