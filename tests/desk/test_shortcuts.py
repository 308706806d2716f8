"""The keyboard shortcuts' server side: "next complaint" leads to the most urgent open
complaint assigned to the agent; the help lists the shortcuts on every agent's page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tests.conftest import client_for
from tests.desk.helpers import fr, open_ticket
from tickets import services
from tickets.models import Ticket

pytestmark = pytest.mark.django_db


def _due(ticket: Ticket, hours: int | None) -> Ticket:
    due = None if hours is None else timezone.now() + timedelta(hours=hours)
    Ticket.objects.filter(pk=ticket.pk).update(resolution_due=due)
    return Ticket.objects.get(pk=ticket.pk)


def test_next_leads_to_the_complaint_due_first_then_the_oldest(customer, handler,
                                                               category) -> None:
    later = _due(open_ticket(customer, handler, category), 48)
    sooner = _due(open_ticket(customer, handler, category), 2)
    undated = _due(open_ticket(customer, handler, category), None)
    client = client_for(handler)
    assert client.get("/desk/next/").url == f"/desk/tickets/{sooner.reference}/"
    # From the complaint on screen, the next one.
    assert (client.get(f"/desk/next/?after={sooner.reference}").url
            == f"/desk/tickets/{later.reference}/")
    services.cancel_ticket(ticket=sooner, by=handler, reason="Doublon")
    services.cancel_ticket(ticket=Ticket.objects.get(pk=later.pk), by=handler, reason="Doublon")
    assert client.get("/desk/next/").url == f"/desk/tickets/{undated.reference}/"


def test_next_leaves_out_complaints_of_others(customer, handler, category, supervisor) -> None:
    ticket = open_ticket(customer, handler, category)
    assert ticket.assignee == handler
    response = client_for(supervisor).get("/desk/next/", follow=True)
    assert response.redirect_chain[-1][0] == "/desk/"
    assert fr("No other open complaint is assigned to you.") in response.content.decode()


def test_next_is_for_signed_in_agents_only() -> None:
    response = Client().get("/desk/next/")
    assert response.status_code == 302 and "/login" in response.url


def test_every_agent_page_has_the_shortcuts_help(customer, handler, category) -> None:
    ticket = open_ticket(customer, handler, category)
    client = client_for(handler)
    for url in ("/desk/", f"/desk/tickets/{ticket.reference}/", f"/customers/{customer.pk}/"):
        html = client.get(url).content.decode()
        assert 'id="shortcuts-help"' in html and "js/shortcuts.js" in html
        assert 'aria-labelledby="shortcuts-help-title"' in html
        assert fr("Keyboard shortcuts") in html
    assert 'id="shortcuts-help"' not in Client().get("/accounts/login/").content.decode()
