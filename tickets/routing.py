"""Where a new complaint goes, and to whom."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Count, F, OuterRef, Subquery
from django.db.models.functions import Coalesce

from contactcenter.org.models import Agency, Agent, Queue
from tickets.models import OPEN_STATES, Category, Ticket


def queue_for(*, category: Category | None, agency: Agency | None) -> Queue | None:
    """The category's default queue (a headquarters direction), else the front office of
    the customer's agency."""
    if category is not None and category.default_queue_id:
        return category.default_queue
    if agency is not None:
        return agency.queues.order_by("pk").first()
    return None


def next_assignee(queue: Queue) -> Agent | None:
    """Round robin over the queue's available agents (the one assigned longest ago first),
    skipping those at their cap of open complaints.
    Call with the queue row locked (select_for_update) so two openings do not race."""
    cap = settings.TICKET_ASSIGNMENT_CAP
    # A correlated count of open complaints only (the partial index ticket_assignee_open),
    # not a join with every complaint the agent ever had.
    open_count = (Ticket.objects.filter(assignee=OuterRef("pk"), state__in=OPEN_STATES)
                  .order_by().values("assignee").annotate(count=Count("pk")).values("count"))
    candidates = (
        Agent.objects.filter(queues=queue, is_available=True,
                             role__in=[Agent.Role.FRONT_OFFICE, Agent.Role.CALL_CENTRE,
                                       Agent.Role.BACK_OFFICE])
        .alias(open_count=Coalesce(Subquery(open_count), 0))
        .filter(open_count__lt=cap)
        .order_by(F("last_assigned_at").asc(nulls_first=True), "pk")
    )
    return candidates.first()

