from __future__ import annotations

from contactcenter.org.models import Agent

MERGE_ROLES = {Agent.Role.SUPERVISOR, Agent.Role.REGIONAL_MANAGER, Agent.Role.ADMINISTRATOR}
# Who creates records and keeps their contact details: the agents who open complaints (the
# same roles as tickets.permissions.INTAKE; tests/customers/test_create.py holds them equal).
RECORD_KEEPERS = {Agent.Role.FRONT_OFFICE, Agent.Role.CALL_CENTRE, Agent.Role.BACK_OFFICE,
                  Agent.Role.SUPERVISOR, Agent.Role.ADMINISTRATOR}


def can_merge(agent: Agent) -> bool:
    """Merging records is for supervisors, managers and administrators."""
    return agent.role in MERGE_ROLES


def can_keep_records(agent: Agent) -> bool:
    """Whether the agent may create a record and add, correct or retire its contact points
    (the auditor reads the access log only)."""
    return agent.role in RECORD_KEEPERS
