"""Deliveries at the same moment, each in its own thread, database connection and
transaction on PostgreSQL: the same message delivered twice at once opens one complaint and
both deliveries get the same reply; two messages at once from an unknown number create one
provisional customer."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from contactcenter.customers.models import Customer, Interaction
from telephony import customer_answers, inbound, status_replies
from telephony.models import InboundMessage
from tests.telephony.conftest import SENDER, post_sms, reply_of, sms_params
from tickets import services, tasks
from tickets.models import Ticket, TicketEvent

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("sms_webhook")]
UNKNOWN = "+212664000777"
HOLD_SECONDS = 0.3


@pytest.fixture
def slow_opening(monkeypatch) -> None:
    """Keep the processing transaction open a moment after the complaint is written, so the
    other delivery really arrives while the first one is processing."""
    original = inbound.ticket_services.open_complaint

    def open_complaint(**kwargs: Any) -> Ticket:
        ticket = original(**kwargs)
        time.sleep(HOLD_SECONDS)
        return ticket

    monkeypatch.setattr(inbound.ticket_services, "open_complaint", open_complaint)


def _all_at_once(*posts: Callable[[], Any]) -> list[Any]:
    barrier = threading.Barrier(len(posts), timeout=10)
    results: list[Any] = [None] * len(posts)
    errors: list[BaseException] = []

    def run(index: int, post: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            results[index] = post()
        except BaseException as exc:  # reported to the test thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, post)) for i, post in enumerate(posts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads), "a delivery is stuck"
    if errors:
        raise errors[0]
    return results


@pytest.mark.usefixtures("slow_opening")
def test_one_message_delivered_twice_at_once_opens_one_complaint(mobile_customer) -> None:
    params = sms_params("Mes indemnités journalières ne sont pas arrivées")
    responses = _all_at_once(lambda: post_sms(params), lambda: post_sms(params))
    replies = [reply_of(response) for response in responses]
    assert Ticket.objects.count() == 1
    assert InboundMessage.objects.count() == 1
    assert Interaction.objects.count() == 1
    ticket = Ticket.objects.get()
    assert replies[0] == replies[1] and ticket.reference in replies[0]
    assert InboundMessage.objects.get().attempts == 1


@pytest.fixture
def slow_status(monkeypatch) -> None:
    """Hold a status answer a moment after it is worded, before it is stored."""
    original = status_replies.status_text

    def status_text(ticket: Ticket, step: TicketEvent | None) -> str:
        text = original(ticket, step)
        time.sleep(HOLD_SECONDS)
        return text

    monkeypatch.setattr(status_replies, "status_text", status_text)


@pytest.mark.usefixtures("slow_status")
def test_a_status_question_delivered_twice_at_once_is_one_contact_and_one_reply(
        mobile_customer, handler, category) -> None:
    """Questions are answered without a lock: both deliveries word the answer, the contact
    is recorded once and the stored reply is the same for both."""
    ticket = services.open_complaint(customer=mobile_customer, channel="phone", by=handler,
                                     category=category, description="Attestation")
    params = sms_params(f"SUIVI {ticket.reference}")
    responses = _all_at_once(lambda: post_sms(params), lambda: post_sms(params))
    replies = [reply_of(response) for response in responses]
    assert replies[0] == replies[1] and ticket.reference in replies[0]
    assert InboundMessage.objects.count() == 1
    assert Interaction.objects.filter(carrier_id=params["MessageSid"]).count() == 1
    message = InboundMessage.objects.get()
    assert message.status == InboundMessage.Status.PROCESSED and message.reply == replies[0]


@pytest.mark.usefixtures("slow_opening")
def test_two_messages_at_once_from_an_unknown_number_make_one_provisional_customer() -> None:
    first = sms_params("Pension non versée", sender=UNKNOWN)
    second = sms_params("Et l'attestation demandée ?", sender=UNKNOWN)
    _all_at_once(lambda: post_sms(first), lambda: post_sms(second))
    assert Customer.objects.count() == 1 and Customer.objects.get().to_identify
    assert Ticket.objects.count() == 2
    assert set(Ticket.objects.values_list("customer", flat=True)) == {
        Customer.objects.get().pk}


def test_a_task_queue_outage_after_commit_still_gets_the_reply(settings, monkeypatch,
                                                               mobile_customer) -> None:
    """Queueing the outbox's delivery task runs after the commit; if the broker refuses it,
    the complaint is already open and its reference is still the answer."""
    settings.BACKGROUND_MODE = "celery"

    def broker_down(*args: Any, **kwargs: Any) -> None:
        raise ConnectionError("broker unreachable")

    monkeypatch.setattr(tasks.deliver_outbox_message, "delay", broker_down)
    reply = reply_of(post_sms(sms_params("Allocations familiales non reçues")))
    ticket = Ticket.objects.get()
    assert reply and ticket.reference in reply
    message = InboundMessage.objects.get()
    assert message.status == InboundMessage.Status.PROCESSED and message.reply == reply


@pytest.fixture
def slow_answer(monkeypatch) -> None:
    """Keep the transaction open a moment after an answer is put on its complaint."""
    original = customer_answers.ticket_services.record_customer_reply

    def record_customer_reply(**kwargs: Any) -> Ticket:
        ticket = original(**kwargs)
        time.sleep(HOLD_SECONDS)
        return ticket

    monkeypatch.setattr(customer_answers.ticket_services, "record_customer_reply",
                        record_customer_reply)


@pytest.mark.usefixtures("slow_answer")
def test_two_answers_at_once_both_go_onto_the_waiting_complaint(mobile_customer, handler,
                                                               category) -> None:
    """One number's messages are matched one at a time: the second sees the complaint back
    in progress and is added to its history, and both get their reply at once."""
    ticket = services.open_complaint(customer=mobile_customer, channel="counter", by=handler,
                                     category=category, description="Attestation")
    services.start_ticket(ticket=ticket, by=handler)
    services.ask_customer(ticket=ticket, by=handler, request="Envoyez votre RIB")
    first, second = sms_params("Voici mon RIB"), sms_params("Et mon adresse a changé")
    responses = _all_at_once(lambda: post_sms(first), lambda: post_sms(second))
    replies = [reply_of(response) for response in responses]
    assert all(reply and ticket.reference in reply for reply in replies)
    assert Ticket.objects.count() == 1
    assert Ticket.objects.get().state == Ticket.State.IN_PROGRESS
    notes = set(TicketEvent.objects.filter(ticket=ticket, actor_label=SENDER)
                .values_list("kind", "note"))
    assert notes == {(TicketEvent.Kind.TRANSITION, "Voici mon RIB"),
                     (TicketEvent.Kind.CUSTOMER_MESSAGE, "Et mon adresse a changé")} or \
        notes == {(TicketEvent.Kind.TRANSITION, "Et mon adresse a changé"),
                  (TicketEvent.Kind.CUSTOMER_MESSAGE, "Voici mon RIB")}
