"""In the browser: choosing a resolution outcome writes its template, filled from the
complaint, into an empty explanation (and never over the agent's own words), with the first
placeholder selected to type over; a reply template is inserted into the reply box; a
placeholder left is refused, and the rule typed fills {rule}."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from knowledge import services as knowledge_services
from knowledge.models import ReplyTemplate
from tests import factories
from tests.e2e.server import sign_in, signs_in_on_the_server
from tickets import services
from tickets.models import State, Ticket

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _template(body: str, *, outcome: str = "", name: str = "Modèle") -> None:
    knowledge_services.save_reply_template(ReplyTemplate(name=name, language="fr",
                                                         outcome=outcome, body=body))


def test_outcome_and_reply_templates_fill_the_boxes(asgi_live_server: str, page: Page,
                                                    agency_a) -> None:
    base = asgi_live_server
    queue = factories.QueueFactory(agency=agency_a, code="FO-A")
    category = factories.CategoryFactory(code="af-late", default_queue=queue)
    agent = signs_in_on_the_server(factories.AgentFactory(user__username="guichet",
                                                          agency=agency_a))
    agent.queues.add(queue)
    customer = factories.CustomerFactory(agency=agency_a, first_name="Nadia",
                                         last_name="Chraibi")
    factories.ContactPointFactory(customer=customer, value="+212661234567", is_primary=True)
    ticket = services.start_ticket(ticket=services.open_complaint(
        customer=customer, channel="counter", by=agent, description="AF non reçues",
        category=category), by=agent)
    _template("Refusé car {rule}.", outcome="rejected")
    _template("Versé : {amount}, le reste refusé car {rule}.", outcome="partly_accepted")
    _template("Bonjour {customer_name}, réclamation {reference} bien reçue.", name="Accusé")

    sign_in(page, base, "guichet")
    page.goto(f"{base}/desk/tickets/{ticket.reference}/")
    page.locator("#action-resolve summary").click()
    explanation = page.locator("#id_resolve_explanation")
    page.select_option("#id_resolve_outcome", "partly_accepted")
    expect(explanation).to_have_value("Versé : {amount}, le reste refusé car {rule}.")
    # Untouched: another outcome replaces it; the first placeholder is selected.
    page.select_option("#id_resolve_outcome", "rejected")
    expect(explanation).to_have_value("Refusé car {rule}.")
    assert page.evaluate("""() => {
        const box = document.getElementById("id_resolve_explanation");
        return box.value.slice(box.selectionStart, box.selectionEnd);
    }""") == "{rule}"
    # The agent's own words are never replaced.
    explanation.fill("Mon explication.")
    page.select_option("#id_resolve_outcome", "partly_accepted")
    expect(explanation).to_have_value("Mon explication.")

    # A placeholder left is refused, in place; the rule typed fills {rule}.
    explanation.fill("Versé : {amount}, le reste refusé car {rule}.")
    page.fill("#id_resolve_rule", "décret 2-14-1")
    page.locator("#action-resolve button[type=submit]").click()
    expect(page.locator("#action-resolve")).to_contain_text("Remplacez {amount} avant")
    assert Ticket.objects.get(pk=ticket.pk).state == State.IN_PROGRESS

    # The reply composer inserts a template, filled.
    page.select_option("#template-choice-reply", label="Accusé")
    page.locator("[data-role=template-insert]").click()
    expect(page.locator("#id_reply_text")).to_have_value(
        f"Bonjour Nadia Chraibi, réclamation {ticket.reference} bien reçue.")

    # The refused form came back open: the rule fills {rule} once nothing else is left.
    page.select_option("#id_resolve_outcome", "rejected")
    explanation.fill("Refusé car {rule}.")
    page.locator("#action-resolve button[type=submit]").click()
    expect(page.locator(".ticket-header .state")).to_have_class("state state-resolved")
    assert Ticket.objects.get(pk=ticket.pk).explanation == "Refusé car décret 2-14-1."
