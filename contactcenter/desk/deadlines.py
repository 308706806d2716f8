"""A complaint's deadline in the SLA board's words, for the queue's "Due" column and the
complaint page's header: the status (tickets.selectors.deadline_status, the one
definition), the business time left on the complaint's calendar, or how late it is.

No query per complaint: calendars are cached per process (sla.selectors), and each
calendar keeps the working spans of the days it has already computed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from contactcenter.org import selectors as org_selectors
from sla import selectors as sla_selectors
from sla import services as sla_services
from tickets.models import Ticket
from tickets.selectors import Deadline, deadline_status

MINUTE = timedelta(minutes=1)
HOUR = timedelta(hours=1)
DAY = timedelta(days=1)


@dataclass(frozen=True)
class DeadlineView:
    status: str  # a tickets.selectors.Deadline value, or "none"
    text: str
    left: timedelta | None = None  # business time left, when the clock runs and is not late

    @property
    def css(self) -> str:
        return f"due due-{self.status}"


def describe(ticket: Ticket, *, now: datetime) -> DeadlineView:
    """What the "Due" column and the page's header say of the complaint's deadline."""
    status = deadline_status(ticket, now)
    due = ticket.resolution_due
    if status is None:
        return DeadlineView("none", "—")
    if status == Deadline.MET:
        return DeadlineView(status, _("met"))
    if not ticket.is_open:  # resolved or closed late
        return DeadlineView(status, _("breached"))
    if status == Deadline.PAUSED:
        return DeadlineView(status, _("paused: waiting for the customer"))
    if due is None:  # breached, then paused while waiting for the customer
        return DeadlineView(status, _("breached, paused: waiting for the customer"))
    if due <= now:
        return DeadlineView(status, overdue_text(now - due))
    left = sla_services.calendar_of(ticket, now=now).between(now, due)
    return DeadlineView(status, left_text(left), left)


def left_text(left: timedelta) -> str:
    """Business time left, in hours and minutes of working time: "2 h 30 left"."""
    minutes = int(left.total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    if hours == 0:
        return _("%(minutes)d min left") % {"minutes": minutes}
    return _("%(hours)d h %(minutes)02d left") % {"hours": hours, "minutes": minutes}


def overdue_text(late: timedelta) -> str:
    """How late, in calendar time: "overdue by 3 days"."""
    if late >= DAY:
        days = late // DAY
        return ngettext("overdue by %(count)d day", "overdue by %(count)d days",
                        days) % {"count": days}
    if late >= HOUR:
        hours = late // HOUR
        return ngettext("overdue by %(count)d hour", "overdue by %(count)d hours",
                        hours) % {"count": hours}
    minutes = max(1, late // MINUTE)
    return ngettext("overdue by %(count)d minute", "overdue by %(count)d minutes",
                    minutes) % {"count": minutes}


@dataclass(frozen=True)
class DeadlineFacts:
    """The complaint page's header: both deadlines and the calendar they run on."""

    resolution: DeadlineView
    first_response: DeadlineView | None  # None once answered, or without a deadline
    first_response_late: bool  # answered after its deadline
    calendar: str  # the calendar's owner, in the page's language


def facts(ticket: Ticket, *, now: datetime) -> DeadlineFacts:
    """What the page's header says of the deadlines (at most one query, cached: the
    calendar's name)."""
    agency = ticket.agency
    call_centre = ticket.queue_id in sla_selectors.call_centre_queue_ids()
    owner = sla_selectors.calendar_owner(agency_id=agency.pk if agency else None,
                                         region_id=agency.region_id if agency else None,
                                         call_centre=call_centre)
    due, done = ticket.first_response_due, ticket.first_responded_at
    first: DeadlineView | None = None
    if done is None and due is not None and ticket.is_open:
        if due <= now:
            first = DeadlineView(Deadline.BREACHED, overdue_text(now - due))
        else:
            left = sla_services.calendar_of(ticket, now=now).between(now, due)
            first = DeadlineView(Deadline.ON_TIME, left_text(left), left)
    return DeadlineFacts(resolution=describe(ticket, now=now), first_response=first,
                         first_response_late=bool(done and due and done > due),
                         calendar=calendar_label(owner))


def calendar_label(owner: tuple[str, int | None] | None) -> str:
    """The calendar a complaint's deadlines run on, named in the page's language (an agency
    or a region by its name in that language; both are cached per process)."""
    if owner is None:
        return _("National default hours")
    kind, owner_id = owner
    if kind == "call_centre":
        return _("Call centre calendar")
    if kind == "agency" and owner_id is not None:
        return _("Calendar of %(name)s") % {"name": org_selectors.agency_by_id(owner_id)}
    if kind == "region" and owner_id is not None:
        region = org_selectors.region_by_id(owner_id)
        return _("Calendar of %(name)s") % {"name": region} if region else _("National calendar")
    return _("National calendar")
