"""Firing due escalation levels, a batch of complaints at a time (called by
sla.services.sweep, which decides what is due)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.db import connection, transaction
from django.utils.translation import gettext as _

from contactcenter.bulk import copy_insert
from contactcenter.org.models import Agency, Agent
from tickets import outbox
from tickets.models import OutboxMessage, Ticket, TicketEvent

Plan = Callable[..., tuple[list[Any], dict[str, Any]]]
NOTICE_REFERENCES = 50  # listed in a notice; `count` says how many in all
# What the plan, the events, the notices and the board updates read (the policy comes from
# the per-process cache of sla.selectors).
_FIELDS = ("reference", "state", "priority", "agency_id", "queue_id", "assignee_id",
           "sla_policy_id", "sla_elapsed", "sla_running_since", "sla_level", "sla_breached",
           "next_escalation_at", "version")
_UPDATE_SLA_FIELDS = f"""
    UPDATE {Ticket._meta.db_table} AS t
    SET sla_level = v.sla_level, next_escalation_at = v.next_escalation_at,
        sla_breached = v.sla_breached, priority = v.priority, version = v.version
    FROM unnest(%s::bigint[], %s::integer[], %s::timestamptz[], %s::boolean[],
                %s::text[], %s::integer[])
         AS v(id, sla_level, next_escalation_at, sla_breached, priority, version)
    WHERE t.id = v.id
"""


def escalate_batch(*, now: datetime, limit: int, plan: Plan) -> tuple[int, int, int]:
    """In one transaction: lock up to `limit` complaints whose next escalation is due
    (through the partial index, skipping rows another sweep holds), fire their due levels
    once, and write their events and notices. Returns (claimed, escalated, levels fired)."""
    with transaction.atomic():
        tickets = list(
            Ticket.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(next_escalation_at__lte=now).order_by("next_escalation_at")
            .only(*_FIELDS)[:limit])
        if not tickets:
            return 0, 0, 0
        agencies = Agency.objects.only("region_id").in_bulk({t.agency_id for t in tickets})
        for ticket in tickets:
            ticket.agency = agencies.get(ticket.agency_id)
        events, changed, fired = [], [], 0
        notices: dict[tuple[Any, tuple[int, ...]], list[Ticket]] = defaultdict(list)
        recipients = _Recipients(tickets)
        for ticket in tickets:
            due, fields = plan(ticket, now=now)
            for name, value in fields.items():
                setattr(ticket, name, value)
            ticket.version += 1  # agents holding the old version get "changed by"
            changed.append(ticket)
            for level in due:
                fired += 1
                events.append(TicketEvent(
                    ticket=ticket, kind=TicketEvent.Kind.ESCALATION, at=now,
                    actor_label=_("service levels"), action=f"sla_{level.percent}",
                    note=_("%(percent)s %% of the resolution time used")
                    % {"percent": level.percent}))
                who = recipients.of(ticket, level)
                if who:
                    notices[(level, tuple(who))].append(ticket)
        _write_sla_fields(changed)
        copy_insert(events)
        copy_insert([_notice(level, who, about) for (level, who), about in notices.items()])
        escalated_ids = {event.ticket.pk for event in events}
        escalated = [t for t in changed if t.pk in escalated_ids]
        if escalated:
            outbox.add_board_update_many(tickets=escalated, event="escalation")
        outbox.deliver_soon()
        return len(tickets), len(escalated), fired


def _notice(level: Any, who: tuple[int, ...], tickets: list[Ticket]) -> OutboxMessage:
    """One live notice to the same agents about the complaints that reached the same level
    in this batch."""
    event = f"sla_{level.percent}"
    return OutboxMessage(
        kind=OutboxMessage.Kind.AGENT, ticket=tickets[0], event=event,
        payload={"event": event, "percent": level.percent, "breached": level.breach,
                 "references": [t.reference for t in tickets[:NOTICE_REFERENCES]],
                 "count": len(tickets), "groups": [f"agent.{pk}" for pk in who]})


def _write_sla_fields(tickets: list[Ticket]) -> None:
    """One UPDATE for the whole batch (rows are locked by the caller)."""
    with connection.cursor() as cursor:
        cursor.execute(_UPDATE_SLA_FIELDS, [
            [t.pk for t in tickets], [t.sla_level for t in tickets],
            [t.next_escalation_at for t in tickets], [t.sla_breached for t in tickets],
            [t.priority for t in tickets], [t.version for t in tickets]])


class _Recipients:
    """Who hears of an escalation, looked up once per batch."""

    def __init__(self, tickets: list[Ticket]) -> None:
        agencies = {t.agency_id for t in tickets if t.agency_id}
        queues = {t.queue_id for t in tickets if t.queue_id}
        regions = {t.agency.region_id for t in tickets if t.agency_id}
        self.by_agency: dict[int, set[int]] = defaultdict(set)
        self.by_queue: dict[int, set[int]] = defaultdict(set)
        self.by_region: dict[int, set[int]] = defaultdict(set)
        supervisors = Agent.objects.filter(role=Agent.Role.SUPERVISOR)
        for pk, agency_id in supervisors.filter(agency_id__in=agencies).values_list(
                "pk", "agency_id"):
            self.by_agency[agency_id].add(pk)
        for pk, queue_id in supervisors.filter(queues__in=queues).values_list("pk", "queues"):
            self.by_queue[queue_id].add(pk)
        for pk, region_id in Agent.objects.filter(
                role=Agent.Role.REGIONAL_MANAGER, region_id__in=regions).values_list(
                "pk", "region_id"):
            self.by_region[region_id].add(pk)

    def of(self, ticket: Ticket, level: Any) -> list[int]:
        who: set[int] = set()
        if level.warn_assignee and ticket.assignee_id:
            who.add(ticket.assignee_id)
        if level.notify_supervisor:
            who |= self.by_agency.get(ticket.agency_id, set())
            who |= self.by_queue.get(ticket.queue_id, set())
        if level.notify_regional_manager and ticket.agency_id:
            who |= self.by_region.get(ticket.agency.region_id, set())
        return sorted(who)
