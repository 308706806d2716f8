"""The queue's search box in a browser: typed words filter the queue in place (htmx), best
match first, French and Arabic words, a phone, and odd input leaves a usable page."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from contactcenter.org.models import Agent
from tests import factories
from tests.e2e.server import sign_in, signs_in_on_the_server
from tickets import services
from tickets.models import Ticket

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_words_typed_in_the_queue_find_the_complaints(asgi_live_server: str, page: Page,
                                                      agency_a) -> None:
    base = asgi_live_server
    supervisor = signs_in_on_the_server(factories.AgentFactory(
        user__username="superviseur", role=Agent.Role.SUPERVISOR, agency=agency_a))
    customer = factories.CustomerFactory(agency=agency_a)
    factories.ContactPointFactory(customer=customer, value="+212661234567")
    now = timezone.now()

    def opened(description: str, days_ago: int) -> Ticket:
        return services.open_complaint(customer=customer, channel="counter", by=supervisor,
                                       description=description,
                                       now=now - timedelta(days=days_ago))

    best = opened("Pension de retraite bloquée, pension suspendue", days_ago=5).reference
    answered = opened("Remboursement de soins", days_ago=2)
    services.record_customer_reply(ticket=answered, text="Ma pension est bloquée",
                                   actor_label="client")
    reply = answered.reference
    arabic = opened("لم أتوصل بالتعويضات العائلية", days_ago=1).reference
    other = opened("Changement d'adresse", days_ago=0).reference

    sign_in(page, base, "superviseur")
    page.goto(f"{base}/desk/?scope=all")
    rows = page.locator("#queue-table a.ref")
    expect(rows).to_have_count(4)

    page.fill("#id_q", "pensions bloquees")  # htmx: no submit, no page load
    expect(rows).to_have_count(2)
    expect(rows).to_have_text([best, reply])
    expect(page).to_have_url(re.compile(r"q=pensions"))

    page.fill("#id_q", "التعويضات")
    expect(rows).to_have_text([arabic])

    page.fill("#id_q", "06 61 23 45 67")
    expect(rows).to_have_count(4)

    page.fill("#id_q", "&|!():*")
    expect(page.locator("#queue-table")).to_contain_text("Aucune réclamation")
    page.fill("#id_q", "")
    expect(rows).to_have_count(4)
    expect(rows.first).to_have_text(other)

