"""Firing escalation levels on a complaint (called by sla.services.sweep)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.db.models import F, Q
from django.utils.translation import gettext as _

from contactcenter.org.models import Agent
from tickets import outbox
from tickets.models import Ticket, TicketEvent


def due_ticket_ids(*, now: datetime, limit: int) -> list[int]:
    """Complaints with an escalation level due, oldest first, through the partial index."""
    return list(Ticket.objects.filter(next_escalation_at__lte=now)
                .order_by("next_escalation_at").values_list("pk", flat=True)[:limit])


def escalate(*, ticket_id: int, now: datetime,
             levels_for: Callable[..., tuple[list[Any], dict[str, Any]]]) -> int:
    """Claim one due complaint and fire its due levels once. Returns how many fired (0 when
    another sweep holds or already handled it). Runs in the caller's transaction."""
    ticket = (Ticket.objects.select_for_update(skip_locked=True, of=("self",))
              .select_related("sla_policy", "agency", "customer", "assignee__user")
              .filter(pk=ticket_id, next_escalation_at__lte=now).first())
    if ticket is None:
        return 0
    due, fields = levels_for(ticket, now=now)
    claimed = Ticket.objects.filter(
        pk=ticket.pk, sla_level=ticket.sla_level, sla_period=ticket.sla_period,
    ).update(**fields, version=F("version") + 1)
    if not claimed or not due:
        return 0
    for name, value in fields.items():
        setattr(ticket, name, value)
    for level in due:
        TicketEvent.objects.create(ticket=ticket, kind=TicketEvent.Kind.ESCALATION, at=now,
                                   actor_label=_("service levels"), action=f"sla_{level.percent}",
                                   note=_("%(percent)s %% of the resolution time used")
                                   % {"percent": level.percent})
        recipients = _recipients(ticket, level)
        if recipients:
            outbox.add_agent_notice(ticket=ticket, agent_ids=recipients,
                                    event=f"sla_{level.percent}",
                                    payload={"percent": level.percent,
                                             "breached": level.breach})
    outbox.add_board_update(ticket=ticket, event="escalation")
    return len(due)


def _recipients(ticket: Ticket, level: Any) -> list[int]:
    who = Q(pk__in=[])
    if level.warn_assignee and ticket.assignee_id:
        who |= Q(pk=ticket.assignee_id)
    if level.notify_supervisor:
        who |= Q(role=Agent.Role.SUPERVISOR) & (Q(agency_id=ticket.agency_id)
                                                | Q(queues=ticket.queue_id))
    if level.notify_regional_manager and ticket.agency_id:
        who |= Q(role=Agent.Role.REGIONAL_MANAGER, region_id=ticket.agency.region_id)
    return sorted(set(Agent.objects.filter(who).values_list("pk", flat=True)))
