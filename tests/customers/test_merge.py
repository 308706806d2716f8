from __future__ import annotations

import datetime

import pytest

from contactcenter.customers import services
from contactcenter.customers.exceptions import MergeRefused
from contactcenter.customers.models import ContactPoint, Customer, CustomerMerge, DependantLink
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def duplicate(customer):
    """The same person recorded again, provisionally, at the counter of their agency."""
    record = factories.CustomerFactory(
        first_name="", last_name="", immatriculation=None, cin=None, agency=customer.agency,
        to_identify=True, roles=[Customer.Role.PENSIONER])
    factories.ContactPointFactory(customer=record, value="+212661000222")
    return record


def test_everything_moves_to_the_survivor_and_the_merge_is_recorded(customer, duplicate,
                                                                    supervisor) -> None:
    factories.ContactPointFactory(customer=customer, value="+212661000111")
    interactions = factories.InteractionFactory.create_batch(3, customer=duplicate)
    ticket = factories.TicketFactory(customer=duplicate)
    employer = factories.EmployerFactory()
    services.link_employment(person=duplicate, employer=employer,
                             start_date=datetime.date(2020, 1, 1))
    child = factories.CustomerFactory(immatriculation=None, cin=None, roles=[])
    services.link_dependant(insured=duplicate, dependant=child, relationship="child")

    merge = services.merge_customers(survivor=customer, duplicate=duplicate,
                                     by=supervisor.user, reason="Même personne (CIN vérifiée)")

    customer.refresh_from_db()
    duplicate.refresh_from_db()
    assert duplicate.merged_into == customer
    assert set(customer.interactions.all()) == set(interactions)
    assert list(customer.tickets.all()) == [ticket]
    assert set(customer.contact_points.values_list("value", flat=True)) == {
        "+212661000111", "+212661000222"}
    assert customer.employments.get().employer == employer
    assert customer.dependants.get().dependant == child
    assert sorted(customer.roles) == ["insured", "pensioner"]
    assert not customer.to_identify
    assert merge.merged_by == supervisor.user and merge.merged_at is not None
    assert merge.moved["customers.Interaction.customer"] == 3
    assert merge.moved["tickets.Ticket.customer"] == 1
    assert merge.snapshot["to_identify"] is True
    assert CustomerMerge.objects.get() == merge


def test_the_survivor_takes_identifiers_it_lacked(customer, supervisor) -> None:
    survivor = factories.CustomerFactory(immatriculation=None, cin=None)
    services.merge_customers(survivor=survivor, duplicate=customer, by=supervisor.user)
    survivor.refresh_from_db()
    customer.refresh_from_db()
    assert survivor.immatriculation and survivor.cin
    assert customer.immatriculation is None
    assert services.identify(survivor.immatriculation) == [survivor]


def test_shared_rows_are_not_duplicated_by_a_merge(customer, duplicate, supervisor) -> None:
    factories.ContactPointFactory(customer=customer, value="+212661000222")
    services.link_dependant(insured=customer, dependant=duplicate, relationship="spouse")
    services.merge_customers(survivor=customer, duplicate=duplicate, by=supervisor.user)
    assert ContactPoint.objects.filter(value="+212661000222").count() == 1
    assert not DependantLink.objects.exists()


def test_a_merged_record_is_found_no_more_and_its_page_leads_to_the_survivor(
        customer, duplicate, supervisor) -> None:
    services.merge_customers(survivor=customer, duplicate=duplicate, by=supervisor.user)
    assert services.identify("0661000222") == [customer]
    from tests.conftest import client_for

    response = client_for(supervisor).get(f"/customers/{duplicate.pk}/")
    assert response.status_code == 302
    assert response.url == f"/customers/{customer.pk}/"


@pytest.mark.parametrize("case", ["self", "already", "kinds"])
def test_impossible_merges_are_refused_and_change_nothing(case, customer, duplicate,
                                                          supervisor) -> None:
    if case == "self":
        survivor, other = customer, customer
    elif case == "already":
        services.merge_customers(survivor=customer, duplicate=duplicate, by=supervisor.user)
        survivor, other = factories.CustomerFactory(), duplicate
    else:
        survivor, other = customer, factories.EmployerFactory()
    merges = CustomerMerge.objects.count()
    with pytest.raises(MergeRefused):
        services.merge_customers(survivor=survivor, duplicate=other, by=supervisor.user)
    assert CustomerMerge.objects.count() == merges
