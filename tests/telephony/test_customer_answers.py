"""A customer's SMS answering a complaint that waits for them goes onto that complaint
(telephony.customer_answers), through the real webhook, on PostgreSQL: one complaint
waiting; several (the reply asks which, the message is kept until the customer names one);
the reference given up front; the complaint closed meanwhile; a number held by two records;
pictures sent with the answer. And the satisfaction score matched to the last question."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext

from contactcenter.customers.models import Interaction
from telephony import customer_answers
from telephony.models import InboundMessage
from tests import factories
from tests.desk.helpers import in_progress
from tests.telephony.conftest import SENDER, text_sms
from tickets import services
from tickets.exceptions import RuleViolation
from tickets.models import Ticket, TicketEvent

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sms_webhook")]
State = Ticket.State
ANSWER = "Voici mon RIB, je l'ai envoyé par la poste"
_MEDIA_URL = "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME"
MEDIA_FORM = {"MediaUrl0": _MEDIA_URL + "1", "MediaContentType0": "image/jpeg",
              "MediaUrl1": _MEDIA_URL + "2", "MediaContentType1": "image/png"}


def _waiting(customer, handler, category, request="Envoyez votre RIB"):  # type: ignore[no-untyped-def]
    ticket = in_progress(customer, handler, category)
    return services.ask_customer(ticket=ticket, by=handler, request=request)


def _fresh(ticket: Ticket) -> Ticket:
    return Ticket.objects.get(pk=ticket.pk)


def _last_message() -> InboundMessage:
    return InboundMessage.objects.latest("pk")


def _fr(message: str, **params: object) -> str:
    with translation.override("fr"):
        return gettext(message) % params


def test_one_complaint_waiting_gets_the_answer(mobile_customer, handler, category) -> None:
    ticket = _waiting(mobile_customer, handler, category)
    reply = text_sms(ANSWER)
    ticket = _fresh(ticket)
    assert (ticket.state, ticket.assignee, ticket.waiting_for) == (
        State.IN_PROGRESS, handler, "")
    assert Ticket.objects.count() == 1  # no new complaint
    event = ticket.events.order_by("-id").first()
    assert (event.kind, event.action, event.from_state, event.to_state) == (
        TicketEvent.Kind.TRANSITION, "receive_customer_reply", State.WAITING,
        State.IN_PROGRESS)
    assert (event.note, event.actor_label, event.visibility) == (
        ANSWER, SENDER, TicketEvent.Visibility.CUSTOMER)
    assert reply == _fr("Thank you: your answer was added to complaint %(ref)s.",
                        ref=ticket.reference)
    contact = Interaction.objects.get(customer=mobile_customer,
                                      carrier_id=_last_message().carrier_id)
    assert (contact.summary, contact.ticket) == (ANSWER, ticket)
    assert (_last_message().command, _last_message().ticket) == ("answer", ticket)


def test_pictures_not_on_the_carrier_media_host_are_counted_and_told_unreadable(
        mobile_customer, handler, category) -> None:
    ticket = _waiting(mobile_customer, handler, category)
    reply = text_sms("Voici", num_media=2)  # announced, without a URL to fetch them from
    event = _fresh(ticket).events.order_by("-id").first()
    assert event.note.startswith("Voici\n") and "2" in event.note
    assert _fr("We cannot read pictures or files sent by SMS.") in reply
    assert _fr("We received your pictures or files.") not in reply


def test_pictures_on_the_carrier_media_host_are_told_received(
        mobile_customer, handler, category) -> None:
    ticket = _waiting(mobile_customer, handler, category)
    reply = text_sms("Voici", num_media=2, **MEDIA_FORM)
    event = _fresh(ticket).events.order_by("-id").first()
    assert event.note.startswith("Voici\n") and "2" in event.note
    assert _fr("We received your pictures or files.") in reply
    assert _fr("We cannot read pictures or files sent by SMS.") not in reply


def test_two_waiting_asks_which_and_keeps_the_message_until_told(
        mobile_customer, handler, category) -> None:
    first = _waiting(mobile_customer, handler, category)
    second = _waiting(mobile_customer, handler, category, request="Envoyez l'attestation")
    reply = text_sms(ANSWER)
    assert first.reference in reply and second.reference in reply
    assert {_fresh(first).state, _fresh(second).state} == {State.WAITING}
    assert Ticket.objects.count() == 2
    kept = _last_message()
    assert (kept.command, kept.ticket) == (customer_answers.UNTHREADED, None)
    assert Interaction.objects.filter(customer=mobile_customer, summary=ANSWER).exists()

    reply = text_sms(second.reference)  # the reference alone: the choice
    assert reply == _fr("Thank you: your answer was added to complaint %(ref)s.",
                        ref=second.reference)
    assert (_fresh(first).state, _fresh(second).state) == (State.WAITING, State.IN_PROGRESS)
    assert _fresh(second).events.order_by("-id").first().note == ANSWER
    kept.refresh_from_db()
    assert kept.ticket_id == second.pk
    # Once chosen, a reference alone is a status question again.
    text_sms(first.reference)
    assert _fresh(first).state == State.WAITING


def test_the_reference_up_front_picks_the_complaint(mobile_customer, handler,
                                                    category) -> None:
    first = _waiting(mobile_customer, handler, category)
    second = _waiting(mobile_customer, handler, category)
    spaced = f"{first.reference[:3]} {first.reference[3:6]} {first.reference[6:]}"
    text_sms(f"Réf {spaced} : {ANSWER}")
    assert (_fresh(first).state, _fresh(second).state) == (State.IN_PROGRESS, State.WAITING)
    assert _fresh(first).events.order_by("-id").first().note == ANSWER


def test_kept_messages_go_with_an_answer_naming_the_complaint(mobile_customer, handler,
                                                              category) -> None:
    first = _waiting(mobile_customer, handler, category)
    _waiting(mobile_customer, handler, category)
    text_sms("Première partie")
    text_sms(f"{first.reference} seconde partie")
    assert _fresh(first).events.order_by("-id").first().note == (
        "Première partie\nseconde partie")


def test_a_reference_not_theirs_keeps_the_message(mobile_customer, handler, category) -> None:
    _waiting(mobile_customer, handler, category)
    _waiting(mobile_customer, handler, category)
    text_sms(ANSWER)
    stranger = _waiting(factories.CustomerFactory(agency=mobile_customer.agency), handler,
                        category)
    text_sms(stranger.reference)
    assert _fresh(stranger).state == State.WAITING
    assert InboundMessage.objects.get(body=ANSWER).ticket is None  # still kept


def test_closed_meanwhile_opens_a_related_complaint(mobile_customer, handler,
                                                    category) -> None:
    ticket = _waiting(mobile_customer, handler, category)
    services.record_customer_reply(ticket=ticket, text="Au guichet", by=handler)
    services.resolve_ticket(ticket=_fresh(ticket), by=handler, outcome="accepted",
                            explanation="Versement effectué.")
    services.close_ticket(ticket=_fresh(ticket), by=handler)
    reply = text_sms(ANSWER)
    new = Ticket.objects.exclude(pk=ticket.pk).get()
    assert (new.description, new.customer, new.channel) == (ANSWER, mobile_customer, "sms")
    assert list(new.related.all()) == [_fresh(ticket)]
    assert _fresh(ticket).state == State.CLOSED
    assert reply == _fr("Complaint %(old)s is already closed: your message was registered "
                        "as a new complaint under reference %(ref)s.",
                        old=ticket.reference, ref=new.reference)


def test_closed_meanwhile_goes_to_the_only_open_complaint(mobile_customer, handler,
                                                          category) -> None:
    asked = _waiting(mobile_customer, handler, category)
    services.cancel_ticket(ticket=asked, by=handler, reason="Doublon")
    other = in_progress(mobile_customer, handler, category)
    reply = text_sms(ANSWER)
    assert Ticket.objects.count() == 2
    event = _fresh(other).events.order_by("-id").first()
    assert (event.kind, event.note) == (TicketEvent.Kind.CUSTOMER_MESSAGE, ANSWER)
    assert _fresh(other).state == State.IN_PROGRESS
    assert other.reference in reply


def test_a_message_long_after_any_question_is_a_new_complaint(mobile_customer, handler,
                                                              category) -> None:
    ticket = _waiting(mobile_customer, handler, category)
    services.record_customer_reply(ticket=ticket, text="Au guichet", by=handler)
    TicketEvent.objects.filter(ticket=ticket).update(
        at=timezone.now() - customer_answers.ANSWER_WINDOW - timedelta(hours=1))
    text_sms(ANSWER)
    assert Ticket.objects.count() == 2


def test_a_number_held_by_two_records(mobile_customer, handler, category) -> None:
    relative = factories.CustomerFactory(agency=mobile_customer.agency, first_name="Ahmed")
    factories.ContactPointFactory(customer=relative, value=SENDER)
    ticket = _waiting(relative, handler, category)
    text_sms(ANSWER)
    assert _fresh(ticket).state == State.IN_PROGRESS and Ticket.objects.count() == 1
    assert Interaction.objects.get(summary=ANSWER).customer == relative


def test_a_score_goes_to_the_last_question_not_the_newest_complaint(
        mobile_customer, handler, category) -> None:
    older = in_progress(mobile_customer, handler, category)
    newer = in_progress(mobile_customer, handler, category)
    for ticket in (newer, older):  # the older one is closed last: its question is the last
        services.resolve_ticket(ticket=_fresh(ticket), by=handler, outcome="accepted",
                                explanation="Versement effectué.")
        services.close_ticket(ticket=_fresh(ticket), by=handler)
    in_progress(mobile_customer, handler, category)  # and a newer complaint, open
    text_sms("4")
    assert (_fresh(older).satisfaction, _fresh(newer).satisfaction) == (4, None)
    assert Ticket.objects.count() == 3


def test_an_empty_or_late_answer_is_refused_with_nothing_saved(mobile_customer, handler,
                                                               category) -> None:
    ticket = _waiting(mobile_customer, handler, category)
    events = TicketEvent.objects.count()
    with pytest.raises(RuleViolation):
        services.record_customer_reply(ticket=ticket, text="  ", actor_label=SENDER)
    services.cancel_ticket(ticket=_fresh(ticket), by=handler, reason="Doublon")
    with pytest.raises(RuleViolation):
        services.record_customer_reply(ticket=_fresh(ticket), text="Trop tard",
                                       actor_label=SENDER)
    assert TicketEvent.objects.count() == events + 1  # the cancelling only


def test_pictures_without_text_go_to_the_waiting_complaint(mobile_customer, handler,
                                                           category) -> None:
    ticket = _waiting(mobile_customer, handler, category)
    reply = text_sms("", num_media=1, **MEDIA_FORM)
    assert _fresh(ticket).state == State.IN_PROGRESS
    assert "1" in _fresh(ticket).events.order_by("-id").first().note
    assert ticket.reference in reply
    assert Ticket.objects.count() == 1


def test_pictures_without_text_and_nothing_waiting_get_the_help(mobile_customer, handler,
                                                                category) -> None:
    ticket = in_progress(mobile_customer, handler, category)
    events = ticket.events.count()
    reply = text_sms("", num_media=1)
    assert _fr("We cannot read pictures or files sent by SMS.") in reply
    assert ticket.events.count() == events
    assert Ticket.objects.count() == 1


def test_a_reference_up_front_for_a_complaint_in_progress_adds_a_message(
        mobile_customer, handler, category) -> None:
    ticket = in_progress(mobile_customer, handler, category)
    reply = text_sms(f"{ticket.reference} j'ai aussi changé d'adresse")
    event = _fresh(ticket).events.order_by("-id").first()
    assert (event.kind, event.note) == (TicketEvent.Kind.CUSTOMER_MESSAGE,
                                        "j'ai aussi changé d'adresse")
    assert _fresh(ticket).state == State.IN_PROGRESS and Ticket.objects.count() == 1
    assert ticket.reference in reply


def test_a_reference_up_front_for_a_closed_complaint_opens_a_related_one(
        mobile_customer, handler, category) -> None:
    ticket = in_progress(mobile_customer, handler, category)
    services.resolve_ticket(ticket=ticket, by=handler, outcome="accepted",
                            explanation="Versement effectué.")
    text_sms(f"{ticket.reference} je n'ai toujours rien reçu")
    new = Ticket.objects.exclude(pk=ticket.pk).get()
    assert new.description == "je n'ai toujours rien reçu"
    assert list(new.related.all()) == [_fresh(ticket)]
    assert _fresh(ticket).state == State.RESOLVED
