"""GET /api/v1/reports/summary/: the dashboard's headline figures, its filters and scope."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db
URL = "/api/v1/reports/summary/"
JUNE = {"from": "2026-06-01", "to": "2026-06-30"}


def _client(agent) -> APIClient:
    client = APIClient()
    client.force_authenticate(agent.user)
    return client


def test_the_headline_figures_of_a_period(june, regional_manager) -> None:
    response = _client(regional_manager).get(URL, JUNE)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["from"] == "2026-06-01" and body["to"] == "2026-06-30"
    assert (body["received"], body["resolved"]) == (4, 3)  # region A only, not T5
    assert body["resolution_calendar_days"] == {"median": 2.8, "p90": 4.4}
    assert body["resolution_business_hours"] == {"median": 22.0, "p90": 35.2}
    assert body["within_sla_percent"] == 66.7
    assert body["told_every_step_percent"] == 33.3


def test_filters_narrow_the_figures(june, administrator, agency_a, category) -> None:
    client = _client(administrator)
    assert client.get(URL, JUNE).json()["received"] == 5
    assert client.get(URL, {**JUNE, "agency": agency_a.pk}).json()["received"] == 4
    assert client.get(URL, {**JUNE, "channel": "phone"}).json()["received"] == 2
    assert client.get(URL, {**JUNE, "category": category.pk}).json()["received"] == 5


def test_bad_input_is_refused_by_parameter(june, regional_manager, agency_b) -> None:
    client = _client(regional_manager)
    missing = client.get(URL, {"from": "2026-06-01"})
    assert missing.status_code == 400 and set(missing.json()) == {"to"}
    backwards = client.get(URL, {"from": "2026-06-30", "to": "2026-06-01"})
    assert backwards.status_code == 400 and "to" in backwards.json()
    garbled = client.get(URL, {"from": "June", "to": "2026-06-30"})
    assert garbled.status_code == 400 and "from" in garbled.json()
    outside = client.get(URL, {**JUNE, "agency": agency_b.pk})  # another region's agency
    assert outside.status_code == 400 and "agency" in outside.json()


def test_other_roles_are_refused(june, agent) -> None:
    assert _client(agent).get(URL, JUNE).status_code == 403
    assert APIClient().get(URL, JUNE).status_code in (401, 403)
