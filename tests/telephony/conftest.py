from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode
from xml.etree import ElementTree

import pytest
from django.http import HttpResponse
from django.test import Client

from contactcenter.customers.models import Customer
from contactcenter.org.models import Agent, Direction, Queue
from telephony import gateway
from telephony.gateway import FakeGateway, fake_gateway
from tests import factories
from tests.tickets.conftest import category, front_queue, handler  # noqa: F401 (fixtures)

SMS_INBOUND_PATH = "/telephony/sms/inbound/"
SMS_INBOUND_URL = "http://testserver" + SMS_INBOUND_PATH
SENDER = "+212661000333"
OUR_NUMBER = "+212522000000"
ACCOUNT_SID = "AC" + "0123456789abcdef" * 2


@pytest.fixture
def sms_webhook(settings) -> Iterator[FakeGateway]:
    """The webhook signed with a local token, sends kept by the fake gateway, and no Celery
    queue behind committed outbox rows."""
    settings.SMS_GATEWAY = "fake"
    settings.TELEPHONY_SIGNING_TOKEN = "inbound-test-token"
    settings.TELEPHONY_PUBLIC_BASE_URL = ""
    settings.BACKGROUND_MODE = "in-process"
    fake_gateway.reset()
    yield fake_gateway
    fake_gateway.reset()


@pytest.fixture
def mobile_customer(customer):
    factories.ContactPointFactory(customer=customer, value=SENDER, is_primary=True)
    return customer


_sids = iter(range(1, 10**9))


def new_sid() -> str:
    return f"SM{next(_sids):032x}"


def sms_params(body: str = "", *, sid: str | None = None, sender: str = SENDER,
               num_media: int = 0, **extra: str) -> dict[str, str]:
    """The form Twilio posts for an SMS to our number."""
    sid = sid or new_sid()
    params = {
        "ToCountry": "MA", "SmsMessageSid": sid, "NumMedia": str(num_media), "SmsSid": sid,
        "SmsStatus": "received", "Body": body, "FromCountry": "MA", "To": OUR_NUMBER,
        "NumSegments": "1", "MessageSid": sid, "AccountSid": ACCOUNT_SID, "From": sender,
        "ApiVersion": "2010-04-01",
    }
    return {**params, **extra}


def post_sms(params: dict[str, str], *, client: Client | None = None,
             signature: str | None = None, signed_params: dict[str, str] | None = None,
             signed_url: str = SMS_INBOUND_URL) -> HttpResponse:
    """POST the form as Twilio does, signed for `signed_url` and `signed_params` (by default
    the URL and form actually sent) unless a signature is given."""
    if signature is None:
        signature = gateway.sign(signed_url, signed_params if signed_params is not None
                                 else params)
    headers: dict[str, Any] = {"X-Twilio-Signature": signature} if signature else {}
    return (client or Client()).post(
        SMS_INBOUND_PATH, urlencode(params), content_type="application/x-www-form-urlencoded",
        headers=headers)


def reply_of(response: HttpResponse) -> str | None:
    """The text of the TwiML <Message>, or None for an empty <Response/>."""
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/xml")
    root = ElementTree.fromstring(response.content)
    assert root.tag == "Response"
    messages = root.findall("Message")
    assert len(messages) <= 1
    return messages[0].text if messages else None


def text_sms(body: str, **kwargs: Any) -> str | None:
    """Send one SMS through the webhook; the reply it gets."""
    return reply_of(post_sms(sms_params(body, **kwargs)))


# --- Calls --------------------------------------------------------------------------------------

@pytest.fixture
def caller(customer: Customer) -> Customer:
    """The customer whose mobile is the calling (or texting) number."""
    factories.ContactPointFactory(customer=customer, value=SENDER, is_primary=True)
    return customer


@pytest.fixture
def call_centre_queue() -> Queue:
    direction = factories.DirectionFactory(code="CRC", kind=Direction.Kind.CALL_CENTRE)
    return factories.QueueFactory(agency=None, direction=direction, code="CRC-Q")


@pytest.fixture
def call_centre_agent(call_centre_queue: Queue) -> Agent:
    """A call-centre agent in the call centre's queue."""
    agent = factories.AgentFactory(user__username="teleconseiller", role=Agent.Role.CALL_CENTRE,
                                   agency=None, direction=call_centre_queue.direction)
    agent.queues.add(call_centre_queue)
    return agent
