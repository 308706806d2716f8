"""The voice menu: what a caller hears and what each key does, as TwiML.

The caller chooses French (1) or Arabic (2), then: 1 follow a complaint (type its reference,
finish with #, hear its state and expected answer date), 2 speak to an agent (the call
centre's queue), 3 be called back. Each answer to a <Gather> comes back to the menu's URL,
whose query carries where the caller is: `step`, `lang` and `try` (the attempt, at most
MAX_TRIES before the caller is let go), so the menu keeps no state of its own.

Who hears a complaint's status: anyone who types its reference. Unlike an SMS, whose
sender's number is checked against the complaint's, a call often comes from another phone
(a relative's, a landline), so the reference itself is the secret: ten digits, nine of
them random, with a check digit, and three tries per call. What is said is only the state
and the expected date, never a name, an amount or what the complaint is about.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from twilio.twiml.voice_response import Gather, VoiceResponse

from contactcenter.customers import services as customer_services
from contactcenter.customers.models import SmsOptOut
from telephony import calls, twiml
from telephony.models import Call
from telephony.twiml import Prompt
from telephony.wording import day, state_words
from tickets import selectors as ticket_selectors
from tickets.models import Ticket
from tickets.references import BODY_LENGTH, is_valid_reference, normalize_reference

T = TypeVar("T")
LANGUAGES = ("fr", "ar")
MAX_TRIES = 3
MENU_TIMEOUT = 6
# Ten digits take a while to find on a keypad.
REFERENCE_TIMEOUT = 10


class Step:
    LANGUAGE = "lang"
    MAIN = "main"
    REFERENCE = "ref"
    OFFER = "offer"


@dataclass(frozen=True)
class Position:
    """Where the caller is in the menu, as carried by the action URL's query."""

    step: str
    language: str
    attempt: int

    @classmethod
    def from_query(cls, query: dict[str, str]) -> Position:
        language = query.get("lang", "")
        try:
            attempt = int(query.get("try", "1"))
        except ValueError:
            attempt = 1
        return cls(step=query.get("step", Step.LANGUAGE),
                   language=language if language in LANGUAGES else "",
                   attempt=min(max(attempt, 1), MAX_TRIES))


def menu_url(step: str, *, language: str = "", attempt: int = 1) -> str:
    query = {"step": step}
    if language:
        query["lang"] = language
    if attempt > 1:
        query["try"] = str(attempt)
    return f"{reverse('telephony:voice_menu')}?{urlencode(query)}"


# --- The answers ------------------------------------------------------------------------------

def welcome() -> str:
    """The first answer to a call: the choice of language, each offer in its own language."""
    return _choose_language(attempt=1)


def answer(call: Call, position: Position, digits: str) -> str:
    """The TwiML that follows the keys `digits` pressed at `position`."""
    if position.step == Step.LANGUAGE or not position.language:
        return _after_language(call, position, digits)
    if position.step == Step.REFERENCE:
        return _after_reference(call, position, digits)
    if position.step == Step.OFFER:
        return _after_offer(call, position, digits)
    return _after_main(call, position, digits)


def unavailable(language: str = "") -> str:
    """What a caller hears when the menu itself fails."""
    languages = [language] if language in LANGUAGES else list(LANGUAGES)
    return twiml.say_and_hangup([
        (_in(lang, lambda: _("Sorry, our service is not available right now. Please call "
                             "again later.")), lang) for lang in languages])


# --- Language ---------------------------------------------------------------------------------

def _choose_language(*, attempt: int, before: Sequence[Prompt] = ()) -> str:
    offers = {"fr": lambda: _("For French, press 1."), "ar": lambda: _("For Arabic, press 2.")}
    prompts = [*before]
    for language in LANGUAGES:
        if attempt == 1:
            prompts.append((_in(language, lambda: _(
                "Welcome to the social security contact centre.")), language))
        prompts.append((_in(language, offers[language]), language))
    return twiml.say_and_gather(prompts, action=menu_url(Step.LANGUAGE, attempt=attempt),
                                num_digits=1, timeout=MENU_TIMEOUT)


def _after_language(call: Call, position: Position, digits: str) -> str:
    language = {"1": "fr", "2": "ar"}.get(digits)
    if language is None:
        if position.attempt >= MAX_TRIES:
            return _goodbye(list(LANGUAGES))
        not_understood = [(_in(lang, _not_understood), lang) for lang in LANGUAGES]
        return _choose_language(attempt=position.attempt + 1, before=not_understood)
    calls.choose_language(call, language)
    return _main_menu(language, attempt=1)


# --- The main menu ----------------------------------------------------------------------------

def _main_menu(language: str, *, attempt: int, before: Sequence[str] = ()) -> str:
    with translation.override(language):
        texts = [*before,
                 _("To follow a complaint, press 1."),
                 _("To speak to an agent, press 2."),
                 _("To be called back, press 3."),
                 _("To stop or resume our SMS notifications, press 4.")]
    return twiml.say_and_gather([(" ".join(texts), language)],
                                action=menu_url(Step.MAIN, language=language,
                                                attempt=attempt),
                                num_digits=1, timeout=MENU_TIMEOUT)


def _after_main(call: Call, position: Position, digits: str) -> str:
    language = position.language
    if digits == "1":
        return _ask_reference(language, attempt=1)
    if digits == "2":
        return _to_agent(call, language)
    if digits == "3":
        return _callback(call, language)
    if digits == "4":
        return _sms_notifications(call, language)
    if position.attempt >= MAX_TRIES:
        return _goodbye([language])
    return _main_menu(language, attempt=position.attempt + 1,
                      before=[_in(language, _not_understood)])


# --- Following a complaint --------------------------------------------------------------------

def _ask_reference(language: str, *, attempt: int, before: Sequence[str] = ()) -> str:
    with translation.override(language):
        texts = [*before, _("Type the ten digits of your complaint reference, then press the "
                            "hash key.")]
    response = VoiceResponse()
    gather = response.gather(input="dtmf", action=menu_url(Step.REFERENCE, language=language,
                                                           attempt=attempt),
                             method="POST", finish_on_key="#", timeout=REFERENCE_TIMEOUT,
                             action_on_empty_result=True)
    _say(gather, " ".join(texts), language)
    return str(response)


def _after_reference(call: Call, position: Position, digits: str) -> str:
    language = position.language
    ticket = _ticket(digits)
    if ticket is None:
        if position.attempt >= MAX_TRIES:
            return _offer_agent(language)
        with translation.override(language):
            again = _("This reference is not recognised.")
        return _ask_reference(language, attempt=position.attempt + 1, before=[again])
    calls.record_status_heard(call, ticket.reference)
    return _main_menu(language, attempt=1, before=_in(language, _status_words, ticket))


def _ticket(digits: str) -> Ticket | None:
    """The complaint whose reference was typed; None for a wrong check digit or an unknown
    reference (the caller cannot tell which)."""
    reference = normalize_reference(digits.strip("#*"))
    if len(reference) != BODY_LENGTH + 1 or not is_valid_reference(reference):
        return None
    return ticket_selectors.ticket_by_reference(reference)


def _status_words(ticket: Ticket) -> list[str]:
    """The state and, while open, the expected date: nothing personal (see the module)."""
    texts = [_("The status of complaint %(reference)s is: %(state)s.") % {
        "reference": spoken_digits(ticket.reference), "state": state_words(ticket)}]
    if ticket.answer_overdue:
        texts.append(_("An answer was expected by %(date)s: we are late, please excuse us.")
                     % {"date": day(ticket.resolution_due)})  # type: ignore[arg-type]  # overdue: set
    elif ticket.is_open and ticket.resolution_due:
        texts.append(_("An answer is expected by %(date)s.")
                     % {"date": day(ticket.resolution_due)})
    return texts


def spoken_digits(number: str) -> str:
    """Digits read one by one ("2 6 1 2..."), not as one large number."""
    return " ".join(number)


def _offer_agent(language: str) -> str:
    with translation.override(language):
        text = " ".join([_("We could not recognise this reference."),
                         _("To speak to an agent, press 2.")])
    return twiml.say_and_gather([(text, language)],
                                action=menu_url(Step.OFFER, language=language),
                                num_digits=1, timeout=MENU_TIMEOUT)


def _after_offer(call: Call, position: Position, digits: str) -> str:
    if digits == "2":
        return _to_agent(call, position.language)
    return _goodbye([position.language])


# --- An agent, or a callback ------------------------------------------------------------------

def _to_agent(call: Call, language: str) -> str:
    queue = calls.put_through(call)
    response = VoiceResponse()
    with translation.override(language):
        _say(response, _("Please hold. An agent will answer you shortly."), language)
    response.enqueue(queue.code if queue is not None else "call-centre")
    return str(response)


def _callback(call: Call, language: str) -> str:
    with translation.override(language):
        if not calls.can_be_called_back(call):
            text = _("Your number is hidden, so we cannot call you back. Please call again "
                     "without hiding your number. Goodbye.")
        else:
            calls.request_callback(call)
            text = _("Your request is recorded. An agent will call you back on this number. "
                     "Goodbye.")
    return twiml.say_and_hangup([(text, language)])


def _sms_notifications(call: Call, language: str) -> str:
    """Stop the SMS notifications of the caller's number, or resume them if stopped (the
    change is recorded with the voice channel), then back to the main menu."""
    try:
        stop = not customer_services.is_sms_opted_out(call.from_number)
        customer_services.set_sms_opt_out(phone=call.from_number, opted_out=stop,
                                          channel=SmsOptOut.Channel.VOICE)
    except ValidationError:
        said = _in(language, lambda: _("This number cannot receive our SMS."))
    else:
        said = _in(language, lambda: _(
            "You will no longer receive our SMS notifications on this number. To receive "
            "them again, call us and press 4.") if stop else _(
            "You will receive our SMS notifications again on this number."))
    return _main_menu(language, attempt=1, before=[said])


# --- Words ------------------------------------------------------------------------------------

def _not_understood() -> str:
    return _("Sorry, we did not understand your choice.")


def _goodbye(languages: list[str]) -> str:
    return twiml.say_and_hangup([(_in(lang, lambda: _("Thank you for calling. Goodbye.")), lang)
                                 for lang in languages])


def _in(language: str, words: Callable[..., T], *args: Any) -> T:
    """`words(*args)` said in `language`."""
    with translation.override(language):
        return words(*args)


def _say(verb: VoiceResponse | Gather, text: str, language: str) -> None:
    say_language, voice = twiml.VOICES[language]
    verb.say(text, voice=voice, language=say_language)
