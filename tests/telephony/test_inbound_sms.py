"""The inbound SMS webhook: only signed requests get in, each message is stored once before
anything else, a repeated delivery gets the same reply and changes nothing more, and a
message whose processing failed is answered later by an outbound SMS."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from contactcenter import background
from contactcenter.customers.models import Interaction
from telephony import inbound
from telephony.gateway import InboundSms
from telephony.models import InboundMessage
from tests.telephony.conftest import (
    SENDER,
    SMS_INBOUND_PATH,
    SMS_INBOUND_URL,
    post_sms,
    reply_of,
    sms_params,
    text_sms,
)
from tickets import outbox
from tickets.models import OutboxMessage, Ticket

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sms_webhook")]
Status = InboundMessage.Status
COMPLAINT = "Je n'ai pas reçu mes allocations familiales depuis mars"


def _later() -> Any:
    return timezone.now() + inbound.PROCESSING_GRACE + timedelta(seconds=1)


# --- Signatures -------------------------------------------------------------------------------

def test_a_signed_sms_is_stored_processed_and_answered(mobile_customer) -> None:
    params = sms_params(COMPLAINT)
    reply = reply_of(post_sms(params))
    message = InboundMessage.objects.get()
    ticket = Ticket.objects.get()
    assert message.carrier_id == params["MessageSid"]
    assert message.from_number == SENDER and message.to_number == "+212522000000"
    assert message.body == COMPLAINT
    assert message.status == Status.PROCESSED and message.attempts == 1
    assert message.processed_at is not None and message.last_error == ""
    assert message.ticket == ticket and message.customer == mobile_customer
    assert reply == message.reply and ticket.reference in reply


def test_an_unsigned_request_is_refused_and_nothing_is_stored(mobile_customer) -> None:
    response = post_sms(sms_params(COMPLAINT), signature="")
    assert response.status_code == 403
    assert not InboundMessage.objects.exists() and not Ticket.objects.exists()


def test_a_tampered_body_is_refused(mobile_customer) -> None:
    signed = sms_params("SUIVI")
    tampered = {**signed, "Body": COMPLAINT}
    response = post_sms(tampered, signed_params=signed)
    assert response.status_code == 403
    assert not InboundMessage.objects.exists() and not Ticket.objects.exists()


def test_a_request_signed_for_another_url_is_refused(mobile_customer) -> None:
    response = post_sms(sms_params(COMPLAINT), signed_url="https://elsewhere.example/sms/")
    assert response.status_code == 403
    assert not InboundMessage.objects.exists()


def test_a_wrong_signature_is_refused(mobile_customer) -> None:
    response = post_sms(sms_params(COMPLAINT), signature="bm90IGEgc2lnbmF0dXJl")
    assert response.status_code == 403
    assert not InboundMessage.objects.exists()


def test_the_webhook_takes_only_post(mobile_customer) -> None:
    assert Client().get(SMS_INBOUND_PATH).status_code == 405


def test_a_signed_form_without_message_id_is_refused_without_storing(mobile_customer) -> None:
    params = {key: value for key, value in sms_params(COMPLAINT).items()
              if key != "MessageSid"}
    assert post_sms(params).status_code == 400
    assert not InboundMessage.objects.exists()


def test_signatures_hold_behind_a_reverse_proxy(settings, mobile_customer) -> None:
    settings.TELEPHONY_PUBLIC_BASE_URL = "https://cnss.example.ma"
    params = sms_params("SUIVI")
    assert post_sms(params).status_code == 403  # signed for http://testserver
    public = "https://cnss.example.ma" + SMS_INBOUND_PATH
    assert post_sms(params, signed_url=public).status_code == 200
    assert SMS_INBOUND_URL != public


# --- Replays ----------------------------------------------------------------------------------

def test_ten_deliveries_of_one_message_make_one_complaint_and_get_one_reply(
        mobile_customer) -> None:
    params = sms_params(COMPLAINT)
    replies = [reply_of(post_sms(params)) for _ in range(10)]
    assert Ticket.objects.count() == 1
    assert InboundMessage.objects.count() == 1
    assert Interaction.objects.filter(channel="sms").count() == 1
    assert len(set(replies)) == 1 and replies[0]
    assert InboundMessage.objects.get().attempts == 1


def test_a_replayed_status_request_is_answered_the_same(mobile_customer) -> None:
    params = sms_params("SUIVI")
    first, second = reply_of(post_sms(params)), reply_of(post_sms(params))
    assert first == second and first
    assert Interaction.objects.count() == 1


# --- What is stored ---------------------------------------------------------------------------

def test_a_1600_character_body_is_kept_whole(mobile_customer) -> None:
    body = ("Réclamation : " + "allocations non versées, " * 80)[:1600]
    assert len(body) == 1600
    text_sms(body)
    message = InboundMessage.objects.get()
    assert len(message.body) == 1600
    assert Ticket.objects.get().description == body.strip()


def test_a_body_beyond_any_carrier_limit_is_cut_not_refused(mobile_customer) -> None:
    text_sms("x" * 10_000)
    assert len(InboundMessage.objects.get().body) == inbound.BODY_MAX_LENGTH


def test_control_characters_are_removed_before_storage(mobile_customer) -> None:
    text_sms("Pension\x00 non\x07 versée\u200b ")
    message = InboundMessage.objects.get()
    assert message.body == "Pension non versée"
    assert "\x00" not in Ticket.objects.get().description


def test_the_sender_is_stored_in_e164_when_it_is_a_mobile(mobile_customer) -> None:
    text_sms("SUIVI", sender="0661000333")
    assert InboundMessage.objects.get().from_number == SENDER


def test_a_sender_that_is_no_mobile_number_is_stored_as_given() -> None:
    text_sms("SUIVI", sender="CNSS-INFO")
    assert InboundMessage.objects.get().from_number == "CNSS-INFO"


# --- Failures ---------------------------------------------------------------------------------

@pytest.fixture
def answering_fails_once(monkeypatch) -> list[int]:
    original = inbound.answer_message
    calls: list[int] = []

    def answer_message(message: InboundMessage, **kwargs: Any) -> InboundMessage:
        calls.append(message.pk)
        if len(calls) == 1:
            raise RuntimeError("database hiccup")
        return original(message, **kwargs)

    monkeypatch.setattr(inbound, "answer_message", answer_message)
    return calls


@pytest.mark.usefixtures("answering_fails_once")
def test_a_failure_after_storing_answers_200_and_the_job_replies_by_sms(
        mobile_customer) -> None:
    params = sms_params(COMPLAINT)
    assert reply_of(post_sms(params)) is None
    message = InboundMessage.objects.get()
    assert message.status == Status.FAILED and message.attempts == 1
    assert "database hiccup" in message.last_error
    assert not Ticket.objects.exists()

    assert inbound.process_pending(now=timezone.now()) == 0  # the webhook's grace period
    assert inbound.process_pending(now=_later()) == 1

    message.refresh_from_db()
    ticket = Ticket.objects.get()
    assert message.status == Status.PROCESSED and message.attempts == 2
    assert message.last_error == "" and message.reply_by_sms
    assert message.ticket == ticket and ticket.reference in message.reply
    sms = OutboxMessage.objects.get(kind=OutboxMessage.Kind.SMS)
    assert (sms.ticket, sms.event, sms.to, sms.body, sms.language) == (
        ticket, "reply", SENDER, message.reply, message.language)
    assert sms.status == OutboxMessage.Status.PENDING and sms.is_answer

    # A late replay changes nothing and does not repeat the SMS already on its way.
    assert reply_of(post_sms(params)) is None
    assert Ticket.objects.count() == 1 and OutboxMessage.objects.filter(kind="sms").count() == 1
    assert inbound.process_pending(now=_later()) == 0


@pytest.mark.usefixtures("answering_fails_once")
def test_a_late_reply_about_no_complaint_goes_through_the_outbox_with_retries(
        sms_webhook) -> None:
    assert text_sms("") is None
    assert inbound.process_pending(now=_later()) == 1
    message = InboundMessage.objects.get()
    assert message.reply and message.reply_by_sms and message.ticket is None
    sms = OutboxMessage.objects.get(kind=OutboxMessage.Kind.SMS)
    assert (sms.ticket, sms.to, sms.body, sms.is_answer) == (None, SENDER, message.reply, True)

    sms_webhook.fail_next()  # the carrier is down at first: retried, then sent
    assert outbox.deliver(sms.pk) is False
    sms.refresh_from_db()
    assert sms.status == OutboxMessage.Status.PENDING and sms.attempts == 1
    assert outbox.deliver(sms.pk, now=sms.next_attempt_at) is True
    assert [(sent.to, sent.body) for sent in sms_webhook.sent] == [(SENDER, message.reply)]


def test_the_job_gives_up_after_too_many_attempts(monkeypatch, mobile_customer) -> None:
    def broken(message: InboundMessage, **kwargs: Any) -> InboundMessage:
        raise RuntimeError("still broken")

    monkeypatch.setattr(inbound, "answer_message", broken)
    text_sms(COMPLAINT)
    for _ in range(inbound.MAX_ATTEMPTS + 2):
        inbound.process_pending(now=_later())
    message = InboundMessage.objects.get()
    assert message.status == Status.FAILED and message.attempts == inbound.MAX_ATTEMPTS
    assert "still broken" in message.last_error


def test_a_message_left_received_by_a_dead_webhook_is_processed_by_the_job(
        mobile_customer) -> None:
    inbound.store(InboundSms(
        carrier_id="SM" + "2" * 32, from_number=SENDER, to_number="", body=COMPLAINT,
        num_media=0, raw={}))
    assert inbound.process_pending(now=_later()) == 1
    assert Ticket.objects.count() == 1
    assert InboundMessage.objects.get().status == Status.PROCESSED


def test_the_job_runs_on_the_background_schedule(settings, mobile_customer) -> None:
    assert settings.PERIODIC_JOBS["sms_inbound"][0] == "telephony.inbound.process_pending"
    inbound.store(InboundSms(carrier_id="SM" + "3" * 32, from_number=SENDER, to_number="",
                             body="SUIVI", num_media=0, raw={}),
                  now=timezone.now() - 2 * inbound.PROCESSING_GRACE)
    background.run_job("sms_inbound")
    assert InboundMessage.objects.get().status == Status.PROCESSED


# --- Admin ------------------------------------------------------------------------------------

def test_administrators_read_inbound_messages_filtered_by_status(
        admin_client, mobile_customer) -> None:
    text_sms(COMPLAINT)
    message = InboundMessage.objects.get()
    listing = admin_client.get("/admin/telephony/inboundmessage/", {"status__exact": "processed"})
    assert listing.status_code == 200 and message.from_number in listing.content.decode()
    failed = admin_client.get("/admin/telephony/inboundmessage/", {"status__exact": "failed"})
    assert message.from_number not in failed.content.decode()
    page = admin_client.get(f"/admin/telephony/inboundmessage/{message.pk}/change/")
    assert page.status_code == 200
    assert admin_client.get("/admin/telephony/inboundmessage/add/").status_code == 403


# --- New complaints per number ------------------------------------------------------------------

def test_a_number_opens_at_most_three_complaints_by_sms_a_day(mobile_customer) -> None:
    replies = [reply_of(post_sms(sms_params(f"{COMPLAINT} ({n})"))) for n in range(20)]
    assert Ticket.objects.count() == 3
    assert all(ticket.reference in reply for ticket, reply in
               zip(Ticket.objects.order_by("pk"), replies[:3], strict=True))
    assert "3" in replies[3] and "SUIVI" in replies[3] and replies[3] == replies[19]
    # Every message is kept on the customer's record, the refused ones too.
    assert InboundMessage.objects.filter(status=Status.PROCESSED).count() == 20
    assert Interaction.objects.filter(customer=mobile_customer,
                                      channel="sms").count() == 20


def test_the_limit_frees_up_after_the_window(mobile_customer) -> None:
    day_ago = timezone.now() - timedelta(hours=24, minutes=1)
    for n in range(3):
        inbound.answer_message(inbound.store(InboundSms(
            carrier_id=f"SM{n:032d}", from_number=SENDER, to_number="+212522000000",
            body=f"{COMPLAINT} ({n})", num_media=0, raw={})), now=day_ago)
    assert Ticket.objects.count() == 3
    reply = reply_of(post_sms(sms_params(COMPLAINT)))
    assert Ticket.objects.count() == 4 and Ticket.objects.latest("pk").reference in reply


def test_the_refusal_is_answered_in_arabic_to_an_arabic_message(mobile_customer,
                                                                 settings) -> None:
    settings.SMS_COMPLAINTS_PER_NUMBER = 1
    post_sms(sms_params("لم أتوصل بالتعويضات العائلية"))
    reply = reply_of(post_sms(sms_params("لم أتوصل بمعاشي")))
    assert Ticket.objects.count() == 1
    assert "SUIVI" in reply and any("\u0600" <= ch <= "\u06ff" for ch in reply)
