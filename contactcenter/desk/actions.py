"""What an agent can do on a complaint from the desk: each action's form and the one
service it calls. Which actions a page offers comes from tickets.permissions, never from
a copy of the state graph."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from contactcenter.desk import forms
from contactcenter.org.models import Agent
from tickets import permissions, services
from tickets.models import State, Ticket

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

Perform = Callable[[Ticket, Agent, dict[str, Any]], Any]


@dataclass(frozen=True)
class Action:
    name: str
    label: StrPromise
    form_class: type[forms.ActionForm]
    perform: Perform
    done: StrPromise
    style: str = "quiet"  # primary, quiet or danger: how the button looks

    @property
    def destructive(self) -> bool:
        """Set apart at the end of the actions, in the danger style."""
        return self.name in DESTRUCTIVE

    @property
    def needs_confirmation(self) -> bool:
        """Its form has the required "I confirm" box (and the page a confirm dialog)."""
        return "confirm" in self.form_class.base_fields


ACTIONS: dict[str, Action] = {action.name: action for action in [
    Action("triage", _("Triage"), forms.TriageForm,
           lambda t, by, d: services.triage_ticket(ticket=t, by=by, category=d["category"],
                                                   queue=d["queue"]),
           _("Complaint triaged."), style="primary"),
    Action("assign", _("Assign"), forms.AssignForm,
           lambda t, by, d: services.assign_ticket(ticket=t, by=by, agent=d["agent"]),
           _("Complaint assigned.")),
    Action("start", _("Start working on it"), forms.ConfirmForm,
           lambda t, by, d: services.start_ticket(ticket=t, by=by),
           _("Work started."), style="primary"),
    Action("ask_customer", _("Ask the customer"), forms.AskCustomerForm,
           lambda t, by, d: services.ask_customer(ticket=t, by=by, request=d["request"]),
           _("The customer was asked; the complaint waits for their answer.")),
    Action("receive_customer_reply", _("Record the customer's answer"),
           forms.CustomerReplyForm,
           lambda t, by, d: services.record_customer_reply(ticket=t, by=by, text=d["text"]),
           _("The customer's answer was recorded."), style="primary"),
    Action("refer", _("Refer to headquarters"), forms.ReferForm,
           lambda t, by, d: services.refer_ticket(ticket=t, by=by, direction=d["direction"],
                                                  note=d["note"]),
           _("Complaint referred to headquarters.")),
    Action("receive_referral_answer", _("Answer the referral"), forms.ReferralAnswerForm,
           lambda t, by, d: services.answer_referral(ticket=t, by=by, answer=d["answer"]),
           _("Answer recorded; the complaint is back with its handler."), style="primary"),
    Action("resolve", _("Resolve"), forms.ResolveForm,
           lambda t, by, d: services.resolve_ticket(ticket=t, by=by, outcome=d["outcome"],
                                                    explanation=d["explanation"],
                                                    rule=d["rule"]),
           _("Complaint resolved; the customer is informed."), style="primary"),
    Action("close", _("Close"), forms.CloseForm,
           lambda t, by, d: services.close_ticket(ticket=t, by=by),
           _("Complaint closed.")),
    Action("reopen", _("Reopen"), forms.ReasonForm,
           lambda t, by, d: services.reopen_ticket(ticket=t, by=by, reason=d["reason"]),
           _("Complaint reopened.")),
    Action("cancel", _("Cancel the complaint"), forms.CancelForm,
           lambda t, by, d: services.cancel_ticket(ticket=t, by=by, reason=d["reason"]),
           _("Complaint cancelled."), style="danger"),
    Action("merge_into", _("Merge into another complaint"), forms.MergeForm,
           lambda t, by, d: services.merge_tickets(duplicate=t, survivor=d["survivor"], by=by),
           _("Complaint merged."), style="danger"),
    Action("reply", pgettext_lazy("button", "Reply to the customer"), forms.MessageForm,
           lambda t, by, d: services.reply_to_customer(ticket=t, by=by, text=d["text"]),
           _("Reply sent to the customer.")),
    Action("note", _("Add an internal note"), forms.NoteForm,
           lambda t, by, d: services.add_note(ticket=t, by=by, text=d["text"]),
           _("Note added.")),
]}

# Shown in the page's own places rather than among the buttons.
COMPOSERS = ("reply", "note")
# Set apart at the end, after a separation, styled as danger.
DESTRUCTIVE = ("cancel", "merge_into")
# The work a complaint in each state waits for, first among the buttons: the first of
# these the agent may do is the main action, the only one styled as primary.
MAIN_ACTIONS: dict[str, tuple[str, ...]] = {
    State.NEW: ("triage",),
    State.TRIAGED: ("assign", "start"),
    State.ASSIGNED: ("start", "assign"),
    State.IN_PROGRESS: ("resolve",),
    State.WAITING: ("receive_customer_reply",),
    State.REFERRED: ("receive_referral_answer",),
    State.RESOLVED: ("close",),
    State.CLOSED: ("reopen",),
}
_ASSIGNABLE = (State.TRIAGED, State.ASSIGNED)


def assign_mode(agent: Agent, ticket: Ticket) -> str:
    """"choose" (a supervisor picks the agent), "take" (a queue member takes it) or ""."""
    if not ticket.is_open or ticket.state == State.NEW:
        return ""
    permission = "assign" if ticket.state in _ASSIGNABLE else "reassign"
    if permissions.can(agent, permission, ticket):
        return "choose"
    if (ticket.state in _ASSIGNABLE and ticket.assignee_id != agent.pk
            and permissions.can(agent, "take", ticket)):
        return "take"
    return ""


@dataclass(frozen=True)
class OfferedAction:
    """An action as the page offers it: main (primary, first), ordinary, or destructive
    (danger, apart at the end)."""

    action: Action
    main: bool

    @property
    def style(self) -> str:
        if self.action.destructive:
            return "danger"
        return "primary" if self.main else "quiet"


def available_actions(agent: Agent, ticket: Ticket) -> list[Action]:
    """The buttons to show this agent on this complaint: the main action of the state
    first, the ordinary ones in the order of the work, the destructive ones last."""
    return [offered.action for offered in offered_actions(agent, ticket)]


def offered_actions(agent: Agent, ticket: Ticket) -> list[OfferedAction]:
    """available_actions() with which one is the main action."""
    names = [name for name in permissions.available_transitions(agent, ticket)
             if name != "assign" and name in ACTIONS]
    if assign_mode(agent, ticket):
        names.insert(0, "assign")
    main = next((name for name in MAIN_ACTIONS.get(ticket.state, ()) if name in names), None)
    ordinary = [name for name in names if name != main and name not in DESTRUCTIVE]
    destructive = [name for name in DESTRUCTIVE if name in names]
    ordered = ([main] if main else []) + ordinary + destructive
    return [OfferedAction(ACTIONS[name], main=name == main) for name in ordered]


def can_reply(agent: Agent, ticket: Ticket) -> bool:
    return permissions.can(agent, "reply", ticket)
