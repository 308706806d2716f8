"""An agent plays a customer's phone on the simulator: texts a complaint and gets its
reference, texts SUIVI with it and gets the status, receives an agent's transition as an SMS,
then calls the voice menu and hears the status after typing the reference. Everything goes
through the real, signed webhooks, served by daphne on the test database."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests import factories
from tests.e2e.server import sign_in, signs_in_on_the_server
from tickets import services
from tickets.models import Ticket

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
NUMBER = "+212661234567"
REFERENCE = re.compile(r"\b\d{10}\b")


def test_an_agent_texts_and_calls_from_a_customers_phone(
        asgi_live_server: str, page: Page, agency_a, tmp_path) -> None:
    base = asgi_live_server
    agent = signs_in_on_the_server(factories.AgentFactory(user__username="guichet",
                                                          agency=agency_a))
    queue = factories.QueueFactory(agency=agency_a, code="FO-A")
    agent.queues.add(queue)
    category = factories.CategoryFactory(code="pension-late", label_fr="Pension non versée",
                                         label_ar="معاش غير مؤدى")
    customer = factories.CustomerFactory(agency=agency_a, first_name="Khadija",
                                         last_name="Bennani")
    factories.ContactPointFactory(customer=customer, value=NUMBER, is_primary=True)

    sign_in(page, base, "guichet")
    page.goto(f"{base}/telephony/simulator/")
    expect(page.locator("#sim-number")).to_have_value(NUMBER)
    expect(page.locator("#sim-pick")).to_contain_text("Bennani")

    # A complaint by SMS: the answer carries its reference.
    page.fill("#sim-body", "Ma pension de retraite n'est pas versée depuis deux mois")
    page.locator("#sim-sms-form [type=submit]").click()
    reply = page.locator("#sim-sms-log .sim-in").first
    expect(reply).to_contain_text(REFERENCE)
    ticket = Ticket.objects.get()
    assert ticket.customer == customer and ticket.channel == "sms"
    expect(reply).to_contain_text(ticket.reference)

    # Its status, by SMS.
    page.fill("#sim-body", f"SUIVI {ticket.reference}")
    page.locator("#sim-sms-form [type=submit]").click()
    status = page.locator("#sim-sms-log .sim-in").nth(1)
    expect(status).to_contain_text(ticket.reference)
    expect(status).not_to_have_text(reply.inner_text())

    # An agent takes it on the desk and asks for a document: the transition arrives on the
    # phone as an SMS.
    ticket = services.triage_ticket(ticket=ticket, by=agent, category=category, queue=queue)
    assert ticket.assignee_id == agent.pk
    ticket = services.start_ticket(ticket=ticket, by=agent)
    services.ask_customer(ticket=ticket, by=agent, request="Merci d'envoyer votre RIB.")
    expect(page.locator("#sim-outbox")).to_contain_text("Merci d'envoyer votre RIB.")
    expect(page.locator("#sim-outbox")).to_contain_text(ticket.reference)
    page.screenshot(path=str(tmp_path / "simulator-sms-fr.png"), full_page=True)

    # Its status, by phone: French, follow a complaint, the reference then #.
    page.locator("#sim-call").click()
    expect(page.locator("#sim-call-log")).to_contain_text("1")
    keypad = page.locator(".sim-keypad")
    expect(keypad.locator("[data-key='1']")).to_be_enabled()
    keypad.locator("[data-key='1']").click()
    expect(keypad.locator("[data-key='1']")).to_be_enabled()
    keypad.locator("[data-key='1']").click()
    expect(page.locator("#sim-call-log .sim-pressed")).to_have_count(2)
    expect(keypad.locator("[data-key='#']")).to_be_enabled()
    for key in ticket.reference:
        keypad.locator(f"[data-key='{key}']").click()
    expect(page.locator("#sim-typed")).to_have_text(ticket.reference)
    keypad.locator("[data-key='#']").click()
    spoken_reference = " ".join(ticket.reference)
    expect(page.locator("#sim-call-log .sim-say").last).to_contain_text(spoken_reference)
    page.screenshot(path=str(tmp_path / "simulator-call-fr.png"), full_page=True)

    page.locator("#sim-hangup").click()
    expect(page.locator("#sim-call")).to_be_enabled()

    # The page in Arabic, right to left; the status keyword in Arabic (the answer is in the
    # customer's preferred language).
    page.locator("button[name=language][value=ar]").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("#sim-number")).to_have_value(NUMBER)
    page.fill("#sim-body", f"تتبع {ticket.reference}")
    page.locator("#sim-sms-form [type=submit]").click()
    status = page.locator("#sim-sms-log .sim-in").first
    expect(status).to_contain_text(ticket.reference)
    page.screenshot(path=str(tmp_path / "simulator-sms-ar.png"), full_page=True)
