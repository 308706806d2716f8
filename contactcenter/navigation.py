"""What every page shows around its content: who is signed in, where they may go."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from contactcenter.board.selectors import may_see_board
from contactcenter.counter.complaint_services import may_record
from contactcenter.counter.services import may_work_line
from contactcenter.desk.chat_views import may_chat
from contactcenter.org.models import Agent
from contactcenter.org.selectors import request_agent
from tickets.permissions import may_export_complaints

# Each language is offered in its own name, whatever the current language.
LANGUAGE_NAMES = {"fr": "Français", "ar": "العربية"}
# Who sees the callback requests in the menu (by role: no query on every page).
CALLBACK_ROLES = frozenset({Agent.Role.CALL_CENTRE, Agent.Role.ADMINISTRATOR})


@dataclass(frozen=True)
class NavItem:
    url: str
    label: str
    active: bool


def unit_of(agent: Agent) -> str:
    """The agency, headquarters direction or regional direction the agent works for."""
    unit = agent.agency or agent.direction or agent.region
    return unit.name if unit else ""


def _nav_items(request: HttpRequest, agent: Agent | None) -> list[NavItem]:
    match = getattr(request, "resolver_match", None)
    namespace = match.namespace if match else ""
    url_name = match.url_name if match else ""
    chatting = namespace == "desk" and (url_name or "").startswith("chat")
    items = []
    if agent is not None:
        items.append(NavItem(reverse("customers:search"), str(_("Customers")),
                             namespace == "customers"))
        items.append(NavItem(reverse("desk:queue"), str(_("Complaints")),
                             namespace == "desk" and not chatting))
    if may_chat(agent):
        items.append(NavItem(reverse("desk:chat"), str(_("Web chat")), chatting))
    if may_work_line(agent):
        items.append(NavItem(reverse("counter:calling"), str(_("Visitor line")),
                             namespace == "counter"
                             and (url_name or "").startswith(("calling", "call_"))))
    if agent is not None and may_record(agent):
        items.append(NavItem(reverse("counter:complaint"), str(_("Record a complaint")),
                             namespace == "counter" and url_name == "complaint"))
    if agent is not None and agent.role in CALLBACK_ROLES:
        items.append(NavItem(reverse("desk:callbacks"), str(_("Callback requests")),
                             match is not None and match.url_name == "callbacks"))
    if may_see_board(agent):
        items.append(NavItem(reverse("sla:board"), str(_("SLA board")), namespace == "sla"))
    if may_export_complaints(agent):
        items.append(NavItem(reverse("reports:dashboard"), str(_("Reports")),
                             namespace == "reports"))
    if agent is not None and settings.SMS_GATEWAY != "twilio":
        items.append(NavItem(reverse("telephony:simulator"), str(_("Phone simulator")),
                             namespace == "telephony"))
    user = getattr(request, "user", None)
    if user is not None and user.is_active and user.is_staff:
        items.append(NavItem(reverse("admin:index"), str(_("Administration")),
                             namespace == "admin"))
    return items


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The signed-in agent (with role and unit), the links they may follow, the languages."""
    agent = request_agent(request)
    return {
        "current_agent": agent,
        "current_unit": unit_of(agent) if agent else "",
        "nav_items": _nav_items(request, agent),
        "language_names": LANGUAGE_NAMES,
    }
