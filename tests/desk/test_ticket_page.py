"""The complaint page: the customer at a glance, the history, and only the allowed buttons."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contactcenter.org.models import Agent
from tests import factories
from tests.conftest import client_for
from tests.desk.helpers import fr, in_progress, open_ticket
from tickets import services
from tickets.models import Ticket

pytestmark = pytest.mark.django_db

_ACTION = re.compile(r'action="/desk/tickets/\d+/([a-z_]+)/"')


def _page(agent: Agent, ticket: Ticket) -> str:
    response = client_for(agent).get(f"/desk/tickets/{ticket.reference}/")
    assert response.status_code == 200
    return response.content.decode()


def _actions(html: str) -> set[str]:
    return set(_ACTION.findall(html))


def test_the_page_shows_the_customer_at_a_glance(mobile_customer, handler, category) -> None:
    ticket = open_ticket(mobile_customer, handler, category)
    other = open_ticket(mobile_customer, handler, category)
    factories.InteractionFactory(customer=mobile_customer, channel="sms",
                                 summary="Je n'ai toujours rien reçu")
    html = _page(handler, ticket)
    assert "Fatima Benali" in html and mobile_customer.immatriculation in html
    assert "+212 6 61 00 03 33" in html  # the contact point, as people read it
    assert f'href="/desk/tickets/{other.reference}/"' in html
    assert "Je n&#x27;ai toujours rien reçu" in html
    assert f'href="/customers/{mobile_customer.pk}/"' in html


def test_the_history_tells_who_did_what_and_what_the_customer_saw(customer, handler,
                                                                   category) -> None:
    ticket = in_progress(customer, handler, category)
    services.add_note(ticket=ticket, by=handler, text="Employeur injoignable")
    services.reply_to_customer(ticket=ticket, by=handler, text="Nous vérifions.")
    html = _page(handler, ticket)
    history = html[html.index('class="events"'):html.index('class="composers"')]
    assert history.count('class="event ') == 6
    assert "Employeur injoignable" in history and "Nous vérifions." in history
    assert fr("automatic assignment") in history and handler.display_name in history
    note = history[history.index("event-note"):]
    assert "badge-internal" in note[:note.index("</li>")]
    reply = history[history.index("event-reply"):]
    assert "badge-customer" in reply[:reply.index("</li>")]
    assert re.search(r"state-assigned.*→.*state-in_progress", history)


def test_the_assignee_gets_the_buttons_of_the_work(customer, handler, category) -> None:
    ticket = open_ticket(customer, handler, category)
    assert _actions(_page(handler, ticket)) == {"start", "cancel", "merge_into", "reply",
                                                "note"}
    services.start_ticket(ticket=ticket, by=handler)
    assert _actions(_page(handler, ticket)) == {"ask_customer", "refer", "resolve", "cancel",
                                                "merge_into", "reply", "note"}


def test_a_supervisor_also_assigns(customer, handler, category, supervisor) -> None:
    ticket = open_ticket(customer, handler, category)
    html = _page(supervisor, ticket)
    assert _actions(html) == {"assign", "start", "cancel", "merge_into", "reply", "note"}
    assert 'name="agent"' in html and "<select" in html[html.index('id="action-assign"'):]
    assert handler.display_name in html[html.index('id="action-assign"'):]


def test_a_colleague_who_does_not_handle_it_may_only_write(customer, handler, category,
                                                           colleague) -> None:
    ticket = in_progress(customer, handler, category)
    assert _actions(_page(colleague, ticket)) == {"reply", "note"}


def test_a_queue_member_may_take_a_complaint_waiting_in_the_queue(customer, front_queue,
                                                                  category, supervisor,
                                                                  colleague) -> None:
    ticket = open_ticket(customer, supervisor, category)  # nobody available: it waits
    assert ticket.state == "triaged"
    colleague.queues.add(front_queue)
    html = _page(colleague, ticket)
    assert "assign" in _actions(html)
    take = html[html.index('id="action-assign"'):]
    assert f'name="agent" value="{colleague.pk}"' in take and "<select" not in \
        take[:take.index("</div>")]


def test_a_new_complaint_offers_triage(customer, agent) -> None:
    ticket = open_ticket(customer, agent)
    assert _actions(_page(agent, ticket)) == {"triage", "reply", "note"}


def test_a_complaint_of_another_agency_is_not_found(customer, handler, category,
                                                    other_agency_agent) -> None:
    ticket = open_ticket(customer, handler, category)
    response = client_for(other_agency_agent).get(f"/desk/tickets/{ticket.reference}/")
    assert response.status_code == 404
    assert client_for(other_agency_agent).get("/desk/tickets/0000000000/").status_code == 404


def test_each_form_carries_the_version_the_page_shows(customer, handler, category) -> None:
    ticket = in_progress(customer, handler, category)
    html = _page(handler, ticket)
    forms = html.count('hx-post="/desk/tickets/')
    assert forms == len(_actions(html))
    assert html.count(f'name="version" value="{Ticket.objects.get(pk=ticket.pk).version}"') \
        == forms
    assert f'data-version="{ticket.version}"' in html and f'data-ticket-id="{ticket.pk}"' in html


def test_the_page_costs_a_bounded_number_of_queries(customer, handler, category) -> None:
    ticket = in_progress(customer, handler, category)
    client = client_for(handler)
    client.get(ticket.get_absolute_url())

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(ticket.get_absolute_url()).status_code == 200
        return len(queries.captured_queries)

    before = count()
    for n in range(10):
        services.add_note(ticket=ticket, by=handler, text=f"Note {n}")
        factories.InteractionFactory(customer=customer)
    assert count() == before <= 20
