"""contactcenter.customers.demo: the demo customers, spread over the demo agencies."""

from __future__ import annotations

import pytest
from django.db import models

from contactcenter.customers import demo
from contactcenter.customers.identifiers import parse_phone, validate_identifier, validate_mobile
from contactcenter.customers.models import ContactPoint, Customer, DependantLink, Employment
from contactcenter.org.demo import seed_organisation
from contactcenter.org.models import Agency

pytestmark = pytest.mark.django_db

SMALL = {"persons": 200, "employers": 20}


@pytest.fixture
def agencies() -> dict[str, Agency]:
    return seed_organisation().agencies


def test_small_set_has_persons_and_employers_with_valid_identifiers(agencies) -> None:
    population = demo.seed_customers(agencies, **SMALL)

    employers = Customer.objects.filter(kind=Customer.Kind.EMPLOYER)
    persons = Customer.objects.filter(kind=Customer.Kind.PERSON)
    assert employers.count() == 20 == len(population.employers)
    assert persons.exclude(roles__contains=[Customer.Role.DEPENDANT]).count() == 200
    assert len(population.persons) == 200
    for employer in employers:
        assert validate_identifier("affiliation_number", employer.affiliation_number)
        assert employer.company_name and employer.agency_id
    for person in persons.exclude(roles__contains=[Customer.Role.DEPENDANT]):
        assert validate_identifier("immatriculation", person.immatriculation)
        assert validate_identifier("cin", person.cin)
        assert person.birth_date and person.agency_id
    for customer in Customer.objects.all():
        customer.full_clean(validate_unique=False)  # the database enforces uniqueness
        assert customer.name_search == customer.compute_name_search()
    for role in (Customer.Role.INSURED, Customer.Role.PENSIONER, Customer.Role.VOLUNTARY):
        assert persons.filter(roles__contains=[role]).exists(), role
    assert persons.filter(preferred_language="ar").exists()
    assert persons.filter(first_name__regex=r"[\u0600-\u06FF]").exists()


def test_small_set_has_valid_phones_and_a_few_numbers_shared_within_a_household(
        agencies) -> None:
    demo.seed_customers(agencies, **SMALL)

    mobiles = ContactPoint.objects.filter(kind=ContactPoint.Kind.MOBILE)
    assert mobiles.count() > 150
    for point in mobiles:
        assert validate_mobile(point.value) == point.value
    for point in ContactPoint.objects.filter(kind=ContactPoint.Kind.LANDLINE):
        assert parse_phone(point.value) == point.value
    shared = (mobiles.values("value").annotate(n=models.Count("customer"))
              .filter(n__gt=1))
    assert shared.exists()
    for row in shared:
        people = {point.customer_id for point in mobiles.filter(value=row["value"])}
        assert DependantLink.objects.filter(insured__in=people, dependant__in=people).exists()


def test_small_set_links_persons_to_employers_and_dependants(agencies) -> None:
    demo.seed_customers(agencies, **SMALL)

    employments = Employment.objects.select_related("person", "employer")
    assert employments.filter(end_date__isnull=True).exists()
    assert employments.filter(end_date__isnull=False).exists()
    for employment in employments:
        assert employment.person.kind == Customer.Kind.PERSON
        assert employment.employer.kind == Customer.Kind.EMPLOYER
        assert employment.start_date > employment.person.birth_date
    assert (Employment.objects.values("person").annotate(n=models.Count("employer"))
            .filter(n__gt=1).exists())
    links = DependantLink.objects.select_related("dependant")
    assert {link.relationship for link in links} >= {"spouse", "child"}
    for link in links:
        assert link.dependant.roles == [Customer.Role.DEPENDANT]
        assert link.dependant.immatriculation is None
    assert not Customer.objects.filter(roles__contains=[Customer.Role.DEPENDANT],
                                       dependant_of__isnull=True).exists()


def test_a_smaller_set_is_the_beginning_of_a_larger_one(agencies) -> None:
    demo.seed_customers(agencies, persons=30, employers=10)
    small = set(Customer.objects.values_list("immatriculation", "cin", "first_name",
                                             "birth_date"))

    demo.seed_customers(agencies, persons=60, employers=10)

    assert small < set(Customer.objects.values_list("immatriculation", "cin", "first_name",
                                                    "birth_date"))
    assert Customer.objects.filter(kind=Customer.Kind.PERSON,
                                   immatriculation__isnull=False).count() == 60


def test_planning_twice_gives_the_same_rows(agencies) -> None:
    def plan() -> list[tuple[object, ...]]:
        population = demo.plan_population(agencies, persons=40, employers=5)
        return [(c.kind, c.first_name, c.last_name, c.company_name, c.cin, c.birth_date,
                 c.immatriculation, c.affiliation_number, c.agency.code)
                for c in (*population.employers, *population.persons,
                          *(d.customer for d in population.dependants))]

    assert plan() == plan()


@pytest.mark.parametrize(("persons", "employers", "message"), [
    (-1, 10, "The number of persons must be between 0 and 100000."),
    (demo.MAX_PERSONS + 1, 10, "The number of persons must be between 0 and 100000."),
    (10, 0, "The number of employers must be between 1 and 100000."),
    (0, demo.MAX_EMPLOYERS + 1, "The number of employers must be between 1 and 100000."),
])
def test_sizes_out_of_range_are_refused_before_anything_is_written(
        agencies, persons: int, employers: int, message: str) -> None:
    with pytest.raises(ValueError) as raised:
        demo.seed_customers(agencies, persons=persons, employers=employers)

    assert str(raised.value) == message
    assert not Customer.objects.exists()
