"""The SMS gateway adapter: the only module that knows which carrier sends our messages.

`get_gateway()` returns the one named by settings.SMS_GATEWAY: "console" (the quick start:
messages are logged), "fake" (tests: messages are kept in memory, failures on demand) or
"twilio".
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

logger = logging.getLogger(__name__)


class GatewayError(Exception):
    """Sending failed. `permanent` errors (bad number, opted out) are not retried."""

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


class SmsGateway(Protocol):
    def send_sms(self, *, to: str, body: str, key: str) -> str:
        """Send `body` to the E.164 number `to`; return the carrier's message id.
        `key` identifies our message (the outbox row) for logs and idempotency."""


@dataclass
class SentSms:
    to: str
    body: str
    key: str
    carrier_id: str


class ConsoleGateway:
    """Logs each message instead of sending it (the embedded default)."""

    def send_sms(self, *, to: str, body: str, key: str) -> str:
        logger.info("SMS to %s [%s]: %s", to, key, body)
        return f"console-{key}"


@dataclass
class FakeGateway:
    """Keeps what was sent; `fail_next(n)` makes the next n sends fail."""

    sent: list[SentSms] = field(default_factory=list)
    failures: list[GatewayError] = field(default_factory=list)

    def send_sms(self, *, to: str, body: str, key: str) -> str:
        if self.failures:
            raise self.failures.pop(0)
        message = SentSms(to=to, body=body, key=key, carrier_id=f"SM{len(self.sent) + 1:032d}")
        self.sent.append(message)
        return message.carrier_id

    def fail_next(self, count: int = 1, *, permanent: bool = False) -> None:
        self.failures += [GatewayError("carrier unavailable", permanent=permanent)
                          for _ in range(count)]

    def reset(self) -> None:
        self.sent.clear()
        self.failures.clear()


class TwilioGateway:
    def __init__(self) -> None:
        from twilio.rest import Client

        self.client = Client(settings.TWILIO_ACCOUNT_SID, settings.TWILIO_AUTH_TOKEN)

    def send_sms(self, *, to: str, body: str, key: str) -> str:
        from twilio.base.exceptions import TwilioRestException

        try:
            message = self.client.messages.create(to=to, from_=settings.TWILIO_FROM_NUMBER,
                                                  body=body)
        except TwilioRestException as exc:
            raise GatewayError(str(exc), permanent=400 <= (exc.status or 500) < 500) from exc
        return str(message.sid)


fake_gateway = FakeGateway()


def get_gateway() -> SmsGateway:
    name = settings.SMS_GATEWAY
    if name == "console":
        return ConsoleGateway()
    if name == "fake":
        return fake_gateway
    if name == "twilio":
        return TwilioGateway()
    raise ImproperlyConfigured(f"Unknown SMS_GATEWAY {name!r}: console, fake or twilio.")
