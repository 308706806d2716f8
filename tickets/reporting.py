"""Reads of complaints for the managers' figures (contactcenter.reports): what each complaint
is, where it stands and how its customer was told, in one query for many complaints; and
which complaints changed since a moment. Then the satisfaction answers, counted per day and
slice in SQL, and their comments."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet, Value
from django.db.models.functions import Coalesce

from contactcenter.local_days import day_start, local_date, within_days
from contactcenter.org.selectors import Scope
from tickets.audiences import audience_expression
from tickets.models import OPEN_STATES, OutboxMessage, SurveyAnswer, Ticket, TicketEvent

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


# --- Satisfaction answers ------------------------------------------------------------------

SCORES = range(SurveyAnswer.MIN_SCORE, SurveyAnswer.MAX_SCORE + 1)


def _answers_sliced() -> QuerySet[SurveyAnswer]:
    """The answers with where each is counted: the complaint's agency (else the customer's)
    and its region, the complaint's category, the audience (tickets.audiences), 0 or "" for
    none."""
    return SurveyAnswer.objects.annotate(
        at_region=Coalesce("ticket__agency__region_id", "customer__agency__region_id",
                           Value(0)),
        at_agency=Coalesce("ticket__agency_id", "customer__agency_id", Value(0)),
        at_category=Coalesce("ticket__category_id", Value(0)),
        at_audience=audience_expression(category="ticket__category", customer="customer"))


def survey_days_since(moment: datetime) -> set[date]:
    """The local days of the answers given since `moment` (index survey_answered). Answers
    are written once, when given: a day's answers change only while new ones come in."""
    return set(SurveyAnswer.objects.filter(answered_at__gte=moment).order_by()
               .annotate(day=local_date("answered_at")).values_list("day", flat=True)
               .distinct())


def survey_days() -> list[date]:
    """Every local day with an answer, in order (for a full recount)."""
    days = (SurveyAnswer.objects.order_by().annotate(day=local_date("answered_at"))
            .values_list("day", flat=True).distinct())
    return sorted(days)


def survey_figures(days: Iterable[date]) -> list[dict[str, Any]]:
    """The answers of these local days counted in SQL per day, region, agency, category,
    audience and channel: `score_1`..`score_5` and `commented` (answers with a comment)."""
    days = list(days)
    if not days:
        return []
    counts = {f"score_{score}": Count("id", filter=Q(score=score)) for score in SCORES}
    rows = (_answers_sliced().filter(within_days("answered_at", days)).order_by()
            .annotate(day=local_date("answered_at"))
            .values("day", "at_region", "at_agency", "at_category", "at_audience", "channel")
            .annotate(**counts, commented=Count("id", filter=~Q(comment=""))))
    return [{"day": row["day"], "region_id": row["at_region"], "agency_id": row["at_agency"],
             "category_id": row["at_category"], "audience": row["at_audience"],
             "channel": row["channel"], "commented": row["commented"],
             **{name: row[name] for name in counts}} for row in rows]


def survey_comments(*, start: date, end: date, scope: Scope, region_id: int | None = None,
                    agency_id: int | None = None, category_id: int | None = None,
                    channel: str = "", audience: str = "") -> QuerySet[SurveyAnswer]:
    """The answers with a comment given from `start` to `end` (local days, included) within
    `scope` and the slice asked for, newest first, with their complaint and where they are
    counted (select_related: no query per row)."""
    answers = _answers_sliced().filter(
        answered_at__gte=day_start(start),
        answered_at__lt=day_start(end + timedelta(days=1))).exclude(comment="")
    if not scope.everything:
        answers = answers.filter(Q(at_region__in=scope.region_ids)
                                 | Q(at_agency__in=scope.agency_ids)
                                 | Q(ticket__queue_id__in=scope.queue_ids))
    for name, value in (("at_region", region_id), ("at_agency", agency_id),
                        ("at_category", category_id)):
        if value is not None:
            answers = answers.filter(**{name: value})
    if channel:
        answers = answers.filter(channel=channel)
    if audience:
        answers = answers.filter(**{"at_audience": audience})
    return (answers.select_related("ticket__agency__region", "customer__agency__region")
            .order_by("-answered_at", "-id"))
