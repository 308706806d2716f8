"""The carrier's webhooks: check the signature, store, answer. Nothing on these paths waits
on Redis, the channel layer or the carrier: only the database."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable

from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseForbidden
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from twilio.twiml.voice_response import VoiceResponse

from contactcenter import input_guard
from telephony import calls, delivery, gateway, inbound, twiml, voice
from telephony.models import Call

logger = logging.getLogger(__name__)
TWIML_CONTENT_TYPE = "text/xml; charset=utf-8"


def carrier_signed(view: Callable[[HttpRequest], HttpResponse]) -> Callable[..., HttpResponse]:
    """A carrier webhook: POST only, no CSRF token but the carrier's signature (403 and
    nothing done without it), a malformed payload answered 400, and no transaction around
    the view (what is stored must be committed before anything else is done with it)."""

    @csrf_exempt
    @require_POST
    @transaction.non_atomic_requests
    @functools.wraps(view)
    def checked(request: HttpRequest) -> HttpResponse:
        if not gateway.validate_request(request):
            return HttpResponseForbidden("Invalid signature.")
        try:
            return view(request)
        except gateway.PayloadError as exc:
            return HttpResponseBadRequest(str(exc))

    return checked


def _twiml(body: str) -> HttpResponse:
    return HttpResponse(body, content_type=TWIML_CONTENT_TYPE)


# --- SMS -----------------------------------------------------------------------------------------

@input_guard.cleans_control_characters("Body")
@carrier_signed
def sms_inbound(request: HttpRequest) -> HttpResponse:
    """An SMS sent to our number. Once stored, always 200 with the reply (or an empty answer
    when processing failed and will be retried)."""
    message = inbound.store(gateway.parse_inbound_sms(request.POST))
    return _twiml(twiml.sms_reply(inbound.answer(message)))


@carrier_signed
def sms_status(request: HttpRequest) -> HttpResponse:
    """A delivery report of an SMS we sent: 204, whether or not it changed anything (unknown
    message, repeated or older report)."""
    delivery.record(gateway.parse_status(request.POST))
    return HttpResponse(status=204)


# --- Calls ---------------------------------------------------------------------------------------

def _stored_call(request: HttpRequest) -> Call:
    """The call the webhook is about, stored (once) and looked up. Raises PayloadError."""
    return calls.identify_caller_quietly(calls.store(gateway.parse_call(request.POST)))


@carrier_signed
def voice_inbound(request: HttpRequest) -> HttpResponse:
    """A call to our number: stored, the caller looked up, then the choice of language."""
    _stored_call(request)
    return _twiml(voice.welcome())


@carrier_signed
def voice_menu(request: HttpRequest) -> HttpResponse:
    """The keys pressed at one step of the voice menu (the step is in the query). Once the
    call is stored, always 200: a failure is apologised for rather than answered 5xx."""
    call = _stored_call(request)
    position = voice.Position.from_query(request.GET.dict())
    try:
        return _twiml(voice.answer(call, position, request.POST.get("Digits", "")))
    except Exception:  # noqa: BLE001 - the carrier does not retry: say something
        logger.exception("Voice menu failed for call %s at %s", call.carrier_id, position)
        return _twiml(voice.unavailable(position.language))


@carrier_signed
def voice_status(request: HttpRequest) -> HttpResponse:
    """The carrier's report on a call (status, duration, recording): always 200 once the
    call is stored."""
    call = _stored_call(request)
    data = gateway.parse_call(request.POST)
    try:
        calls.record_status(data)
    except Exception:  # noqa: BLE001 - a report lost is better than a 5xx
        logger.exception("Status of call %s not recorded", call.carrier_id)
    return _twiml(str(VoiceResponse()))
