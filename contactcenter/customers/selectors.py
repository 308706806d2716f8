"""Reads of the customer record, and which records an agent may see."""

from __future__ import annotations

import base64
import functools
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.postgres.search import TrigramWordSimilarity
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from contactcenter import plain_sql
from contactcenter.customers.identifiers import (
    identifier_fields_matching,
    normalize_identifier,
    parse_phone,
)
from contactcenter.customers.models import ContactPoint, Customer, Interaction, SmsOptOut
from contactcenter.customers.text import fold
from contactcenter.org.models import Agent
from contactcenter.org.selectors import scope_of

SEARCH_LIMIT = 50


def active_customers() -> QuerySet[Customer]:
    return Customer.objects.filter(merged_into__isnull=True)


def customers_with_phone(e164: str) -> QuerySet[Customer]:
    """Every active record reachable on this number (several people may share one)."""
    return active_customers().filter(
        Exists(ContactPoint.objects.filter(customer=OuterRef("pk"), value=e164))
    ).order_by("pk")


_WITH_PHONE = f"""
    WHERE {Customer._meta.db_table}.merged_into_id IS NULL
      AND {Customer._meta.db_table}.id IN (
        SELECT customer_id FROM {ContactPoint._meta.db_table} WHERE value = %s)
    ORDER BY {Customer._meta.db_table}.id
"""


def records_with_phone(e164: str) -> list[Customer]:
    """customers_with_phone() read at once, with one prepared statement: for the webhooks,
    where compiling the query would cost more than running it."""
    return plain_sql.instances(Customer, _WITH_PHONE, [e164])


def customers_matching(value: str) -> QuerySet[Customer]:
    """Active records whose identifier (immatriculation, affiliation number, CIN) or phone is
    `value`. Empty when it is neither."""
    condition = Q(pk__in=[])
    identifier = normalize_identifier(value)
    for field in identifier_fields_matching(value):
        condition |= Q(**{field: identifier})
    e164 = parse_phone(value)
    if e164:
        condition |= Q(Exists(ContactPoint.objects.filter(customer=OuterRef("pk"), value=e164)))
    return active_customers().filter(condition).order_by("pk")


def customers_for_agent(agent: Agent) -> QuerySet[Customer]:
    """The records this agent may see: those of their agency, region or queues (their
    complaints), or all for headquarters, the call centre and administrators."""
    from tickets.models import Ticket

    scope = scope_of(agent)
    if scope.everything:
        return Customer.objects.all()
    condition = scope.q(agency="agency")
    if scope.queue_ids:
        condition |= Q(Exists(Ticket.objects.filter(customer=OuterRef("pk"),
                                                     queue_id__in=scope.queue_ids)))
    return Customer.objects.filter(condition)


def customer_for_agent_or_none(*, agent: Agent, pk: int) -> Customer | None:
    """customers_for_agent(agent).filter(pk=pk).first() in one prepared statement: for the
    API's input, where building and compiling that query cost ten times running it. The
    same rule, written in SQL (tests/org/test_scoping.py holds the two together)."""
    if not 0 < pk < 2**63:
        return None
    scope = scope_of(agent)
    found = plain_sql.instances(Customer, _visible_condition(), [
        pk, scope.everything, sorted(scope.agency_ids), sorted(scope.region_ids),
        sorted(scope.queue_ids)])
    return found[0] if found else None


@functools.cache
def _visible_condition() -> str:
    from contactcenter.org.models import Agency
    from tickets.models import Ticket

    customer, agency, ticket = (Customer._meta.db_table, Agency._meta.db_table,
                                Ticket._meta.db_table)
    return f"""
        WHERE {customer}.id = %s AND (
            %s
            OR {customer}.agency_id = ANY(%s)
            OR {customer}.agency_id IN (SELECT id FROM {agency} WHERE region_id = ANY(%s))
            OR EXISTS (SELECT 1 FROM {ticket} WHERE {ticket}.customer_id = {customer}.id
                                                AND {ticket}.queue_id = ANY(%s)))
    """


def get_customer_for_agent(*, agent: Agent, pk: int) -> Customer:
    """One record the agent may see, or Http404 (the same answer as for no record at all)."""
    try:
        return customers_for_agent(agent).select_related("agency", "merged_into").get(pk=pk)
    except Customer.DoesNotExist:
        raise Http404("No such customer.") from None


def search_customers(*, agent: Agent, query: str) -> QuerySet[Customer]:
    """Search by identifier or phone (exact), else by name (accent-, case- and typo-tolerant
    with trigrams), within what the agent may see."""
    visible = customers_for_agent(agent).filter(merged_into__isnull=True)
    query = query.strip()
    if not query:
        return visible.none()
    exact = visible.filter(pk__in=customers_matching(query).values("pk"))
    if identifier_fields_matching(query) or parse_phone(query):
        return exact.select_related("agency")
    folded = fold(query)
    if not folded:
        return visible.none()
    words = folded.split()
    contains_all = Q()
    for word in words:
        contains_all &= Q(name_search__contains=word)
    return (
        visible.filter(contains_all | Q(name_search__trigram_word_similar=folded))
        .annotate(similarity=TrigramWordSimilarity(folded, "name_search"))
        .order_by("-similarity", "name_search", "pk")
        .select_related("agency")[:SEARCH_LIMIT]
    )


# --- The 360 timeline ----------------------------------------------------------------------

@dataclass(frozen=True)
class TimelineEntry:
    kind: str  # "interaction" or "ticket"
    at: datetime
    pk: int
    item: Any


@dataclass(frozen=True)
class TimelinePage:
    entries: list[TimelineEntry]
    next_cursor: str | None


_KIND_RANK = {"interaction": 0, "ticket": 1}


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
                      limit: int = 25) -> TimelinePage:
    """Every interaction on every channel and every complaint of a customer, newest first.

    Keyset pagination: each page reads at most limit + 1 rows of each stream through the
    (customer, time desc, id desc) indexes, however long the history."""
    from tickets.models import Ticket

    position = _decode_cursor(cursor) if cursor else None
    interactions = (
        Interaction.objects.filter(customer=customer)
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
    entries = [TimelineEntry("interaction", i.occurred_at, i.pk, i) for i in interactions]
    entries += [TimelineEntry("ticket", t.created_at, t.pk, t) for t in tickets]
    entries.sort(key=lambda e: (e.at, _KIND_RANK[e.kind], e.pk), reverse=True)
    page = entries[:limit]
    next_cursor = _encode_cursor(page[-1]) if len(entries) > limit else None
    return TimelinePage(entries=page, next_cursor=next_cursor)


def open_tickets_of(customer: Customer) -> QuerySet[Any]:
    from tickets.models import Ticket

    closed = [Ticket.State.CLOSED, Ticket.State.CANCELLED, Ticket.State.MERGED]
    return (Ticket.objects.filter(customer=customer).exclude(state__in=closed)
            .select_related("category").order_by("-created_at"))



def contact_points_of(customer: Customer) -> QuerySet[ContactPoint]:
    """The customer's contact points, the primary ones first, each mobile marked with
    `sms_opted_out` (the number asked for no SMS notifications), in one query."""
    return customer.contact_points.annotate(sms_opted_out=Exists(
        SmsOptOut.objects.filter(phone=OuterRef("value"), opted_out=True))
    ).order_by("-is_primary", "kind")
