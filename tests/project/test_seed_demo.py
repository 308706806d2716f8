"""contactcenter.demo and the seed_demo command: the whole demo data set, app by app."""

from __future__ import annotations

import re
from io import StringIO
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import models

from contactcenter import demo
from contactcenter.customers.models import ContactPoint, Customer, DependantLink, Employment
from contactcenter.org.demo import DEMO_PASSWORD
from contactcenter.org.demo_data import CATEGORIES, STAFF
from contactcenter.org.models import Agency, Agent, Direction, Queue, Region
from tests import factories
from tickets.models import Category

pytestmark = pytest.mark.django_db

SMALL = {"persons": 200, "employers": 20}


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    """The demo hashes its password once; a cheap hasher keeps these tests fast (the
    mechanism is the same)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def dump() -> dict[str, list[tuple[object, ...]]]:
    """Every row of the tables the demo writes, in primary-key order."""
    tables: list[type[models.Model]] = [
        Region, Agency, Direction, Queue, get_user_model(), Agent, Agent.queues.through,
        Category, Customer, ContactPoint, Employment, DependantLink]
    return {model._meta.label: list(model._default_manager.order_by("pk").values_list())
            for model in tables}


def test_seed_demo_counts_what_it_wrote() -> None:
    summary = demo.seed_demo(**SMALL)

    assert summary == demo.DemoSummary(
        regions=Region.objects.count(), agencies=Agency.objects.count(),
        directions=Direction.objects.count(), queues=Queue.objects.count(),
        agents=len(STAFF), categories=len(CATEGORIES), employers=20, persons=200,
        dependants=DependantLink.objects.count(), employments=Employment.objects.count(),
        contact_points=ContactPoint.objects.count())
    assert Agent.objects.count() == len(STAFF) and Category.objects.count() == len(CATEGORIES)


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


def test_seed_demo_refuses_sizes_out_of_range_and_writes_nothing() -> None:
    with pytest.raises(ValueError, match="number of persons"):
        demo.seed_demo(persons=-1, employers=10)
    with pytest.raises(ValueError, match="number of employers"):
        demo.seed_demo(persons=10, employers=0)

    assert not Region.objects.exists()


def test_command_prints_a_summary_and_the_demo_logins() -> None:
    out = StringIO()

    call_command("seed_demo", "--persons", "20", "--employers", "5", "--history", "300",
                 "--activity-days", "30", stdout=out)

    assert "20 insured persons" in out.getvalue()
    assert re.search(r"History in [0-9.]+ s: 300 complaints over two years, [1-9][0-9]* calls",
                     out.getvalue())
    assert "guichet" in out.getvalue() and DEMO_PASSWORD in out.getvalue()
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
                 "--history", "0", "--activity-days", "0", stdout=StringIO())

    assert Region.objects.count() == 9


def test_command_refuses_sizes_out_of_range() -> None:
    with pytest.raises(CommandError):
        call_command("seed_demo", "--persons", "-1", stdout=StringIO())
    with pytest.raises(CommandError):
        call_command("seed_demo", "--persons", "10", "--employers", "0", stdout=StringIO())


def test_command_refuses_a_history_out_of_range() -> None:
    with pytest.raises(CommandError, match="historical complaints"):
        call_command("seed_demo", "--persons", "10", "--employers", "2", "--history", "-5",
                     "--activity-days", "0", stdout=StringIO())
