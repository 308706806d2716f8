"""The carrier adapter: webhook signatures (also behind a reverse proxy and without a
carrier), webhook payloads read into dataclasses, and Twilio sends mapped to retryable or
permanent failures, through the SDK over a fake HTTP client: no test opens a socket."""

from __future__ import annotations

import base64
import hashlib
import hmac
from typing import Any
from urllib.parse import urlencode

import pytest
import requests
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, QueryDict
from django.test import RequestFactory, override_settings

from telephony import gateway
from telephony.gateway import (
    ConsoleGateway,
    FakeTwilioHttpClient,
    GatewayError,
    PayloadError,
    TwilioGateway,
    fake_gateway,
    parse_call,
    parse_inbound_sms,
    parse_status,
)

ACCOUNT_SID = "AC" + "0123456789abcdef" * 2
MESSAGE_SID = "SM" + "a1b2c3d4" * 4
CALL_SID = "CA" + "d4c3b2a1" * 4
SMS_PATH = "/telephony/sms/"
PUBLIC_BASE = "https://cnss.example.ma"
INBOUND_SMS = {
    "ToCountry": "MA", "SmsMessageSid": MESSAGE_SID, "NumMedia": "0", "SmsSid": MESSAGE_SID,
    "SmsStatus": "received", "Body": "Réclamation RC-2026-000123 : toujours rien reçu",
    "FromCountry": "MA", "To": "+212522000000", "NumSegments": "1", "MessageSid": MESSAGE_SID,
    "AccountSid": ACCOUNT_SID, "From": "+212661000333", "ApiVersion": "2010-04-01",
}


@pytest.fixture(autouse=True)
def _local_signing(settings) -> None:
    settings.SMS_GATEWAY = "console"
    settings.TELEPHONY_SIGNING_TOKEN = "local-signing-token"
    settings.TELEPHONY_PUBLIC_BASE_URL = ""
    settings.TWILIO_ACCOUNT_SID = settings.TWILIO_AUTH_TOKEN = ""
    settings.TWILIO_FROM_NUMBER = settings.TWILIO_MESSAGING_SERVICE_SID = ""


def _webhook(path: str = SMS_PATH, params: dict[str, str] | None = None, *,
             signature: str | None = None, **extra: str) -> HttpRequest:
    body = urlencode(INBOUND_SMS if params is None else params)
    headers = {} if signature is None else {"X-Twilio-Signature": signature}
    return RequestFactory().post(path, body, content_type="application/x-www-form-urlencoded",
                                 headers=headers, **extra)


# --- Webhook signatures ---------------------------------------------------------------------

def test_a_request_signed_with_the_local_token_is_valid() -> None:
    signature = gateway.sign("http://testserver" + SMS_PATH, INBOUND_SMS)
    assert gateway.validate_request(_webhook(signature=signature)) is True


def test_an_unsigned_request_is_refused() -> None:
    assert gateway.validate_request(_webhook()) is False


def test_a_tampered_or_added_parameter_is_refused() -> None:
    signature = gateway.sign("http://testserver" + SMS_PATH, INBOUND_SMS)
    tampered = {**INBOUND_SMS, "Body": "STOP"}
    added = {**INBOUND_SMS, "Extra": "1"}
    assert gateway.validate_request(_webhook(params=tampered, signature=signature)) is False
    assert gateway.validate_request(_webhook(params=added, signature=signature)) is False


def test_a_signature_for_another_url_is_refused() -> None:
    signature = gateway.sign("http://testserver/telephony/voice/", INBOUND_SMS)
    assert gateway.validate_request(_webhook(signature=signature)) is False
    with_query = gateway.sign("http://testserver" + SMS_PATH + "?lang=ar", INBOUND_SMS)
    assert gateway.validate_request(
        _webhook(SMS_PATH + "?lang=ar", signature=with_query)) is True
    assert gateway.validate_request(
        _webhook(SMS_PATH + "?lang=fr", signature=with_query)) is False


def test_behind_a_proxy_the_public_base_url_is_what_was_signed() -> None:
    signature = gateway.sign(PUBLIC_BASE + SMS_PATH, INBOUND_SMS)
    request = _webhook(signature=signature)  # arrives as http://testserver from the proxy
    assert gateway.validate_request(request) is False
    with override_settings(TELEPHONY_PUBLIC_BASE_URL=PUBLIC_BASE):
        assert gateway.validate_request(request) is True
    with override_settings(TELEPHONY_PUBLIC_BASE_URL=PUBLIC_BASE + "/"):
        assert gateway.validate_request(request) is True


@override_settings(SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"),
                   USE_X_FORWARDED_HOST=True, ALLOWED_HOSTS=["cnss.example.ma"])
def test_behind_a_trusted_proxy_forwarded_headers_give_the_public_url() -> None:
    signature = gateway.sign(PUBLIC_BASE + SMS_PATH, INBOUND_SMS)
    request = _webhook(signature=signature, HTTP_X_FORWARDED_PROTO="https",
                       HTTP_X_FORWARDED_HOST="cnss.example.ma")
    assert gateway.validate_request(request) is True


def test_a_signature_with_or_without_the_default_port_is_valid() -> None:
    """The carrier may sign the URL with its port written or not: both are accepted."""
    request = _webhook(signature=gateway.sign(PUBLIC_BASE + ":443" + SMS_PATH, INBOUND_SMS))
    with override_settings(TELEPHONY_PUBLIC_BASE_URL=PUBLIC_BASE):
        assert gateway.validate_request(request) is True
    request = _webhook(signature=gateway.sign(PUBLIC_BASE + SMS_PATH, INBOUND_SMS))
    with override_settings(TELEPHONY_PUBLIC_BASE_URL=PUBLIC_BASE + ":443"):
        assert gateway.validate_request(request) is True
    tampered = _webhook(params={**INBOUND_SMS, "Body": "STOP"},
                        signature=gateway.sign(PUBLIC_BASE + ":443" + SMS_PATH, INBOUND_SMS))
    with override_settings(TELEPHONY_PUBLIC_BASE_URL=PUBLIC_BASE):
        assert gateway.validate_request(tampered) is False


def test_signatures_follow_twilios_algorithm() -> None:
    """HMAC-SHA1 of the URL followed by each parameter name and value, sorted by name."""
    url = PUBLIC_BASE + SMS_PATH + "?lang=fr"
    params = {"To": "+212522000000", "Body": "Bonjour", "From": "+212661000333"}
    payload = url + "BodyBonjourFrom+212661000333To+212522000000"
    expected = base64.b64encode(hmac.new(b"local-signing-token", payload.encode(),
                                         hashlib.sha1).digest()).decode()
    assert gateway.sign(url, params) == expected


def test_without_a_signing_token_one_is_derived_from_the_secret_key(settings) -> None:
    settings.TELEPHONY_SIGNING_TOKEN = ""
    url = "http://testserver" + SMS_PATH
    first = gateway.sign(url, INBOUND_SMS)
    assert gateway.validate_request(_webhook(signature=first)) is True
    settings.SECRET_KEY = "another-secret-key"
    assert gateway.sign(url, INBOUND_SMS) != first
    assert gateway.validate_request(_webhook(signature=first)) is False


def test_the_fake_gateway_checks_signatures_like_the_console(settings) -> None:
    settings.SMS_GATEWAY = "fake"
    signature = ConsoleGateway().sign("http://testserver" + SMS_PATH, INBOUND_SMS)
    assert fake_gateway.validate_request(_webhook(signature=signature)) is True
    assert gateway.validate_request(_webhook(signature=signature)) is True


def test_twilio_webhooks_are_checked_with_the_auth_token() -> None:
    twilio = _twilio_gateway(auth_token="twilio-auth-token")
    url = "http://testserver" + SMS_PATH
    assert twilio.validate_request(_webhook(signature=twilio.sign(url, INBOUND_SMS))) is True
    local = ConsoleGateway().sign(url, INBOUND_SMS)
    assert twilio.validate_request(_webhook(signature=local)) is False


# --- Inbound payloads ---------------------------------------------------------------------

def test_an_inbound_sms_is_read_from_the_form() -> None:
    sms = parse_inbound_sms(QueryDict(urlencode(INBOUND_SMS)))
    assert (sms.carrier_id, sms.from_number, sms.to_number, sms.num_media) == (
        MESSAGE_SID, "+212661000333", "+212522000000", 0)
    assert sms.body == "Réclamation RC-2026-000123 : toujours rien reçu"
    assert sms.raw == INBOUND_SMS


def test_an_sms_without_body_has_an_empty_body_and_counts_its_media() -> None:
    form = {k: v for k, v in INBOUND_SMS.items() if k != "Body"} | {"NumMedia": "2"}
    sms = parse_inbound_sms(form)
    assert (sms.body, sms.num_media) == ("", 2)


@pytest.mark.parametrize("form", [
    {k: v for k, v in INBOUND_SMS.items() if k != "MessageSid"},
    {k: v for k, v in INBOUND_SMS.items() if k != "From"},
    INBOUND_SMS | {"NumMedia": "deux"},
])
def test_a_malformed_sms_form_is_refused(form: dict[str, str]) -> None:
    with pytest.raises(PayloadError):
        parse_inbound_sms(form)


def test_calls_are_read_from_the_voice_webhooks() -> None:
    common = {"CallSid": CALL_SID, "AccountSid": ACCOUNT_SID, "From": "+212661000333",
              "To": "+212522000000", "Direction": "inbound"}
    ringing = parse_call(common | {"CallStatus": "ringing"})
    assert (ringing.carrier_id, ringing.from_number, ringing.to_number, ringing.status) == (
        CALL_SID, "+212661000333", "+212522000000", "ringing")
    assert (ringing.digits, ringing.duration, ringing.recording_url) == ("", None, "")

    assert parse_call(common | {"CallStatus": "in-progress", "Digits": "2"}).digits == "2"

    recording = "https://api.twilio.com/2010-04-01/Accounts/AC/Recordings/RE1"
    ended = parse_call(common | {"CallStatus": "completed", "CallDuration": "74",
                                 "RecordingUrl": recording})
    assert (ended.status, ended.duration, ended.recording_url) == ("completed", 74, recording)
    with pytest.raises(PayloadError):
        parse_call({"From": "+212661000333"})


def test_delivery_reports_are_read_with_their_error_code() -> None:
    delivered = parse_status({"MessageSid": MESSAGE_SID, "MessageStatus": "delivered",
                              "AccountSid": ACCOUNT_SID})
    assert (delivered.carrier_id, delivered.status, delivered.error_code) == (
        MESSAGE_SID, "delivered", None)
    assert delivered.delivered and not delivered.failed

    undelivered = parse_status({"MessageSid": MESSAGE_SID, "MessageStatus": "undelivered",
                                "ErrorCode": "30003"})
    assert (undelivered.error_code, undelivered.failed) == (30003, True)
    with pytest.raises(PayloadError):
        parse_status({"MessageSid": MESSAGE_SID})


# --- Sending through Twilio ---------------------------------------------------------------

def _created(sid: str = MESSAGE_SID) -> tuple[int, dict[str, str]]:
    return 201, {"sid": sid, "account_sid": ACCOUNT_SID, "status": "queued",
                 "to": "+212661000333"}


def _refused(status: int, code: int, message: str) -> tuple[int, dict[str, object]]:
    return status, {"code": code, "message": message, "status": status,
                    "more_info": f"https://www.twilio.com/docs/errors/{code}"}


def _twilio_gateway(*script: tuple[int, object] | Exception, **options: str) -> TwilioGateway:
    config = {"account_sid": ACCOUNT_SID, "auth_token": "twilio-auth-token",
              "from_number": "+212522000000"} | options
    return TwilioGateway(http_client=FakeTwilioHttpClient(*script), **config)


def _requests_of(twilio: TwilioGateway) -> list[dict[str, Any]]:
    http = twilio.client.http_client
    assert isinstance(http, FakeTwilioHttpClient)
    return http.calls


def test_twilio_send_returns_the_message_sid() -> None:
    twilio = _twilio_gateway(_created())
    assert twilio.send_sms(to="+212661000333", body="Votre réclamation", key="42") == MESSAGE_SID
    [sent] = _requests_of(twilio)
    assert sent["method"] == "POST"
    assert sent["uri"].endswith(f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json")
    assert sent["auth"] == (ACCOUNT_SID, "twilio-auth-token")
    assert sent["data"] == {"To": "+212661000333", "From": "+212522000000",
                            "Body": "Votre réclamation"}


def test_twilio_send_asks_for_delivery_reports_at_the_public_url(settings) -> None:
    settings.TELEPHONY_PUBLIC_BASE_URL = PUBLIC_BASE
    twilio = _twilio_gateway(_created(), from_number="", messaging_service_sid="MG123")
    twilio.send_sms(to="+212661000333", body="Bonjour", key="42")
    [sent] = _requests_of(twilio)
    assert sent["data"] == {"To": "+212661000333", "MessagingServiceSid": "MG123",
                            "Body": "Bonjour",
                            "StatusCallback": PUBLIC_BASE + "/telephony/sms/status/"}


@pytest.mark.parametrize("reply", [
    _refused(500, 20500, "Internal Server Error"),
    _refused(503, 20503, "Service Unavailable"),
    _refused(429, 20429, "Too Many Requests"),
    _refused(401, 20003, "Authenticate"),
    (502, "<html>Bad Gateway</html>"),
    requests.exceptions.ReadTimeout("read timed out"),
    requests.exceptions.ConnectionError("connection refused"),
], ids=["500", "503", "429", "401", "502-html", "timeout", "connection"])
def test_carrier_outages_are_retryable(reply: tuple[int, object] | Exception) -> None:
    twilio = _twilio_gateway(reply)
    with pytest.raises(GatewayError) as failure:
        twilio.send_sms(to="+212661000333", body="Bonjour", key="42")
    assert failure.value.permanent is False


@pytest.mark.parametrize(("status", "code"), [(400, 21211), (400, 21610), (400, 21408)],
                         ids=["invalid-number", "opted-out", "region-not-enabled"])
def test_refused_messages_are_permanent_failures(status: int, code: int) -> None:
    twilio = _twilio_gateway(_refused(status, code, "The 'To' number is not valid."))
    with pytest.raises(GatewayError) as failure:
        twilio.send_sms(to="+2126", body="Bonjour", key="42")
    assert failure.value.permanent is True
    assert str(code) in str(failure.value) and "not valid" in str(failure.value)


def test_problem_details_errors_are_mapped_too() -> None:
    problem = (400, {"type": "https://www.twilio.com/docs/errors/21211",
                     "title": "Invalid 'To' Phone Number", "status": 400, "code": 21211})
    with pytest.raises(GatewayError) as failure:
        _twilio_gateway(problem).send_sms(to="+2126", body="Bonjour", key="42")
    assert failure.value.permanent is True and "Invalid 'To'" in str(failure.value)


def test_a_send_that_failed_with_503_succeeds_when_retried() -> None:
    twilio = _twilio_gateway(_refused(503, 20503, "Service Unavailable"), _created())
    with pytest.raises(GatewayError):
        twilio.send_sms(to="+212661000333", body="Bonjour", key="42")
    assert twilio.send_sms(to="+212661000333", body="Bonjour", key="42") == MESSAGE_SID
    assert len(_requests_of(twilio)) == 2


def test_the_real_http_client_gives_up_after_ten_seconds() -> None:
    twilio = TwilioGateway(account_sid=ACCOUNT_SID, auth_token="t", from_number="+212522000000")
    assert twilio.client.http_client.timeout == 10


def test_a_half_configured_twilio_gateway_names_what_is_missing() -> None:
    with pytest.raises(ImproperlyConfigured, match="TWILIO_AUTH_TOKEN"):
        TwilioGateway(account_sid=ACCOUNT_SID, from_number="+212522000000")


def test_get_gateway_follows_the_setting_and_shares_one_twilio_client(settings) -> None:
    assert isinstance(gateway.get_gateway(), ConsoleGateway)
    settings.SMS_GATEWAY = "fake"
    assert gateway.get_gateway() is fake_gateway
    settings.SMS_GATEWAY = "twilio"
    settings.TWILIO_ACCOUNT_SID, settings.TWILIO_AUTH_TOKEN = ACCOUNT_SID, "t"
    settings.TWILIO_FROM_NUMBER = "+212522000000"
    shared = gateway.get_gateway()
    assert isinstance(shared, TwilioGateway) and gateway.get_gateway() is shared
    settings.SMS_GATEWAY = "carrier-pigeon"
    with pytest.raises(ImproperlyConfigured):
        gateway.get_gateway()
