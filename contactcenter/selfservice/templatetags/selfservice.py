"""A complaint in the customer's words, for the status page (the words of the SMS replies
and the voice menu: telephony.wording)."""

from __future__ import annotations

from datetime import datetime

from django import template

from contactcenter.selfservice import selectors
from telephony import wording
from tickets.models import Ticket, TicketEvent

register = template.Library()


@register.filter
def customer_state(ticket: Ticket) -> str:
    return wording.state_words(ticket)


@register.filter
def customer_step(step: TicketEvent) -> str:
    return wording.step_words(step.kind, step.action)


@register.filter
def customer_day(moment: datetime | None) -> str:
    return wording.day(moment) if moment else ""


@register.filter
def message_to_customer(step: TicketEvent) -> str:
    return selectors.message_to_customer(step)
