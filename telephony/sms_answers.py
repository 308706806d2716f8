"""Reads of the answers given to customers' own SMS, in the reply to the carrier's webhook
(inbound.answer). They are SMS the customer received that the outbox never wrote: the
registration of a complaint opened by SMS, a status asked by SMS. An answer processed late
went through the outbox (reply_by_sms) and is not read here."""

from __future__ import annotations

from telephony.models import InboundMessage
from telephony.sms_commands import Kind


def answers_about(ticket_id: int, *, limit: int) -> list[InboundMessage]:
    """The answers about this complaint given in the webhook's reply, newest first (one
    query)."""
    return list(InboundMessage.objects.filter(
        ticket_id=ticket_id, status=InboundMessage.Status.PROCESSED, reply_by_sms=False)
        .exclude(reply="").order_by("-processed_at", "-pk")[:limit])


def opened_the_complaint(message: InboundMessage) -> bool:
    """Whether this message opened its complaint (its answer is the registration)."""
    return message.command == Kind.COMPLAINT


def answers_to(carrier_ids: list[str]) -> dict[str, str]:
    """The answer given in the webhook's reply to each of these inbound messages (by the
    carrier's message id), for those that got one there (one query, none without ids)."""
    if not carrier_ids:
        return {}
    return dict(InboundMessage.objects.filter(
        carrier_id__in=carrier_ids, status=InboundMessage.Status.PROCESSED,
        reply_by_sms=False).exclude(reply="").values_list("carrier_id", "reply"))
