"""Delivery reports: `POST /telephony/sms/status/` signed by the carrier records queued, sent,
delivered, undelivered or failed on the outbox row, once, never backwards; the complaint page
lists the messages to the customer with their status, undelivered ones highlighted."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from contactcenter.desk import selectors as desk_selectors
from telephony import gateway
from tests import factories
from tests.conftest import client_for
from tests.desk.helpers import fr, in_progress
from tickets.models import OutboxMessage, Ticket

STATUS_PATH = "/telephony/sms/status/"
ACCOUNT_SID = "AC" + "0123456789abcdef" * 2
MESSAGE_SID = "SM" + "5e1f" * 8
Delivery = OutboxMessage.DeliveryStatus

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _signed_locally(settings) -> None:
    settings.SMS_GATEWAY = "fake"
    settings.TELEPHONY_SIGNING_TOKEN = "status-test-token"
    settings.TELEPHONY_PUBLIC_BASE_URL = ""


def _report(status: str, *, sid: str = MESSAGE_SID, **extra: str) -> dict[str, str]:
    return {"MessageSid": sid, "SmsSid": sid, "MessageStatus": status, "SmsStatus": status,
            "AccountSid": ACCOUNT_SID, "To": "+212661000333", "From": "+212522000000",
            "ApiVersion": "2010-04-01", **extra}


def _post(params: dict[str, str], *, signed: bool = True,
          signature: str | None = None) -> HttpResponse:
    if signed and signature is None:
        signature = gateway.sign("http://testserver" + STATUS_PATH, params)
    headers = {"X-Twilio-Signature": signature} if signature else {}
    return Client().post(STATUS_PATH, urlencode(params), headers=headers,
                         content_type="application/x-www-form-urlencoded")


@pytest.fixture
def ticket(customer) -> Ticket:
    return factories.TicketFactory(customer=customer)


def _sent(ticket: Ticket, *, sid: str = MESSAGE_SID, event: str = "received",
          **fields: Any) -> OutboxMessage:
    values = {"kind": OutboxMessage.Kind.SMS, "ticket": ticket, "event": event,
              "to": "+212661000333", "body": "Votre réclamation est enregistrée.",
              "status": OutboxMessage.Status.SENT, "carrier_id": sid,
              "sent_at": timezone.now(), **fields}
    return OutboxMessage.objects.create(**values)


# --- The webhook ---------------------------------------------------------------------------------

def test_a_signed_report_is_recorded_on_the_message(ticket: Ticket) -> None:
    message = _sent(ticket)
    response = _post(_report("delivered"))
    assert response.status_code == 204 and response.content == b""
    message.refresh_from_db()
    assert message.delivery_status == Delivery.DELIVERED
    assert message.delivery_error_code is None and message.delivery_updated_at is not None
    assert message.progress == OutboxMessage.Progress.DELIVERED


def test_an_unsigned_report_is_refused_and_changes_nothing(ticket: Ticket) -> None:
    message = _sent(ticket)
    assert _post(_report("undelivered"), signed=False).status_code == 403
    message.refresh_from_db()
    assert message.delivery_status == ""


def test_a_tampered_report_is_refused_and_changes_nothing(ticket: Ticket) -> None:
    message = _sent(ticket)
    signature = gateway.sign("http://testserver" + STATUS_PATH, _report("delivered"))
    assert _post(_report("undelivered"), signature=signature).status_code == 403
    assert _post(_report("delivered"), signature="not-a-signature").status_code == 403
    message.refresh_from_db()
    assert message.delivery_status == ""


def test_only_post_is_accepted() -> None:
    assert Client().get(STATUS_PATH).status_code == 405


def test_a_signed_report_without_message_id_is_a_bad_request(ticket: Ticket) -> None:
    params = _report("delivered")
    del params["MessageSid"]
    assert _post(params).status_code == 400


def test_an_undelivered_report_keeps_the_carrier_s_error_code(ticket: Ticket) -> None:
    message = _sent(ticket)
    assert _post(_report("undelivered", ErrorCode="30003")).status_code == 204
    message.refresh_from_db()
    assert (message.delivery_status, message.delivery_error_code) == (Delivery.UNDELIVERED,
                                                                      30003)
    assert message.progress == OutboxMessage.Progress.UNDELIVERED and message.is_problem
    with translation.override("en"):
        assert message.problem == "carrier error 30003"


@pytest.mark.parametrize("code", ["9" * 30, "2147483648", "-1"])
def test_an_error_code_out_of_range_is_a_bad_request_and_changes_nothing(
        ticket: Ticket, code: str) -> None:
    message = _sent(ticket)
    assert _post(_report("undelivered", ErrorCode=code)).status_code == 400
    message.refresh_from_db()
    assert (message.delivery_status, message.delivery_error_code) == ("", None)


@pytest.mark.parametrize(("reports", "recorded"), [
    (["queued", "sent", "delivered"], Delivery.DELIVERED),
    (["delivered", "sent"], Delivery.DELIVERED),              # late "sent" after delivery
    (["delivered", "queued", "sent"], Delivery.DELIVERED),
    (["sent", "queued"], Delivery.SENT),
    (["undelivered", "sent"], Delivery.UNDELIVERED),
    (["failed", "queued"], Delivery.FAILED),
    (["undelivered", "failed"], Delivery.UNDELIVERED),        # the first final word stays
    (["undelivered", "delivered"], Delivery.DELIVERED),       # the phone got it after all
    (["delivered", "undelivered"], Delivery.DELIVERED),
    (["accepted", "sending"], Delivery.SENT),                 # Twilio's other words
    (["read"], Delivery.DELIVERED),
    (["canceled"], Delivery.FAILED),
], ids=lambda value: "-".join(value) if isinstance(value, list) else value)
def test_reports_arriving_out_of_order_never_move_a_message_back(
        ticket: Ticket, reports: list[str], recorded: str) -> None:
    message = _sent(ticket)
    for status in reports:
        assert _post(_report(status)).status_code == 204
    message.refresh_from_db()
    assert message.delivery_status == recorded


def test_the_same_report_twice_is_recorded_once(ticket: Ticket) -> None:
    message = _sent(ticket)
    _post(_report("delivered"))
    message.refresh_from_db()
    first = message.delivery_updated_at
    assert _post(_report("delivered")).status_code == 204
    message.refresh_from_db()
    assert (message.delivery_status, message.delivery_updated_at) == (Delivery.DELIVERED,
                                                                       first)


def test_a_report_on_another_message_or_in_an_unknown_word_changes_nothing(
        ticket: Ticket) -> None:
    message = _sent(ticket)
    other = _sent(ticket, sid="SM" + "0" * 32)
    assert _post(_report("delivered", sid="SM" + "f" * 32)).status_code == 204
    assert _post(_report("receiving")).status_code == 204
    assert set(OutboxMessage.objects.filter(pk__in=[message.pk, other.pk])
               .values_list("delivery_status", flat=True)) == {""}


def test_a_message_without_carrier_id_is_never_matched(ticket: Ticket) -> None:
    unsent = _sent(ticket, sid="", status=OutboxMessage.Status.PENDING)
    assert _post(_report("delivered", sid="")).status_code == 400
    unsent.refresh_from_db()
    assert unsent.delivery_status == ""


# --- On the complaint page -----------------------------------------------------------------------

_ROW = re.compile(r'<li class="sms sms-([a-z_]+)( message message-error)?"')


def _page(client: Client, ticket: Ticket) -> str:
    response = client.get(f"/desk/tickets/{ticket.reference}/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_complaint_shows_its_messages_and_highlights_the_undelivered(
        mobile_customer, handler, category) -> None:
    ticket = in_progress(mobile_customer, handler, category)
    OutboxMessage.objects.filter(ticket=ticket).delete()
    now = timezone.now()
    _sent(ticket, sid="SM1", delivery_status=Delivery.DELIVERED,
          created_at=now - timedelta(hours=5))
    _sent(ticket, sid="SM2", event="waiting", delivery_status=Delivery.UNDELIVERED,
          delivery_error_code=30005, created_at=now - timedelta(hours=4))
    _sent(ticket, sid="", event="resolved", status=OutboxMessage.Status.SKIPPED,
          last_error="opted out", created_at=now - timedelta(hours=3))
    _sent(ticket, sid="", event="reply", status=OutboxMessage.Status.FAILED,
          last_error="The 'To' number is not a valid phone number.",
          created_at=now - timedelta(hours=2))
    _sent(ticket, sid="", event="closed", status=OutboxMessage.Status.PENDING,
          created_at=now - timedelta(hours=1), next_attempt_at=now + timedelta(hours=9))
    OutboxMessage.objects.create(kind=OutboxMessage.Kind.BOARD, ticket=ticket, event="start")

    html = _page(client_for(handler), ticket)
    assert fr("Messages to the customer") in html
    assert _ROW.findall(html) == [  # newest first, board updates left out
        ("pending", ""), ("failed", " message message-error"), ("not_sent", ""),
        ("undelivered", " message message-error"), ("delivered", "")]
    assert fr("carrier error %(code)s", code=30005) in html
    assert fr("the customer asked for no SMS") in html
    assert "The &#x27;To&#x27; number is not a valid phone number." in html
    assert fr("Undelivered") in html and fr("Delivered") in html
    assert "+212 6 61 00 03 33" in html


def test_a_complaint_without_messages_says_so(customer, handler, category) -> None:
    ticket = in_progress(customer, handler, category)
    OutboxMessage.objects.filter(ticket=ticket).delete()
    assert fr("No SMS sent about this complaint.") in _page(client_for(handler), ticket)


def test_the_messages_cost_two_queries_however_many_there_are(mobile_customer, handler,
                                                            category, monkeypatch) -> None:
    ticket = in_progress(mobile_customer, handler, category)
    client = client_for(handler)
    _page(client, ticket)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            html = _page(client, ticket)
        assert len(_ROW.findall(html)) == min(
            OutboxMessage.objects.filter(ticket=ticket, kind="sms").count(),
            desk_selectors.CUSTOMER_MESSAGES)
        return len(queries.captured_queries)

    few = count()
    for n in range(30):
        _sent(ticket, sid=f"SM{n}", delivery_status=Delivery.UNDELIVERED if n % 2 else "")
    assert count() == few

    monkeypatch.setattr(desk_selectors, "customer_messages", lambda ticket: [])
    with CaptureQueriesContext(connection) as queries:
        _page(client, ticket)
    # The outbox's rows, and the answers to the customer's own SMS (telephony).
    assert len(queries.captured_queries) == few - 2
