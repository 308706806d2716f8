from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from contactcenter.customers import services
from contactcenter.customers.models import SmsOptOut, SmsOptOutChange
from tests import factories
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

STOP_AT = datetime(2026, 3, 2, 21, 30, tzinfo=UTC)
START_AT = datetime(2026, 3, 5, 9, 0, tzinfo=UTC)


def test_opting_out_stores_the_number_in_e164_with_time_and_channel() -> None:
    record = services.set_sms_opt_out(phone="06 12 34 56 78", opted_out=True,
                                      channel=SmsOptOut.Channel.SMS, at=STOP_AT)
    assert record.phone == "+212612345678"
    assert record.opted_out
    assert record.channel == "sms"
    assert record.changed_at == STOP_AT
    assert services.is_sms_opted_out("+212612345678")
    assert services.is_sms_opted_out("0612345678")


def test_a_number_never_opted_out_receives_notifications() -> None:
    assert not services.is_sms_opted_out("+212612345678")


def test_opting_back_in_keeps_the_history_of_changes() -> None:
    services.set_sms_opt_out(phone="+212612345678", opted_out=True, channel="sms", at=STOP_AT)
    record = services.set_sms_opt_out(phone="0612345678", opted_out=False, channel="counter",
                                      at=START_AT)
    assert not record.opted_out
    assert record.channel == "counter"
    assert not services.is_sms_opted_out("+212612345678")
    history = list(record.changes.values_list("opted_out", "channel", "at"))
    assert history == [(True, "sms", STOP_AT), (False, "counter", START_AT)]


def test_the_same_request_twice_records_one_change() -> None:
    first = services.set_sms_opt_out(phone="+212612345678", opted_out=True, channel="voice",
                                     at=STOP_AT)
    again = services.set_sms_opt_out(phone="+212612345678", opted_out=True, channel="web",
                                     at=START_AT)
    assert again.pk == first.pk
    assert again.changed_at == STOP_AT and again.channel == "voice"
    assert SmsOptOut.objects.count() == 1
    assert SmsOptOutChange.objects.count() == 1


@pytest.mark.parametrize("channel", ["sms", "voice", "counter", "web", "agent"])
def test_every_channel_is_accepted(channel: str) -> None:
    record = services.set_sms_opt_out(phone="+212612345678", opted_out=True, channel=channel)
    assert record.changes.get().channel == channel


@pytest.mark.parametrize("phone", ["", "12", "not a number", "0522 12 34 56"])
def test_a_bad_number_is_refused_and_nothing_is_stored(phone: str) -> None:
    with translation.override("en"), pytest.raises(ValidationError) as raised:
        services.set_sms_opt_out(phone=phone, opted_out=True, channel="sms")
    assert "mobile" in raised.value.message_dict
    assert "number" in raised.value.message_dict["mobile"][0]
    assert not SmsOptOut.objects.exists()


def test_an_unknown_channel_is_refused() -> None:
    with translation.override("en"), pytest.raises(ValidationError) as raised:
        services.set_sms_opt_out(phone="+212612345678", opted_out=True, channel="fax")
    assert raised.value.message_dict == {"channel": ["Unknown channel fax."]}
    assert not SmsOptOut.objects.exists()


def test_a_malformed_number_is_simply_not_opted_out() -> None:
    assert not services.is_sms_opted_out("garbage")


# --- At the counter ------------------------------------------------------------------------

def test_an_agent_stops_and_resumes_a_customer_s_sms_at_the_counter(agent, customer) -> None:
    mobile = factories.ContactPointFactory(customer=customer, kind="mobile",
                                           value="+212661000444", is_primary=True)
    client = client_for(agent)
    url = f"/customers/{customer.pk}/sms-notifications/"
    page = client.get(f"/customers/{customer.pk}/").content.decode()
    assert 'name="stop" value="1"' in page

    assert client.post(url, {"phone": mobile.value, "stop": "1"}).status_code == 302
    record = SmsOptOut.objects.get(phone=mobile.value)
    assert record.opted_out and record.channel == SmsOptOut.Channel.COUNTER
    page = client.get(f"/customers/{customer.pk}/").content.decode()
    assert 'name="stop" value="0"' in page and 'name="stop" value="1"' not in page

    client.post(url, {"phone": mobile.value, "stop": "0"})
    record.refresh_from_db()
    assert not record.opted_out
    assert [(c.opted_out, c.channel) for c in record.changes.order_by("at", "pk")] == [
        (True, "counter"), (False, "counter")]


def test_a_number_that_is_not_the_customer_s_changes_nothing(agent, customer) -> None:
    response = client_for(agent).post(f"/customers/{customer.pk}/sms-notifications/",
                                      {"phone": "+212661000999", "stop": "1"})
    assert response.status_code == 302
    assert not SmsOptOut.objects.exists()
