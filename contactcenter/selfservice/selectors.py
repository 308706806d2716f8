"""Reads for the status page: codes asked for lately, and the complaints of a number as
its holder may see them."""

from __future__ import annotations

from datetime import datetime

from django.http import Http404

from contactcenter.selfservice.models import AccessCode
from tickets import selectors as ticket_selectors
from tickets.models import Ticket, TicketEvent

# Customer-visible transitions whose note is written to the customer (what is asked of
# them, the answer's explanation). Other notes (a reopening's reason...) stay internal.
_MESSAGE_ACTIONS = frozenset({"ask_customer", "resolve"})


def codes_asked_for_number(phone: str, *, since: datetime) -> int:
    """How many codes were asked for this number after `since` (index access_code_phone)."""
    return AccessCode.objects.filter(phone=phone, created_at__gt=since).count()


def codes_asked_from_address(client_ip: str, *, since: datetime) -> int:
    """How many codes were asked from this address after `since` (index
    access_code_client_ip)."""
    return AccessCode.objects.filter(client_ip=client_ip, created_at__gt=since).count()


def get_complaint_of_number(*, phone: str, reference: str) -> Ticket:
    """One complaint of a record holding `phone`, or Http404: the same answer as for a
    reference that does not exist, so nothing is learnt about other people's complaints."""
    try:
        return ticket_selectors.complaints_of_number(phone).get(reference=reference)
    except Ticket.DoesNotExist:
        raise Http404("No such complaint.") from None


def message_to_customer(step: TicketEvent) -> str:
    """The text the fund wrote to the customer at this step (a reply, what was asked of
    them, the answer's explanation), else an empty string."""
    if step.visibility != TicketEvent.Visibility.CUSTOMER:
        return ""
    if step.kind == TicketEvent.Kind.REPLY or (
            step.kind == TicketEvent.Kind.TRANSITION and step.action in _MESSAGE_ACTIONS):
        return step.note
    return ""
