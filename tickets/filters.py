"""The complaint filters, shared by the desk's queues and the REST API."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import django_filters
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contactcenter.customers.models import Channel
from contactcenter.org import selectors as org_selectors
from tickets.models import Category, State, Ticket
from tickets.search import matching
from tickets.selectors import Deadline, deadline_q

# Days a filter accepts: far enough for any complaint, near enough that adding a day or a
# time zone never leaves the calendar (9999-12-31 would overflow).
DAY_VALIDATORS = [MinValueValidator(date(1900, 1, 1)), MaxValueValidator(date(2999, 12, 31))]

# The API's documentation of `q` (the desk shows the label only).
SEARCH_HELP = (
    "A complaint reference, a customer's immatriculation, affiliation number or CIN, or a "
    "phone number in any notation (0612345678, 06 12 34 56 78, +212612345678): exact. "
    "Anything else is words, all required (at most 12), found in the description and in "
    "the customer's messages (accents, case and Arabic diacritics ignored, French words by "
    "their stem), and in the customer's name. In this list complaints stay newest first; "
    "the desk's queue shows the best matches first when there are few.")


DEADLINE_CHOICES = [(Deadline.BREACHED, _("Breached")), (Deadline.AT_RISK, _("At risk")),
                    (Deadline.ON_TIME, _("On time")),
                    (Deadline.PAUSED, _("Paused: waiting for the customer"))]


class TicketFilter(django_filters.FilterSet):
    # A state is a column of the row itself: no DISTINCT, which would make PostgreSQL sort
    # every matching row (with its joins) before it could return the first page.
    state = django_filters.MultipleChoiceFilter(label=_("State"), choices=State.choices,
                                                distinct=False)
    category = django_filters.ModelChoiceFilter(label=_("Category"),
                                                queryset=Category.objects.all())
    channel = django_filters.ChoiceFilter(label=_("Channel"), choices=Channel.choices)
    agency = django_filters.ModelChoiceFilter(label=_("Agency"), queryset=org_selectors.agencies())
    priority = django_filters.ChoiceFilter(label=_("Priority"),
                                           choices=Ticket.Priority.choices)
    opened_after = django_filters.DateFilter(label=_("Opened from"), method="opened_from",
                                             validators=DAY_VALIDATORS)
    opened_before = django_filters.DateFilter(label=_("Opened until"), method="opened_until",
                                              validators=DAY_VALIDATORS)
    q = django_filters.CharFilter(label=_("Reference, customer, phone or words"),
                                  method="search", help_text=SEARCH_HELP)
    # The open complaints in a deadline status (tickets.selectors, the SLA board's words).
    deadline = django_filters.ChoiceFilter(label=_("Deadline"), method="deadline_status",
                                           choices=DEADLINE_CHOICES)

    class Meta:
        model = Ticket
        fields = ["state", "category", "channel", "agency", "priority"]

    # Dates are days in the fund's time zone, compared as instants so that the created_at
    # index serves the range (a `__date` lookup cannot use it).
    def opened_from(self, queryset: QuerySet[Ticket], name: str, value: date) -> QuerySet[Ticket]:
        return queryset.filter(created_at__gte=_start_of(value))

    def opened_until(self, queryset: QuerySet[Ticket], name: str, value: date
                     ) -> QuerySet[Ticket]:
        return queryset.filter(created_at__lt=_start_of(value + timedelta(days=1)))

    def deadline_status(self, queryset: QuerySet[Ticket], name: str, value: str
                        ) -> QuerySet[Ticket]:
        return queryset.filter(deadline_q(value, timezone.now())) if value else queryset

    def search(self, queryset: QuerySet[Ticket], name: str, value: str) -> QuerySet[Ticket]:
        """A reference, identifier or phone (exact), else words (see tickets.search)."""
        return matching(queryset, value)


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())
