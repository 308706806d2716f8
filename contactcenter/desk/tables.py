"""The work queue as a table. Sorting is offered only on indexed columns, so that a sorted
page costs an index scan however many complaints there are.

The columns give the headers, the sorting and the pagination (django-tables2); each row is
rendered by `row_html` in one `format_html`, because rendering cell by cell through the
columns costs about a millisecond a row (a signature inspection and attribute building
per cell), which a page of 100 rows cannot afford.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from contactcenter.customers.models import Channel
from contactcenter.desk.deadlines import describe
from tickets.models import Ticket

EMPTY = "—"
_SELECT = ('<td class="select"><input type="checkbox" name="ticket" value="{reference}"'
           ' form="queue-bulk" aria-label="{label}"></td>')
_ROW = (
    '<tr>{select}<td class="nowrap"><a class="ref" dir="ltr" href="{url}">{reference}</a></td>'
    "<td><bdi>{customer}</bdi></td><td>{category}</td>"
    '<td><span class="state state-{state}">{state_label}</span></td>'
    '<td><span class="priority priority-{priority}">{priority_label}</span></td>'
    '<td class="nowrap"><span class="{due_css}" data-due="{due_status}"{due_title}>'
    "{due_text}</span></td>"
    "<td>{channel}</td><td>{agency}</td><td>{assignee}</td>"
    '<td class="nowrap"><time datetime="{opened_iso}">{opened}</time></td></tr>'
)


class TicketTable(tables.Table):
    # Shown only to who may assign (bulk actions): the header holds "select all".
    select = tables.Column(verbose_name=_("Select"), orderable=False, empty_values=())
    reference = tables.Column(verbose_name=_("Reference"))
    customer = tables.Column(verbose_name=_("Customer"), orderable=False)
    category = tables.Column(verbose_name=_("Category"), orderable=False)
    state = tables.Column(verbose_name=_("State"), orderable=False)
    priority = tables.Column(verbose_name=_("Priority"), orderable=False)
    # Paused complaints (no deadline running) come last, as NULLs do in ascending order.
    due = tables.Column(verbose_name=_("Due"), accessor="resolution_due",
                        order_by=("resolution_due", "id"))
    channel = tables.Column(verbose_name=_("Channel"), orderable=False)
    agency = tables.Column(verbose_name=_("Agency"), orderable=False)
    assignee = tables.Column(verbose_name=_("Assignee"), orderable=False)
    opened = tables.Column(verbose_name=_("Opened"), accessor="created_at",
                           order_by=("created_at", "id"))

    class Meta:
        model = Ticket
        fields: tuple[str, ...] = ()
        sequence = ("select", "reference", "customer", "category", "state", "priority",
                    "due", "channel", "agency", "assignee", "opened")
        order_by = ("-opened",)
        orderable = True
        attrs = {"class": "results queue-table"}
        empty_text = _("No complaint here.")
        template_name = "desk/partials/_table.html"

    def __init__(self, *args: Any, selectable: bool = False, now: datetime | None = None,
                 **kwargs: Any) -> None:
        if not selectable:
            kwargs["exclude"] = (*kwargs.get("exclude", ()), "select")
        super().__init__(*args, **kwargs)
        self.selectable = selectable
        self.now = now or timezone.now()

    def rows_html(self) -> Iterator[SafeString]:
        """The page's rows, in the order of the columns above."""
        for row in self.paginated_rows:
            yield row_html(row.record, now=self.now, selectable=self.selectable)


def row_html(ticket: Ticket, *, now: datetime, selectable: bool = False) -> SafeString:
    opened = timezone.localtime(ticket.created_at)
    deadline = describe(ticket, now=now)
    due = ticket.resolution_due
    due_title = (format_html(' title="{}"', date_format(timezone.localtime(due),
                                                         "SHORT_DATETIME_FORMAT"))
                 if due else "")
    select = (format_html(_SELECT, reference=ticket.reference,
                          label=_("Select %(reference)s") % {"reference": ticket.reference})
              if selectable else "")
    return format_html(
        _ROW, select=select, due_css=deadline.css, due_status=deadline.status,
        due_title=due_title, due_text=deadline.text,
        url=reverse("desk:ticket", args=[ticket.reference]),
        reference=ticket.reference, customer=ticket.customer.display_name,
        category=ticket.category or EMPTY, state=ticket.state,
        state_label=Ticket.State(ticket.state).label, priority=ticket.priority,
        priority_label=Ticket.Priority(ticket.priority).label,
        channel=Channel(ticket.channel).label,
        agency=ticket.agency or EMPTY, assignee=ticket.assignee or EMPTY,
        opened_iso=opened.isoformat(), opened=date_format(opened, "SHORT_DATETIME_FORMAT"))
