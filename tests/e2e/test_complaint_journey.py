"""A front-office agent opens a complaint from the customer's record, starts it, resolves it
with an explanation and reads the history; a supervisor looking at the same complaint is
shown to the agent, live, and is told when it changes.

The presence notice needs WebSockets, which pytest-django's live server (WSGI) does not
speak: the pages are served by daphne, as in production, on the test database."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from contactcenter.org.models import Agent
from tests import factories
from tests.e2e.server import sign_in, signs_in_on_the_server
from tickets.models import State, Ticket

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]













def test_an_agent_opens_starts_and_resolves_a_complaint_while_a_supervisor_looks_on(
        asgi_live_server: str, browser: Browser, page: Page, agency_a, tmp_path) -> None:
    base = asgi_live_server
    queue = factories.QueueFactory(agency=agency_a, code="FO-A")
    category = factories.CategoryFactory(code="af-late", label_fr="Allocations familiales",
                                         label_ar="التعويضات العائلية")
    agent = signs_in_on_the_server(factories.AgentFactory(
        user__username="guichet", user__first_name="Samira", user__last_name="Alami",
        agency=agency_a))
    agent.queues.add(queue)
    signs_in_on_the_server(factories.AgentFactory(
        user__username="superviseur", user__first_name="Omar", user__last_name="Idrissi",
        role=Agent.Role.SUPERVISOR, agency=agency_a))
    customer = factories.CustomerFactory(agency=agency_a, first_name="Khadija",
                                         last_name="Bennani")
    factories.ContactPointFactory(customer=customer, value="+212661234567")

    # The record, then the complaint form: one click.
    sign_in(page, base, "guichet")
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
    sign_in(other, base, "superviseur")
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
