"""Deadlines of complaints, kept on the complaint by the workflow's transitions, and what
the escalation sweep (tickets.escalation) fires.

The clock knows no complaint model: it reads and writes the fields named by `OnTheClock`
and `Clocked` on whatever carries them (tickets.Ticket, the sweep's DueComplaint).

The resolution clock runs in business time on the owning agency's calendar. It pauses
while the complaint waits for the customer, stops when it is resolved, cancelled or
merged, and (by policy) restarts when it is reopened. Each change stores `sla_elapsed`
(business time used before `sla_running_since`), the deadlines, and `next_escalation_at`,
the moment the next escalation level is due, which the sweep finds through an index.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from django.conf import settings

from contactcenter.customers.models import Customer
from contactcenter.org.models import Agency
from sla import selectors
from sla.calendar import ZERO, BusinessCalendar
from sla.models import EscalationLevel, SlaPolicy


class OnTheClock(Protocol):
    """What the sweep's plan reads of a complaint."""

    agency: Agency | None
    queue_id: int | None
    priority: str
    sla_policy_id: int | None
    sla_elapsed: timedelta
    sla_running_since: datetime | None
    sla_level: int


class Clocked(OnTheClock, Protocol):
    """What the workflow's clock reads and writes on a complaint."""

    customer: Customer
    channel: str
    category_id: int | None
    state: str
    created_at: datetime
    sla_policy: SlaPolicy | None
    sla_period: int
    sla_breached: bool
    first_responded_at: datetime | None
    first_response_due: datetime | None
    resolution_due: datetime | None
    next_escalation_at: datetime | None
    _sla_policy_key: tuple[int | None, str, str, str]  # the policy's inputs, once chosen

RUNNING_STATES = {"new", "triaged", "assigned", "in_progress", "referred"}
PAUSED_STATES = {"waiting"}
_FUND_ZONE = ZoneInfo(settings.TIME_ZONE)
PRIORITY_UP = {"low": "normal", "normal": "high", "high": "urgent", "urgent": "urgent"}


def calendar_of(ticket: OnTheClock, *, now: datetime) -> BusinessCalendar:
    """The call centre's calendar for a complaint in one of its queues, else the owning
    agency's."""
    agency = ticket.agency
    return selectors.business_calendar(
        agency_id=agency.pk if agency else None, region_id=agency.region_id if agency else None,
        today=now.astimezone(_FUND_ZONE).date(),
        call_centre=ticket.queue_id in selectors.call_centre_queue_ids())


def segment_of(ticket: Clocked) -> str:
    customer = ticket.customer
    if customer.kind == "employer":
        return SlaPolicy.Segment.EMPLOYER
    if "pensioner" in customer.roles:
        return SlaPolicy.Segment.PENSIONER
    return SlaPolicy.Segment.INSURED


def _levels(policy: SlaPolicy | None) -> list[EscalationLevel]:
    return list(policy.levels.all()) if policy else []


def elapsed_at(ticket: OnTheClock, calendar: BusinessCalendar, now: datetime) -> timedelta:
    """Business time used by the resolution clock up to `now`."""
    if ticket.sla_running_since is None:
        return ticket.sla_elapsed
    return ticket.sla_elapsed + calendar.between(ticket.sla_running_since, now)


def _due(calendar: BusinessCalendar, now: datetime, used: timedelta,
         target: timedelta) -> datetime:
    """When `target` of business time is reached, `used` being spent at `now`."""
    if target >= used:
        return calendar.add(now, target - used)
    return calendar.subtract(now, used - target)


def _plan(ticket: Clocked, *, now: datetime) -> None:
    """Recompute the policy, deadlines and next escalation from the clock's state."""
    key = (ticket.category_id, ticket.priority, ticket.channel, segment_of(ticket))
    if getattr(ticket, "_sla_policy_key", None) != key:  # several steps in one transaction
        ticket.sla_policy = selectors.policy_for(
            category_id=key[0], priority=key[1], channel=key[2], segment=key[3])
        ticket._sla_policy_key = key
    policy = ticket.sla_policy
    if policy is None:
        ticket.resolution_due = ticket.first_response_due = ticket.next_escalation_at = None
        return
    calendar = calendar_of(ticket, now=now)
    used = elapsed_at(ticket, calendar, now)
    if ticket.first_responded_at is None and ticket.first_response_due is None:
        ticket.first_response_due = calendar.add(ticket.created_at, policy.first_response)
    if ticket.sla_running_since is None:  # paused or stopped: no deadline runs
        ticket.resolution_due = None if ticket.state in PAUSED_STATES else ticket.resolution_due
        ticket.next_escalation_at = None
        return
    ticket.resolution_due = _due(calendar, now, used, policy.resolution)
    pending = _levels(policy)[ticket.sla_level:]
    ticket.next_escalation_at = (
        _due(calendar, now, used, policy.resolution * pending[0].percent / 100)
        if pending else None)


def start(ticket: Clocked, *, now: datetime) -> None:
    """Start the clocks of a new complaint (fields only; the caller saves)."""
    ticket.sla_elapsed, ticket.sla_running_since = ZERO, now
    ticket.sla_level, ticket.sla_period, ticket.sla_breached = 0, 0, False
    _plan(ticket, now=now)


def on_transition(ticket: Clocked, *, old_state: str, action: str, now: datetime) -> None:
    """Pause, resume, stop or restart the clock after a transition, and recompute the
    deadlines (the category or priority may have changed). Fields only."""
    calendar = calendar_of(ticket, now=now)
    if ticket.sla_running_since is not None:  # bank the time used so far
        ticket.sla_elapsed = elapsed_at(ticket, calendar, now)
        ticket.sla_running_since = None
    if ticket.first_responded_at is None and action in {"start", "ask_customer", "resolve"}:
        ticket.first_responded_at = now
    if action == "reopen" and (ticket.sla_policy is None
                               or ticket.sla_policy.reopen_restarts_clock):
        ticket.sla_elapsed, ticket.sla_level, ticket.sla_breached = ZERO, 0, False
        ticket.sla_period += 1
    if ticket.state in RUNNING_STATES or action == "reopen":
        ticket.sla_running_since = now
    _plan(ticket, now=now)


def on_first_response(ticket: Clocked, *, now: datetime) -> None:
    if ticket.first_responded_at is None:
        ticket.first_responded_at = now


# --- Escalation: what is due (tickets.escalation fires it) ---------------------------------

def fire_plan(ticket: OnTheClock, *, now: datetime) -> tuple[list[EscalationLevel], dict[str, Any]]:
    """The levels due now for a complaint's SLA fields, and the new fields after firing
    them (for tickets.escalation's sweep)."""
    policy = selectors.policy_by_id(ticket.sla_policy_id)
    levels = _levels(policy)
    if policy is None or ticket.sla_running_since is None:
        return [], {"next_escalation_at": None}
    calendar = calendar_of(ticket, now=now)
    used = elapsed_at(ticket, calendar, now)
    due = [level for level in levels[ticket.sla_level:]
           if policy.resolution * level.percent / 100 <= used]
    new_level = ticket.sla_level + len(due)
    pending = levels[new_level:]
    fields: dict[str, Any] = {
        "sla_level": new_level,
        "next_escalation_at": (_due(calendar, now, used,
                                    policy.resolution * pending[0].percent / 100)
                               if pending else None),
    }
    if any(level.breach for level in due):
        fields["sla_breached"] = True
    if any(level.raise_priority for level in due):
        fields["priority"] = PRIORITY_UP[ticket.priority]
    return due, fields

