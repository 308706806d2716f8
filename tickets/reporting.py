"""Reads of complaints for the managers' figures (contactcenter.reports): what each complaint
is, where it stands and how its customer was told, in one query for many complaints; and
which complaints changed since a moment."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Q

from tickets.models import OPEN_STATES, OutboxMessage, Ticket, TicketEvent

# Customer notices about a complaint's steps (not answers to the customer's own messages).
_STEP_SMS = Q(outbox__kind=OutboxMessage.Kind.SMS, outbox__is_answer=False)
_DELIVERED = Q(outbox__status=OutboxMessage.Status.SENT,
               outbox__delivery_status=OutboxMessage.DeliveryStatus.DELIVERED)


@dataclass(frozen=True)
class ComplaintForReport:
    id: int
    created_at: datetime
    first_responded_at: datetime | None
    resolved_at: datetime | None
    resolution_due: datetime | None
    is_open: bool
    channel: str
    category_id: int | None
    audience: str
    agency_id: int | None
    region_id: int | None
    queue_id: int | None
    outcome: str
    sla_breached: bool
    sla_level: int
    reopenings: int
    step_notices: int
    step_notices_delivered: int


_FIELDS = ("id", "created_at", "first_responded_at", "resolved_at", "resolution_due", "state",
           "channel", "category_id", "category__audience", "agency_id", "agency__region_id",
           "queue_id", "outcome", "sla_breached", "sla_level")


def complaints_for_report(ids: Sequence[int]) -> list[ComplaintForReport]:
    """These complaints as the figures read them (unknown ids are left out)."""
    if not ids:
        return []
    rows = (Ticket.objects.filter(pk__in=list(ids)).order_by()
            .values_list(*_FIELDS)
            .annotate(notices=Count("outbox", filter=_STEP_SMS),
                      delivered=Count("outbox", filter=_STEP_SMS & _DELIVERED)))
    reopenings = dict(TicketEvent.objects.filter(
        ticket_id__in=list(ids), kind=TicketEvent.Kind.TRANSITION, action="reopen")
        .order_by().values_list("ticket_id").annotate(n=Count("id")))
    open_states = set(OPEN_STATES)
    return [ComplaintForReport(
        id=row[0], created_at=row[1], first_responded_at=row[2], resolved_at=row[3],
        resolution_due=row[4], is_open=row[5] in open_states, channel=row[6],
        category_id=row[7], audience=row[8] or "", agency_id=row[9], region_id=row[10],
        queue_id=row[11], outcome=row[12], sla_breached=row[13], sla_level=row[14],
        reopenings=reopenings.get(row[0], 0), step_notices=row[15],
        step_notices_delivered=row[16]) for row in rows]


def complaints_changed_since(moment: datetime) -> set[int]:
    """Complaints with a step recorded, or a notice reported on by the carrier, since
    `moment`: every change of a complaint is recorded as a step, in the transaction that
    makes it (served by the indexes ticket_event_at and outbox_delivery_updated)."""
    changed = set(TicketEvent.objects.filter(at__gte=moment).order_by()
                  .values_list("ticket_id", flat=True).distinct())
    changed.update(OutboxMessage.objects.filter(
        delivery_updated_at__gte=moment, ticket__isnull=False).order_by()
        .values_list("ticket_id", flat=True).distinct())
    return changed


def all_complaint_ids(*, chunk: int) -> Iterator[list[int]]:
    """Every complaint's id, in chunks of `chunk`, in order."""
    last = 0
    while True:
        ids = list(Ticket.objects.filter(pk__gt=last).order_by("pk")
                   .values_list("pk", flat=True)[:chunk])
        if not ids:
            return
        yield ids
        last = ids[-1]
