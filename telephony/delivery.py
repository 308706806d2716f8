"""Sending the outbox's SMS through the carrier, and the delivery reports of the SMS we sent
(`POST /telephony/sms/status/`, see webhooks).

The carrier's status words are mapped here to OutboxMessage.DeliveryStatus; the outbox records
them (tickets.outbox.record_delivery_status), idempotently and never backwards, since reports
may arrive twice or out of order.
"""

from __future__ import annotations

import logging

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


def send_sms(message: OutboxMessage) -> str:
    """The outbox's sender of SMS rows (registered in TelephonyConfig.ready): the carrier's
    id of the message; a carrier's refusal is the outbox's DeliveryError."""
    try:
        return gateway.get_gateway().send_sms(to=message.to, body=message.body,
                                              key=str(message.pk))
    except gateway.GatewayError as exc:
        raise outbox.DeliveryError(str(exc), permanent=exc.permanent) from exc


def record(report: gateway.DeliveryStatus) -> None:
    """Record a delivery report on the message it is about; a status the carrier may add
    later is logged and ignored."""
    status = CARRIER_STATUSES.get(report.status.lower())
    if status is None:
        logger.info("SMS %s: status %r ignored", report.carrier_id, report.status)
        return
    outbox.record_delivery_status(carrier_id=report.carrier_id, status=status,
                                  error_code=report.error_code)
