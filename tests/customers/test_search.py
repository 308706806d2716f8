from __future__ import annotations

import pytest

from tests import factories
from tickets.customer_scope import search_customers

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(agency_a):
    return {
        "benali": factories.CustomerFactory(agency=agency_a, first_name="Fatima",
                                            last_name="Bénali"),
        "arabic": factories.CustomerFactory(agency=agency_a, first_name="فاطمة",
                                            last_name="الإدريسي"),
        "other": factories.CustomerFactory(agency=agency_a, first_name="Youssef",
                                           last_name="Tazi"),
    }


@pytest.mark.parametrize("query", ["benali", "BENALI", "Bénali", "fatima benali",
                                   "benalli"])
def test_name_search_ignores_accents_case_and_small_typos(agent, people, query) -> None:
    results = list(search_customers(agent=agent, query=query))
    assert results[0] == people["benali"]
    assert people["other"] not in results


def test_arabic_name_search_ignores_hamza_forms_and_harakat(agent, people) -> None:
    assert list(search_customers(agent=agent, query="الادريسي")) == [people["arabic"]]
    # The same script first; "Fatima" in Latin script too (names across scripts).
    assert list(search_customers(agent=agent, query="فَاطِمَة")) == [people["arabic"],
                                                                   people["benali"]]


def test_search_by_identifier_and_phone(agent, people) -> None:
    person = people["other"]
    factories.ContactPointFactory(customer=person, value="+212700112233")
    assert list(search_customers(agent=agent, query=person.immatriculation)) == [person]
    assert list(search_customers(agent=agent, query=person.cin.lower())) == [person]
    assert list(search_customers(agent=agent, query="07 00 11 22 33")) == [person]


def test_an_empty_query_finds_nothing(agent, people) -> None:
    assert list(search_customers(agent=agent, query="   ")) == []
