"""Reads of the exports: the complaints' rows, one flat tuple each, read in one query over a
server-side cursor (no per-row query, constant memory however many rows)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet

from contactcenter.org.models import Agent
from tickets.models import Ticket
from tickets.selectors import tickets_for_agent

# Rows fetched from PostgreSQL at a time.
CHUNK_SIZE = 2000

# The columns read, in the order of contactcenter.reports.columns.COLUMNS. No customer data.
FIELDS = ("reference", "created_at", "channel", "category__label_fr", "category__label_ar",
          "category__audience", "agency__name_fr", "agency__name_ar",
          "agency__region__name_fr", "agency__region__name_ar", "queue__name_fr",
          "queue__name_ar", "state", "priority", "assignee__user__first_name",
          "assignee__user__last_name",
          "first_response_due", "first_responded_at", "resolution_due", "resolved_at",
          "outcome", "sla_breached", "sla_elapsed")


def exportable_tickets(agent: Agent) -> QuerySet[Ticket]:
    """What the agent may export: every complaint they may see (the desk's "All I may
    see"), to be narrowed by the desk's filters."""
    return tickets_for_agent(agent)


def export_rows(tickets: QuerySet[Ticket]) -> Iterator[tuple[Any, ...]]:
    """The rows of these complaints, newest first, streamed from a server-side cursor."""
    return (tickets.order_by("-created_at", "-pk").values_list(*FIELDS)
            .iterator(chunk_size=CHUNK_SIZE))
