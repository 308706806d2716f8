"""The carrier's webhooks: check the signature, store, answer TwiML. Nothing on these paths
waits on Redis, the channel layer or the carrier: only the database."""

from __future__ import annotations

import logging

from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseForbidden
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from twilio.twiml.voice_response import VoiceResponse

from telephony import calls, gateway, inbound, twiml, voice
from telephony.models import Call

logger = logging.getLogger(__name__)
TWIML_CONTENT_TYPE = "text/xml; charset=utf-8"


@csrf_exempt
@require_POST
@transaction.non_atomic_requests  # the message must be committed before it is processed
def sms_inbound(request: HttpRequest) -> HttpResponse:
    """An SMS sent to our number. Unsigned: 403, nothing stored. Once stored, always 200
    with the reply (or an empty answer when processing failed and will be retried)."""
    if not gateway.validate_request(request):
        return HttpResponseForbidden("Invalid signature.")
    try:
        message = inbound.store(gateway.parse_inbound_sms(request.POST))
    except gateway.PayloadError as exc:
        return HttpResponseBadRequest(str(exc))
    return HttpResponse(twiml.sms_reply(inbound.answer(message)),
                        content_type=TWIML_CONTENT_TYPE)


# --- Calls ------------------------------------------------------------------------------------

def _twiml(body: str) -> HttpResponse:
    return HttpResponse(body, content_type=TWIML_CONTENT_TYPE)


def _stored_call(request: HttpRequest) -> Call:
    """The call the webhook is about, stored (once) and looked up. Raises PayloadError."""
    return calls.process_quietly(calls.store(gateway.parse_call(request.POST)))


@csrf_exempt
@require_POST
@transaction.non_atomic_requests  # the call must be committed before anything else
def voice_inbound(request: HttpRequest) -> HttpResponse:
    """A call to our number: stored, the caller looked up, then the choice of language.
    Unsigned: 403, nothing stored."""
    if not gateway.validate_request(request):
        return HttpResponseForbidden("Invalid signature.")
    try:
        _stored_call(request)
    except gateway.PayloadError as exc:
        return HttpResponseBadRequest(str(exc))
    return _twiml(voice.welcome())


@csrf_exempt
@require_POST
@transaction.non_atomic_requests
def voice_menu(request: HttpRequest) -> HttpResponse:
    """The keys pressed at one step of the voice menu (the step is in the query). Once the
    call is stored, always 200: a failure is apologised for rather than answered 5xx."""
    if not gateway.validate_request(request):
        return HttpResponseForbidden("Invalid signature.")
    try:
        call = _stored_call(request)
    except gateway.PayloadError as exc:
        return HttpResponseBadRequest(str(exc))
    position = voice.Position.from_query(request.GET.dict())
    try:
        return _twiml(voice.answer(call, position, request.POST.get("Digits", "")))
    except Exception:  # noqa: BLE001 - the carrier does not retry: say something
        logger.exception("Voice menu failed for call %s at %s", call.carrier_id, position)
        return _twiml(voice.unavailable(position.language))


@csrf_exempt
@require_POST
@transaction.non_atomic_requests
def voice_status(request: HttpRequest) -> HttpResponse:
    """The carrier's report on a call (status, duration, recording). Signed; always 200
    once the call is stored."""
    if not gateway.validate_request(request):
        return HttpResponseForbidden("Invalid signature.")
    try:
        call = _stored_call(request)
        data = gateway.parse_call(request.POST)
    except gateway.PayloadError as exc:
        return HttpResponseBadRequest(str(exc))
    try:
        calls.record_status(data)
    except Exception:  # noqa: BLE001 - a report lost is better than a 5xx
        logger.exception("Status of call %s not recorded", call.carrier_id)
    return _twiml(str(VoiceResponse()))
