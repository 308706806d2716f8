"""Reads of the calls for the managers' figures (contactcenter.reports): the calls put
through to an agent, counted per local day and queue in SQL."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, F, Max, Q, Sum, Value
from django.db.models.functions import Coalesce, Extract

from contactcenter.local_days import local_date, within_days
from telephony.models import CALL_ENDED, Call

# No call lasts longer: a call that ended since a moment started at most this long before it.
LONGEST_CALL = timedelta(days=1)


def call_days_since(moment: datetime) -> set[date]:
    """The local days (of their start) of the calls started or ended since `moment` (index
    call_started, the ended ones bounded by LONGEST_CALL)."""
    changed = Call.objects.filter(
        Q(started_at__gte=moment)
        | Q(started_at__gte=moment - LONGEST_CALL, ended_at__gte=moment)
        | Q(started_at__gte=moment - LONGEST_CALL, taken_at__gte=moment))
    return set(changed.order_by().annotate(day=local_date("started_at"))
               .values_list("day", flat=True).distinct())


def call_days() -> list[date]:
    """Every local day with a call, in order."""
    return sorted(Call.objects.order_by().annotate(day=local_date("started_at"))
                  .values_list("day", flat=True).distinct())


def call_figures(days: Iterable[date]) -> list[dict[str, Any]]:
    """Per local day (of the start), region, agency and queue (0 for none: the call centre's
    queues belong to no agency), the calls put through to an agent: `offered`, `answered`
    (taken by an agent), `abandoned` (the caller hung up before), `wait_seconds` and `waits`
    (from being put through to being taken, of those taken) and `wait_max`."""
    days = list(days)
    if not days:
        return []
    waited = Extract(F("taken_at") - F("enqueued_at"), "epoch")
    taken = Q(taken_at__isnull=False)
    rows = (Call.objects.filter(within_days("started_at", days), enqueued_at__isnull=False)
            .order_by()
            .annotate(day=local_date("started_at"),
                      at_region=Coalesce("queue__agency__region_id", Value(0)),
                      at_agency=Coalesce("queue__agency_id", Value(0)),
                      at_queue=Coalesce("queue_id", Value(0)))
            .values("day", "at_region", "at_agency", "at_queue")
            .annotate(offered=Count("id"), answered=Count("id", filter=taken),
                      abandoned=Count("id", filter=~taken & Q(status__in=CALL_ENDED)),
                      wait_seconds=Sum(waited, filter=taken), waits=Count("id", filter=taken),
                      wait_max=Max(waited, filter=taken)))
    return [{"day": row["day"], "region_id": row["at_region"], "agency_id": row["at_agency"],
             "queue_id": row["at_queue"], "offered": row["offered"],
             "answered": row["answered"], "abandoned": row["abandoned"],
             "wait_seconds": round(row["wait_seconds"] or 0), "waits": row["waits"],
             "wait_max": round(row["wait_max"] or 0)} for row in rows]
