"""The API's complaints carry their deadlines and their deadline status, in the schema."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from contactcenter.org.models import Agent
from tests import factories
from tests.api.conftest import api_client_for
from tickets import services
from tickets.models import State

pytestmark = pytest.mark.django_db


def test_a_complaint_says_when_it_is_due_and_how_it_stands(handler: Agent, customer,
                                                           category) -> None:
    ticket = services.open_complaint(customer=customer, channel="counter", by=handler,
                                     description="Pension non versée", category=category)
    answer = api_client_for(handler).get(f"/api/v1/complaints/{ticket.reference}/").json()
    assert answer["resolution_due"] is not None and answer["first_response_due"] is not None
    assert answer["first_responded_at"] is None
    assert answer["sla_status"] in {"on_time", "at_risk"}


@pytest.mark.parametrize("fields,status", [
    ({"state": State.IN_PROGRESS, "sla_breached": True}, "breached"),
    ({"state": State.IN_PROGRESS, "sla_level": 1}, "at_risk"),
    ({"state": State.WAITING, "sla_running_since": None, "resolution_due": None}, "paused"),
    ({"state": State.CANCELLED, "sla_running_since": None}, None),
])
def test_the_list_gives_each_complaints_deadline_status(handler: Agent, customer, fields,
                                                        status) -> None:
    now = timezone.now()
    factories.TicketFactory(customer=customer, **{
        "sla_running_since": now - timedelta(hours=1),
        "resolution_due": now + timedelta(days=2), **fields})
    answer = api_client_for(handler).get("/api/v1/complaints/").json()
    assert [item["sla_status"] for item in answer["results"]] == [status]


def test_the_schema_documents_the_statuses(tmp_path: Path) -> None:
    target = tmp_path / "schema.json"
    call_command("spectacular", "--file", str(target), "--format", "openapi-json",
                 "--validate")
    schema = json.loads(target.read_text())
    field = schema["components"]["schemas"]["Complaint"]["properties"]["sla_status"]
    text = json.dumps(field)
    for value in ("on_time", "at_risk", "breached", "paused", "met"):
        assert value in text
