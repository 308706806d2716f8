"""A customer's 360 timeline: every interaction on every channel (calls included: each
identified call is an interaction), every complaint and every SMS the outbox wrote to one of
the customer's mobiles, newest first; and their open complaints."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet, Subquery
from django.http import Http404

from contactcenter.customers import selectors as customer_selectors
from contactcenter.customers.models import Customer
from tickets.models import OutboxMessage, Ticket


@dataclass(frozen=True)
class TimelineEntry:
    kind: str  # "interaction", "ticket", "sms" or "record_change"
    at: datetime
    pk: int
    item: Any


@dataclass(frozen=True)
class TimelinePage:
    entries: list[TimelineEntry]
    next_cursor: str | None


_KIND_RANK = {"interaction": 0, "ticket": 1, "sms": 2, "record_change": 5}


def _encode_cursor(entry: TimelineEntry) -> str:
    raw = f"{entry.at.isoformat()}|{entry.kind}|{entry.pk}"
    return base64.urlsafe_b64encode(raw.encode()).decode()


def _decode_cursor(cursor: str) -> tuple[datetime, str, int]:
    try:
        at, kind, pk = base64.urlsafe_b64decode(cursor.encode()).decode().split("|")
        if kind not in _KIND_RANK:
            raise ValueError(kind)
        return datetime.fromisoformat(at), kind, int(pk)
    except (ValueError, UnicodeDecodeError) as exc:
        raise Http404("Bad timeline cursor.") from exc


def _after_cursor(kind: str, time_field: str, cursor: tuple[datetime, str, int] | None) -> Q:
    """Rows of one stream that come after the cursor in (time, kind, id) descending order.

    Always bounded by `time <= cursor time`, so the index scan starts at the cursor instead
    of filtering every newer row: a deep page costs what the first page costs."""
    if cursor is None:
        return Q()
    at, cursor_kind, pk = cursor
    rank, cursor_rank = _KIND_RANK[kind], _KIND_RANK[cursor_kind]
    if rank > cursor_rank:
        return Q(**{f"{time_field}__lt": at})
    not_after = Q(**{f"{time_field}__lte": at})
    if rank < cursor_rank:
        return not_after
    return not_after & (Q(**{f"{time_field}__lt": at}) | Q(pk__lt=pk))


def customer_timeline(*, customer: Customer, cursor: str | None = None,
                      limit: int = 25, with_sms: bool = False) -> TimelinePage:
    """Every interaction on every channel and every complaint of a customer, newest first.

    Keyset pagination: each page reads at most limit + 1 rows of each stream through the
    (customer or number, time desc, id desc) indexes, however long the history. An SMS
    carrying a secret (a status page code) is to be shown by its `redacted_body`.
    `with_sms`: the SMS too (the desk's record page; the API's timeline has no SMS kind)."""
    position = _decode_cursor(cursor) if cursor else None
    interactions = (
        customer_selectors.interactions_of(customer)
        .filter(_after_cursor("interaction", "occurred_at", position))
        .select_related("agent__user", "ticket")
        .order_by("-occurred_at", "-id")[: limit + 1]
    )
    tickets = (
        Ticket.objects.filter(customer=customer)
        .filter(_after_cursor("ticket", "created_at", position))
        .select_related("category")
        .order_by("-created_at", "-id")[: limit + 1]
    )
    sms = [] if not with_sms else (
        OutboxMessage.objects.filter(kind=OutboxMessage.Kind.SMS,
                                     to__in=Subquery(_mobiles(customer)))
        .filter(_after_cursor("sms", "created_at", position))
        .select_related("ticket").defer("payload")
        .order_by("-created_at", "-id")[: limit + 1]
    )
    # The record's own changes (its creation, contact points added, corrected, retired).
    changes = (customer_selectors.events_of(customer)
               .filter(_after_cursor("record_change", "at", position))
               .order_by("-at", "-id")[: limit + 1])
    entries = [TimelineEntry("interaction", i.occurred_at, i.pk, i) for i in interactions]
    entries += [TimelineEntry("ticket", t.created_at, t.pk, t) for t in tickets]
    entries += [TimelineEntry("sms", m.created_at, m.pk, m) for m in sms]
    entries += [TimelineEntry("record_change", c.at, c.pk, c) for c in changes]
    entries.sort(key=lambda e: (e.at, _KIND_RANK[e.kind], e.pk), reverse=True)
    page = entries[:limit]
    next_cursor = _encode_cursor(page[-1]) if len(entries) > limit else None
    return TimelinePage(entries=page, next_cursor=next_cursor)


def _mobiles(customer: Customer) -> QuerySet[Any]:
    """The customer's mobile numbers, as a subquery: the SMS stream stays one query."""
    return (customer_selectors.mobiles_of([customer.pk]).order_by()
            .values_list("value", flat=True))


def open_tickets_of(customer: Customer) -> QuerySet[Ticket]:
    closed = [Ticket.State.CLOSED, Ticket.State.CANCELLED, Ticket.State.MERGED]
    return (Ticket.objects.filter(customer=customer).exclude(state__in=closed)
            .select_related("category").order_by("-created_at"))
