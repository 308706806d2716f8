"""The complaint filters, shared by the desk's queues and the REST API."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from contactcenter.customers.models import Channel
from contactcenter.customers.text import fold
from contactcenter.org.models import Agency
from tickets.models import Category, State, Ticket
from tickets.references import normalize_reference


class TicketFilter(django_filters.FilterSet):
    state = django_filters.MultipleChoiceFilter(label=_("State"), choices=State.choices)
    category = django_filters.ModelChoiceFilter(label=_("Category"),
                                                queryset=Category.objects.all())
    channel = django_filters.ChoiceFilter(label=_("Channel"), choices=Channel.choices)
    agency = django_filters.ModelChoiceFilter(label=_("Agency"), queryset=Agency.objects.all())
    priority = django_filters.ChoiceFilter(label=_("Priority"),
                                           choices=Ticket.Priority.choices)
    opened_after = django_filters.DateFilter(label=_("Opened from"), field_name="created_at",
                                             lookup_expr="date__gte")
    opened_before = django_filters.DateFilter(label=_("Opened until"),
                                              field_name="created_at", lookup_expr="date__lte")
    q = django_filters.CharFilter(label=_("Reference or customer"), method="search")

    class Meta:
        model = Ticket
        fields = ["state", "category", "channel", "agency", "priority"]

    def search(self, queryset: QuerySet[Ticket], name: str, value: str) -> QuerySet[Ticket]:
        """A reference (exact), else a customer name (folded, contained)."""
        value = value.strip()
        if not value:
            return queryset
        digits = normalize_reference(value)
        if digits.isdigit():
            return queryset.filter(Q(reference=digits)
                                   | Q(customer__immatriculation=digits)
                                   | Q(customer__affiliation_number=digits))
        return queryset.filter(customer__name_search__contains=fold(value))
