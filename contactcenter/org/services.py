"""Changes to the organisation's records made by other apps."""

from __future__ import annotations

from datetime import datetime

from contactcenter.org.models import Agent


def mark_assigned(*, agent: Agent, at: datetime) -> None:
    """Remember when the agent last got a complaint (the round robin's turn)."""
    Agent.objects.filter(pk=agent.pk).update(last_assigned_at=at)
    agent.last_assigned_at = at
