"""The carrier adapter: the only module that knows which carrier carries our SMS and calls.

`get_gateway()` returns the one named by settings.SMS_GATEWAY: "console" (the quick start:
messages are logged), "fake" (tests: messages are kept in memory, failures on demand) or
"twilio". Every gateway also checks webhook signatures (`validate_request`), with Twilio's
algorithm: without a carrier, the SMS simulator signs its requests with a local token
(`sign`) and goes through the same webhook code. `parse_*` turn a webhook's form into
carrier-agnostic dataclasses; the carrier's field names stay in this module.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Protocol
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from django.utils.crypto import salted_hmac
from twilio.base.exceptions import TwilioException, TwilioRestException, TwilioServiceException
from twilio.http import HttpClient
from twilio.http.http_client import TwilioHttpClient
from twilio.http.response import Response
from twilio.request_validator import RequestValidator, compare
from twilio.rest import Client

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Twilio-Signature"
STATUS_CALLBACK_PATH = "/telephony/sms/status/"
# A worker must not hang on the carrier: the outbox retries later.
REQUEST_TIMEOUT_SECONDS = 10.0
# Refusals of the request rather than of the message: bad credentials, a timeout, a rate limit.
_RETRYABLE_CLIENT_ERRORS = {401, 408, 429}


class GatewayError(Exception):
    """Sending failed. `permanent` errors (bad number, opted out) are not retried."""

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


class PayloadError(ValueError):
    """A webhook's form lacks a field the carrier always sends, or has a malformed one."""


class SmsGateway(Protocol):
    def send_sms(self, *, to: str, body: str, key: str) -> str:
        """Send `body` to the E.164 number `to`; return the carrier's message id.
        `key` identifies our message (the outbox row) for logs and idempotency."""

    def fetch_media(self, url: str) -> bytes:
        """The content of a picture or file that came with an inbound SMS (a URL accepted
        by parse_inbound_sms), at most settings.ATTACHMENT_MAX_BYTES. Raises GatewayError
        (unreachable, refused, too large)."""

    def validate_request(self, request: HttpRequest) -> bool:
        """True if the webhook request carries a valid signature for its public URL and
        form."""

    def sign(self, url: str, params: Mapping[str, str]) -> str:
        """The signature the carrier would send for a POST of `params` to `url`."""


# --- Webhook signatures -------------------------------------------------------------------

def public_url(path: str, request: HttpRequest | None = None) -> str:
    """The URL the carrier sees for `path` (with its query string): the configured
    TELEPHONY_PUBLIC_BASE_URL behind a reverse proxy, else the request's own scheme and host
    (which honour SECURE_PROXY_SSL_HEADER and USE_X_FORWARDED_HOST)."""
    base = settings.TELEPHONY_PUBLIC_BASE_URL.rstrip("/")
    if base:
        return base + path
    if request is None:
        raise ImproperlyConfigured("TELEPHONY_PUBLIC_BASE_URL is needed outside a request.")
    return request.build_absolute_uri(path)


def local_signing_token() -> str:
    """The token of webhooks that no carrier signs: TELEPHONY_SIGNING_TOKEN, else one derived
    from SECRET_KEY."""
    token: str = settings.TELEPHONY_SIGNING_TOKEN
    return token or salted_hmac("telephony.gateway.signing", "webhooks").hexdigest()


class _SignedWebhooks:
    """Twilio's webhook signature (HMAC-SHA1 of the URL and the sorted form) with a token."""

    def signing_token(self) -> str:
        return local_signing_token()

    def sign(self, url: str, params: Mapping[str, str]) -> str:
        """The X-Twilio-Signature header for a POST of `params` to `url`."""
        return str(RequestValidator(self.signing_token()).compute_signature(url, params))

    def validate_request(self, request: HttpRequest) -> bool:
        """True if X-Twilio-Signature matches the public URL and the POST form."""
        signature = request.headers.get(SIGNATURE_HEADER, "")
        if not signature:
            return False
        params = request.POST if request.method == "POST" else {}
        url = public_url(request.get_full_path(), request)
        validator = RequestValidator(self.signing_token())
        # Signed for the URL as it is, usually: one HMAC. Else the SDK's full check, which
        # tries it with and without the port, and checks the hash of a JSON body.
        if "bodySHA256" not in url and compare(validator.compute_signature(url, params),
                                               signature):
            return True
        return bool(validator.validate(url, params, signature))


# --- Inbound payloads ---------------------------------------------------------------------

@dataclass(frozen=True)
class InboundSms:
    carrier_id: str
    from_number: str
    to_number: str
    body: str
    num_media: int
    raw: dict[str, str]
    # The pictures or files that came with it and can be fetched from the carrier:
    # (url, content type), in the carrier's order; num_media counts the others too.
    media: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class InboundCall:
    carrier_id: str
    from_number: str
    to_number: str
    status: str
    digits: str
    duration: int | None
    recording_url: str
    raw: dict[str, str]


@dataclass(frozen=True)
class DeliveryStatus:
    carrier_id: str
    status: str
    error_code: int | None
    raw: dict[str, str]

    @property
    def delivered(self) -> bool:
        return self.status == "delivered"

    @property
    def failed(self) -> bool:
        return self.status in {"failed", "undelivered"}


def parse_inbound_sms(post: Mapping[str, str]) -> InboundSms:
    """An SMS received on our number. Raises PayloadError."""
    num_media = _integer(post, "NumMedia") or 0
    return InboundSms(
        carrier_id=_required(post, "MessageSid"), from_number=_required(post, "From"),
        to_number=post.get("To", ""), body=post.get("Body", ""),
        num_media=num_media, raw=dict(post.items()), media=_media(post, num_media))


# The carrier announces at most this many pictures or files with one message.
MAX_MEDIA = 10
# Where the carrier keeps them: a media URL on any other host is never fetched (it could
# point anywhere, our own network included).
MEDIA_HOST = "api.twilio.com"


def _media(post: Mapping[str, str], num_media: int) -> tuple[tuple[str, str], ...]:
    """The (url, content type) of each MediaUrlN / MediaContentTypeN the message announces,
    kept only when the URL is https on the carrier's media host and a type is given."""
    found = []
    for index in range(min(num_media, MAX_MEDIA)):
        url = post.get(f"MediaUrl{index}", "").strip()
        content_type = post.get(f"MediaContentType{index}", "").strip().lower()
        if media_url_allowed(url) and content_type and len(content_type) <= 100:
            found.append((url, content_type))
        else:
            logger.warning("Media %s of SMS %s ignored: not on %s or without a type", index,
                           post.get("MessageSid", ""), MEDIA_HOST)
    return tuple(found)


def media_url_allowed(url: str) -> bool:
    """True for an https URL on the carrier's media host (no user, no other port)."""
    if len(url) > 500:
        return False
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return False
    return (parts.scheme == "https" and parts.hostname == MEDIA_HOST and port in {None, 443}
            and not parts.username and not parts.password and parts.netloc.lower() in {
                MEDIA_HOST, f"{MEDIA_HOST}:443"})


def parse_call(post: Mapping[str, str]) -> InboundCall:
    """A voice webhook: a call arriving, keys pressed, a call ending. Raises PayloadError."""
    return InboundCall(
        carrier_id=_required(post, "CallSid"), from_number=_required(post, "From"),
        to_number=post.get("To", ""), status=post.get("CallStatus", ""),
        digits=post.get("Digits", ""), duration=_integer(post, "CallDuration"),
        recording_url=post.get("RecordingUrl", ""), raw=dict(post.items()))


def parse_status(post: Mapping[str, str]) -> DeliveryStatus:
    """A delivery report for an SMS we sent. Raises PayloadError."""
    return DeliveryStatus(
        carrier_id=_required(post, "MessageSid"), status=_required(post, "MessageStatus"),
        error_code=_integer(post, "ErrorCode"), raw=dict(post.items()))


def _required(post: Mapping[str, str], name: str) -> str:
    value = post.get(name, "")
    if not value:
        raise PayloadError(f"{name} is missing")
    return value


# The largest count or code a carrier sends that we store (a PostgreSQL integer).
MAX_CARRIER_INTEGER = 2**31 - 1


def _integer(post: Mapping[str, str], name: str) -> int | None:
    value = post.get(name, "")
    if value == "":
        return None
    try:
        number = int(value)
    except ValueError as exc:
        raise PayloadError(f"{name} is not a number: {value!r}") from exc
    if not 0 <= number <= MAX_CARRIER_INTEGER:
        raise PayloadError(f"{name} is out of range: {value!r}")
    return number


# --- Gateways -----------------------------------------------------------------------------

@dataclass
class SentSms:
    to: str
    body: str
    key: str
    carrier_id: str


class ConsoleGateway(_SignedWebhooks):
    """Logs each message instead of sending it (the embedded default). The log tells that
    a message left, never its text, which may carry a one-time code: the phone simulator
    shows the text to those who may read it."""

    def send_sms(self, *, to: str, body: str, key: str) -> str:
        logger.info("SMS to %s [%s]: %s characters", to, key, len(body))
        return f"console-{key}"

    def fetch_media(self, url: str) -> bytes:
        """There is no carrier to fetch from."""
        raise GatewayError("The console gateway fetches no media", permanent=True)


@dataclass
class FakeGateway(_SignedWebhooks):
    """Keeps what was sent; `fail_next(n)` makes the next n sends fail."""

    sent: list[SentSms] = field(default_factory=list)
    failures: list[GatewayError] = field(default_factory=list)
    # What fetch_media returns for each URL (tests set it); any other URL fails.
    media: dict[str, bytes] = field(default_factory=dict)
    fetched: list[str] = field(default_factory=list)

    def send_sms(self, *, to: str, body: str, key: str) -> str:
        if self.failures:
            raise self.failures.pop(0)
        message = SentSms(to=to, body=body, key=key, carrier_id=f"SM{len(self.sent) + 1:032d}")
        self.sent.append(message)
        return message.carrier_id

    def fail_next(self, count: int = 1, *, permanent: bool = False) -> None:
        self.failures += [GatewayError("carrier unavailable", permanent=permanent)
                          for _ in range(count)]

    def fetch_media(self, url: str) -> bytes:
        self.fetched.append(url)
        if url not in self.media:
            raise GatewayError(f"No media at {url}", permanent=True)
        content = self.media[url]
        if len(content) > settings.ATTACHMENT_MAX_BYTES:
            raise GatewayError(f"Media at {url} is too large", permanent=True)
        return content

    def reset(self) -> None:
        self.sent.clear()
        self.failures.clear()
        self.media.clear()
        self.fetched.clear()


class TwilioGateway(_SignedWebhooks):
    """Twilio's Messages API; webhooks are signed with the account's auth token. Arguments
    default to the TWILIO_* settings; `http_client` replaces the HTTPS client (tests)."""

    def __init__(self, *, account_sid: str = "", auth_token: str = "", from_number: str = "",
                 messaging_service_sid: str = "", http_client: HttpClient | None = None) -> None:
        self.auth_token: str = auth_token or settings.TWILIO_AUTH_TOKEN
        self.from_number: str = from_number or settings.TWILIO_FROM_NUMBER
        self.messaging_service_sid: str = (messaging_service_sid
                                           or settings.TWILIO_MESSAGING_SERVICE_SID)
        account_sid = account_sid or settings.TWILIO_ACCOUNT_SID
        missing = [name for name, value in [
            ("TWILIO_ACCOUNT_SID", account_sid), ("TWILIO_AUTH_TOKEN", self.auth_token),
            ("TWILIO_FROM_NUMBER or TWILIO_MESSAGING_SERVICE_SID",
             self.from_number or self.messaging_service_sid)] if not value]
        if missing:
            raise ImproperlyConfigured(f"Twilio is half configured; missing: {', '.join(missing)}")
        self.account_sid: str = account_sid
        self.client = Client(account_sid, self.auth_token, http_client=http_client
                             or TwilioHttpClient(timeout=REQUEST_TIMEOUT_SECONDS))

    def signing_token(self) -> str:
        return self.auth_token

    def send_sms(self, *, to: str, body: str, key: str) -> str:
        """Create the message; return its MessageSid. Raises GatewayError: permanent when
        Twilio refuses the message (invalid number, opted out), retryable otherwise.
        Twilio takes no idempotency key for messages: sending each outbox row once rests on
        the outbox's claim, and a retry after a lost response may still send twice."""
        options: dict[str, Any] = {"to": to, "body": body}
        if self.from_number:
            options["from_"] = self.from_number
        if self.messaging_service_sid:
            options["messaging_service_sid"] = self.messaging_service_sid
        if settings.TELEPHONY_PUBLIC_BASE_URL:
            options["status_callback"] = public_url(STATUS_CALLBACK_PATH)
        try:
            message = self.client.messages.create(**options)
        except (TwilioRestException, TwilioServiceException) as exc:
            status = int(exc.status or 500)
            permanent = 400 <= status < 500 and status not in _RETRYABLE_CLIENT_ERRORS
            raise GatewayError(f"Twilio {status} error {exc.code}: {_message_of(exc)}",
                               permanent=permanent) from exc
        except (requests.RequestException, TwilioException) as exc:
            raise GatewayError(f"Twilio unreachable: {exc!r}") from exc
        logger.info("SMS %s sent as %s", key, message.sid)
        return str(message.sid)


    def fetch_media(self, url: str) -> bytes:
        """Download with the account's credentials (HTTP basic auth), following the
        carrier's redirect to its storage, reading at most the attachments' size limit."""
        if not media_url_allowed(url):
            raise GatewayError(f"Not a media URL of the carrier: {url!r}", permanent=True)
        limit = settings.ATTACHMENT_MAX_BYTES
        try:
            with requests.get(url, auth=(self.account_sid, self.auth_token),
                              timeout=REQUEST_TIMEOUT_SECONDS, stream=True) as response:
                if response.status_code != 200:
                    raise GatewayError(f"Twilio media {response.status_code}",
                                       permanent=400 <= response.status_code < 500)
                content = bytearray()
                for chunk in response.iter_content(64 * 1024):
                    content += chunk
                    if len(content) > limit:
                        raise GatewayError("Media larger than the attachments' limit",
                                           permanent=True)
        except requests.RequestException as exc:
            raise GatewayError(f"Twilio media unreachable: {exc!r}") from exc
        return bytes(content)


def _message_of(exc: TwilioRestException | TwilioServiceException) -> str:
    # str(TwilioRestException) adds terminal colours when stderr is a TTY.
    if isinstance(exc, TwilioServiceException):
        return str(exc.detail or exc.title)
    return str(exc.msg)


class FakeTwilioHttpClient(HttpClient):  # type: ignore[misc]  # twilio ships no types
    """Stands in for Twilio's HTTPS client in tests: answers each API call with the next
    (status, JSON payload or raw text) of its script, or raises the next exception, and
    records the calls. The real SDK runs on top, so no test opens a socket."""

    def __init__(self, *script: tuple[int, object] | Exception) -> None:
        super().__init__(logger, is_async=False)
        self.script = list(script)
        self.calls: list[dict[str, Any]] = []

    def request(self, method: str, uri: str, params: dict[str, object] | None = None,
                data: dict[str, object] | None = None, headers: dict[str, str] | None = None,
                auth: tuple[str, str] | None = None, timeout: float | None = None,
                allow_redirects: bool = False) -> Response:
        self.calls.append({"method": method, "uri": uri, "data": data or {}, "auth": auth})
        reply = self.script.pop(0)
        if isinstance(reply, Exception):
            raise reply
        status, payload = reply
        return Response(status, payload if isinstance(payload, str) else json.dumps(payload))


fake_gateway = FakeGateway()


def get_gateway() -> SmsGateway:
    name = settings.SMS_GATEWAY
    if name == "console":
        return ConsoleGateway()
    if name == "fake":
        return fake_gateway
    if name == "twilio":
        return _shared_twilio_gateway(
            settings.TWILIO_ACCOUNT_SID, settings.TWILIO_AUTH_TOKEN,
            settings.TWILIO_FROM_NUMBER, settings.TWILIO_MESSAGING_SERVICE_SID)
    raise ImproperlyConfigured(f"Unknown SMS_GATEWAY {name!r}: console, fake or twilio.")


@lru_cache(maxsize=1)
def _shared_twilio_gateway(account_sid: str, auth_token: str, from_number: str,
                           messaging_service_sid: str) -> TwilioGateway:
    """One client per process, so that sends reuse its HTTPS connections."""
    return TwilioGateway(account_sid=account_sid, auth_token=auth_token,
                         from_number=from_number, messaging_service_sid=messaging_service_sid)


def validate_request(request: HttpRequest) -> bool:
    """True if the webhook request is signed for the configured gateway."""
    return get_gateway().validate_request(request)


def sign(url: str, params: Mapping[str, str]) -> str:
    """The signature the configured gateway expects for a POST of `params` to `url` (the
    SMS simulator, tests)."""
    return get_gateway().sign(url, params)
