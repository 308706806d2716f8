"""The outbox: messages written in the transaction that causes them, delivered after commit.

Delivery is at least once (retried with back-off until it succeeds or gives up) and each
row is sent once: a worker claims a row with a conditional UPDATE before sending, so two
workers, or one task run twice, never send the same row twice. A claim is a lease: if the
worker dies before it records the outcome, the row is due again when the lease expires.

The outbox knows no carrier: the app that carries a kind of message registers its sender at
start-up (`register_sender`; telephony registers the SMS gateway in its AppConfig.ready).
Live notices to pages go out through the channel layer from here.

SMS to customers are rendered from the administrators' SmsTemplate rows
(tickets.notification_texts), cut to the template's segment budget, held during quiet hours
(settings.SMS_QUIET_HOURS, on the complaint's calendar) and never sent to a number opted out
of notifications. An immediate
answer to a message the customer has just sent is exempt from both.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, time, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from contactcenter import background, bulk
from contactcenter.customers import selectors as customer_selectors
from contactcenter.customers.services import is_sms_opted_out
from sla import services as sla_services
from tickets import notification_texts
from tickets.models import OutboxMessage, Ticket

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 8
# A claimed row whose worker has not finished after this long (it died between the claim
# and the send) is due again. Far longer than a send takes (the carrier times out at 10 s).
SENDING_LEASE = timedelta(minutes=10)
_LIVE_TYPES: dict[str, str] = {OutboxMessage.Kind.BOARD: "board.update",
                               OutboxMessage.Kind.AGENT: "agent.notice"}


class DeliveryError(Exception):
    """Sending a row failed. `permanent` failures (a bad number) are not retried."""

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


Sender = Callable[[OutboxMessage], str]
_senders: dict[str, Sender] = {}


def register_sender(kind: str, send: Sender) -> None:
    """Have `send` carry the rows of `kind` (OutboxMessage.Kind): it returns the carrier's
    id for the row and raises DeliveryError when sending fails. Called at start-up by the
    app that carries them, above this one: the one way the outbox reaches it."""
    _senders[kind] = send


def add_sms(*, ticket: Ticket, event: str, context: dict[str, object] | None = None,
            answer: bool = False) -> None:
    """Queue the customer notification for `event`, in the customer's language. `answer`:
    see sms()."""
    add(sms(ticket=ticket, event=event, context=context, answer=answer))


def add_board_update(*, ticket: Ticket, event: str) -> None:
    """Queue a live update of the boards that show this complaint."""
    add(board_update(ticket=ticket, event=event))


def add(*messages: OutboxMessage) -> None:
    """Write outbox rows (one INSERT) to be delivered after the transaction commits."""
    bulk.insert(*messages)
    for message in messages:
        if message.status == OutboxMessage.Status.PENDING:
            _deliver_after_commit(message.pk)


def sms(*, ticket: Ticket, event: str, context: dict[str, object] | None = None,
        answer: bool = False, now: datetime | None = None) -> OutboxMessage:
    """The customer notification for `event`, in the customer's language (an agent's reply:
    in the language it is written in, notification_texts.message_language) (unsaved): due at
    once, or at the end of the quiet hours; SKIPPED when the number opted out of
    notifications, or there is no number or no template. `answer=True` for an immediate
    answer to a message the customer has just sent: sent at night too, and to an opted-out
    number. `context` adds strings to the template's (see sms_context())."""
    now = now or timezone.now()
    customer = ticket.customer
    language = notification_texts.message_language(
        event=event, preferred=customer.preferred_language or settings.LANGUAGE_CODE,
        context=context)
    # The opt-out is read with the number: one query per notification, as before opt-outs.
    mobile, opted_out = customer_selectors.notification_mobile(customer.pk)
    message = OutboxMessage(kind=OutboxMessage.Kind.SMS, ticket=ticket, event=event,
                            to=mobile, language=language, is_answer=answer,
                            created_at=now, next_attempt_at=now)
    template = notification_texts.sms_template(event, language)
    body = None
    if template is not None:
        body = template.render(
            notification_texts.sms_context(ticket, language=language, extra=context))
    if body is None:
        return _not_sent(message, "no template")
    message.body = body
    if not mobile:
        return _not_sent(message, "no mobile number")
    if not answer:
        if opted_out:
            return _not_sent(message, "opted out")
        message.next_attempt_at = after_quiet_hours(now, tz=time_zone_of(ticket, now=now))
    return message


def _not_sent(message: OutboxMessage, reason: str) -> OutboxMessage:
    message.status, message.last_error = OutboxMessage.Status.SKIPPED, reason
    return message


# --- Quiet hours --------------------------------------------------------------------------------

def quiet_hours() -> tuple[time, time] | None:
    """(start, end) local times of settings.SMS_QUIET_HOURS ("21:00-08:00"); None if empty."""
    raw = settings.SMS_QUIET_HOURS.strip()
    if not raw:
        return None
    try:
        start, end = (datetime.strptime(part.strip(), "%H:%M").time()
                      for part in raw.split("-"))
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"SMS_QUIET_HOURS must look like 21:00-08:00 (or be empty), not {raw!r}") from exc
    return None if start == end else (start, end)


def after_quiet_hours(moment: datetime, *, tz: tzinfo) -> datetime:
    """`moment`, or the end of the quiet period it falls in (local time in `tz`, so the
    morning is 08:00 on either side of a change of UTC offset)."""
    hours = quiet_hours()
    if hours is None:
        return moment
    start, end = hours
    local = moment.astimezone(tz)
    clock, day = local.time(), local.date()
    if start < end:
        quiet = start <= clock < end
    else:  # across midnight
        quiet = clock >= start or clock < end
        if clock >= start:
            day += timedelta(days=1)
    if not quiet:
        return moment
    return datetime.combine(day, end, tzinfo=tz).astimezone(UTC)


def time_zone_of(ticket: Ticket, *, now: datetime) -> tzinfo:
    """The time zone of the complaint's calendar (the owning agency's, or the call
    centre's), else the fund's."""
    calendar = sla_services.calendar_of(ticket, now=now)
    return getattr(calendar, "tz", None) or ZoneInfo(settings.TIME_ZONE)


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
    from tickets.tasks import deliver_due_outbox  # tickets.tasks imports this module

    transaction.on_commit(lambda: background.publish_later(deliver_due_outbox.delay))


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
    from tickets.tasks import deliver_outbox_message  # tickets.tasks imports this module

    # Published from a background thread: nothing on the request path waits on the broker.
    transaction.on_commit(lambda: background.publish_later(
        lambda: deliver_outbox_message.delay(message_id)))


def backoff(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min, ... capped at one hour."""
    return timedelta(seconds=min(3600, 30 * 2 ** max(0, attempts - 1)))


def deliver(message_id: int, *, now: datetime | None = None) -> bool:
    """Send one outbox row if it is due: pending, or claimed by a worker that died before
    finishing (its lease expired). True if this call sent it. An SMS notification is
    checked again at send time: not sent to a number opted out since it was written, and
    held until morning if its time came during quiet hours (a late catch-up)."""
    now = now or timezone.now()
    claimed = _due_rows(now).filter(pk=message_id).update(
        status=OutboxMessage.Status.SENDING, attempts=F("attempts") + 1,
        next_attempt_at=now + SENDING_LEASE)
    if not claimed:
        return False
    message = OutboxMessage.objects.select_related("ticket__agency").get(pk=message_id)
    rows = OutboxMessage.objects.filter(pk=message_id)
    if message.kind == OutboxMessage.Kind.SMS and not message.is_answer:
        if is_sms_opted_out(message.to):
            rows.update(status=OutboxMessage.Status.SKIPPED, last_error="opted out")
            return False
        morning = after_quiet_hours(
            now, tz=time_zone_of(message.ticket, now=now))  # type: ignore[arg-type]  # a notification's
        if morning != now:
            rows.update(status=OutboxMessage.Status.PENDING, attempts=F("attempts") - 1,
                        next_attempt_at=morning)
            return False
    try:
        carrier_id = _send(message)
    except Exception as exc:  # noqa: BLE001 - any failure is retried, then given up
        permanent = isinstance(exc, DeliveryError) and exc.permanent
        give_up = permanent or message.attempts >= MAX_ATTEMPTS
        retry_at = now + backoff(message.attempts)
        if message.kind == OutboxMessage.Kind.SMS and not message.is_answer:
            retry_at = after_quiet_hours(retry_at,
                                         tz=time_zone_of(
                                             message.ticket,  # type: ignore[arg-type]  # see above
                                             now=retry_at))
        rows.update(
            status=OutboxMessage.Status.FAILED if give_up else OutboxMessage.Status.PENDING,
            next_attempt_at=retry_at, last_error=str(exc)[:1000],
            **(_secret_dropped(message) if give_up else {}))
        log = logger.warning if isinstance(exc, DeliveryError) else logger.exception
        log("Outbox %s not delivered (attempt %s): %s", message_id, message.attempts, exc)
        return False
    rows.update(status=OutboxMessage.Status.SENT, sent_at=timezone.now(),
                carrier_id=carrier_id, last_error="", **_secret_dropped(message))
    return True


def _secret_dropped(message: OutboxMessage) -> dict[str, str]:
    """The update that masks a message's secret once it is sent or given up."""
    return {"body": message.redacted_body} if message.redacted_body else {}


# A report only moves a message forward: a late "sent" never hides "delivered" or "failed".
_DELIVERY_RANK = {
    "": 0,
    OutboxMessage.DeliveryStatus.QUEUED: 1,
    OutboxMessage.DeliveryStatus.SENT: 2,
    OutboxMessage.DeliveryStatus.UNDELIVERED: 3,
    OutboxMessage.DeliveryStatus.FAILED: 3,
    OutboxMessage.DeliveryStatus.DELIVERED: 4,
}


def record_delivery_status(*, carrier_id: str, status: str, error_code: int | None = None,
                           at: datetime | None = None) -> bool:
    """Record the carrier's report on the message it knows as `carrier_id`. Idempotent and
    safe out of order: a status ranked no higher than the recorded one changes nothing (a
    failure may still turn into "delivered"). True if the row changed."""
    rank = _DELIVERY_RANK[status]
    earlier = [value for value, value_rank in _DELIVERY_RANK.items() if value_rank < rank]
    return bool(
        OutboxMessage.objects.exclude(carrier_id="")  # the partial index's condition
        .filter(carrier_id=carrier_id, delivery_status__in=earlier)
        .update(delivery_status=status, delivery_error_code=error_code,
                delivery_updated_at=at or timezone.now()))


def _due_rows(now: datetime) -> QuerySet[OutboxMessage]:
    return OutboxMessage.objects.filter(
        status__in=[OutboxMessage.Status.PENDING, OutboxMessage.Status.SENDING],
        next_attempt_at__lte=now)


def _send(message: OutboxMessage) -> str:
    if message.kind not in _LIVE_TYPES:
        send = _senders.get(message.kind)
        if send is None:
            raise DeliveryError(f"no sender registered for {message.kind} messages")
        return send(message)
    layer = get_channel_layer()
    if layer is None:
        return ""
    try:
        for group in message.payload.get("groups", []):
            async_to_sync(layer.group_send)(group, {"type": _LIVE_TYPES[message.kind],
                                                    **message.payload})
    except Exception as exc:  # a channel layer outage is retried like a carrier outage
        raise DeliveryError(f"channel layer: {exc}") from exc
    return ""


def purge_finished(*, event: str, before: datetime) -> int:
    """Delete the rows of `event` written before `before` that are done with (sent, failed
    or not sent). Returns how many."""
    deleted, _by_model = OutboxMessage.objects.filter(
        event=event, created_at__lt=before,
        status__in=[OutboxMessage.Status.SENT, OutboxMessage.Status.FAILED,
                    OutboxMessage.Status.SKIPPED]).delete()
    return deleted


def deliver_due(*, now: datetime | None = None, limit: int = 500) -> int:
    """Deliver every pending row that is due (the periodic catch-up). Returns how many."""
    now = now or timezone.now()
    due = list(_due_rows(now).order_by("next_attempt_at", "pk")
               .values_list("pk", flat=True)[:limit])
    return sum(deliver(pk, now=now) for pk in due)
