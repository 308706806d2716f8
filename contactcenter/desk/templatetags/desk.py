"""Desk helpers for other apps' pages."""

from __future__ import annotations

from django import template

from contactcenter.org.models import Agent
from tickets import permissions

register = template.Library()


@register.filter
def may_open_complaints(agent: Agent | None) -> bool:
    """Whether this agent's role lets them open a complaint (no query)."""
    return agent is not None and permissions.can(agent, "open", None)
