"""Asking for a code: the number is checked, the answer never tells whether it is on
record, only a number with a complaint gets the SMS, the code is kept as a keyed hash and
the rate limits hold whatever the number."""

from __future__ import annotations

import hashlib
import re
from datetime import datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.test import Client
from django.utils import timezone

from contactcenter.customers.models import Customer
from contactcenter.customers.services import set_sms_opt_out
from contactcenter.selfservice import services
from contactcenter.selfservice.exceptions import TooManyRequests
from contactcenter.selfservice.models import AccessCode
from contactcenter.selfservice.session import PENDING_KEY
from contactcenter.sms_segments import count_segments
from telephony.gateway import ConsoleGateway, fake_gateway
from telephony.simulator import messages_to
from tests import factories
from tests.selfservice.conftest import (
    CODE,
    NUMBER,
    START,
    UNKNOWN_NUMBER,
    ask_code,
    code_sent_to,
    open_complaint,
)
from tickets import outbox
from tickets.models import OutboxMessage, Ticket

pytestmark = pytest.mark.django_db


def code_sms() -> QuerySet[OutboxMessage]:
    """The SMS carrying codes, to be sent (opening a complaint writes outbox rows of its
    own; a code asked for a number without complaints is written "not sent")."""
    return OutboxMessage.objects.filter(event="access_code").exclude(
        status=OutboxMessage.Status.SKIPPED)


def test_the_start_page_asks_for_the_mobile_number() -> None:
    response = Client().get(START)
    assert response.status_code == 200
    content = response.content.decode()
    assert 'name="phone"' in content and 'type="tel"' in content
    assert 'name="csrfmiddlewaretoken"' in content
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("typed", ["06 61 23 45 67", "0661234567", "+212661234567",
                                   "+212 6 61 23 45 67", "00212661234567"])
def test_a_mobile_number_in_any_usual_form_is_accepted(holder_complaint: Ticket,
                                                       typed: str) -> None:
    client = Client()
    response = ask_code(client, typed)
    assert response.status_code == 302 and response["Location"] == CODE
    assert client.session[PENDING_KEY] == NUMBER
    assert AccessCode.objects.get().phone == NUMBER
    assert code_sms().get().to == NUMBER


@pytest.mark.parametrize("typed", ["", "12", "not a number", "05 22 12 34 56",
                                   "06 61 23 45 67 89 01"])
def test_a_wrong_number_is_shown_again_with_an_error_and_nothing_is_stored_or_sent(
        holder_complaint: Ticket, typed: str) -> None:
    client = Client()
    response = ask_code(client, typed)
    assert response.status_code == 422
    form = response.context["form"]
    assert form.has_error("phone")
    assert 'class="errorlist"' in response.content.decode()
    assert not AccessCode.objects.exists()
    assert not code_sms().exists()
    assert PENDING_KEY not in client.session


def _masked(html: str) -> str:
    """The page without what differs per visitor: CSRF tokens and the number typed."""
    html = re.sub(r'(csrfmiddlewaretoken" value=|"X-CSRFToken": )"[^"]+"', r"\1-", html)
    return re.sub(r"\+212 \d \d\d \d\d \d\d \d\d", "NUMBER", html)


def test_the_answer_is_the_same_for_a_number_on_record_and_an_unknown_one(
        holder_complaint: Ticket) -> None:
    known, unknown = Client(), Client()
    known_answer, unknown_answer = ask_code(known, NUMBER), ask_code(unknown, UNKNOWN_NUMBER)
    assert (known_answer.status_code, known_answer["Location"]) == (302, CODE)
    assert (unknown_answer.status_code, unknown_answer["Location"]) == (302, CODE)
    known_page, unknown_page = known.get(CODE), unknown.get(CODE)
    assert known_page.status_code == unknown_page.status_code == 200
    assert 'id="code-sent"' in known_page.content.decode()
    assert _masked(known_page.content.decode()) == _masked(unknown_page.content.decode())
    # Both numbers got a code; only the one on record got the SMS.
    assert set(AccessCode.objects.values_list("phone", flat=True)) == {NUMBER, UNKNOWN_NUMBER}
    sms = code_sms().get()
    assert (sms.kind, sms.to, sms.event, sms.ticket, sms.is_answer, sms.status) == (
        OutboxMessage.Kind.SMS, NUMBER, "access_code", None, True,
        OutboxMessage.Status.PENDING)
    assert sms.language == "fr"


def test_a_number_on_record_without_a_complaint_gets_no_sms(holder: Customer) -> None:
    assert ask_code(Client(), NUMBER).status_code == 302
    assert AccessCode.objects.filter(phone=NUMBER).exists()
    assert not code_sms().exists()


def test_a_caller_who_found_the_record_may_send_a_code_to_a_number_without_complaints(
        holder: Customer) -> None:
    access = services.request_code(phone=NUMBER, client_ip=None, language="fr",
                                   require_complaint=False)
    assert access.sms.status != OutboxMessage.Status.SKIPPED
    assert list(code_sms().values_list("to", flat=True)) == [NUMBER]


def test_a_merged_record_does_not_count_as_on_record(customer: Customer) -> None:
    survivor = factories.CustomerFactory(agency=customer.agency)
    merged = factories.CustomerFactory(agency=customer.agency, merged_into=survivor)
    factories.ContactPointFactory(customer=merged, value=NUMBER)
    factories.TicketFactory(customer=merged)
    assert ask_code(Client(), NUMBER).status_code == 302
    assert not code_sms().exists()


def test_the_code_is_kept_only_as_a_keyed_hash(holder_complaint: Ticket) -> None:
    ask_code(Client(), NUMBER)
    code = code_sent_to(NUMBER)
    access = AccessCode.objects.get()
    assert access.code_hash == services.hash_code(phone=NUMBER, code=code)
    assert access.code_hash != hashlib.sha256(code.encode()).hexdigest()
    stored = [str(getattr(access, field.attname)) for field in AccessCode._meta.fields]
    assert not any(code in value for value in stored)
    assert access.expires_at - access.created_at == timedelta(minutes=10)
    assert access.tries == 0 and access.used_at is None
    assert access.client_ip == "127.0.0.1"


def test_the_sms_goes_in_the_language_of_the_page(holder_complaint: Ticket,
                                                  settings) -> None:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    ask_code(client, NUMBER)
    assert code_sms().get().language == "ar"


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_code_sms_costs_at_most_two_segments(language: str) -> None:
    text = services.code_sms_text("123456", language=language)
    assert "123456" in text
    assert count_segments(text).segments <= 2


def test_a_code_is_never_sent_to_a_landline() -> None:
    with pytest.raises(ValidationError):
        services.request_code(phone="+212522123456", client_ip=None, language="fr")
    assert not AccessCode.objects.exists()


# --- Rate limits ----------------------------------------------------------------------------------

def test_a_fourth_code_for_a_number_within_a_quarter_of_an_hour_is_refused(
        holder_complaint: Ticket) -> None:
    for address in ("10.0.0.1", "10.0.0.2", "10.0.0.3"):
        assert ask_code(Client(), NUMBER, REMOTE_ADDR=address).status_code == 302
    client = Client()
    response = ask_code(client, NUMBER, REMOTE_ADDR="10.0.0.4")
    assert response.status_code == 429
    assert isinstance(response.context["refusal"], TooManyRequests)
    assert 'role="alert"' in response.content.decode()
    assert AccessCode.objects.count() == 3
    assert code_sms().count() == 3
    assert PENDING_KEY not in client.session


def test_the_limit_per_number_holds_for_an_unknown_number_too() -> None:
    for _ in range(3):
        assert ask_code(Client(), UNKNOWN_NUMBER).status_code == 302
    assert ask_code(Client(), UNKNOWN_NUMBER).status_code == 429
    assert AccessCode.objects.count() == 3


def test_the_limit_per_number_frees_up_after_a_quarter_of_an_hour(
        holder_complaint: Ticket) -> None:
    start = timezone.now()
    for minute in range(3):
        services.request_code(phone=NUMBER, client_ip=None, language="fr",
                              now=start + timedelta(minutes=minute))
    with pytest.raises(TooManyRequests):
        services.request_code(phone=NUMBER, client_ip=None, language="fr",
                              now=start + timedelta(minutes=14))
    services.request_code(phone=NUMBER, client_ip=None, language="fr",
                          now=start + timedelta(minutes=15))
    assert AccessCode.objects.count() == code_sms().count() == 4


def test_an_eleventh_code_from_one_address_within_an_hour_is_refused(
        holder_complaint: Ticket) -> None:
    for n in range(10):
        assert ask_code(Client(), f"+2126610000{n:02d}").status_code == 302
    response = ask_code(Client(), NUMBER)
    assert response.status_code == 429
    assert not AccessCode.objects.filter(phone=NUMBER).exists()
    assert not code_sms().exists()
    # Another address may still ask.
    assert ask_code(Client(), NUMBER, REMOTE_ADDR="10.1.2.3").status_code == 302
    assert code_sms().get().to == NUMBER


def test_the_limit_per_address_frees_up_after_an_hour(holder_complaint: Ticket) -> None:
    start = timezone.now()
    for n in range(10):
        services.request_code(phone=f"+2126610000{n:02d}", client_ip="10.9.9.9",
                              language="fr", now=start)
    with pytest.raises(TooManyRequests):
        services.request_code(phone=NUMBER, client_ip="10.9.9.9", language="fr",
                              now=start + timedelta(minutes=59))
    services.request_code(phone=NUMBER, client_ip="10.9.9.9", language="fr",
                          now=start + timedelta(hours=1))
    assert code_sms().get().to == NUMBER


# --- Purge ------------------------------------------------------------------------------------

def test_codes_older_than_a_day_are_purged(holder: Customer) -> None:
    now = timezone.now()
    services.request_code(phone=NUMBER, client_ip=None, language="fr",
                          now=now - timedelta(days=1, minutes=1))
    recent = services.request_code(phone=NUMBER, client_ip=None, language="fr",
                                   now=now - timedelta(hours=23))
    assert services.purge_access_codes(now=now) == 1
    assert list(AccessCode.objects.all()) == [recent]


def test_the_purge_is_a_periodic_job(settings) -> None:
    path, _period = settings.PERIODIC_JOBS["access_codes_purge"]
    assert path == "contactcenter.selfservice.services.purge_access_codes"


def test_a_customer_with_several_complaints_gets_one_sms(holder: Customer) -> None:
    open_complaint(holder, "Première")
    open_complaint(holder, "Seconde")
    ask_code(Client(), NUMBER)
    assert code_sms().count() == 1


# --- Delivery -----------------------------------------------------------------------------------

def test_the_code_sms_is_delivered_at_night_and_to_an_opted_out_number(
        holder_complaint: Ticket, settings) -> None:
    settings.SMS_GATEWAY = "fake"
    fake_gateway.reset()
    set_sms_opt_out(phone=NUMBER, opted_out=True, channel="sms")
    midnight = timezone.make_aware(datetime(2026, 3, 10, 23, 30))
    services.request_code(phone=NUMBER, client_ip=None, language="fr", now=midnight)
    sms = code_sms().get()
    assert outbox.deliver(sms.pk, now=midnight) is True
    assert [sent.to for sent in fake_gateway.sent] == [NUMBER]
    fake_gateway.reset()


def test_the_simulator_shows_the_code_sms_masked_to_other_sessions(
        holder_complaint: Ticket) -> None:
    ask_code(Client(), NUMBER)
    code = code_sent_to(NUMBER)
    [shown] = [sms for sms in messages_to(NUMBER) if sms.event == "access_code"]
    assert shown == code_sms().get()
    assert code not in shown.shown_body and "******" in shown.shown_body


# --- The code at rest ---------------------------------------------------------------------------

def test_the_code_leaves_the_outbox_row_once_sent(holder_complaint: Ticket, settings) -> None:
    settings.SMS_GATEWAY = "fake"
    fake_gateway.reset()
    ask_code(Client(), NUMBER)
    code = code_sent_to(NUMBER)
    assert outbox.deliver(code_sms().get().pk) is True
    assert code in fake_gateway.sent[0].body
    sms = code_sms().get()
    assert sms.status == OutboxMessage.Status.SENT
    assert code not in sms.body and "******" in sms.body
    fake_gateway.reset()


def test_the_code_leaves_the_outbox_row_when_sending_is_given_up(
        holder_complaint: Ticket, settings) -> None:
    settings.SMS_GATEWAY = "fake"
    fake_gateway.reset()
    fake_gateway.fail_next(permanent=True)
    ask_code(Client(), NUMBER)
    code = code_sent_to(NUMBER)
    assert outbox.deliver(code_sms().get().pk) is False
    sms = code_sms().get()
    assert sms.status == OutboxMessage.Status.FAILED and code not in sms.body
    fake_gateway.reset()


def test_a_code_for_a_number_without_complaints_is_written_masked_and_not_sent() -> None:
    ask_code(Client(), UNKNOWN_NUMBER)
    [row] = OutboxMessage.objects.filter(event="access_code")
    assert row.status == OutboxMessage.Status.SKIPPED
    assert row.to == UNKNOWN_NUMBER and "******" in row.body
    assert not re.search(r"\d{6}", row.body)


def test_the_console_gateway_never_logs_the_text(caplog) -> None:  # type: ignore[no-untyped-def]
    with caplog.at_level("INFO"):
        ConsoleGateway().send_sms(to=NUMBER, body="Votre code : 908172", key="7")
    assert NUMBER in caplog.text and "908172" not in caplog.text


def test_the_purge_deletes_the_sms_rows_of_old_codes(holder_complaint: Ticket) -> None:
    now = timezone.now()
    services.request_code(phone=NUMBER, client_ip=None, language="fr",
                          now=now - timedelta(days=1, minutes=1))
    services.request_code(phone=UNKNOWN_NUMBER, client_ip=None, language="fr",
                          now=now - timedelta(days=1, minutes=1))
    OutboxMessage.objects.filter(event="access_code").update(status=OutboxMessage.Status.SENT)
    recent = services.request_code(phone=NUMBER, client_ip=None, language="fr",
                                   now=now - timedelta(hours=1))
    services.purge_access_codes(now=now)
    assert list(OutboxMessage.objects.filter(event="access_code")) == [recent.sms]
