"""The voice menu over its webhooks: signed requests only, each call stored once, the choice
of language, a complaint's status by its reference (three tries), an agent, a callback.

The helpers at the top (posting signed webhooks, reading the TwiML) serve the other voice
and screen-pop tests too."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode
from xml.etree import ElementTree

import pytest
from django.http import HttpResponse
from django.test import Client
from django.utils import timezone, translation
from django.utils.translation import gettext, pgettext

from contactcenter import i18n
from contactcenter.customers.models import Customer, Interaction, SmsOptOut
from telephony import gateway, voice
from telephony.models import Call, CallbackRequest
from telephony.wording import day
from tests import factories
from tests.telephony.conftest import ACCOUNT_SID, OUR_NUMBER, SENDER
from tickets.models import Ticket
from tickets.references import new_reference

INBOUND = "/telephony/voice/inbound/"
MENU = "/telephony/voice/menu/"
STATUS = "/telephony/voice/status/"

_sids = iter(range(1, 10**9))


def new_call_sid() -> str:
    return f"CA{next(_sids):032x}"


def call_params(sid: str, *, caller: str = SENDER, status: str = "ringing",
                **extra: str) -> dict[str, str]:
    """The form Twilio posts for a call to our number."""
    params = {
        "AccountSid": ACCOUNT_SID, "ApiVersion": "2010-04-01", "CallSid": sid,
        "CallStatus": status, "Called": OUR_NUMBER, "Caller": caller, "Direction": "inbound",
        "From": caller, "FromCountry": "MA", "To": OUR_NUMBER, "ToCountry": "MA",
    }
    return {**params, **extra}


def post_voice(path: str, params: dict[str, str], *, signature: str | None = None,
               signed_params: dict[str, str] | None = None,
               client: Client | None = None) -> HttpResponse:
    """POST as Twilio does to `path` (with its query), signed for that URL and the form
    unless a signature is given."""
    if signature is None:
        signature = gateway.sign("http://testserver" + path,
                                 signed_params if signed_params is not None else params)
    headers: dict[str, Any] = {"X-Twilio-Signature": signature} if signature else {}
    return (client or Client()).post(path, urlencode(params),
                                     content_type="application/x-www-form-urlencoded",
                                     headers=headers)


def twiml(response: HttpResponse) -> ElementTree.Element:
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/xml")
    root = ElementTree.fromstring(response.content)
    assert root.tag == "Response"
    return root


def spoken(response: HttpResponse) -> list[tuple[str, str]]:
    """Every <Say> of the answer, in order: (text, its language attribute)."""
    return [(say.text or "", say.get("language", "")) for say in twiml(response).iter("Say")]


def gather_action(response: HttpResponse) -> str:
    """The URL the answer's <Gather> posts the keys to."""
    gathers = twiml(response).findall("Gather")
    assert len(gathers) == 1, response.content
    return gathers[0].get("action", "")


def words(language: str, build: Callable[[], str]) -> str:
    """A text as the code builds it in `language` (translations may change the words, not
    which text is said)."""
    with translation.override(language):
        return build()


def menu(step: str, *, language: str = "", attempt: int = 1) -> str:
    return voice.menu_url(step, language=language, attempt=attempt)


def press(sid: str, path: str, digits: str, **extra: str) -> HttpResponse:
    return post_voice(path, call_params(sid, status="in-progress", Digits=digits, **extra))


def path_of(action: str) -> str:
    """The gather's action as the path (with its query) the carrier posts to."""
    assert action.startswith(MENU), action
    return action


# --- Fixtures -------------------------------------------------------------------------------







DUE = datetime(2036, 3, 12, 16, 0, tzinfo=UTC)


def complaint(customer: Customer | None = None, **fields: Any) -> Ticket:
    values = {"state": Ticket.State.IN_PROGRESS, "resolution_due": DUE, **fields}
    if customer is not None:
        values["customer"] = customer
    return factories.TicketFactory(**values)


def bad_check_digit(reference: str) -> str:
    return reference[:-1] + str((int(reference[-1]) + 1) % 10)


pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sms_webhook")]


# --- Signatures ------------------------------------------------------------------------------

@pytest.mark.parametrize("path", [INBOUND, MENU + "?step=lang", STATUS])
def test_an_unsigned_request_is_refused_and_stores_nothing(path: str) -> None:
    response = post_voice(path, call_params(new_call_sid()), signature="")
    assert response.status_code == 403
    assert not Call.objects.exists()


def test_a_tampered_request_is_refused() -> None:
    params = call_params(new_call_sid())
    forged = {**params, "From": "+212600000001"}
    assert post_voice(INBOUND, forged, signed_params=params).status_code == 403
    assert post_voice(INBOUND, params, signature="x" * 28).status_code == 403
    assert not Call.objects.exists()


def test_a_signature_for_another_step_is_refused() -> None:
    sid = new_call_sid()
    params = call_params(sid, Digits="2")
    signature = gateway.sign("http://testserver" + menu("main", language="fr"), params)
    response = post_voice(menu("main", language="ar"), params, signature=signature)
    assert response.status_code == 403


def test_a_call_without_its_id_is_a_bad_request() -> None:
    params = call_params("")
    assert post_voice(INBOUND, params).status_code == 400
    assert not Call.objects.exists()


# --- A call arriving ---------------------------------------------------------------------------

def test_a_call_is_offered_the_language_each_offer_in_its_own_language() -> None:
    response = post_voice(INBOUND, call_params(new_call_sid()))
    assert gather_action(response) == menu("lang")
    gather = twiml(response).find("Gather")
    assert gather is not None and gather.get("numDigits") == "1"
    said = spoken(response)
    assert [language for _text, language in said] == ["fr-FR", "fr-FR", "arb", "arb"]
    assert said[1] == (words("fr", lambda: gettext("For French, press 1.")), "fr-FR")
    assert said[3] == (words("ar", lambda: gettext("For Arabic, press 2.")), "arb")
    voices = {say.get("voice") for say in twiml(response).iter("Say")}
    assert voices == {"Polly.Lea", "Polly.Zeina"}


def test_a_known_caller_is_identified_and_the_call_put_on_their_timeline(caller) -> None:
    sid = new_call_sid()
    post_voice(INBOUND, call_params(sid))
    call = Call.objects.get(carrier_id=sid)
    assert call.customer == caller
    assert call.from_number == SENDER
    assert call.processed_at is not None
    interaction = Interaction.objects.get(carrier_id=sid)
    assert call.interaction == interaction
    assert (interaction.customer, interaction.channel, interaction.direction) == (
        caller, "phone", "in")


def test_the_same_call_delivered_again_is_stored_once(caller) -> None:
    sid = new_call_sid()
    first = post_voice(INBOUND, call_params(sid))
    again = post_voice(INBOUND, call_params(sid))
    assert first.content == again.content
    press(sid, menu("lang"), "1")
    assert Call.objects.filter(carrier_id=sid).count() == 1
    assert Interaction.objects.filter(carrier_id=sid).count() == 1


def test_an_unknown_number_is_recorded_without_a_customer() -> None:
    sid = new_call_sid()
    post_voice(INBOUND, call_params(sid, caller="+212661999888"))
    call = Call.objects.get(carrier_id=sid)
    assert call.customer is None and call.interaction is None
    assert not Interaction.objects.exists()
    assert not Customer.objects.exists()  # a provisional record waits for an agent


def test_a_number_shared_by_two_records_identifies_neither(caller) -> None:
    relative = factories.CustomerFactory(agency=caller.agency)
    factories.ContactPointFactory(customer=relative, value=SENDER)
    sid = new_call_sid()
    post_voice(INBOUND, call_params(sid))
    assert Call.objects.get(carrier_id=sid).customer is None


# --- Language and main menu -------------------------------------------------------------------

@pytest.mark.parametrize(("digit", "language", "say_language"),
                         [("1", "fr", "fr-FR"), ("2", "ar", "arb")])
def test_the_chosen_language_leads_to_the_main_menu(digit: str, language: str,
                                                    say_language: str) -> None:
    sid = new_call_sid()
    post_voice(INBOUND, call_params(sid))
    response = press(sid, menu("lang"), digit)
    assert gather_action(response) == menu("main", language=language)
    [(text, spoken_language)] = spoken(response)
    assert spoken_language == say_language
    assert words(language, lambda: gettext("To follow a complaint, press 1.")) in text
    assert words(language, lambda: gettext("To be called back, press 3.")) in text
    assert Call.objects.get(carrier_id=sid).language == language


def test_no_choice_of_language_is_asked_again_then_the_call_ends() -> None:
    sid = new_call_sid()
    response = press(sid, menu("lang"), "")
    assert gather_action(response) == menu("lang", attempt=2)
    response = press(sid, menu("lang", attempt=2), "7")
    assert gather_action(response) == menu("lang", attempt=3)
    response = press(sid, menu("lang", attempt=3), "")
    assert twiml(response).find("Hangup") is not None
    assert [language for _text, language in spoken(response)] == ["fr-FR", "arb"]


def test_an_invalid_choice_repeats_the_main_menu_three_times_at_most() -> None:
    sid = new_call_sid()
    response = press(sid, menu("main", language="fr"), "9")
    assert gather_action(response) == menu("main", language="fr", attempt=2)
    [(text, _language)] = spoken(response)
    assert text.startswith(words("fr", lambda: gettext(
        "Sorry, we did not understand your choice.")))
    response = press(sid, menu("main", language="fr", attempt=2), "")
    assert gather_action(response) == menu("main", language="fr", attempt=3)
    response = press(sid, menu("main", language="fr", attempt=3), "")
    assert twiml(response).find("Gather") is None
    assert twiml(response).find("Hangup") is not None
    assert spoken(response) == [(words("fr", lambda: gettext("Thank you for calling. Goodbye.")),
                                 "fr-FR")]


# --- Following a complaint -------------------------------------------------------------------

def test_a_reference_typed_on_the_keypad_gives_its_state_and_expected_date(caller) -> None:
    ticket = complaint(caller)
    sid = new_call_sid()
    response = press(sid, menu("main", language="fr"), "1")
    gather = twiml(response).find("Gather")
    assert gather is not None and gather.get("finishOnKey") == "#"
    assert gather.get("action") == menu("ref", language="fr")
    response = press(sid, menu("ref", language="fr"), ticket.reference)
    [(text, language)] = spoken(response)
    assert language == "fr-FR"
    with translation.override("fr"):
        state = pgettext("state for the customer", "being handled")
        expected = (gettext("The status of complaint %(reference)s is: %(state)s.") % {
            "reference": " ".join(ticket.reference), "state": state}
            + " " + gettext("An answer is expected by %(date)s.") % {"date": "12 mars 2036"})
    assert text.startswith(expected)
    assert gather_action(response) == menu("main", language="fr")  # then the menu again
    assert Call.objects.get(carrier_id=sid).reference == ticket.reference


def test_the_status_is_said_in_english_words_before_translation(caller) -> None:
    """The texts themselves, as written for the translators."""
    ticket = complaint(caller, state=Ticket.State.WAITING)
    with translation.override("en"):
        said = " ".join(voice._status_words(ticket))
    assert said == (f"The status of complaint {' '.join(ticket.reference)} is: waiting for "
                    f"information from you. An answer is expected by March 12, 2036.")


def test_an_answer_past_its_expected_date_is_said_to_be_late(caller) -> None:
    ticket = complaint(caller, resolution_due=timezone.now() - timedelta(days=1))
    with translation.override("en"):
        said = " ".join(voice._status_words(ticket))
        due = day(ticket.resolution_due)
    assert said.endswith(f"An answer was expected by {due}: we are late, please excuse us.")
    assert "is expected" not in said


def test_the_status_is_spoken_in_arabic_to_an_arabic_caller(caller) -> None:
    ticket = complaint(caller, state=Ticket.State.RESOLVED, outcome="accepted",
                       explanation="Versement effectué.")
    response = press(new_call_sid(), menu("ref", language="ar"), ticket.reference + "#")
    [(text, language)] = spoken(response)
    assert language == "arb"
    with translation.override("ar"):
        state = pgettext("state for the customer", "answered")
    assert state in text
    assert " ".join(ticket.reference) in text
    assert words("ar", lambda: gettext("An answer is expected by %(date)s.")).split("%")[0] \
        not in text  # answered: no date to wait for


def test_any_caller_holding_the_reference_hears_the_state_but_nothing_personal(
        caller) -> None:
    ticket = complaint(caller)
    response = press(new_call_sid(), menu("ref", language="fr"), ticket.reference,
                     From="+212662000444")
    [(text, _language)] = spoken(response)
    assert " ".join(ticket.reference) in text
    assert caller.last_name not in text and caller.first_name not in text


def test_a_bad_check_digit_is_asked_again_then_an_agent_is_offered(caller) -> None:
    ticket = complaint(caller)
    wrong = bad_check_digit(ticket.reference)
    sid = new_call_sid()
    response = press(sid, menu("ref", language="fr"), wrong)
    assert gather_action(response) == menu("ref", language="fr", attempt=2)
    assert spoken(response)[0][0].startswith(words("fr", lambda: gettext(
        "This reference is not recognised.")))
    response = press(sid, menu("ref", language="fr", attempt=2), wrong)
    assert gather_action(response) == menu("ref", language="fr", attempt=3)
    response = press(sid, menu("ref", language="fr", attempt=3), wrong)
    assert gather_action(response) == menu("offer", language="fr")
    assert words("fr", lambda: gettext("To speak to an agent, press 2.")) in spoken(response)[0][0]
    response = press(sid, menu("offer", language="fr"), "")
    assert twiml(response).find("Hangup") is not None
    assert Call.objects.get(carrier_id=sid).reference == ""


def test_an_unknown_reference_is_not_recognised_either() -> None:
    response = press(new_call_sid(), menu("ref", language="fr"), new_reference())
    assert gather_action(response) == menu("ref", language="fr", attempt=2)


# --- An agent, or a callback ------------------------------------------------------------------

def test_asking_for_an_agent_puts_the_caller_in_the_call_centre_queue(
        caller, call_centre_queue) -> None:
    sid = new_call_sid()
    post_voice(INBOUND, call_params(sid))
    response = press(sid, menu("main", language="ar"), "2")
    enqueue = twiml(response).find("Enqueue")
    assert enqueue is not None and enqueue.text == call_centre_queue.code
    assert [language for _text, language in spoken(response)] == ["arb"]
    call = Call.objects.get(carrier_id=sid)
    assert call.queue == call_centre_queue and call.enqueued_at is not None
    with translation.override("fr"):
        assert gettext("asked to speak to an agent") in i18n.shown(call.interaction.summary)


def test_the_agent_is_offered_after_three_bad_references(call_centre_queue) -> None:
    sid = new_call_sid()
    response = press(sid, menu("offer", language="fr"), "2")
    assert twiml(response).find("Enqueue") is not None
    assert Call.objects.get(carrier_id=sid).enqueued_at is not None


def test_asking_to_be_called_back_leaves_a_request_for_the_call_centre(caller) -> None:
    sid = new_call_sid()
    post_voice(INBOUND, call_params(sid))
    response = press(sid, menu("main", language="fr"), "3")
    assert twiml(response).find("Hangup") is not None
    assert spoken(response) == [(words("fr", lambda: gettext(
        "Your request is recorded. An agent will call you back on this number. Goodbye.")),
        "fr-FR")]
    callback = CallbackRequest.objects.get()
    assert (callback.phone, callback.customer, callback.status) == (SENDER, caller, "open")
    assert callback.call.carrier_id == sid
    press(sid, menu("main", language="fr"), "3")  # pressed again, or delivered again
    assert CallbackRequest.objects.count() == 1


def test_a_hidden_number_cannot_ask_to_be_called_back() -> None:
    response = press(new_call_sid(), menu("main", language="fr"), "3", From="anonymous")
    assert twiml(response).find("Hangup") is not None
    assert not CallbackRequest.objects.exists()


def test_key_4_stops_then_resumes_the_sms_notifications_of_the_caller_s_number() -> None:
    sid = new_call_sid()
    post_voice(INBOUND, call_params(sid))
    stopped = press(sid, menu("main", language="fr"), "4")
    record = SmsOptOut.objects.get(phone=SENDER)
    assert record.opted_out and record.channel == SmsOptOut.Channel.VOICE
    said = spoken(stopped)[0][0]
    assert said.startswith(words("fr", lambda: gettext(
        "You will no longer receive our SMS notifications on this number. To receive them "
        "again, call us and press 4.")))
    assert twiml(stopped).find("Gather") is not None  # back to the main menu

    press(sid, menu("main", language="fr"), "4")
    record.refresh_from_db()
    assert not record.opted_out
    assert [c.channel for c in record.changes.all()] == ["voice", "voice"]


def test_key_4_from_a_hidden_number_changes_nothing() -> None:
    response = press(new_call_sid(), menu("main", language="fr"), "4", From="anonymous")
    assert spoken(response)[0][0].startswith(words("fr", lambda: gettext(
        "This number cannot receive our SMS.")))
    assert not SmsOptOut.objects.exists()


def test_a_failure_in_the_menu_is_apologised_for_not_answered_5xx(monkeypatch) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("database gone")

    monkeypatch.setattr(voice, "_ticket", broken)
    sid = new_call_sid()
    response = press(sid, menu("ref", language="ar"), new_reference())
    assert twiml(response).find("Hangup") is not None
    assert [language for _text, language in spoken(response)] == ["arb"]
    assert Call.objects.filter(carrier_id=sid).exists()


def test_started_at_is_when_the_call_was_first_seen() -> None:
    sid = new_call_sid()
    before = timezone.now()
    post_voice(INBOUND, call_params(sid))
    assert Call.objects.get(carrier_id=sid).started_at >= before
