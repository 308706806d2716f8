from __future__ import annotations

from contactcenter.org.models import Agent

MERGE_ROLES = {Agent.Role.SUPERVISOR, Agent.Role.REGIONAL_MANAGER, Agent.Role.ADMINISTRATOR}


def can_merge(agent: Agent) -> bool:
    """Merging records is for supervisors, managers and administrators."""
    return agent.role in MERGE_ROLES
