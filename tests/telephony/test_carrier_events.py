"""A carrier event (a call, an SMS) is stored once however often it is sent, committed at
once, and its caller's number is read one way for both."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from telephony import calls, inbound
from telephony.carrier_events import caller_number
from telephony.gateway import InboundCall, InboundSms
from telephony.models import Call, InboundMessage

pytestmark = pytest.mark.django_db(transaction=True)


def _call(carrier_id: str, from_number: str = "0661000444") -> InboundCall:
    return InboundCall(carrier_id=carrier_id, from_number=from_number, to_number="+212520000000",
                       status="ringing", digits="", duration=None, recording_url="", raw={})


def _sms(carrier_id: str, from_number: str = "0661000444") -> InboundSms:
    return InboundSms(carrier_id=carrier_id, from_number=from_number, to_number="",
                      body="SUIVI", num_media=0, raw={})


@pytest.mark.parametrize("kind", ["call", "sms"])
def test_a_replayed_event_gives_the_stored_row_and_no_error(kind) -> None:
    if kind == "call":
        carrier_id, store, event = "CA" + "1" * 32, calls.store, _call
    else:
        carrier_id, store, event = "SM" + "1" * 32, inbound.store, _sms
    with CaptureQueriesContext(connection) as first:
        stored = store(event(carrier_id))
    assert len(first) == 1  # the INSERT alone, committed at once (autocommit)
    assert not connection.in_atomic_block
    model = Call if kind == "call" else InboundMessage
    assert model.objects.filter(carrier_id=carrier_id).count() == 1
    with CaptureQueriesContext(connection) as replay:
        again = store(event(carrier_id, from_number="0661000999"))
    assert len(replay) == 2  # the ignored INSERT, then the read
    assert again.pk == stored.pk and again.from_number == "+212661000444"
    with transaction.atomic():  # inside a transaction too, without a savepoint
        assert store(event(carrier_id)).pk == stored.pk


def test_the_caller_number_is_the_same_for_calls_and_sms() -> None:
    assert caller_number(" 0661000444 ") == "+212661000444"
    assert caller_number("anonymous") == "anonymous"
    assert caller_number("x" * 50) == "x" * 40
    call = calls.store(_call("CA" + "2" * 32, from_number="0661000444"))
    sms = inbound.store(_sms("SM" + "2" * 32, from_number="0661000444"))
    assert call.from_number == sms.from_number == "+212661000444"
