"""The migration that fills the names' skeletons for the records already there."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.db import connection

from contactcenter.customers.models import Customer
from tests import factories

pytestmark = pytest.mark.django_db

migration = importlib.import_module(
    "contactcenter.customers.migrations.0005_customer_records_and_name_keys")


def test_the_migration_fills_every_records_keys(agency_a, monkeypatch) -> None:
    monkeypatch.setattr(migration, "BATCH", 2)  # several batches and a last partial one
    people = [factories.CustomerFactory(agency=agency_a, first_name=first, last_name=last)
              for first, last in [("محمد", "بناني"), ("Youssef", "Ouazzani"),
                                  ("Aya", ""), ("Karim", "Tazi"), ("فاطمة", "الزهراء")]]
    employer = factories.EmployerFactory(agency=agency_a, company_name="Atlas Textile")
    saved = dict(Customer.objects.values_list("pk", "name_keys"))  # as the model keeps them
    Customer.objects.update(name_keys=[])
    with connection.schema_editor() as editor:
        migration.fill_name_keys(apps, editor)
    keys = dict(Customer.objects.values_list("pk", "name_keys"))
    assert keys[people[0].pk] == ["mhmd", "bn", "mhmdbn"]
    assert keys[people[1].pk] == ["sf", "zn", "sfzn"]
    assert keys[people[2].pk] == []  # a name of vowels only
    assert keys[employer.pk][:2] == ["tls", "tkstl"]
    assert keys == saved
