"""The replies to a customer following their complaints by SMS (SUIVI): one complaint's
state, the list of their complaints in progress, a reference not recognised; in the active
language."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from contactcenter.customers.models import Customer
from telephony.wording import day as _date
from telephony.wording import state_words as _state_words
from telephony.wording import step_words as _step_words
from tickets.models import Ticket, TicketEvent
from tickets.timeline import open_tickets_of

LIST_LIMIT = 5  # complaints listed in one SMS


def unknown_reference_text() -> str:
    return _("Reference not recognised: check it and text SUIVI followed by the reference.")


def status_text(ticket: Ticket, step: TicketEvent | None) -> str:
    text = _("Complaint %(ref)s: %(state)s.") % {"ref": ticket.reference,
                                                  "state": _state_words(ticket)}
    if step is not None:
        text += " " + _("Last step on %(date)s: %(step)s.") % {
            "date": _date(step.at), "step": _step_words(step.kind, step.action)}
    if ticket.answer_overdue:
        text += " " + _("The answer was expected by %(date)s: we are late, please excuse "
                        "us.") % {"date": _date(ticket.resolution_due)}  # type: ignore[arg-type]  # overdue: set
    elif ticket.is_open and ticket.resolution_due:
        text += " " + _("Answer expected by %(date)s.") % {"date": _date(ticket.resolution_due)}
    return text


def list_text(senders: list[Customer]) -> str:
    tickets: list[Ticket] = []
    total = 0
    for customer in senders:
        open_tickets = open_tickets_of(customer)
        first = list(open_tickets[:LIST_LIMIT])
        tickets += first
        total += len(first) if len(first) < LIST_LIMIT else open_tickets.count()
    if not tickets:
        return _("You have no complaint in progress.")
    tickets.sort(key=lambda t: (t.created_at, t.pk), reverse=True)
    lines = []
    for ticket in tickets[:LIST_LIMIT]:
        state = _state_words(ticket)
        if ticket.answer_overdue:
            lines.append(_("%(ref)s: %(state)s, expected %(date)s, late") % {
                "ref": ticket.reference, "state": state,
                "date": _date(ticket.resolution_due)})  # type: ignore[arg-type]  # overdue: set
        elif ticket.is_open and ticket.resolution_due:
            lines.append(_("%(ref)s: %(state)s, expected %(date)s") % {
                "ref": ticket.reference, "state": state,
                "date": _date(ticket.resolution_due)})
        else:
            lines.append(f"{ticket.reference}: {state}")
    text = _("Your complaints:") + " " + "; ".join(lines)
    if total > LIST_LIMIT:
        more = total - LIST_LIMIT
        text += " " + ngettext("and %(count)s more", "and %(count)s more", more) % {
            "count": more}
    return text + "."
