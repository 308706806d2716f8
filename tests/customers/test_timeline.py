from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from contactcenter.customers.models import Interaction
from tests import factories
from tickets.models import OutboxMessage
from tickets.timeline import customer_timeline

pytestmark = pytest.mark.django_db


def _history(customer, *, interactions: int, tickets: int, same_time: bool = False) -> None:
    start = timezone.now() - datetime.timedelta(days=400)
    for n in range(interactions):
        at = start if same_time else start + datetime.timedelta(hours=3 * n)
        factories.InteractionFactory(customer=customer, occurred_at=at)
    for n in range(tickets):
        at = start if same_time else start + datetime.timedelta(hours=5 * n + 1)
        factories.TicketFactory(customer=customer, created_at=at)


def _walk(customer, limit: int) -> list[tuple[str, int]]:
    seen, cursor = [], None
    while True:
        page = customer_timeline(customer=customer, cursor=cursor, limit=limit, with_sms=True)
        seen += [(e.kind, e.pk) for e in page.entries]
        assert len(page.entries) <= limit
        if page.next_cursor is None:
            return seen
        cursor = page.next_cursor


@pytest.mark.parametrize("same_time", [False, True])
def test_the_timeline_lists_every_interaction_and_complaint_newest_first_once(
        customer, same_time) -> None:
    _history(customer, interactions=23, tickets=9, same_time=same_time)
    seen = _walk(customer, limit=5)
    assert len(seen) == len(set(seen)) == 32
    entries = customer_timeline(customer=customer, limit=100).entries
    assert [(e.kind, e.pk) for e in entries] == seen
    times = [e.at for e in entries]
    assert times == sorted(times, reverse=True)


def test_the_timeline_shows_only_this_customers_history(customer) -> None:
    factories.InteractionFactory(customer=customer)
    factories.InteractionFactory()
    assert len(customer_timeline(customer=customer).entries) == 1


def test_a_timeline_page_costs_the_same_queries_whatever_the_history(customer) -> None:
    _history(customer, interactions=5, tickets=2)
    with CaptureQueriesContext(connection) as small:
        customer_timeline(customer=customer, limit=25, with_sms=True)
    _history(customer, interactions=200, tickets=50)
    with CaptureQueriesContext(connection) as large:
        page = customer_timeline(customer=customer, limit=25, with_sms=True)
    # Interactions, complaints, SMS to the customer's mobiles, record changes.
    assert len(large) == len(small) == 4
    assert len(page.entries) == 25


def test_a_forged_cursor_is_a_404(customer) -> None:
    from django.http import Http404

    with pytest.raises(Http404):
        customer_timeline(customer=customer, cursor="bm90IGEgY3Vyc29y")


def test_the_timeline_query_uses_the_index(customer) -> None:
    Interaction.objects.bulk_create(
        Interaction(customer=customer, channel="sms", direction="in",
                    occurred_at=timezone.now() - datetime.timedelta(minutes=n))
        for n in range(3000))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE customers_interaction")
    plan = (Interaction.objects.filter(customer=customer).order_by("-occurred_at", "-id")[:26]
            .explain())
    assert "interaction_timeline" in plan


def test_sms_to_the_customers_mobiles_page_with_the_rest_at_the_same_instant(customer) -> None:
    factories.ContactPointFactory(customer=customer, value="+212661000777")
    _history(customer, interactions=4, tickets=3, same_time=True)
    at = timezone.now() - datetime.timedelta(days=400)
    OutboxMessage.objects.bulk_create(
        OutboxMessage(kind="sms", event="reply", to="+212661000777", created_at=at)
        for _n in range(5))
    OutboxMessage.objects.create(kind="sms", event="reply", to="+212661999999", created_at=at)
    seen = _walk(customer, limit=3)
    assert len(seen) == len(set(seen)) == 12
    assert [kind for kind, _pk in seen].count("sms") == 5


def test_the_sms_stream_uses_its_index(customer) -> None:
    factories.ContactPointFactory(customer=customer, value="+212661000777")
    now = timezone.now()
    OutboxMessage.objects.bulk_create(
        OutboxMessage(kind="sms", event="reply", to=f"+2126610{n % 1000:05d}",
                      created_at=now - datetime.timedelta(minutes=n))
        for n in range(3000))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE tickets_outboxmessage")
    plan = (OutboxMessage.objects.filter(kind="sms", to="+212661000777")
            .order_by("-created_at", "-id")[:26].explain())
    assert "outbox_sms_to" in plan
