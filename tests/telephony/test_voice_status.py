"""The carrier's report on a call: status, duration and recording recorded once, in order,
and the call's entry on the customer's timeline brought up to date."""

from __future__ import annotations

import pytest
from django.utils import translation
from django.utils.translation import gettext

from contactcenter import i18n
from contactcenter.customers.models import Interaction
from telephony import calls
from telephony.models import Call
from tests import factories
from tests.telephony.test_voice import INBOUND, STATUS, call_params, new_call_sid, post_voice, twiml

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sms_webhook")]
RECORDING = "https://api.twilio.com/2010-04-01/Accounts/AC0/Recordings/RE0123"




def _ended(sid: str, **extra: str) -> dict[str, str]:
    return call_params(sid, status="completed",
                       **{"CallDuration": "192", "RecordingUrl": RECORDING, **extra})


def test_the_end_of_a_call_records_its_duration_and_recording(caller) -> None:
    sid = new_call_sid()
    post_voice(INBOUND, call_params(sid))
    response = post_voice(STATUS, _ended(sid))
    assert len(twiml(response)) == 0  # an empty <Response/>
    call = Call.objects.get(carrier_id=sid)
    assert (call.status, call.duration, call.recording_url) == ("completed", 192, RECORDING)
    assert call.ended_at is not None
    interaction = Interaction.objects.get(carrier_id=sid)
    with translation.override("fr"):
        duration = gettext("duration %(minutes)s min %(seconds)s s") % {
            "minutes": 3, "seconds": 12}
        assert duration in i18n.shown(interaction.summary)
    assert interaction.recording_url == RECORDING


def test_the_recording_is_a_link_on_the_customer_s_timeline(caller) -> None:
    from tests.conftest import client_for

    sid = new_call_sid()
    post_voice(INBOUND, call_params(sid))
    post_voice(STATUS, _ended(sid))
    agent = factories.AgentFactory(agency=caller.agency)
    page = client_for(agent).get(f"/customers/{caller.pk}/").content.decode()
    assert f'href="{RECORDING}"' in page


def test_a_report_delivered_twice_or_late_changes_nothing_more(caller) -> None:
    sid = new_call_sid()
    post_voice(INBOUND, call_params(sid))
    post_voice(STATUS, _ended(sid))
    ended_at = Call.objects.get(carrier_id=sid).ended_at
    post_voice(STATUS, _ended(sid))
    post_voice(STATUS, call_params(sid, status="in-progress"))  # out of order
    call = Call.objects.get(carrier_id=sid)
    assert (call.status, call.ended_at, call.duration) == ("completed", ended_at, 192)
    assert Call.objects.filter(carrier_id=sid).count() == 1
    assert Interaction.objects.filter(carrier_id=sid).count() == 1


def test_a_report_on_a_call_never_seen_records_it(caller) -> None:
    sid = new_call_sid()
    assert post_voice(STATUS, _ended(sid, CallDuration="5")).status_code == 200
    call = Call.objects.get(carrier_id=sid)
    assert (call.status, call.duration, call.customer) == ("completed", 5, caller)
    assert Interaction.objects.get(carrier_id=sid).customer == caller


def test_a_recording_url_that_is_not_https_is_ignored(caller) -> None:
    sid = new_call_sid()
    post_voice(STATUS, _ended(sid, RecordingUrl="javascript:alert(1)"))
    assert Call.objects.get(carrier_id=sid).recording_url == ""


def test_an_unsigned_report_is_refused() -> None:
    sid = new_call_sid()
    assert post_voice(STATUS, _ended(sid), signature="").status_code == 403
    assert not Call.objects.exists()


def test_a_failure_recording_the_report_still_answers_200(caller, monkeypatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("lock timeout")

    monkeypatch.setattr(calls, "record_status", broken)
    sid = new_call_sid()
    assert post_voice(STATUS, _ended(sid)).status_code == 200
    assert Call.objects.filter(carrier_id=sid).exists()
