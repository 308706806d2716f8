"""How a complaint is put to the customer, in words shared by the SMS replies and the voice
menu: its state and the days, in the active language."""

from __future__ import annotations

from datetime import datetime

from django.utils import formats, timezone
from django.utils.translation import pgettext

from tickets.models import State, Ticket


def state_words(ticket: Ticket) -> str:
    """The state as the customer understands it."""
    words = {
        State.NEW: pgettext("state for the customer", "registered"),
        State.TRIAGED: pgettext("state for the customer", "registered"),
        State.ASSIGNED: pgettext("state for the customer", "being handled"),
        State.IN_PROGRESS: pgettext("state for the customer", "being handled"),
        State.WAITING: pgettext("state for the customer", "waiting for information from you"),
        State.REFERRED: pgettext("state for the customer", "being examined by headquarters"),
        State.RESOLVED: pgettext("state for the customer", "answered"),
        State.CLOSED: pgettext("state for the customer", "closed"),
        State.CANCELLED: pgettext("state for the customer", "cancelled"),
        State.MERGED: pgettext("state for the customer", "handled with another complaint"),
    }
    return words.get(ticket.state, ticket.get_state_display())


def day(moment: datetime) -> str:
    """A day as written in the active language, in the fund's time zone (12 mars 2026)."""
    local = timezone.localtime(moment, timezone.get_default_timezone())
    return formats.date_format(local.date(), "DATE_FORMAT")
