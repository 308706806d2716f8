"""The complaints of the proven number: the list and each complaint in the customer's
words, nothing of anyone else's, no caching; the SMS notifications switch; leaving; the
session's end after 30 minutes; Arabic right to left."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.utils import timezone
from django.utils.html import escape

from contactcenter.customers.models import Customer, SmsOptOut, SmsOptOutChange
from contactcenter.selfservice import session
from contactcenter.selfservice.session import PHONE_KEY, UNTIL_KEY
from telephony import wording
from tests import factories
from tests.selfservice.conftest import (
    LEAVE,
    LIST,
    NOTIFICATIONS,
    NUMBER,
    START,
    in_french,
    open_complaint,
    verified_client,
)
from tickets import selectors as ticket_selectors
from tickets.models import State, Ticket, TicketEvent

pytestmark = pytest.mark.django_db


def _detail(ticket: Ticket) -> str:
    return f"/suivi/reclamations/{ticket.reference}/"


def _step(ticket: Ticket, kind: str, *, action: str = "", note: str = "",
          visibility: str = TicketEvent.Visibility.CUSTOMER, days: int = 0) -> TicketEvent:
    return TicketEvent.objects.create(ticket=ticket, kind=kind, action=action, note=note,
                                      visibility=visibility,
                                      at=ticket.created_at + timedelta(days=days))


@pytest.fixture
def complaints(holder: Customer) -> dict[str, Ticket]:
    """An old open complaint, a newer closed one and the newest open one."""
    now = timezone.now()
    old_open = open_complaint(holder, "Ancienne", now=now - timedelta(days=20))
    closed = open_complaint(holder, "Close", now=now - timedelta(days=10))
    Ticket.objects.filter(pk=closed.pk).update(state=State.CLOSED)
    new_open = open_complaint(holder, "Récente", now=now - timedelta(days=1))
    Ticket.objects.filter(pk=new_open.pk).update(resolution_due=now + timedelta(days=14))
    _step(old_open, TicketEvent.Kind.TRANSITION, action="ask_customer",
          note="Envoyez votre RIB.", days=2)
    return {name: Ticket.objects.get(pk=ticket.pk) for name, ticket in
            (("old_open", old_open), ("closed", closed), ("new_open", new_open))}


def test_the_list_shows_the_numbers_complaints_open_first_then_newest(
        complaints: dict[str, Ticket], neighbour_complaint: Ticket) -> None:
    response = verified_client().get(LIST)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    shown = [ticket.reference for ticket in response.context["complaints"]]
    assert shown == [complaints["new_open"].reference, complaints["old_open"].reference,
                     complaints["closed"].reference]
    content = response.content.decode()
    assert neighbour_complaint.reference not in content
    assert f'href="{_detail(complaints["new_open"])}"' in content
    new_open = complaints["new_open"]
    assert escape(in_french(wording.state_words, new_open)) in content
    assert escape(in_french(wording.day, new_open.resolution_due)) in content
    assert escape(in_french(wording.day, new_open.created_at)) in content
    # The last step the customer may see, in their words.
    assert escape(in_french(wording.step_words, TicketEvent.Kind.TRANSITION,
                            "ask_customer")) in content


def test_the_list_shows_no_expected_date_once_a_complaint_is_closed(
        complaints: dict[str, Ticket]) -> None:
    closed = complaints["closed"]
    Ticket.objects.filter(pk=closed.pk).update(resolution_due=timezone.now()
                                               + timedelta(days=400))
    content = verified_client().get(LIST).content.decode()
    assert escape(in_french(wording.day, timezone.now() + timedelta(days=400))) not in content


def test_an_answer_past_its_expected_date_is_shown_as_late(
        complaints: dict[str, Ticket]) -> None:
    late, on_time = complaints["old_open"], complaints["new_open"]
    Ticket.objects.filter(pk=late.pk).update(resolution_due=timezone.now() - timedelta(days=2))
    client = verified_client()
    mention = "en retard, veuillez nous en excuser"
    listed = client.get(LIST).content.decode()
    assert listed.count(mention) == 1
    assert listed.index(escape(on_time.reference)) < listed.index(mention)  # the old one's
    assert mention in client.get(_detail(late)).content.decode()
    assert mention not in client.get(_detail(on_time)).content.decode()


def test_a_number_shared_by_two_records_shows_both_records_complaints(
        holder_complaint: Ticket, agency_a) -> None:
    spouse = factories.CustomerFactory(agency=agency_a, first_name="Said")
    factories.ContactPointFactory(customer=spouse, value=NUMBER)
    spouse_complaint = open_complaint(spouse, "Remboursement")
    response = verified_client().get(LIST)
    assert {t.reference for t in response.context["complaints"]} == {
        holder_complaint.reference, spouse_complaint.reference}


def test_a_number_without_complaint_sees_an_empty_list(holder: Customer,
                                                       holder_complaint: Ticket) -> None:
    client = verified_client()
    Ticket.objects.filter(pk=holder_complaint.pk).update(customer=factories.CustomerFactory())
    response = client.get(LIST)
    assert response.status_code == 200 and list(response.context["complaints"]) == []


def test_the_list_reads_the_complaints_in_two_queries(complaints: dict[str, Ticket],
                                                      django_assert_num_queries) -> None:
    with django_assert_num_queries(2):
        tickets = list(ticket_selectors.complaints_of_number(NUMBER))
        steps = [ticket.customer_steps for ticket in tickets]
    assert len(tickets) == 3 and all(steps)


def test_a_complaint_shows_the_steps_the_customer_may_see_and_the_replies(
        holder_complaint: Ticket) -> None:
    _step(holder_complaint, TicketEvent.Kind.REPLY, note="Votre dossier est complet.", days=1)
    _step(holder_complaint, TicketEvent.Kind.NOTE, note="Client difficile",
          visibility=TicketEvent.Visibility.INTERNAL, days=2)
    _step(holder_complaint, TicketEvent.Kind.TRANSITION, action="reopen",
          note="Motif interne de réouverture", days=3)
    response = verified_client().get(_detail(holder_complaint))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    content = response.content.decode()
    assert holder_complaint.reference in content
    assert escape("Votre dossier est complet.") in content
    assert "Client difficile" not in content
    assert "Motif interne" not in content
    steps = response.context["ticket"].customer_steps
    assert [(s.kind, s.action) for s in steps] == [
        (TicketEvent.Kind.OPENED, ""), (TicketEvent.Kind.REPLY, ""),
        (TicketEvent.Kind.TRANSITION, "reopen")]
    for step in steps:
        assert escape(in_french(wording.step_words, step.kind, step.action)) in content


def test_another_customers_complaint_is_not_found(holder_complaint: Ticket,
                                                  neighbour_complaint: Ticket) -> None:
    client = verified_client()
    assert client.get(_detail(neighbour_complaint)).status_code == 404
    assert client.get("/suivi/reclamations/0000000000/").status_code == 404
    assert client.get(_detail(holder_complaint)).status_code == 200


def test_without_a_proven_number_every_page_goes_back_to_the_start(
        holder_complaint: Ticket) -> None:
    client = Client()
    assert client.get(LIST)["Location"] == START
    assert client.get(_detail(holder_complaint))["Location"] == START
    assert client.post(NOTIFICATIONS, {"stop": "1"})["Location"] == START
    assert not SmsOptOut.objects.exists()


def test_the_start_page_sends_a_proven_number_to_its_complaints(
        holder_complaint: Ticket) -> None:
    assert verified_client().get(START)["Location"] == LIST


# --- The session's end ----------------------------------------------------------------------

def test_the_proven_number_is_forgotten_after_thirty_minutes(
        holder_complaint: Ticket) -> None:
    client = verified_client()
    now = timezone.now()
    store = client.session
    assert session.verified_phone(store, now=now + timedelta(minutes=29)) == NUMBER
    assert session.verified_phone(store, now=now + timedelta(minutes=31)) is None
    assert PHONE_KEY not in store


def test_the_pages_go_back_to_the_start_once_the_session_has_expired(
        holder_complaint: Ticket) -> None:
    client = verified_client()
    store = client.session
    store[UNTIL_KEY] = (timezone.now() - timedelta(seconds=1)).isoformat()
    store.save()
    response = client.get(LIST)
    assert response.status_code == 302 and response["Location"] == START
    assert [m.level_tag for m in get_messages(response.wsgi_request)] == ["info"]
    assert PHONE_KEY not in client.session
    assert client.get(_detail(holder_complaint))["Location"] == START


def test_leaving_ends_the_session(holder_complaint: Ticket) -> None:
    client = verified_client()
    key = client.session.session_key
    assert client.get(LEAVE).status_code == 405
    response = client.post(LEAVE)
    assert response.status_code == 302 and response["Location"] == START
    assert PHONE_KEY not in client.session and client.session.session_key != key
    assert client.get(LIST)["Location"] == START


# --- SMS notifications ------------------------------------------------------------------------

def test_the_notifications_can_be_stopped_and_resumed_from_the_page(
        holder_complaint: Ticket) -> None:
    client = verified_client()
    page = client.get(LIST)
    assert page.context["sms_stopped"] is False
    assert 'name="stop" value="1"' in page.content.decode()

    response = client.post(NOTIFICATIONS, {"stop": "1"})
    assert response.status_code == 302 and response["Location"] == LIST
    opt_out = SmsOptOut.objects.get(phone=NUMBER)
    assert opt_out.opted_out is True and opt_out.channel == SmsOptOut.Channel.WEB == "web"
    page = client.get(LIST)
    assert page.context["sms_stopped"] is True
    assert 'name="stop" value="0"' in page.content.decode()

    client.post(NOTIFICATIONS, {"stop": "0"})
    opt_out.refresh_from_db()
    assert opt_out.opted_out is False and opt_out.channel == "web"
    changes = SmsOptOutChange.objects.filter(opt_out=opt_out).order_by("at", "id")
    assert [(c.opted_out, c.channel) for c in changes] == [(True, "web"), (False, "web")]
    assert client.get(LIST).context["sms_stopped"] is False


@pytest.mark.parametrize("data", [{}, {"stop": "yes"}, {"stop": ""}])
def test_a_bad_notifications_request_changes_nothing(holder_complaint: Ticket,
                                                     data: dict[str, str]) -> None:
    client = verified_client()
    response = client.post(NOTIFICATIONS, data)
    assert response.status_code == 302 and response["Location"] == LIST
    assert [m.level_tag for m in get_messages(response.wsgi_request)] == ["error"]
    assert not SmsOptOut.objects.exists()


# --- Languages --------------------------------------------------------------------------------

def test_the_list_reads_right_to_left_in_arabic(holder_complaint: Ticket, settings) -> None:
    client = verified_client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    response = client.get(LIST)
    content = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in content
    assert holder_complaint.reference in content
    assert 'action="/i18n/setlang/"' in content


def test_the_start_page_offers_the_language_switch() -> None:
    content = Client().get(START).content.decode()
    assert '<html lang="fr" dir="ltr">' in content
    assert 'name="language" value="ar"' in content
    assert 'href="/suivi/"' in content  # the brand leads back to the page, not the sign-in
