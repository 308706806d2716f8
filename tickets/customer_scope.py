"""The customer records an agent may see, and searching them.

An agent sees the records of their agency or region, and those with a complaint in one of
their queues; headquarters, the call centre and administrators see all. The rule depends on
the complaints, so it lives here, above the customers app."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.postgres.search import TrigramWordSimilarity
from django.db import connection
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet
from django.http import Http404

from contactcenter.customers import selectors as customer_selectors
from contactcenter.customers.identifiers import identifier_fields_matching, parse_phone
from contactcenter.customers.models import Customer
from contactcenter.customers.selectors import customers_matching
from contactcenter.customers.text import fold
from contactcenter.org import selectors as org_selectors
from contactcenter.org.models import Agent
from contactcenter.org.selectors import scope_of
from tickets.models import Ticket

SEARCH_LIMIT = 50


def customers_for_agent(agent: Agent) -> QuerySet[Customer]:
    """The records this agent may see: those of their agency, region or queues (their
    complaints), or all for headquarters, the call centre and administrators."""
    scope = scope_of(agent)
    if scope.everything:
        return customer_selectors.all_customers().all()
    condition = scope.q(agency="agency")
    if scope.queue_ids:
        condition |= Q(Exists(Ticket.objects.filter(customer=OuterRef("pk"),
                                                     queue_id__in=scope.queue_ids)))
    return customer_selectors.all_customers().filter(condition)


def customer_for_agent_or_none(*, agent: Agent, pk: int) -> Customer | None:
    """customers_for_agent(agent).filter(pk=pk).first() without an ORM query to compile:
    for the API's input, where building and compiling that query cost ten times running
    it. The record is read by customers (one prepared statement), then the same rule is
    decided here from the agent's scope: national staff, the record's agency, its region
    (org's agency, kept per process), and only then a complaint of the record in one of
    the agent's queues (one prepared statement on tickets' table).
    tests/org/test_scoping.py holds it to customers_for_agent."""
    scope = scope_of(agent)
    if not (scope.everything or scope.agency_ids or scope.region_ids or scope.queue_ids):
        return None
    customer = customer_selectors.customer_by_id(pk)
    if customer is None or scope.everything:
        return customer
    agency_id = customer.agency_id
    if agency_id is not None and (
            agency_id in scope.agency_ids
            or (scope.region_ids
                and org_selectors.agency_by_id(agency_id).region_id in scope.region_ids)):
        return customer
    if scope.queue_ids and _has_complaint_in(customer.pk, scope.queue_ids):
        return customer
    return None


def _has_complaint_in(customer_id: int, queue_ids: Iterable[int]) -> bool:
    """Whether the customer has a complaint in one of these queues (any state)."""
    with connection.cursor() as cursor:
        cursor.execute(_COMPLAINT_IN_QUEUES, [customer_id, sorted(queue_ids)])
        return cursor.fetchone() is not None


_COMPLAINT_IN_QUEUES = f"""
    SELECT 1 FROM {Ticket._meta.db_table}
    WHERE customer_id = %s AND queue_id = ANY(%s) LIMIT 1
"""


def get_customer_for_agent(*, agent: Agent, pk: int) -> Customer:
    """One record the agent may see, or Http404 (the same answer as for no record at all)."""
    try:
        return customers_for_agent(agent).select_related("agency", "merged_into").get(pk=pk)
    except Customer.DoesNotExist:
        raise Http404("No such customer.") from None


def search_customers(*, agent: Agent, query: str) -> QuerySet[Customer]:
    """Search by identifier or phone (exact), else by name (accent-, case- and typo-tolerant
    with trigrams, and across scripts: "Mohamed Bennani" finds "محمد بناني"), within what the
    agent may see."""
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
    every_word = customer_selectors.name_matches(query)  # in either script
    return (
        visible.filter(contains_all | Q(name_search__trigram_word_similar=folded) | every_word)
        .annotate(similarity=TrigramWordSimilarity(folded, "name_search"),
                  every_word=ExpressionWrapper(every_word, output_field=BooleanField()))
        .order_by("-every_word", "-similarity", "name_search", "pk")
        .select_related("agency")[:SEARCH_LIMIT]
    )
