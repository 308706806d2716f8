"""contactcenter.org.demo: the demo organisation and its staff."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import models
from django.http import HttpRequest
from django.test import Client

from contactcenter.org import demo
from contactcenter.org.models import Agency, Agent, Direction, Queue, Region

pytestmark = pytest.mark.django_db

ARABIC = re.compile(r"[\u0600-\u06FF]")
REGION_NAMES = {"Grand Casablanca", "Rabat-Kénitra", "Chaouia-Tadla", "Tanger-Tétouan",
                "Oriental", "Fès-Boulmane", "Meknès-Tafilalt", "Tensift", "Sud"}


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    """The demo hashes its password once and every test signs in; a cheap hasher keeps
    these tests fast (the mechanism is the same)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def seed() -> demo.Organisation:
    organisation = demo.seed_organisation()
    demo.seed_staff(organisation)
    return organisation


def dump() -> dict[str, list[tuple[object, ...]]]:
    """Every row of the tables the organisation's demo writes, in primary-key order."""
    tables: list[type[models.Model]] = [
        Region, Agency, Direction, Queue, get_user_model(), Agent, Agent.queues.through]
    return {model._meta.label: list(model._default_manager.order_by("pk").values_list())
            for model in tables}


def test_seed_organisation_builds_the_nine_regions_with_their_agencies_and_queues() -> None:
    organisation = demo.seed_organisation()

    regions = list(Region.objects.prefetch_related("agencies__queues"))
    assert {region.name_fr for region in regions} == REGION_NAMES
    for region in regions:
        assert ARABIC.search(region.name_ar), region.code
        assert 3 <= region.agencies.count() <= 5, region.code
        for agency in region.agencies.all():
            assert agency.city and ARABIC.search(agency.name_ar)
            assert [queue.code for queue in agency.queues.all()] == [f"FO-{agency.code}"]
    assert len(organisation.regions) == 9
    assert len(organisation.agencies) == Agency.objects.count()
    assert all(row.pk for row in organisation.queues.values())


def test_seed_organisation_builds_the_headquarters_directions_and_the_call_centre() -> None:
    demo.seed_organisation()

    back_office = Direction.objects.filter(kind=Direction.Kind.BACK_OFFICE)
    assert set(back_office.values_list("code", flat=True)) == {
        "DAFF", "DASS", "DAMO", "DFC", "DSI", "DIA"}
    assert Direction.objects.filter(kind=Direction.Kind.CALL_CENTRE).count() == 1
    for direction in Direction.objects.all():
        assert ARABIC.search(direction.name_ar)
        assert direction.queues.count() == 1


def test_seed_staff_staffs_every_role_with_about_fifty_agents() -> None:
    organisation = demo.seed_organisation()

    agents = demo.seed_staff(organisation)

    roles = Counter(Agent.objects.values_list("role", flat=True))
    assert agents == sum(roles.values())
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
    seed()

    assert len(demo.DEMO_LOGINS) == len(Agent.Role.values)
    roles = {Agent.objects.get(user__username=username).role
             for _label, username in demo.DEMO_LOGINS}
    assert roles == set(Agent.Role.values)
    for _label, username in demo.DEMO_LOGINS:
        # The login lockout needs the request (its client address).
        assert Client().login(request=HttpRequest(), username=username,
                              password=demo.DEMO_PASSWORD), username


def test_demo_exists_once_the_organisation_is_loaded() -> None:
    assert not demo.demo_exists()

    demo.seed_organisation()

    assert demo.demo_exists()


def test_seeding_the_organisation_and_staff_twice_leaves_identical_rows() -> None:
    seed()
    first = dump()

    seed()

    assert dump() == first


def test_ascii_letters_keeps_the_plain_letters_of_a_latin_name() -> None:
    assert demo.ascii_letters("Aït Ben-Haddou") == "aitbenhaddou"
