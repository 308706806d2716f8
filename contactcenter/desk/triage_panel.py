"""The complaint page's triage suggestion (knowledge.triage): shown on an open complaint
without a category, with the buttons this agent may press. Each button posts the page's
existing action (triage, or merge) with the suggested values: nothing is applied before
the agent's click."""

from __future__ import annotations

from dataclasses import dataclass

from contactcenter.org.models import Agent
from knowledge import triage
from tickets import permissions
from tickets.models import Ticket


@dataclass(frozen=True)
class DuplicateRow:
    found: triage.PossibleDuplicate
    may_merge: bool


@dataclass(frozen=True)
class TriagePanel:
    categories: list[triage.CategoryGuess]
    duplicates: list[DuplicateRow]
    may_triage: bool


def panel(agent: Agent, ticket: Ticket, *, may_triage: bool) -> TriagePanel | None:
    """The suggestion for this complaint; None when there is none to show. `may_triage`:
    the triage action is among those the page offers this agent now."""
    suggestion = triage.suggestion_for(ticket)
    if suggestion is None:
        return None
    rows = [DuplicateRow(found=found, may_merge=(
        permissions.can(agent, "merge_into", found.duplicate)
        and permissions.can(agent, "merge_into", found.survivor)))
        for found in suggestion.duplicates]
    return TriagePanel(categories=suggestion.categories, duplicates=rows,
                       may_triage=may_triage)
