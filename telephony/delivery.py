"""Delivery reports of the SMS we sent: `POST /telephony/sms/status/`, signed by the carrier.

The carrier's status words are mapped here to OutboxMessage.DeliveryStatus; the outbox records
them (tickets.outbox.record_delivery_status), idempotently and never backwards, since reports
may arrive twice or out of order.
"""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseForbidden
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from telephony import gateway
from tickets import outbox
from tickets.models import OutboxMessage

logger = logging.getLogger(__name__)
Delivery = OutboxMessage.DeliveryStatus

# Twilio's MessageStatus values; any other is ignored.
CARRIER_STATUSES = {
    "accepted": Delivery.QUEUED,
    "scheduled": Delivery.QUEUED,
    "queued": Delivery.QUEUED,
    "sending": Delivery.SENT,
    "sent": Delivery.SENT,
    "delivered": Delivery.DELIVERED,
    "read": Delivery.DELIVERED,
    "undelivered": Delivery.UNDELIVERED,
    "failed": Delivery.FAILED,
    "canceled": Delivery.FAILED,
}


@csrf_exempt
@require_POST
def sms_status(request: HttpRequest) -> HttpResponse:
    """A delivery report. Unsigned: 403, nothing changed. Otherwise 204, whether or not the
    report changed anything (unknown message, repeated or older report)."""
    if not gateway.validate_request(request):
        return HttpResponseForbidden("Invalid signature.")
    try:
        report = gateway.parse_status(request.POST)
    except gateway.PayloadError as exc:
        return HttpResponseBadRequest(str(exc))
    status = CARRIER_STATUSES.get(report.status.lower())
    if status is None:
        logger.info("SMS %s: status %r ignored", report.carrier_id, report.status)
    else:
        outbox.record_delivery_status(carrier_id=report.carrier_id, status=status,
                                      error_code=report.error_code)
    return HttpResponse(status=204)
