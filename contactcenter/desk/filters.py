"""The queue's filters: the shared complaint filters, read the way a long list needs."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from tickets.filters import TicketFilter
from tickets.models import State


class QueueFilter(TicketFilter):
    # A state is a column of the row itself: no DISTINCT, which would make PostgreSQL sort
    # every matching row (with its joins) before it could return the first page.
    state = django_filters.MultipleChoiceFilter(label=_("State"), choices=State.choices,
                                                distinct=False)
