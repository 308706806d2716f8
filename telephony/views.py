"""The carrier's webhooks: check the signature, store, answer TwiML. Nothing on these paths
waits on Redis, the channel layer or the carrier: only the database."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseForbidden
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from telephony import gateway, inbound, twiml

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
