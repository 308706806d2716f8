"""The carrier's webhooks: any form, signed or not, is read into a dataclass or refused with
a PayloadError, never another exception; and posted, correctly signed, to any of the five
webhooks (SMS in, delivery reports, call in, voice menu, call status), it is answered 200,
204 or 400, never a 5xx, without a failure hidden behind an apology."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Iterator
from dataclasses import fields, is_dataclass
from typing import Any
from urllib.parse import urlencode

import pytest
from django.db import transaction
from django.test import Client
from hypothesis import event, example, given
from hypothesis import strategies as st
from stdnum import verhoeff

from telephony import gateway, voice
from telephony.gateway import PayloadError, parse_call, parse_inbound_sms, parse_status
from tests.fuzz import budget
from tests.fuzz.strategies import hostile_text, short_text, typed, visible_text

ACCOUNT_SID = "AC" + "0123456789abcdef" * 2
OUR_NUMBER = "+212522000000"
MAX_STORED_INTEGER = 2**31 - 1
FIELDS = ["MessageSid", "SmsSid", "From", "To", "Body", "NumMedia", "MessageStatus",
          "ErrorCode", "CallSid", "CallStatus", "Digits", "CallDuration", "RecordingUrl",
          "AccountSid", "ApiVersion", "NumSegments", "Caller", "Called"]
numbers = st.one_of(
    st.integers(-10**12, 10**40).map(str),
    st.sampled_from(["", " 1", "1 ", "١٢", "٣٠٠٠٣", "1_000", "0x1F", "1e3", "+5", "-0",
                     "2147483647", "2147483648", "9" * 5000, "１２"]))
values = st.one_of(visible_text, visible_text, hostile_text, numbers, st.sampled_from([
    "+212661000333", "0661000333", "٠٦٦١٠٠٠٣٣٣", "anonymous", "", "SUIVI 1234567890",
    "delivered", "undelivered", "completed", "in-progress", "https://api.twilio.com/r.mp3"]))
forms = st.dictionaries(st.one_of(st.sampled_from(FIELDS), short_text), values, max_size=8)


def _sid(prefix: str) -> st.SearchStrategy[str]:
    valid = st.integers(0, 2**64).map(lambda n: f"{prefix}{n:032x}")
    return st.one_of(valid, valid, valid, visible_text, hostile_text)


def _check_parsed(parsed: Any, form: dict[str, str]) -> None:
    assert is_dataclass(parsed) and parsed.raw == form
    for item in fields(parsed):
        value = getattr(parsed, item.name)
        if isinstance(value, int):
            assert 0 <= value <= MAX_STORED_INTEGER, (item.name, value)


@budget()
@given(forms)
@example({"MessageSid": "SM1", "From": "+212661000333", "NumMedia": "9" * 30})
def test_any_form_is_an_inbound_sms_or_a_payload_error(form: dict[str, str]) -> None:
    try:
        sms = parse_inbound_sms(form)
    except PayloadError:
        return
    _check_parsed(sms, form)
    assert sms.carrier_id == form["MessageSid"] and sms.from_number == form["From"]


@budget()
@given(forms)
@example({"CallSid": "CA1", "From": "+212661000333", "CallDuration": "-1"})
def test_any_form_is_a_call_or_a_payload_error(form: dict[str, str]) -> None:
    try:
        call = parse_call(form)
    except PayloadError:
        return
    _check_parsed(call, form)
    assert call.carrier_id == form["CallSid"] and call.from_number == form["From"]


@budget()
@given(forms)
@example({"MessageSid": "SM1", "MessageStatus": "undelivered", "ErrorCode": "9" * 30})
@example({"MessageSid": "SM1", "MessageStatus": "undelivered", "ErrorCode": "-1"})
def test_any_form_is_a_delivery_report_or_a_payload_error(form: dict[str, str]) -> None:
    try:
        report = parse_status(form)
    except PayloadError:
        return
    _check_parsed(report, form)
    assert report.carrier_id == form["MessageSid"] and report.status == form["MessageStatus"]


@budget()
@given(st.dictionaries(st.sampled_from(["step", "lang", "try"]) | short_text,
                       st.one_of(values, st.sampled_from(["ref", "main", "offer", "fr", "ar"])),
                       max_size=4))
def test_any_voice_menu_query_is_a_position_in_the_menu(query: dict[str, str]) -> None:
    position = voice.Position.from_query(query)
    assert position.language in ("", *voice.LANGUAGES)
    assert 1 <= position.attempt <= voice.MAX_TRIES
    assert position.step == query.get("step", voice.Step.LANGUAGE)


# --- Through the webhooks, signed ---------------------------------------------------------------

references = st.integers(10**8, 10**9 - 1).map(
    lambda body: str(body) + verhoeff.calc_check_digit(str(body)))


def mostly(valid: st.SearchStrategy[str] | str,
           *others: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """What the carrier sends, three times in four; else anything: each field on its own, so
    that most requests get past the input guard and the parsers to the code behind."""
    usual = valid if isinstance(valid, st.SearchStrategy) else st.just(valid)
    return st.integers(0, 3).flatmap(lambda n: st.one_of(values, *others) if n == 0 else usual)


def _sid(prefix: str) -> st.SearchStrategy[str]:
    return mostly(st.integers(0, 2**64).map(lambda n: f"{prefix}{n:032x}"))


senders = mostly(st.sampled_from(["+212661000333", "+212700000001", "0661000333", "anonymous"]))
CALL_STATUSES = ["ringing", "in-progress", "completed", "busy", "no-answer", "failed"]
SMS_STATUSES = ["queued", "sent", "delivered", "undelivered", "failed", "read", "canceled"]


@st.composite
def webhook_requests(draw: st.DrawFn) -> tuple[str, dict[str, str]]:
    """(path with its query, form) of one of the five webhooks, around a valid form."""
    kind = draw(st.sampled_from(["sms", "status", "call", "menu", "call_status"]))
    common = {"AccountSid": ACCOUNT_SID, "ApiVersion": "2010-04-01", "To": OUR_NUMBER}
    if kind == "sms":
        path = "/telephony/sms/inbound/"
        sid = draw(_sid("SM"))
        form = {**common, "MessageSid": sid, "SmsSid": sid, "From": draw(senders),
                "Body": draw(st.one_of(visible_text, hostile_text,
                                       references.map("SUIVI {}".format),
                                       st.sampled_from(["STOP", "START", "SUIVI"]))),
                "NumMedia": draw(mostly("0", numbers))}
    elif kind == "status":
        path = "/telephony/sms/status/"
        form = {**common, "MessageSid": draw(_sid("SM")),
                "MessageStatus": draw(mostly(st.sampled_from(SMS_STATUSES))),
                "ErrorCode": draw(mostly(st.sampled_from(["", "30003", "30008"]), numbers))}
    else:
        form = {**common, "CallSid": draw(_sid("CA")), "From": draw(senders),
                "CallStatus": draw(mostly(st.sampled_from(CALL_STATUSES)))}
        if kind == "call":
            path = "/telephony/voice/inbound/"
        elif kind == "menu":
            query = draw(st.fixed_dictionaries({}, optional={
                "step": mostly(st.sampled_from(["lang", "main", "ref", "offer"])),
                "lang": mostly(st.sampled_from(["fr", "ar"])),
                "try": mostly(st.sampled_from(["1", "2", "3"]), numbers)}))
            path = "/telephony/voice/menu/" + (f"?{urlencode(query)}" if query else "")
            form["Digits"] = draw(st.one_of(
                st.text(st.sampled_from("0123456789#*"), max_size=14),
                references.flatmap(typed), references.map(lambda r: r + "#"), visible_text))
        else:
            path = "/telephony/voice/status/"
            form.update({"CallDuration": draw(mostly(st.integers(0, 3600).map(str), numbers)),
                         "RecordingUrl": draw(mostly("https://api.twilio.com/r.mp3"))})
    if draw(st.integers(0, 3)) == 0:
        form.update(draw(st.dictionaries(st.one_of(st.sampled_from(FIELDS), short_text),
                                         values, max_size=2)))
    return path, form


@pytest.fixture
def _carrier(settings) -> Iterator[None]:
    settings.SMS_GATEWAY = "fake"
    settings.TELEPHONY_SIGNING_TOKEN = "fuzz-token"
    settings.TELEPHONY_PUBLIC_BASE_URL = ""
    settings.BACKGROUND_MODE = "in-process"
    gateway.fake_gateway.reset()
    yield
    gateway.fake_gateway.reset()


@pytest.mark.django_db
@budget(300)
@given(request=webhook_requests())
@example(request=("/telephony/sms/status/", {"MessageSid": "SM1", "MessageStatus": "failed",
                                             "ErrorCode": "9" * 30}))
@example(request=("/telephony/voice/status/", {"CallSid": "CA1", "From": "+212661000333",
                                               "CallStatus": "completed",
                                               "CallDuration": "99999999999"}))
@example(request=("/telephony/voice/menu/?step=ref&lang=fr&try=" + "9" * 5000,
                  {"CallSid": "CA2", "From": "+212661000333", "Digits": "١٢٣٤٥٦٧٨٩٠#"}))
def test_any_signed_webhook_is_answered_without_a_server_error(
        _carrier: None, caplog: pytest.LogCaptureFixture,
        request: tuple[str, dict[str, str]]) -> None:
    path, form = request
    caplog.clear()
    signature = gateway.sign("http://testserver" + path, form)
    with caplog.at_level(logging.ERROR), transaction.atomic():
        response = Client(raise_request_exception=False).post(
            path, urlencode(form), content_type="application/x-www-form-urlencoded",
            headers={"X-Twilio-Signature": signature})
        transaction.set_rollback(True)  # each request on its own, and a failed one undone
    event(f"{path.split('?')[0]} {response.status_code}")  # --hypothesis-show-statistics
    failures = [record.getMessage() + "".join(traceback.format_exception(*record.exc_info)[-3:])
                if record.exc_info else record.getMessage()
                for record in caplog.records if record.levelno >= logging.ERROR]
    assert response.status_code in (200, 204, 400), (response.status_code, failures)
    assert not failures, failures
