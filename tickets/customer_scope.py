"""The customer records an agent may see, and searching them.

An agent sees the records of their agency or region, and those with a complaint in one of
their queues; headquarters, the call centre and administrators see all. The rule depends on
the complaints, so it lives here, above the customers app."""

from __future__ import annotations

import functools

from django.contrib.postgres.search import TrigramWordSimilarity
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from contactcenter import plain_sql
from contactcenter.customers.identifiers import identifier_fields_matching, parse_phone
from contactcenter.customers.models import Customer
from contactcenter.customers.selectors import customers_matching
from contactcenter.customers.text import fold
from contactcenter.org.models import Agency, Agent
from contactcenter.org.selectors import scope_of
from tickets.models import Ticket

SEARCH_LIMIT = 50


def customers_for_agent(agent: Agent) -> QuerySet[Customer]:
    """The records this agent may see: those of their agency, region or queues (their
    complaints), or all for headquarters, the call centre and administrators."""
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
