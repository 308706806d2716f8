"""The complaint list's `q`: the desk's search, documented, newest first for the cursor."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from contactcenter.customers.models import Customer
from contactcenter.org.models import Agent
from tests import factories
from tests.api.conftest import api_client_for
from tickets import services
from tickets.models import Ticket


def _open(customer: Customer, by: Agent, description: str, days_ago: float) -> Ticket:
    return services.open_complaint(customer=customer, channel="counter", by=by,
                                   description=description,
                                   now=timezone.now() - timedelta(days=days_ago))


def _listed(client, **params: object) -> list[str]:  # type: ignore[no-untyped-def]
    response = client.get("/api/v1/complaints/", params)
    assert response.status_code == 200, response.content
    return [row["reference"] for row in response.json()["results"]]


@pytest.mark.django_db
def test_q_finds_words_phones_and_stays_in_scope(handler: Agent, customer: Customer,
                                                 customer_b: Customer,
                                                 other_agency_agent: Agent) -> None:
    factories.ContactPointFactory(customer=customer, value="+212612345678")
    older = _open(customer, handler, "Allocations familiales suspendues", days_ago=4)
    newer = _open(customer, handler, "Allocation familiale non versée", days_ago=1)
    _open(customer, handler, "Changement d'adresse", days_ago=2)
    _open(customer_b, other_agency_agent, "Allocation familiale non versée", days_ago=1)
    client = api_client_for(handler)
    assert _listed(client, q="allocation familiale") == [newer.reference, older.reference]
    assert _listed(client, q="الضمان") == []
    assert len(_listed(client, q="00212 6 12 34 56 78")) == 3
    assert _listed(client, q="allocation", page_size=1) == [newer.reference]
    for typed in ("&|!():*", "x" * 10_000, "'"):
        assert _listed(client, q=typed) == []


def test_the_schema_documents_q(tmp_path: Path) -> None:
    target = tmp_path / "schema.json"
    call_command("spectacular", "--format", "openapi-json", "--file", str(target))
    schema = json.loads(target.read_text())
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/complaints/"]["get"]
                  ["parameters"]}
    description = parameters["q"]["description"]
    assert "phone" in description and "words" in description and "newest first" in description
