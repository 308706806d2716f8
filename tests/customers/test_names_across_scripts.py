"""A name written in Arabic script is found by its Latin spellings, and the reverse, on the
first page of the desk's search; different people's names are not taken for each other.
The list and the figures: tests/customers/names_across_scripts.py, bench/README.md."""

from __future__ import annotations

import pytest

from tests import factories
from tests.customers.names_across_scripts import NAMES, UNRELATED
from tickets.customer_scope import SEARCH_LIMIT, search_customers

pytestmark = pytest.mark.django_db


def _person(agency, name: str):  # type: ignore[no-untyped-def]
    first, _space, last = name.partition(" ")
    return factories.CustomerFactory(agency=agency, first_name=first, last_name=last)


def _found(agent, query: str, customer) -> bool:  # type: ignore[no-untyped-def]
    return customer in list(search_customers(agent=agent, query=query)[:SEARCH_LIMIT])


def test_names_are_found_across_scripts_with_90_percent_recall(agent, agency_a) -> None:
    assert len(NAMES) >= 40
    arabic = [_person(agency_a, name) for name, _spellings in NAMES]
    latin = [_person(agency_a, spellings[0]) for _name, spellings in NAMES]
    pairs = found = 0
    missed = []
    for (name, spellings), arabic_record, latin_record in zip(NAMES, arabic, latin,
                                                             strict=True):
        for spelling in spellings:
            pairs += 1
            if _found(agent, spelling, arabic_record):
                found += 1
            else:
                missed.append(f"{spelling} -> {name}")
        pairs += 1
        if _found(agent, name, latin_record):
            found += 1
        else:
            missed.append(f"{name} -> {spellings[0]}")
    assert found / pairs >= 0.9, missed


def test_the_examples_of_the_brief(agent, agency_a) -> None:
    bennani = _person(agency_a, "محمد بناني")
    idrissi = _person(agency_a, "Fatima Zahra El Idrissi")
    assert _found(agent, "Mohamed Bennani", bennani)
    assert _found(agent, "Mohammed Benani", bennani)
    assert _found(agent, "فاطمة الزهراء الإدريسي", idrissi)


def test_unrelated_names_do_not_match(agent, agency_a) -> None:
    for query, other in UNRELATED:
        record = _person(agency_a, other)
        assert not _found(agent, query, record), (query, other)


def test_records_of_the_same_script_come_first(agent, agency_a) -> None:
    arabic = _person(agency_a, "محمد بناني")
    latin = _person(agency_a, "Mohamed Bennani")
    assert list(search_customers(agent=agent, query="Mohamed Bennani")) == [latin, arabic]


def test_every_word_matched_in_either_script_ranks_above_a_shared_family_name(
        agent, agency_a) -> None:
    arabic = _person(agency_a, "المهدي الزروالي")
    others = [_person(agency_a, f"{first} Zerouali") for first in ("Ahmed", "Saida", "Anas")]
    results = list(search_customers(agent=agent, query="Mehdi Zerouali"))
    assert results[0] == arabic and set(results[1:]) == set(others)


def test_every_name_of_the_demo_data_is_found_across_scripts(agency_a) -> None:
    from contactcenter.customers.models import Customer
    from contactcenter.customers.selectors import name_matches
    from contactcenter.org.demo_data import FEMALE_NAMES, LAST_NAMES, MALE_NAMES

    pairs = [*MALE_NAMES, *FEMALE_NAMES, *LAST_NAMES]
    records = {name: factories.CustomerFactory(agency=agency_a, first_name="", last_name=name)
               for pair in pairs for name in pair}
    missed = [(query, stored) for pair in pairs for query, stored in (pair, pair[::-1])
              if not Customer.objects.filter(name_matches(query),
                                             pk=records[stored].pk).exists()]
    assert missed == []
