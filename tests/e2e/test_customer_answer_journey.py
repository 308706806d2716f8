"""An agent asks the customer for a document; the customer's SMS arrives (through the phone
simulator and the real, signed webhook); the agent's open page shows a toast about it
(and the page hears a "desk:notice" event), and the complaint is back in progress in the
agent's queue with the answer in its history. On daphne, the test database and Redis."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests import factories
from tests.e2e.server import sign_in, signs_in_on_the_server
from tickets import services
from tickets.models import Ticket

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
NUMBER = "+212661234567"
ANSWER = "Voici mon RIB : 011 780 0000 1234"
# Every "desk:notice" the page dispatches, kept for the test to read.
_LISTEN = """document.body.addEventListener("desk:notice", (event) => {
  (window.deskNotices = window.deskNotices || []).push(event.detail);
});"""


def test_the_customers_answer_reaches_the_agents_open_page(
        asgi_live_server: str, page: Page, agency_a, tmp_path) -> None:
    base = asgi_live_server
    agent = signs_in_on_the_server(factories.AgentFactory(user__username="guichet",
                                                          agency=agency_a))
    agent.queues.add(factories.QueueFactory(agency=agency_a, code="FO-A"))
    category = factories.CategoryFactory(code="pension-late", label_fr="Pension non versée",
                                         label_ar="معاش غير مؤدى")
    customer = factories.CustomerFactory(agency=agency_a, first_name="Khadija",
                                         last_name="Bennani")
    factories.ContactPointFactory(customer=customer, value=NUMBER, is_primary=True)
    ticket = services.open_complaint(customer=customer, channel="counter", by=agent,
                                     category=category,
                                     description="Pension non versée depuis deux mois")
    assert ticket.assignee_id == agent.pk
    services.start_ticket(ticket=ticket, by=agent)

    # The agent asks for the document on the complaint's page.
    sign_in(page, base, "guichet")
    page.goto(f"{base}/desk/tickets/{ticket.reference}/")
    page.locator("#action-ask_customer summary").click()
    page.locator("#action-ask_customer textarea, #action-ask_customer input[type=text]"
                 ).first.fill("Merci d'envoyer votre RIB.")
    page.locator("#action-ask_customer form [type=submit]").click()
    expect(page.locator(".ticket-header .state")).to_have_class("state state-waiting")

    # Their queue stays open while the customer texts from their phone (another tab).
    page.goto(f"{base}/desk/")
    page.evaluate(_LISTEN)
    expect(page.locator("#desk-toasts")).to_be_attached()
    phone = page.context.new_page()
    phone.goto(f"{base}/telephony/simulator/")
    expect(phone.locator("#sim-number")).to_have_value(NUMBER)
    phone.fill("#sim-body", ANSWER)
    phone.locator("#sim-sms-form [type=submit]").click()
    expect(phone.locator("#sim-sms-log .sim-in").first).to_contain_text(ticket.reference)
    phone.close()

    toast = page.locator("#desk-toasts .desk-toast")
    expect(toast).to_have_count(1)
    expect(toast).to_have_attribute("role", "status")
    expect(toast).to_contain_text(f"Le client a répondu pour la réclamation {ticket.reference}")
    expect(toast.locator("a")).to_have_attribute("href",
                                                 f"/desk/tickets/{ticket.reference}/")
    notices = page.evaluate("window.deskNotices")
    assert [(n["event"], n["reference"]) for n in notices] == [
        ("customer_answered", ticket.reference)]
    page.screenshot(path=str(tmp_path / "toast-fr.png"))

    # Back in progress in the queue, without a reload of the toast's page first.
    page.reload()
    row = page.locator("tr", has_text=ticket.reference)
    expect(row).to_contain_text("En cours")
    expect(page.locator("#desk-toasts .desk-toast")).to_have_count(0)

    # The answer is in the complaint's history; the toast can be dismissed.
    assert Ticket.objects.get(pk=ticket.pk).state == Ticket.State.IN_PROGRESS
    page.goto(f"{base}/desk/")
    services.assign_ticket(ticket=Ticket.objects.get(pk=ticket.pk),
                           by=factories.AgentFactory(agency=agency_a, role="supervisor"),
                           agent=agent)
    toast = page.locator("#desk-toasts .desk-toast")
    expect(toast).to_contain_text(ticket.reference)
    toast.locator("[data-dismiss-toast]").click()
    expect(toast).to_have_count(0)
    page.goto(f"{base}/desk/tickets/{ticket.reference}/")
    expect(page.locator("ol.events > li").filter(has_text=ANSWER)).to_have_count(1)
