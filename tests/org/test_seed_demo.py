from __future__ import annotations

import re
from collections import Counter
from io import StringIO
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import models
from django.http import HttpRequest
from django.test import Client

from contactcenter.customers.identifiers import parse_phone, validate_identifier, validate_mobile
from contactcenter.customers.models import ContactPoint, Customer, DependantLink, Employment
from contactcenter.org import demo
from contactcenter.org.models import Agency, Agent, Direction, Queue, Region
from tests import factories
from tickets.models import Category

pytestmark = pytest.mark.django_db

SMALL = {"persons": 200, "employers": 20}
ARABIC = re.compile(r"[\u0600-\u06FF]")
REGION_NAMES = {"Grand Casablanca", "Rabat-Kénitra", "Chaouia-Tadla", "Tanger-Tétouan",
                "Oriental", "Fès-Boulmane", "Meknès-Tafilalt", "Tensift", "Sud"}


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    """The demo hashes its password once and every test signs in; a cheap hasher keeps
    these tests fast (the mechanism is the same)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def dump() -> dict[str, list[tuple[object, ...]]]:
    """Every row of the tables the demo writes, in primary-key order."""
    tables: list[type[models.Model]] = [
        Region, Agency, Direction, Queue, get_user_model(), Agent, Agent.queues.through,
        Category, Customer, ContactPoint, Employment, DependantLink]
    return {model._meta.label: list(model._default_manager.order_by("pk").values_list())
            for model in tables}


def test_seed_demo_builds_the_nine_regions_with_their_agencies_and_queues() -> None:
    demo.seed_demo(persons=0, employers=0)

    regions = list(Region.objects.prefetch_related("agencies__queues"))
    assert {region.name_fr for region in regions} == REGION_NAMES
    for region in regions:
        assert ARABIC.search(region.name_ar), region.code
        assert 3 <= region.agencies.count() <= 5, region.code
        for agency in region.agencies.all():
            assert agency.city and ARABIC.search(agency.name_ar)
            assert [queue.code for queue in agency.queues.all()] == [f"FO-{agency.code}"]


def test_seed_demo_builds_the_headquarters_directions_and_the_call_centre() -> None:
    demo.seed_demo(persons=0, employers=0)

    back_office = Direction.objects.filter(kind=Direction.Kind.BACK_OFFICE)
    assert set(back_office.values_list("code", flat=True)) == {
        "DAFF", "DASS", "DAMO", "DFC", "DSI", "DIA"}
    assert Direction.objects.filter(kind=Direction.Kind.CALL_CENTRE).count() == 1
    for direction in Direction.objects.all():
        assert ARABIC.search(direction.name_ar)
        assert direction.queues.count() == 1


def test_seed_demo_staffs_every_role_with_about_fifty_agents() -> None:
    demo.seed_demo(persons=0, employers=0)

    roles = Counter(Agent.objects.values_list("role", flat=True))
    assert set(roles) == set(Agent.Role.values)
    assert 45 <= sum(roles.values()) <= 55
    assert set(Agent.objects.filter(role=Agent.Role.REGIONAL_MANAGER)
               .values_list("region__code", flat=True)) == set(
        Region.objects.values_list("code", flat=True))
    assert Agent.objects.filter(role=Agent.Role.SUPERVISOR, agency__isnull=False).exists()
    assert Agent.objects.filter(role=Agent.Role.SUPERVISOR,
                                direction__kind=Direction.Kind.CALL_CENTRE).exists()
    for agent in Agent.objects.select_related("user"):
        assert agent.user.first_name and agent.user.last_name
        is_admin = agent.role == Agent.Role.ADMINISTRATOR
        assert agent.user.is_superuser == is_admin
        assert agent.user.is_staff == (is_admin or agent.role == Agent.Role.AUDITOR)
        if agent.role in (Agent.Role.FRONT_OFFICE, Agent.Role.BACK_OFFICE,
                          Agent.Role.CALL_CENTRE):
            assert agent.queues.count() == 1


def test_each_demo_login_signs_in_with_the_demo_password() -> None:
    demo.seed_demo(persons=0, employers=0)

    assert len(demo.DEMO_LOGINS) == len(Agent.Role.values)
    roles = {Agent.objects.get(user__username=username).role
             for _label, username in demo.DEMO_LOGINS}
    assert roles == set(Agent.Role.values)
    for _label, username in demo.DEMO_LOGINS:
        # The login lockout needs the request (its client address).
        assert Client().login(request=HttpRequest(), username=username,
                              password=demo.DEMO_PASSWORD), username


def test_small_set_has_persons_and_employers_with_valid_identifiers() -> None:
    demo.seed_demo(**SMALL)

    employers = Customer.objects.filter(kind=Customer.Kind.EMPLOYER)
    persons = Customer.objects.filter(kind=Customer.Kind.PERSON)
    assert employers.count() == 20
    assert persons.exclude(roles__contains=[Customer.Role.DEPENDANT]).count() == 200
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


def test_small_set_has_valid_phones_and_a_few_numbers_shared_within_a_household() -> None:
    demo.seed_demo(**SMALL)

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


def test_small_set_links_persons_to_employers_and_dependants() -> None:
    demo.seed_demo(**SMALL)

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


def test_categories_cover_the_three_audiences_in_french_and_arabic() -> None:
    demo.seed_demo(persons=0, employers=0)

    categories = Category.objects.all()
    assert set(categories.values_list("audience", flat=True)) == set(
        Category.Audience.values)
    for category in categories:
        assert category.label_fr and ARABIC.search(category.label_ar), category.code
    routed = categories.filter(default_queue__isnull=False).select_related(
        "default_queue__direction")
    assert routed.exists() and categories.filter(default_queue__isnull=True).exists()
    kinds = {category.code: category.default_queue.direction.kind for category in routed}
    # Callback requests go to the call centre, the other routed ones to headquarters.
    assert kinds.pop("ins-callback") == Direction.Kind.CALL_CENTRE
    assert set(kinds.values()) == {Direction.Kind.BACK_OFFICE}


def test_seeding_twice_leaves_identical_data() -> None:
    demo.seed_demo(**SMALL)
    first = dump()

    demo.seed_demo(**SMALL)

    assert dump() == first


def test_seeding_again_restores_edited_demo_rows_without_duplicating_them() -> None:
    demo.seed_demo(**SMALL)
    first = dump()
    link = DependantLink.objects.filter(relationship="child").select_related("dependant")[0]
    Customer.objects.filter(pk=link.dependant_id).update(last_name="Changed", roles=[])
    Customer.objects.filter(kind=Customer.Kind.PERSON, immatriculation__isnull=False).update(
        first_name="Changed")

    demo.seed_demo(**SMALL)

    assert dump() == first


def test_a_smaller_set_is_the_beginning_of_a_larger_one() -> None:
    demo.seed_demo(persons=30, employers=10)
    small = set(Customer.objects.values_list("immatriculation", "cin", "first_name",
                                             "birth_date"))

    demo.seed_demo(persons=60, employers=10)

    assert small < set(Customer.objects.values_list("immatriculation", "cin", "first_name",
                                                    "birth_date"))
    assert Customer.objects.filter(kind=Customer.Kind.PERSON,
                                   immatriculation__isnull=False).count() == 60


def test_command_prints_a_summary_and_the_demo_logins() -> None:
    out = StringIO()

    call_command("seed_demo", "--persons", "20", "--employers", "5", stdout=out)

    assert "20 insured persons" in out.getvalue()
    assert "guichet" in out.getvalue() and demo.DEMO_PASSWORD in out.getvalue()
    assert Customer.objects.filter(kind=Customer.Kind.EMPLOYER).count() == 5


def test_command_with_if_empty_skips_when_regions_exist() -> None:
    factories.RegionFactory(code="DR-X")
    out = StringIO()

    call_command("seed_demo", "--if-empty", "--persons", "20", "--employers", "5", stdout=out)

    assert "nothing to do" in out.getvalue()
    assert Region.objects.count() == 1
    assert not Customer.objects.exists()


def test_command_with_if_empty_loads_an_empty_database() -> None:
    call_command("seed_demo", "--if-empty", "--persons", "10", "--employers", "2",
                 stdout=StringIO())

    assert Region.objects.count() == 9


def test_command_refuses_sizes_out_of_range() -> None:
    with pytest.raises(CommandError):
        call_command("seed_demo", "--persons", "-1", stdout=StringIO())
    with pytest.raises(CommandError):
        call_command("seed_demo", "--persons", "10", "--employers", "0", stdout=StringIO())

