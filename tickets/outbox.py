"""The outbox: messages written in the transaction that causes them, delivered after commit.

Delivery is at least once (retried with back-off until it succeeds or gives up) and each
row is sent once: a worker claims a row with a conditional UPDATE before sending, so two
workers, or one task run twice, never send the same row twice. A claim is a lease: if the
worker dies before it records the outcome, the row is due again when the lease expires.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.db import transaction
from django.db.models import F, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation

from contactcenter import background
from contactcenter.customers.models import ContactPoint
from telephony.gateway import GatewayError, get_gateway
from tickets.models import OutboxMessage, Ticket

logger = logging.getLogger(__name__)
_SPACES = re.compile(r"\s+")
MAX_ATTEMPTS = 8
# A claimed row whose worker has not finished after this long (it died between the claim
# and the send) is due again. Far longer than a send takes (the carrier times out at 10 s).
SENDING_LEASE = timedelta(minutes=10)
_LIVE_TYPES = {OutboxMessage.Kind.BOARD: "board.update", OutboxMessage.Kind.AGENT: "agent.notice"}


def add_sms(*, ticket: Ticket, event: str, context: dict[str, object] | None = None) -> None:
    """Queue the customer notification for `event`, in the customer's language."""
    add(sms(ticket=ticket, event=event, context=context))


def add_board_update(*, ticket: Ticket, event: str) -> None:
    """Queue a live update of the boards that show this complaint."""
    add(board_update(ticket=ticket, event=event))


def add(*messages: OutboxMessage) -> None:
    """Write outbox rows (one INSERT) to be delivered after the transaction commits."""
    OutboxMessage.objects.bulk_create(messages)
    for message in messages:
        if message.status == OutboxMessage.Status.PENDING:
            _deliver_after_commit(message.pk)


def sms(*, ticket: Ticket, event: str,
        context: dict[str, object] | None = None) -> OutboxMessage:
    """The customer notification for `event`, in the customer's language (unsaved)."""
    customer = ticket.customer
    language = customer.preferred_language or settings.LANGUAGE_CODE
    mobile = (ContactPoint.objects.filter(customer=customer, kind=ContactPoint.Kind.MOBILE)
              .order_by("-is_primary", "pk").values_list("value", flat=True).first())
    with translation.override(language):
        body = render_to_string(f"tickets/sms/{event}.txt",
                                {"ticket": ticket, **(context or {})})
    return OutboxMessage(
        kind=OutboxMessage.Kind.SMS, ticket=ticket, event=event, to=mobile or "",
        language=language, body=_SPACES.sub(" ", body).strip(),
        status=OutboxMessage.Status.PENDING if mobile else OutboxMessage.Status.SKIPPED,
        last_error="" if mobile else "no mobile number")


def board_update(*, ticket: Ticket, event: str) -> OutboxMessage:
    """A live update of the boards that show this complaint (unsaved)."""
    return OutboxMessage(
        kind=OutboxMessage.Kind.BOARD, ticket=ticket, event=event,
        payload={"reference": ticket.reference, "state": ticket.state,
                 "groups": board_groups(ticket)})


def add_board_update_many(*, tickets: Sequence[Any], event: str) -> None:
    """One live update for the boards of several complaints (the boards re-read their
    counts, so one message per group is enough). `tickets` need `pk`, `reference`,
    `agency_id`, `agency` and `queue_id`."""
    groups = sorted({group for ticket in tickets for group in board_groups(ticket)})
    message = OutboxMessage.objects.create(
        kind=OutboxMessage.Kind.BOARD, ticket_id=tickets[0].pk, event=event,
        payload={"references": [t.reference for t in tickets[:50]], "groups": groups})
    _deliver_after_commit(message.pk)


def deliver_soon() -> None:
    """Deliver what is due right after the current transaction commits."""
    if settings.BACKGROUND_MODE != "celery":
        transaction.on_commit(lambda: background.run_soon("outbox"))
        return
    from tickets.tasks import deliver_due_outbox

    transaction.on_commit(lambda: deliver_due_outbox.delay())


def board_groups(ticket: Any) -> list[str]:
    groups = ["board.national"]
    if ticket.agency_id:
        groups += [f"board.agency.{ticket.agency_id}",
                   f"board.region.{ticket.agency.region_id}"]
    if ticket.queue_id:
        groups.append(f"board.queue.{ticket.queue_id}")
    return groups


def _deliver_after_commit(message_id: int) -> None:
    if settings.BACKGROUND_MODE != "celery":  # the in-process runner delivers it at once
        transaction.on_commit(lambda: background.run_soon("outbox"))
        return
    from tickets.tasks import deliver_outbox_message

    transaction.on_commit(lambda: deliver_outbox_message.delay(message_id))


def backoff(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min, ... capped at one hour."""
    return timedelta(seconds=min(3600, 30 * 2 ** max(0, attempts - 1)))


def deliver(message_id: int, *, now: datetime | None = None) -> bool:
    """Send one outbox row if it is due: pending, or claimed by a worker that died before
    finishing (its lease expired). True if this call sent it."""
    now = now or timezone.now()
    claimed = _due_rows(now).filter(pk=message_id).update(
        status=OutboxMessage.Status.SENDING, attempts=F("attempts") + 1,
        next_attempt_at=now + SENDING_LEASE)
    if not claimed:
        return False
    message = OutboxMessage.objects.get(pk=message_id)
    try:
        carrier_id = _send(message)
    except Exception as exc:  # noqa: BLE001 - any failure is retried, then given up
        permanent = isinstance(exc, GatewayError) and exc.permanent
        give_up = permanent or message.attempts >= MAX_ATTEMPTS
        OutboxMessage.objects.filter(pk=message_id).update(
            status=OutboxMessage.Status.FAILED if give_up else OutboxMessage.Status.PENDING,
            next_attempt_at=now + backoff(message.attempts), last_error=str(exc)[:1000])
        log = logger.warning if isinstance(exc, GatewayError) else logger.exception
        log("Outbox %s not delivered (attempt %s): %s", message_id, message.attempts, exc)
        return False
    OutboxMessage.objects.filter(pk=message_id).update(
        status=OutboxMessage.Status.SENT, sent_at=timezone.now(), carrier_id=carrier_id,
        last_error="")
    return True


def _due_rows(now: datetime) -> QuerySet[OutboxMessage]:
    return OutboxMessage.objects.filter(
        status__in=[OutboxMessage.Status.PENDING, OutboxMessage.Status.SENDING],
        next_attempt_at__lte=now)


def _send(message: OutboxMessage) -> str:
    if message.kind == OutboxMessage.Kind.SMS:
        return get_gateway().send_sms(to=message.to, body=message.body, key=str(message.pk))
    layer = get_channel_layer()
    if layer is None:
        return ""
    try:
        for group in message.payload.get("groups", []):
            async_to_sync(layer.group_send)(group, {"type": _LIVE_TYPES[message.kind],
                                                    **message.payload})
    except Exception as exc:  # a channel layer outage is retried like a carrier outage
        raise GatewayError(f"channel layer: {exc}") from exc
    return ""


def deliver_due(*, now: datetime | None = None, limit: int = 500) -> int:
    """Deliver every pending row that is due (the periodic catch-up). Returns how many."""
    now = now or timezone.now()
    due = list(_due_rows(now).order_by("next_attempt_at", "pk")
               .values_list("pk", flat=True)[:limit])
    return sum(deliver(pk, now=now) for pk in due)
