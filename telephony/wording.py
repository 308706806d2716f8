"""How a complaint is put to the customer, in words shared by the SMS replies and the voice
menu: its state and the days, in the active language."""

from __future__ import annotations

import functools
from datetime import date, datetime

from django.utils import formats, timezone
from django.utils.translation import get_language, pgettext, pgettext_lazy

from tickets.models import State, Ticket, TicketEvent

# Looked up once per call, translated only for the state asked about.
_STATE_WORDS = {
    State.NEW: pgettext_lazy("state for the customer", "registered"),
    State.TRIAGED: pgettext_lazy("state for the customer", "registered"),
    State.ASSIGNED: pgettext_lazy("state for the customer", "being handled"),
    State.IN_PROGRESS: pgettext_lazy("state for the customer", "being handled"),
    State.WAITING: pgettext_lazy("state for the customer", "waiting for information from you"),
    State.REFERRED: pgettext_lazy("state for the customer", "being examined by headquarters"),
    State.RESOLVED: pgettext_lazy("state for the customer", "answered"),
    State.CLOSED: pgettext_lazy("state for the customer", "closed"),
    State.CANCELLED: pgettext_lazy("state for the customer", "cancelled"),
    State.MERGED: pgettext_lazy("state for the customer", "handled with another complaint"),
}


def state_words(ticket: Ticket) -> str:
    """The state as the customer understands it."""
    words = _STATE_WORDS.get(ticket.state)
    return str(words) if words is not None else ticket.get_state_display()


def day(moment: datetime) -> str:
    """A day as written in the active language, in the fund's time zone (12 mars 2026)."""
    local = timezone.localtime(moment, timezone.get_default_timezone())
    return _written_day(local.date(), get_language())


@functools.lru_cache(maxsize=1024)
def _written_day(day: date, language: str) -> str:
    """Kept per process: every SMS answer writes a day or two, mostly the same few."""
    return formats.date_format(day, "DATE_FORMAT")


def step_words(kind: str, action: str) -> str:
    """A step of the complaint's history (a customer-visible TicketEvent's kind and action)
    as the customer understands it."""
    if kind == TicketEvent.Kind.OPENED:
        return pgettext("step for the customer", "complaint registered")
    if kind == TicketEvent.Kind.REPLY:
        return pgettext("step for the customer", "message sent to you")
    if kind == TicketEvent.Kind.CUSTOMER_MESSAGE:
        return pgettext("step for the customer", "your message received")
    by_action = {
        "ask_customer": pgettext("step for the customer", "information requested from you"),
        "receive_customer_reply": pgettext("step for the customer", "your reply received"),
        "resolve": pgettext("step for the customer", "answer given"),
        "close": pgettext("step for the customer", "complaint closed"),
        "reopen": pgettext("step for the customer", "complaint reopened"),
    }
    return by_action.get(action, pgettext("step for the customer", "complaint updated"))
