from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from contactcenter.customers import selectors, services
from contactcenter.customers.models import ContactPoint, Customer
from tests import factories

pytestmark = pytest.mark.django_db


def test_identify_finds_a_person_by_immatriculation_cin_or_phone(customer) -> None:
    factories.ContactPointFactory(customer=customer, value="+212612345678")
    assert services.identify(customer.immatriculation) == [customer]
    assert services.identify(customer.cin.lower()) == [customer]
    assert services.identify("06 12 34 56 78") == [customer]
    assert services.identify("+212 612-345-678") == [customer]


def test_identify_reads_arabic_indic_digits(customer) -> None:
    arabic = customer.immatriculation.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    assert services.identify(arabic) == [customer]


def test_identify_finds_an_employer_by_affiliation_number() -> None:
    employer = factories.EmployerFactory(affiliation_number="1234567")
    assert services.identify("123 45 67") == [employer]


def test_a_shared_phone_returns_every_person_never_a_guess(customer) -> None:
    spouse = factories.CustomerFactory(agency=customer.agency)
    for person in (customer, spouse):
        factories.ContactPointFactory(customer=person, value="+212661000111")
    assert services.identify("0661000111") == [customer, spouse]


def test_identify_ignores_merged_records_and_unknown_values(customer) -> None:
    assert services.identify("999999999") == []
    assert services.identify("not an identifier") == []


def test_an_unknown_sender_gets_a_provisional_record_to_identify() -> None:
    result = services.identify_or_provision(phone="0677001122")
    assert result.provisional
    (provisional,) = result.customers
    assert provisional.to_identify
    assert provisional.contact_points.get().value == "+212677001122"
    again = services.identify_or_provision(phone="+212677001122")
    assert not again.provisional and again.customers == [provisional]


def test_a_bad_phone_is_refused_and_nothing_is_saved() -> None:
    with pytest.raises(ValidationError) as error:
        services.identify_or_provision(phone="12345")
    assert "phone" in error.value.message_dict
    assert not Customer.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_messages_from_one_unknown_number_at_once_create_one_record() -> None:
    barrier = threading.Barrier(4)
    results = []

    def provision() -> None:
        barrier.wait()
        results.append(services.identify_or_provision(phone="0699887766"))
        connection.close()

    threads = [threading.Thread(target=provision) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Customer.objects.count() == 1
    assert ContactPoint.objects.filter(value="+212699887766").count() == 1
    assert sum(r.provisional for r in results) == 1


def test_records_with_phone_reads_what_customers_with_phone_selects(customer) -> None:
    spouse = factories.CustomerFactory(agency=customer.agency)
    merged = factories.CustomerFactory(agency=customer.agency, merged_into=customer)
    for person in (spouse, customer, merged):
        factories.ContactPointFactory(customer=person, value="+212661000333")
    records = selectors.records_with_phone("+212661000333")
    assert records == list(selectors.customers_with_phone("+212661000333")) == [customer, spouse]
    assert [r.last_name for r in records] == [customer.last_name, spouse.last_name]
    assert records[0].agency_id == customer.agency_id and not records[0].get_deferred_fields()
    assert selectors.records_with_phone("+212661999999") == []
