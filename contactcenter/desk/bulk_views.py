"""Bulk actions on the queue for supervisors: assign the chosen complaints to an agent, or
change their priority. Each complaint goes through its one service in its own
transaction: one refused (not visible, not allowed, a rule, changed meanwhile) leaves the
others done, and the answer lists each refused one with its reason."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.html import format_html, format_html_join
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from contactcenter.desk import selectors
from contactcenter.org.decorators import AgentRequest, agent_required
from contactcenter.org.models import Agent
from tickets import permissions, services
from tickets.exceptions import ConcurrentEdit, RuleViolation
from tickets.models import Ticket
from tickets.selectors import get_ticket_for_agent

# At most a page of the queue at a time (its largest size).
MAX_TICKETS = 100
ASSIGN = "assign"
PRIORITY = "priority"


def may_bulk_assign(agent: Agent) -> bool:
    """Who gets the checkboxes: the roles that may assign (no query)."""
    return permissions.can(agent, "assign", None)


def bulk_context(agent: Agent, queue_ids: list[int]) -> dict[str, Any]:
    """What the bulk form offers: the agents to assign to, the priorities."""
    return {"agents": selectors.bulk_assignees(agent, queue_ids=queue_ids),
            "priorities": Ticket.Priority.choices, "max": MAX_TICKETS}


class BulkForm(forms.Form):
    action = forms.ChoiceField(choices=[(ASSIGN, ASSIGN), (PRIORITY, PRIORITY)])
    ticket = forms.CharField(required=False)  # several, read with getlist below
    agent = forms.IntegerField(required=False, min_value=1)
    priority = forms.ChoiceField(choices=Ticket.Priority.choices, required=False)

    def __init__(self, data: Any, *, by: Agent) -> None:
        super().__init__(data)
        self.by = by
        self.references = list(dict.fromkeys(
            value.strip() for value in data.getlist("ticket") if value.strip()))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.references:
            raise ValidationError(_("Choose at least one complaint."))
        if len(self.references) > MAX_TICKETS:
            raise ValidationError(_("Choose at most %(count)d complaints at a time.")
                                  % {"count": MAX_TICKETS})
        if data.get("action") == ASSIGN:
            chosen = data.get("agent")
            found = {agent.pk: agent for agent in selectors.bulk_assignees(
                self.by, queue_ids=selectors.queue_ids_for(self.by))}
            if chosen not in found:
                raise ValidationError(_("Choose an agent to assign them to."))
            data["agent"] = found[chosen]
        if data.get("action") == PRIORITY and not data.get("priority"):
            raise ValidationError(_("Choose a priority."))
        return data


@dataclass(frozen=True)
class Refused:
    reference: str
    reason: str


def _apply(agent: Agent, reference: str, data: dict[str, Any]) -> Refused | None:
    """One complaint through its service (its own transaction); the reason if refused."""
    try:
        ticket = get_ticket_for_agent(agent=agent, reference=reference)
        if data["action"] == ASSIGN:
            services.assign_ticket(ticket=ticket, by=agent, agent=data["agent"])
        else:
            services.change_priority(ticket=ticket, by=agent, priority=data["priority"])
    except Http404:
        return Refused(reference, _("No such complaint in your scope."))
    except PermissionDenied as exc:
        return Refused(reference, str(exc) or _("Your role does not allow this action on "
                                                "this complaint."))
    except (RuleViolation, ConcurrentEdit) as exc:
        return Refused(reference, str(exc))
    except ValidationError as exc:
        return Refused(reference, " ".join(exc.messages))
    return None


def _back(request: AgentRequest) -> HttpResponse:
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        return redirect("desk:queue")
    return redirect(target)


def _done(action: str, count: int) -> str:
    if action == ASSIGN:
        return ngettext("%(count)d complaint assigned.", "%(count)d complaints assigned.",
                        count) % {"count": count}
    return ngettext("Priority changed on %(count)d complaint.",
                    "Priority changed on %(count)d complaints.", count) % {"count": count}


@require_POST
@agent_required
def bulk(request: AgentRequest) -> HttpResponse:
    """Apply one action to the chosen complaints, then back to the queue with the result:
    how many were done, each refused one with its reason."""
    agent = request.agent
    if not may_bulk_assign(agent):
        raise PermissionDenied(_("Your role does not allow bulk actions."))
    form = BulkForm(request.POST, by=agent)
    if not form.is_valid():
        for error in form.non_field_errors() or [_("Choose an action.")]:
            messages.error(request, str(error))
        return _back(request)
    data = form.cleaned_data
    refused = [result for reference in form.references
               if (result := _apply(agent, reference, data)) is not None]
    done = len(form.references) - len(refused)
    if done:
        messages.success(request, _done(data["action"], done))
    if refused:
        messages.error(request, format_html(
            "{}<ul class=\"bulk-refused\">{}</ul>",
            ngettext("%(count)d complaint refused:", "%(count)d complaints refused:",
                     len(refused)) % {"count": len(refused)},
            format_html_join("", "<li><span dir=\"ltr\">{}</span>: {}</li>",
                             ((item.reference, item.reason) for item in refused))))
    return _back(request)
