"""Telling the pages that show a complaint that it changed, whatever changed it.

Every service of this app that records an event on a complaint (a transition, a reply, a
note, an assignment, a customer's SMS, a satisfaction score, an escalation by the sweep, a
merge) calls `ticket_changed` in its transaction; after commit, the notice goes to the
group `ticket.<id>` (contactcenter.live), from the publisher thread. The desk's page then
shows "changed by …" and offers to reload. Nothing is sent if the transaction rolls back.

The agent who holds a complaint is also told, on every page of theirs (group `agent.<id>`,
an "agent.notice"), when it is given to them (`assigned`) and when its customer answers
(`customer_answered`), unless they did it themselves.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from contactcenter import live
from contactcenter.org.models import Agent
from contactcenter.org.selectors import short_name
from tickets.models import Ticket


def ticket_changed(ticket_id: int, reference: str, *, by: Agent | None, action: str) -> None:
    """After commit, tell the pages showing this complaint."""
    tickets_changed([(ticket_id, reference)], by=by, action=action)


def tickets_changed(tickets: Iterable[tuple[int, str]], *, by: Agent | None,
                    action: str) -> None:
    """After commit, tell the pages showing each (id, reference): one publication for all."""
    notice = {"type": "ticket.changed", "by": short_name(by) if by else "",
              "by_agent": by.pk if by else None, "action": action}
    messages = [(live.ticket_group(pk), {**notice, "ticket": pk, "reference": reference})
                for pk, reference in tickets]
    if messages:
        transaction.on_commit(lambda: live.send_in_background(
            [(group, {**message, "at": timezone.now().isoformat()})
             for group, message in messages]))


def assigned(ticket: Ticket, *, by: Agent | None) -> None:
    """After commit, tell the complaint's new holder that it is theirs (not when they took
    it themselves)."""
    _tell_assignee(ticket, by=by, event="assigned")


def customer_answered(ticket: Ticket, *, by: Agent | None, resumed: bool) -> None:
    """After commit, tell the complaint's holder that its customer answered, and whether
    that put it back in progress (not when they recorded the answer themselves)."""
    _tell_assignee(ticket, by=by, event="customer_answered" if resumed else "customer_message")


def _tell_assignee(ticket: Ticket, *, by: Agent | None, event: str) -> None:
    holder = ticket.assignee_id
    if holder is None or (by is not None and by.pk == holder):
        return
    payload: dict[str, Any] = {
        "event": event, "ticket": ticket.pk, "reference": ticket.reference,
        "state": ticket.state, "by": short_name(by) if by else "",
        "by_agent": by.pk if by else None,
        "url": reverse("desk:ticket", args=[ticket.reference])}
    groups = [f"agent.{holder}"]
    transaction.on_commit(lambda: live.agent_notice_in_background(
        groups=groups, payload={**payload, "at": timezone.now().isoformat()}))
