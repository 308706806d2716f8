"""Who may do what to a complaint. Scope (may they see it at all) is checked by selectors."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from contactcenter.org import selectors as org_selectors
from contactcenter.org.models import Agent
from tickets.models import Ticket

Role = Agent.Role
MANAGERS = {Role.SUPERVISOR, Role.ADMINISTRATOR}
INTAKE = {Role.FRONT_OFFICE, Role.CALL_CENTRE, Role.BACK_OFFICE, Role.SUPERVISOR,
          Role.ADMINISTRATOR}


def _is_assignee(agent: Agent, ticket: Ticket) -> bool:
    return ticket.assignee_id is not None and ticket.assignee_id == agent.pk


def _in_queue(agent: Agent, ticket: Ticket) -> bool:
    return ticket.queue_id is not None and org_selectors.is_member_of(agent, ticket.queue_id)


def _handles(agent: Agent, ticket: Ticket) -> bool:
    """The assignee, or a supervisor or administrator."""
    return agent.role in MANAGERS or _is_assignee(agent, ticket)


def _answers_referral(agent: Agent, ticket: Ticket) -> bool:
    if agent.role == Role.ADMINISTRATOR:
        return True
    return (agent.role in {Role.BACK_OFFICE, Role.SUPERVISOR}
            and agent.direction_id is not None and agent.direction_id == ticket.referred_to_id)


RULES = {
    "open": lambda agent, ticket: agent.role in INTAKE,
    "triage": lambda agent, ticket: agent.role in INTAKE,
    "assign": lambda agent, ticket: agent.role in MANAGERS,
    "take": lambda agent, ticket: _in_queue(agent, ticket) or agent.role in MANAGERS,
    "reassign": lambda agent, ticket: agent.role in MANAGERS,
    "start": _handles,
    "ask_customer": _handles,
    "receive_customer_reply": lambda agent, ticket: (_handles(agent, ticket)
                                                     or agent.role in INTAKE),
    "refer": _handles,
    "receive_referral_answer": _answers_referral,
    "resolve": _handles,
    "close": _handles,
    "reopen": lambda agent, ticket: agent.role in INTAKE,
    "cancel": _handles,
    "merge_into": _handles,
    "reply": lambda agent, ticket: agent.role in INTAKE,
    "note": lambda agent, ticket: True,
    "link": lambda agent, ticket: agent.role in INTAKE,
    "attach": lambda agent, ticket: agent.role in INTAKE,
}


def can(agent: Agent | None, action: str, ticket: Ticket | None) -> bool:
    """Whether this agent may take this action on a complaint they can see. None is the
    system (timers, the customer through SMS or the status page) and may do anything."""
    if agent is None:
        return True
    return RULES[action](agent, ticket)


def require(agent: Agent | None, action: str, ticket: Ticket | None) -> None:
    if not can(agent, action, ticket):
        raise PermissionDenied(_("Your role does not allow this action on this complaint."))



def available_transitions(agent: Agent, ticket: Ticket) -> list[str]:
    """Names of the transitions this agent may make now: the buttons to show."""
    return [t.name for t in ticket.get_available_state_transitions()
            if t.name in RULES and can(agent, t.name, ticket)]


# Who exports complaint lists (contactcenter.reports): supervisors and managers, each within
# their scope.
EXPORTERS = {Role.SUPERVISOR, Role.REGIONAL_MANAGER, Role.ADMINISTRATOR}


def may_export_complaints(agent: Agent | None) -> bool:
    return agent is not None and agent.role in EXPORTERS
