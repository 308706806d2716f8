"""The queue's search box: words best first, phones, the label, odd input, bounded cost."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.translation import gettext

from contactcenter.customers.models import Customer
from contactcenter.org.models import Agent
from tests import factories
from tests.conftest import client_for
from tests.desk.helpers import HTMX
from tickets import search, services
from tickets.models import Category, Ticket

pytestmark = pytest.mark.django_db

_REFERENCE = re.compile(r'class="ref" dir="ltr" href="/desk/tickets/(\d+)/"')


def _references(response) -> list[str]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200
    return _REFERENCE.findall(response.content.decode())


def _open(customer: Customer, by: Agent, description: str, *, days_ago: float,
          category: Category | None = None) -> Ticket:
    return services.open_complaint(customer=customer, channel="counter", by=by,
                                   description=description, category=category,
                                   now=timezone.now() - timedelta(days=days_ago))


@pytest.fixture
def complaints(handler: Agent, customer: Customer, category: Category) -> dict[str, Ticket]:
    """Three complaints of the handler's agency; the best match for "pension bloquée" is
    the oldest, the newest does not match."""
    best = _open(customer, handler, "Pension bloquée depuis trois mois, pension de "
                 "retraite suspendue", days_ago=9, category=category)
    reply = _open(customer, handler, "Remboursement de soins", days_ago=3, category=category)
    services.record_customer_reply(ticket=reply, text="Ma pension reste bloquée",
                                   actor_label="client")
    other = _open(customer, handler, "Changement d'adresse", days_ago=1, category=category)
    return {"best": best, "reply": reply, "other": other}


def test_words_list_the_best_matches_first(handler: Agent, complaints) -> None:
    client = client_for(handler)
    for scope in ("all", "mine"):
        found = _references(client.get("/desk/", {"scope": scope, "q": "pensions bloquees"}))
        assert found == [complaints["best"].reference, complaints["reply"].reference], scope


def test_a_sorted_column_orders_the_matches(handler: Agent, complaints) -> None:
    found = _references(client_for(handler).get(
        "/desk/", {"scope": "all", "q": "pension", "sort": "-opened"}))
    assert found == [complaints["reply"].reference, complaints["best"].reference]


def test_the_htmx_partial_searches_the_same(handler: Agent, complaints) -> None:
    partial = client_for(handler).get("/desk/", {"scope": "all", "q": "pension bloquée"},
                                      HTTP_HX_TARGET="queue-table", **HTMX)
    assert _references(partial) == [complaints["best"].reference,
                                    complaints["reply"].reference]


def test_a_phone_typed_any_way_finds_the_customers_complaints(handler: Agent,
                                                              customer: Customer,
                                                              complaints) -> None:
    factories.ContactPointFactory(customer=customer, value="+212612345678")
    client = client_for(handler)
    for typed in ("06 12 34 56 78", "+212612345678", "00212 6 12-34-56-78"):
        found = _references(client.get("/desk/", {"scope": "all", "q": typed}))
        assert sorted(found) == sorted(t.reference for t in complaints.values()), typed


def test_the_search_box_says_what_it_finds(handler: Agent) -> None:
    with translation.override("fr"):
        label = gettext("Reference, customer, phone or words")
    assert label != "Reference, customer, phone or words"
    html = client_for(handler).get("/desk/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert f'<label for="id_q">{label}</label>' in html


@pytest.mark.parametrize("typed", ["&|!():*", "pension & !retraite", "'\"", "le la",
                                   "x" * 10_000, "pension " * 1_500, "\\%_"])
def test_odd_input_gets_a_page_not_an_error(handler: Agent, complaints, typed: str) -> None:
    response = client_for(handler).get("/desk/", {"scope": "all", "q": typed})
    assert response.status_code == 200
    found = _references(response)
    if typed == "pension & !retraite":  # the words, not operators
        assert found == [complaints["best"].reference]
    if typed == "pension " * 1_500:
        assert set(found) == {complaints["best"].reference, complaints["reply"].reference}


def test_a_search_costs_a_constant_number_of_queries(handler: Agent, customer: Customer,
                                                     complaints, monkeypatch) -> None:
    """Words: one query more than the plain queue (the first matches, which tell whether
    to rank them), whether they are ranked or too many to be; a phone: none more."""
    client = client_for(handler)
    client.get("/desk/")  # the session and the like are warm

    def count(params: dict[str, str]) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/desk/", params).status_code == 200
        return len(queries.captured_queries)

    plain = count({"scope": "all"})
    assert count({"scope": "all", "q": "pension bloquée"}) == plain + 1
    assert count({"scope": "all", "q": "0612345678"}) == plain
    assert count({"scope": "mine", "q": "retraite"}) == count({"scope": "mine"}) + 1
    monkeypatch.setattr(search, "RANK_LIMIT", 1)
    assert count({"scope": "all", "q": "pension"}) == plain + 1
