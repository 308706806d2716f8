"""The work queue as a table. Sorting is offered only on indexed columns, so that a sorted
page costs an index scan however many complaints there are."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from tickets.models import Ticket


class TicketTable(tables.Table):
    reference = tables.Column(verbose_name=_("Reference"), linkify=True,
                              attrs={"a": {"class": "ref", "dir": "ltr"},
                                     "td": {"class": "nowrap"}})
    customer = tables.Column(verbose_name=_("Customer"), orderable=False)
    category = tables.Column(verbose_name=_("Category"), orderable=False,
                             default="—")
    state = tables.Column(verbose_name=_("State"), orderable=False)
    priority = tables.Column(verbose_name=_("Priority"), orderable=False)
    channel = tables.Column(verbose_name=_("Channel"), orderable=False)
    agency = tables.Column(verbose_name=_("Agency"), orderable=False, default="—")
    assignee = tables.Column(verbose_name=_("Assignee"), orderable=False, default="—")
    opened = tables.Column(verbose_name=_("Opened"), accessor="created_at",
                           order_by=("created_at", "id"), attrs={"td": {"class": "nowrap"}})

    class Meta:
        model = Ticket
        fields: tuple[str, ...] = ()
        sequence = ("reference", "customer", "category", "state", "priority", "channel",
                    "agency", "assignee", "opened")
        order_by = ("-opened",)
        orderable = True
        attrs = {"class": "results queue-table"}
        empty_text = _("No complaint here.")
        template_name = "desk/partials/_table.html"

    def render_customer(self, record: Ticket) -> SafeString:
        return format_html('<bdi>{}</bdi>', record.customer.display_name)

    def render_state(self, record: Ticket) -> SafeString:
        return format_html('<span class="state state-{}">{}</span>', record.state,
                           record.get_state_display())

    def render_priority(self, record: Ticket) -> SafeString:
        return format_html('<span class="priority priority-{}">{}</span>', record.priority,
                           record.get_priority_display())

    def render_assignee(self, value: Any) -> str:
        return value.display_name

    def render_opened(self, value: Any) -> SafeString:
        local = timezone.localtime(value)
        return format_html('<time datetime="{}">{}</time>', local.isoformat(),
                           date_format(local, "SHORT_DATETIME_FORMAT"))
