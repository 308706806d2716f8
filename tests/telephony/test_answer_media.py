"""Pictures sent with a customer's SMS answer are attached to the complaint
(telephony.answer_media), on PostgreSQL: read from the carrier's form, stored on the
message, fetched through the gateway after commit, each one attached once."""

from __future__ import annotations

from typing import Any

import pytest
import requests
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext, ngettext

from contactcenter import background
from telephony import answer_media, customer_answers, tasks
from telephony.gateway import (
    FakeGateway,
    FakeTwilioHttpClient,
    GatewayError,
    TwilioGateway,
    parse_inbound_sms,
)
from telephony.models import InboundMessage
from tests.desk.helpers import in_progress
from tests.telephony.conftest import post_sms, reply_of, sms_params
from tickets import services
from tickets.models import Attachment, Ticket, TicketEvent

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sms_webhook")]

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40
GIF = b"GIF89a\x01\x00\x01\x00" + b"\x00" * 20
MEDIA = "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME"


def _media_form(*urls_and_types: tuple[str, str]) -> dict[str, str]:
    form = {"NumMedia": str(len(urls_and_types))}
    for index, (url, content_type) in enumerate(urls_and_types):
        form[f"MediaUrl{index}"] = url
        if content_type:
            form[f"MediaContentType{index}"] = content_type
    return form


def _fr(message: str, **params: object) -> str:
    with translation.override("fr"):
        return gettext(message) % params


def _fr_count(singular: str, plural: str, count: int) -> str:
    with translation.override("fr"):
        return ngettext(singular, plural, count) % {"count": count}


ATTACHED = ("(%(count)s picture or file came with this SMS: see the complaint's attachments.)",
            "(%(count)s pictures or files came with this SMS: see the complaint's attachments.)")
UNREADABLE = ("(%(count)s picture or file came with this SMS: it cannot be read.)",
              "(%(count)s pictures or files came with this SMS: they cannot be read.)")


def _text_with_media(body: str, *media: tuple[str, str]) -> str | None:
    params = sms_params(body) | _media_form(*media)
    return reply_of(post_sms(params, client=Client()))


@pytest.fixture
def queued(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int]]:
    """The fetches queued after commit (run by the test instead of a worker)."""
    calls: list[tuple[int, int]] = []
    monkeypatch.setattr(answer_media, "_start", lambda m, t: calls.append((m, t)))
    return calls


def _waiting(customer: Any, handler: Any, category: Any) -> Ticket:
    ticket = in_progress(customer, handler, category)
    return services.ask_customer(ticket=ticket, by=handler, request="Envoyez votre RIB")


# --- Reading the carrier's form ----------------------------------------------------------------

def test_media_urls_and_types_are_read_from_the_form() -> None:
    form = sms_params("Voici") | _media_form((MEDIA + "1", "image/png"),
                                             (MEDIA + "2", "Image/JPEG"))
    sms = parse_inbound_sms(form)
    assert sms.num_media == 2
    assert sms.media == ((MEDIA + "1", "image/png"), (MEDIA + "2", "image/jpeg"))


@pytest.mark.parametrize("url", [
    "https://evil.example/ME1",                 # another host
    "http://api.twilio.com/2010-04-01/ME1",     # not https
    "https://api.twilio.com.evil.example/ME1",  # a look-alike host
    "https://user@api.twilio.com/ME1",          # credentials in the URL
    "https://api.twilio.com:8443/ME1",          # another port
    "file:///etc/passwd",
])
def test_media_off_the_carrier_host_are_ignored_but_counted(url: str) -> None:
    sms = parse_inbound_sms(sms_params("") | _media_form((url, "image/png"),
                                                         (MEDIA + "2", "image/png")))
    assert sms.num_media == 2
    assert sms.media == ((MEDIA + "2", "image/png"),)


def test_a_media_without_type_is_ignored() -> None:
    sms = parse_inbound_sms(sms_params("") | _media_form((MEDIA + "1", "")))
    assert (sms.num_media, sms.media) == (1, ())


def test_at_most_ten_media_are_read_and_only_those_announced() -> None:
    many = _media_form(*[(MEDIA + str(i), "image/png") for i in range(12)])
    assert len(parse_inbound_sms(sms_params("") | many).media) == 10
    announced = many | {"NumMedia": "1"}
    assert len(parse_inbound_sms(sms_params("") | announced).media) == 1


# --- Stored and attached -----------------------------------------------------------------------

def test_the_media_are_stored_on_the_message(mobile_customer) -> None:
    _text_with_media("Bonjour", (MEDIA + "1", "image/png"), ("https://x.example/2", "image/png"))
    message = InboundMessage.objects.latest("pk")
    assert message.num_media == 2
    assert message.media == [{"url": MEDIA + "1", "content_type": "image/png", "done": ""}]


def test_two_pictures_go_onto_the_waiting_complaint(
        mobile_customer, handler, category, sms_webhook: FakeGateway, queued,
        django_capture_on_commit_callbacks) -> None:
    ticket = _waiting(mobile_customer, handler, category)
    sms_webhook.media = {MEDIA + "1": PNG, MEDIA + "2": JPEG}
    with django_capture_on_commit_callbacks(execute=True):
        reply = _text_with_media("Voici", (MEDIA + "1", "image/png"),
                                 (MEDIA + "2", "image/jpeg"))
    message = InboundMessage.objects.latest("pk")
    assert queued == [(message.pk, ticket.pk)]
    assert reply is not None and _fr("We received your pictures or files.") in reply
    assert _fr("We cannot read pictures or files sent by SMS.") not in reply
    note = ticket.events.filter(action="receive_customer_reply").get().note
    assert note == "Voici\n" + _fr_count(*ATTACHED, 2)

    tasks.fetch_answer_media(message.pk, ticket.pk)
    attachments = list(Attachment.objects.filter(ticket=ticket).order_by("pk"))
    assert [a.content_type for a in attachments] == ["image/png", "image/jpeg"]
    assert [a.file.read() for a in attachments] == [PNG, JPEG]
    assert all(a.event.actor is None and a.event.kind == TicketEvent.Kind.ATTACHMENT
               for a in attachments)
    message.refresh_from_db()
    assert [m["done"] for m in message.media] == ["attached", "attached"]


def test_running_the_task_twice_attaches_once(
        mobile_customer, handler, category, sms_webhook: FakeGateway, queued,
        django_capture_on_commit_callbacks) -> None:
    ticket = _waiting(mobile_customer, handler, category)
    sms_webhook.media = {MEDIA + "1": PNG}
    with django_capture_on_commit_callbacks(execute=True):
        _text_with_media("", (MEDIA + "1", "image/png"))
    message_id, ticket_id = queued[0]
    assert ticket_id == ticket.pk
    assert answer_media.fetch(message_id, ticket_id) == 1
    assert answer_media.fetch(message_id, ticket_id) == 0
    assert Attachment.objects.filter(ticket=ticket).count() == 1
    assert sms_webhook.fetched == [MEDIA + "1"]  # not downloaded again either


def test_a_refused_type_or_a_failed_download_is_skipped_and_the_others_attached(
        mobile_customer, handler, category, sms_webhook: FakeGateway, queued,
        django_capture_on_commit_callbacks) -> None:
    ticket = _waiting(mobile_customer, handler, category)
    # A GIF (not an accepted type), a PNG, and one the carrier does not serve.
    sms_webhook.media = {MEDIA + "1": GIF, MEDIA + "2": PNG}
    with django_capture_on_commit_callbacks(execute=True):
        _text_with_media("Voici", (MEDIA + "1", "image/gif"), (MEDIA + "2", "image/png"),
                         (MEDIA + "3", "image/png"))
    message_id, ticket_id = queued[0]
    assert answer_media.fetch(message_id, ticket_id) == 1
    assert [a.content_type for a in Attachment.objects.filter(ticket=ticket)] == ["image/png"]
    assert ticket.events.filter(kind=TicketEvent.Kind.ATTACHMENT).count() == 1
    message = InboundMessage.objects.get(pk=message_id)
    assert [m["done"] for m in message.media] == ["skipped", "attached", "skipped"]
    assert answer_media.fetch(message_id, ticket_id) == 0  # the skipped ones are not retried


def test_media_off_the_carrier_host_are_told_unreadable(
        mobile_customer, handler, category, queued,
        django_capture_on_commit_callbacks) -> None:
    ticket = _waiting(mobile_customer, handler, category)
    with django_capture_on_commit_callbacks(execute=True):
        reply = _text_with_media("Voici", ("https://evil.example/1", "image/png"))
    assert queued == []
    assert reply is not None and _fr("We cannot read pictures or files sent by SMS.") in reply
    assert _fr("We received your pictures or files.") not in reply
    note = ticket.events.filter(action="receive_customer_reply").get().note
    assert note == "Voici\n" + _fr_count(*UNREADABLE, 1)


def test_nothing_is_attached_for_a_message_not_on_a_complaint(
        mobile_customer, handler, category, sms_webhook: FakeGateway, queued,
        django_capture_on_commit_callbacks) -> None:
    ticket = in_progress(mobile_customer, handler, category)  # not waiting for an answer
    sms_webhook.media = {MEDIA + "1": PNG}
    with django_capture_on_commit_callbacks(execute=True):
        _text_with_media("", (MEDIA + "1", "image/png"))
    message = InboundMessage.objects.latest("pk")
    assert (queued, message.ticket) == ([], None)
    assert answer_media.fetch(message.pk, ticket.pk) == 0
    assert not Attachment.objects.exists() and sms_webhook.fetched == []


def test_the_pictures_of_a_kept_message_follow_it_onto_the_chosen_complaint(
        mobile_customer, handler, category, sms_webhook: FakeGateway, queued,
        django_capture_on_commit_callbacks) -> None:
    first = _waiting(mobile_customer, handler, category)
    second = _waiting(mobile_customer, handler, category)
    sms_webhook.media = {MEDIA + "1": JPEG}
    with django_capture_on_commit_callbacks(execute=True):
        _text_with_media("Voici", (MEDIA + "1", "image/jpeg"))
    kept = InboundMessage.objects.latest("pk")
    assert (kept.command, queued) == (customer_answers.UNTHREADED, [])
    with django_capture_on_commit_callbacks(execute=True):
        reply_of(post_sms(sms_params(second.reference)))
    assert queued == [(kept.pk, second.pk)]
    note = second.events.filter(action="receive_customer_reply").get().note
    assert note == "Voici\n" + _fr_count(*ATTACHED, 1)
    assert answer_media.fetch(kept.pk, second.pk) == 1
    assert Attachment.objects.get().ticket_id == second.pk
    assert not Attachment.objects.filter(ticket=first).exists()


def test_the_pictures_go_onto_the_new_complaint_when_the_asked_one_is_closed(
        mobile_customer, handler, category, sms_webhook: FakeGateway, queued,
        django_capture_on_commit_callbacks) -> None:
    asked = _waiting(mobile_customer, handler, category)
    services.cancel_ticket(ticket=asked, by=handler, reason="Doublon")
    sms_webhook.media = {MEDIA + "1": PNG}
    with django_capture_on_commit_callbacks(execute=True):
        reply = _text_with_media("Voici la photo", (MEDIA + "1", "image/png"))
    new = Ticket.objects.exclude(pk=asked.pk).get()
    assert queued == [(InboundMessage.objects.latest("pk").pk, new.pk)]
    assert reply is not None and new.reference in reply
    assert _fr("We received your pictures or files.") in reply
    answer_media.fetch(*queued[0])
    assert Attachment.objects.get().ticket_id == new.pk


def test_the_console_gateway_fetches_nothing(
        mobile_customer, handler, category, settings, queued,
        django_capture_on_commit_callbacks) -> None:
    ticket = _waiting(mobile_customer, handler, category)
    with django_capture_on_commit_callbacks(execute=True):
        _text_with_media("", (MEDIA + "1", "image/png"))
    settings.SMS_GATEWAY = "console"
    assert answer_media.fetch(*queued[0]) == 0
    assert not Attachment.objects.filter(ticket=ticket).exists()
    assert InboundMessage.objects.latest("pk").media[0]["done"] == "skipped"


# --- Twilio's media download -------------------------------------------------------------------

class _Response:
    """What requests.get returns, streamed in chunks."""

    def __init__(self, status: int, chunks: list[bytes]) -> None:
        self.status_code, self.chunks = status, chunks

    def __enter__(self) -> _Response:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def iter_content(self, size: int) -> list[bytes]:
        return self.chunks


def _twilio(monkeypatch: pytest.MonkeyPatch, reply: _Response | Exception) -> list[dict[str, Any]]:
    calls: list[dict[str, Any]] = []

    def get(url: str, **options: Any) -> _Response:
        calls.append({"url": url, **options})
        if isinstance(reply, Exception):
            raise reply
        return reply

    monkeypatch.setattr(requests, "get", get)
    return calls


def _twilio_gateway() -> TwilioGateway:
    return TwilioGateway(account_sid="AC1", auth_token="secret-token", from_number="+2125",
                         http_client=FakeTwilioHttpClient())


def test_twilio_downloads_media_with_the_account_credentials(monkeypatch) -> None:
    calls = _twilio(monkeypatch, _Response(200, [PNG[:10], PNG[10:]]))
    assert _twilio_gateway().fetch_media(MEDIA + "1") == PNG
    assert calls == [{"url": MEDIA + "1", "auth": ("AC1", "secret-token"), "timeout": 10.0,
                      "stream": True}]


def test_twilio_refuses_media_too_large_or_unreachable_or_off_its_host(
        monkeypatch, settings) -> None:
    settings.ATTACHMENT_MAX_BYTES = 100
    _twilio(monkeypatch, _Response(200, [b"x" * 60, b"x" * 60]))
    with pytest.raises(GatewayError, match="larger"):
        _twilio_gateway().fetch_media(MEDIA + "1")
    _twilio(monkeypatch, _Response(404, []))
    with pytest.raises(GatewayError, match="404"):
        _twilio_gateway().fetch_media(MEDIA + "1")
    _twilio(monkeypatch, requests.Timeout("slow"))
    with pytest.raises(GatewayError, match="unreachable"):
        _twilio_gateway().fetch_media(MEDIA + "1")
    calls = _twilio(monkeypatch, _Response(200, [PNG]))
    with pytest.raises(GatewayError):
        _twilio_gateway().fetch_media("https://evil.example/ME1")
    assert calls == []  # the credentials never leave for another host


def test_in_celery_mode_the_task_is_published(monkeypatch, settings) -> None:
    settings.BACKGROUND_MODE = "celery"
    published: list[Any] = []
    delayed: list[tuple[int, int]] = []
    monkeypatch.setattr(background, "publish_later", published.append)
    monkeypatch.setattr(tasks.fetch_answer_media, "delay", lambda m, t: delayed.append((m, t)))
    answer_media._start(7, 9)
    published[0]()
    assert delayed == [(7, 9)]
