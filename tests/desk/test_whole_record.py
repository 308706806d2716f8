"""The whole record: the customer's history lists every SMS sent to their numbers (with its
delivery status) and every call, each complaint reference a link; and the complaint page's
"messages to the customer" is true to what the customer was sent, whichever way the
complaint was opened."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from django.utils.html import escape

from contactcenter.customers.models import Channel, Interaction
from telephony import calls
from telephony.gateway import InboundCall
from tests import factories
from tests.conftest import client_for
from tests.desk.helpers import fr, open_ticket
from tests.telephony.conftest import (  # noqa: F401 (a fixture)
    SENDER,
    sms_webhook,
    text_sms,
)
from tickets import outbox
from tickets.models import OutboxMessage, Ticket
from tickets.timeline import customer_timeline

pytestmark = pytest.mark.django_db

_ROW = re.compile(r'<li class="sms sms-([a-z_]+)')


def _ticket_page(agent, ticket: Ticket) -> str:  # type: ignore[no-untyped-def]
    response = client_for(agent).get(f"/desk/tickets/{ticket.reference}/")
    assert response.status_code == 200
    return response.content.decode()


def _messages_card(html: str) -> str:
    start = html.index('id="customer-messages-title"')
    return html[start:html.index("</section>", start)]


def _history(agent, customer) -> str:  # type: ignore[no-untyped-def]
    response = client_for(agent).get(f"/customers/{customer.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    return html[html.index('class="timeline"'):]


# --- The complaint page's messages --------------------------------------------------------

@pytest.mark.usefixtures("sms_webhook")
def test_a_complaint_opened_by_sms_shows_the_registration_the_customer_received(
        customer, handler) -> None:
    factories.ContactPointFactory(customer=customer, value=SENDER, is_primary=True)
    reply = text_sms("Je n'ai pas reçu mes allocations familiales depuis trois mois")
    ticket = Ticket.objects.get(customer=customer)
    assert reply and ticket.reference in reply

    card = _messages_card(_ticket_page(handler, ticket))
    assert fr("No SMS sent about this complaint.") not in card
    assert _ROW.findall(card) == ["sent"]
    assert ticket.reference in card and fr("Complaint registered") in card
    assert fr("in answer to their SMS") in card
    assert "+212 6 61 00 03 33" in card


@pytest.mark.usefixtures("sms_webhook")
def test_the_history_shows_the_answer_to_each_sms_the_customer_sent(customer,
                                                                     handler) -> None:
    factories.ContactPointFactory(customer=customer, value=SENDER, is_primary=True)
    reply = text_sms("Je n'ai pas reçu mes allocations familiales depuis trois mois")
    history = _history(handler, customer)
    entry = history[history.index("entry-interaction"):]
    entry = entry[:entry.index("</li>")]
    assert "Je n&#x27;ai pas reçu mes allocations" in entry
    assert fr("Answered by SMS:") in entry and escape(reply or "-") in entry


@pytest.mark.usefixtures("sms_webhook")
def test_a_status_asked_by_sms_is_listed_beside_the_outbox_messages(
        customer, handler, category) -> None:
    factories.ContactPointFactory(customer=customer, value=SENDER, is_primary=True)
    ticket = open_ticket(customer, handler, category)
    text_sms(f"SUIVI {ticket.reference}")

    card = _messages_card(_ticket_page(handler, ticket))
    # Newest first: the answer to SUIVI, then the registration the outbox sent.
    assert _ROW.findall(card) == ["sent", "pending"]
    assert card.index(fr("Answer to the customer's SMS")) < card.index(
        fr("Complaint registered"))


def test_a_complaint_opened_at_the_desk_shows_its_registration_sms(
        mobile_customer, handler, category) -> None:
    ticket = open_ticket(mobile_customer, handler, category)
    assert OutboxMessage.objects.filter(ticket=ticket, event="received").count() == 1
    card = _messages_card(_ticket_page(handler, ticket))
    assert fr("No SMS sent about this complaint.") not in card
    assert fr("Complaint registered") in card and _ROW.findall(card) == ["pending"]


# --- The customer's history ---------------------------------------------------------------

def test_the_history_lists_the_sms_sent_to_the_customers_numbers_with_their_status(
        mobile_customer, handler, category) -> None:
    ticket = open_ticket(mobile_customer, handler, category)
    OutboxMessage.objects.filter(ticket=ticket).update(
        status=OutboxMessage.Status.SENT, delivery_status=OutboxMessage.DeliveryStatus.DELIVERED)
    other = factories.CustomerFactory(agency=mobile_customer.agency)
    factories.ContactPointFactory(customer=other, value="+212661999888", is_primary=True)
    outbox.add(OutboxMessage(kind=OutboxMessage.Kind.SMS, event="reply", to="+212661999888",
                             body="Pour un autre client"))

    history = _history(handler, mobile_customer)
    sms = history[history.index("entry-sms"):]
    sms = sms[:sms.index("</li>")]
    assert fr("SMS sent") in sms and fr("Delivered") in sms and ticket.reference in sms
    assert f'href="/desk/tickets/{ticket.reference}/"' in sms
    assert "Pour un autre client" not in history


def test_the_history_shows_a_secret_sms_masked(mobile_customer, handler) -> None:
    outbox.add(OutboxMessage(kind=OutboxMessage.Kind.SMS, event="access_code",
                             to="+212661000333", body="Votre code : 482913",
                             redacted_body="Votre code : ******", is_answer=True))
    history = _history(handler, mobile_customer)
    assert "482913" not in history and "Votre code : ******" in history


def test_the_history_lists_calls_and_links_complaint_references(
        mobile_customer, handler, category) -> None:
    ticket = open_ticket(mobile_customer, handler, category)
    call = calls.store(InboundCall(carrier_id="CA" + "1" * 32, from_number="+212661000333",
                                   to_number="+212522000000", status="ringing", digits="",
                                   duration=None, recording_url="", raw={}))
    calls.identify_caller(call)
    assert Interaction.objects.filter(customer=mobile_customer, channel=Channel.PHONE).exists()
    factories.InteractionFactory(customer=mobile_customer, channel="counter", ticket=ticket,
                                 occurred_at=timezone.now())

    history = _history(handler, mobile_customer)
    assert fr("Call to the voice menu") in history
    assert history.count(f'href="/desk/tickets/{ticket.reference}/"') >= 2  # entry + contact


def test_the_history_pages_through_sms_like_the_rest(mobile_customer, handler) -> None:
    for n in range(30):
        outbox.add(OutboxMessage(kind=OutboxMessage.Kind.SMS, event="reply",
                                 to="+212661000333", body=f"Message {n:02d}"))
    first = customer_timeline(customer=mobile_customer, limit=25, with_sms=True)
    assert [entry.kind for entry in first.entries] == ["sms"] * 25
    second = customer_timeline(customer=mobile_customer, cursor=first.next_cursor, limit=25,
                               with_sms=True)
    bodies = [entry.item.body for entry in first.entries + second.entries]
    assert bodies == [f"Message {n:02d}" for n in reversed(range(30))]
    assert second.next_cursor is None
