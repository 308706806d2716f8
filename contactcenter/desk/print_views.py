"""A complaint printed for the customer: on paper, in the customer's language, only what
the customer may see (what they asked, where it stands, the answer and the messages sent to
them); never an internal note, a referral's note or an agent-only step."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation

from contactcenter.audit import services as audit
from contactcenter.desk.customer_messages import AnswerSms, customer_messages
from contactcenter.org.decorators import AgentRequest, agent_required
from telephony import wording
from tickets import selectors as ticket_selectors
from tickets.models import OutboxMessage, Ticket, TicketEvent

PRINTED_MESSAGES = 50
# The steps whose note is a text the fund wrote to the customer.
_MESSAGE_ACTIONS = frozenset({"ask_customer", "resolve"})


@dataclass(frozen=True)
class PrintedStep:
    day: str
    words: str
    text: str


def _step(event: TicketEvent) -> PrintedStep:
    text = ""
    if event.kind == TicketEvent.Kind.REPLY or (
            event.kind == TicketEvent.Kind.TRANSITION and event.action in _MESSAGE_ACTIONS):
        text = event.note
    return PrintedStep(wording.day(event.at), wording.step_words(event.kind, event.action),
                       text)


_LEFT = (OutboxMessage.Progress.SENT, OutboxMessage.Progress.DELIVERED)


def _messages_sent(ticket: Ticket) -> list[tuple[str, str]]:
    """(day, text) of each SMS about the complaint that left for the customer, the answers
    to their own SMS included, oldest first; a secret masked."""
    sent = [message for message in customer_messages(ticket, limit=PRINTED_MESSAGES)
            if message.progress in _LEFT]
    return [(wording.day(message.created_at), _text_of(message)) for message in reversed(sent)]


def _text_of(message: OutboxMessage | AnswerSms) -> str:
    if isinstance(message, OutboxMessage):
        return message.redacted_body or message.body
    return message.body


def customer_language(ticket: Ticket) -> str:
    """The language the customer reads: their preferred one, else the fund's default."""
    language = ticket.customer.preferred_language
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


@agent_required
def ticket_print(request: AgentRequest, reference: str) -> HttpResponse:
    """The printable complaint, scoped and audited like the complaint page."""
    agent = request.agent
    ticket = ticket_selectors.get_ticket_for_agent(agent=agent, reference=reference)
    audit.record_access(request=request, channel=audit.Channel.DESK, kind=audit.Kind.COMPLAINT,
                        object_id=ticket.pk, label=ticket.reference,
                        customer_id=ticket.customer_id, detail="printed for the customer",
                        agent=agent)
    language = customer_language(ticket)
    with translation.override(language):
        context = {
            "ticket": ticket,
            "language": language,
            "direction": "rtl" if translation.get_language_bidi() else "ltr",
            "opened": wording.day(ticket.created_at),
            "expected": wording.day(ticket.resolution_due)
            if ticket.is_open and ticket.resolution_due else "",
            "resolved": wording.day(ticket.resolved_at) if ticket.resolved_at else "",
            "state": wording.state_words(ticket),
            "steps": [_step(event) for event in ticket_selectors.customer_steps_of(ticket)],
            "messages": _messages_sent(ticket),
            "printed": wording.day(timezone.now()),
        }
        response = render(request, "desk/print.html", context)
    response.headers["Content-Language"] = language
    return response
