"""The SLA sweep: firing the escalation levels that are due, a batch of complaints at a
time (sla.services.fire_plan decides, on each complaint's clock, what is due)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from contactcenter.bulk import copy_insert
from contactcenter.i18n import system_text
from contactcenter.org import selectors as org_selectors
from contactcenter.org.models import Agency, Agent
from sla import services as sla_services
from tickets import notices, outbox, system_texts
from tickets.models import OutboxMessage, Ticket, TicketEvent

NOTICE_REFERENCES = 50  # listed in a notice; `count` says how many in all
_UPDATE_SLA_FIELDS = f"""
    UPDATE {Ticket._meta.db_table} AS t
    SET sla_level = v.sla_level, next_escalation_at = v.next_escalation_at,
        sla_breached = v.sla_breached, priority = v.priority, version = v.version
    FROM unnest(%s::bigint[], %s::integer[], %s::timestamptz[], %s::boolean[],
                %s::text[], %s::integer[])
         AS v(id, sla_level, next_escalation_at, sla_breached, priority, version)
    WHERE t.id = v.id
"""


@dataclass(slots=True)
class DueComplaint:
    """The columns of a due complaint that the sweep reads and writes (no model instance:
    thousands are handled at a time)."""

    pk: int
    reference: str
    state: str
    priority: str
    agency_id: int | None
    queue_id: int | None
    assignee_id: int | None
    sla_policy_id: int | None
    sla_elapsed: timedelta
    sla_running_since: datetime | None
    sla_level: int
    sla_breached: bool
    next_escalation_at: datetime | None
    version: int
    agency: Agency | None = None


_COLUMNS = [field.name for field in fields(DueComplaint) if field.name != "agency"]


@dataclass
class SweepResult:
    examined: int = 0
    escalated: int = 0
    levels_fired: int = 0


def sweep(*, now: datetime | None = None, batch: int = 5000) -> SweepResult:
    """Fire the escalation levels that are due, a batch at a time. Finds them through the
    `next_escalation_at` index and claims them under row locks that skip rows another
    sweep holds, so two sweeps at once, or one after hours of downtime, fire each level
    exactly once; the time it takes grows with the due complaints, not with all."""
    now = now or timezone.now()
    result = SweepResult()
    while True:
        claimed, escalated, fired = escalate_batch(now=now, limit=batch)
        result.examined += claimed
        result.escalated += escalated
        result.levels_fired += fired
        if claimed < batch:
            return result


def escalate_batch(*, now: datetime, limit: int) -> tuple[int, int, int]:
    """In one transaction: lock up to `limit` complaints whose next escalation is due
    (through the partial index, skipping rows another sweep holds), fire their due levels
    once, and write their events and notices. Returns (claimed, escalated, levels fired)."""
    with transaction.atomic():
        tickets = [DueComplaint(*row) for row in
                   Ticket.objects.select_for_update(skip_locked=True, of=("self",))
                   .filter(next_escalation_at__lte=now).order_by("next_escalation_at")
                   .values_list(*_COLUMNS)[:limit]]
        if not tickets:
            return 0, 0, 0
        agencies = org_selectors.agencies_with_region_ids(
            {t.agency_id for t in tickets if t.agency_id})
        for ticket in tickets:
            if ticket.agency_id:
                ticket.agency = agencies.get(ticket.agency_id)
        events: list[dict[str, Any]] = []
        escalated: list[DueComplaint] = []
        agent_notices: dict[tuple[Any, tuple[int, ...]], list[DueComplaint]] = defaultdict(list)
        recipients = _Recipients(tickets)
        actor, notes = system_text(system_texts.SERVICE_LEVELS), dict[int, str]()
        for ticket in tickets:
            due, changes = sla_services.fire_plan(ticket, now=now)
            for name, value in changes.items():
                setattr(ticket, name, value)
            ticket.version += 1  # agents holding the old version get "changed by"
            if due:
                escalated.append(ticket)
            for level in due:
                events.append({
                    "ticket_id": ticket.pk, "kind": TicketEvent.Kind.ESCALATION, "at": now,
                    "actor_label": actor, "action": f"sla_{level.percent}",
                    "note": notes.setdefault(level.percent, system_text(
                        system_texts.RESOLUTION_TIME_USED, percent=level.percent))})
                who = recipients.of(ticket, level)
                if who:
                    agent_notices[(level, tuple(who))].append(ticket)
        _write_sla_fields(tickets)
        copy_insert(TicketEvent, events)
        copy_insert(OutboxMessage, [_notice(level, who, about)
                                    for (level, who), about in agent_notices.items()])
        if escalated:
            outbox.add_board_update_many(tickets=escalated, event="escalation")
        notices.tickets_changed([(t.pk, t.reference) for t in tickets], by=None,
                                action="escalation")
        outbox.deliver_soon()
        return len(tickets), len(escalated), len(events)


def _notice(level: Any, who: tuple[int, ...], tickets: list[DueComplaint]) -> dict[str, Any]:
    """One live notice to the same agents about the complaints that reached the same level
    in this batch."""
    event = f"sla_{level.percent}"
    return {"kind": OutboxMessage.Kind.AGENT, "ticket_id": tickets[0].pk, "event": event,
            "payload": {"event": event, "percent": level.percent, "breached": level.breach,
                        "references": [t.reference for t in tickets[:NOTICE_REFERENCES]],
                        "count": len(tickets), "groups": [f"agent.{pk}" for pk in who]}}


def _write_sla_fields(tickets: list[DueComplaint]) -> None:
    """One UPDATE for the whole batch (rows are locked by the caller)."""
    with connection.cursor() as cursor:
        cursor.execute(_UPDATE_SLA_FIELDS, [
            [t.pk for t in tickets], [t.sla_level for t in tickets],
            [t.next_escalation_at for t in tickets], [t.sla_breached for t in tickets],
            [t.priority for t in tickets], [t.version for t in tickets]])


class _Recipients:
    """Who hears of an escalation, looked up once per batch."""

    def __init__(self, tickets: list[DueComplaint]) -> None:
        agencies = {t.agency_id for t in tickets if t.agency_id}
        queues = {t.queue_id for t in tickets if t.queue_id}
        regions = {t.agency.region_id  # type: ignore[union-attr]  # loaded for each agency_id
                   for t in tickets if t.agency_id}
        self.by_agency: dict[int | None, set[int]] = defaultdict(set)
        self.by_queue: dict[int | None, set[int]] = defaultdict(set)
        self.by_region: dict[int, set[int]] = defaultdict(set)
        supervisors = org_selectors.agents_with_role(Agent.Role.SUPERVISOR)
        for pk, agency_id in supervisors.filter(agency_id__in=agencies).values_list(
                "pk", "agency_id"):
            self.by_agency[agency_id].add(pk)
        for pk, queue_id in supervisors.filter(queues__in=queues).values_list("pk", "queues"):
            self.by_queue[queue_id].add(pk)
        for pk, region_id in org_selectors.agents_with_role(
                Agent.Role.REGIONAL_MANAGER).filter(region_id__in=regions).values_list(
                "pk", "region_id"):
            self.by_region[region_id].add(pk)

    def of(self, ticket: DueComplaint, level: Any) -> list[int]:
        who: set[int] = set()
        if level.warn_assignee and ticket.assignee_id:
            who.add(ticket.assignee_id)
        if level.notify_supervisor:
            who |= self.by_agency.get(ticket.agency_id, set())
            who |= self.by_queue.get(ticket.queue_id, set())
        if level.notify_regional_manager and ticket.agency_id:
            who |= self.by_region.get(ticket.agency.region_id, set())  # type: ignore[union-attr]  # loaded
        return sorted(who)
