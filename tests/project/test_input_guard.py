"""Hostile input gets a 400 naming where it was, never a server error, and nothing is
stored: control characters anywhere in a request, JSON nested too deep."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from contactcenter.org.models import Agent
from telephony.models import InboundMessage
from tests.api.conftest import api_client_for
from tests.conftest import client_for
from tests.telephony.conftest import (
    post_sms,
    sms_params,
    sms_webhook,  # noqa: F401 (fixture)
)
from tickets.models import Ticket

pytestmark = pytest.mark.django_db


def _refused(response, field: str) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["field"] == field
    assert "control character" in body["detail"] or "nested" in body["detail"]


@pytest.mark.parametrize("path", ["/desk/tickets/AB%00CD/", "/suivi/reclamations/%00/",
                                  "/api/v1/complaints/%00/", "/admin/%7F/"])
def test_a_control_character_in_the_path_is_refused(agent: Agent, path: str) -> None:
    _refused(client_for(agent).get(path), "path")


def test_a_control_character_in_the_query_string_names_the_parameter(agent: Agent) -> None:
    _refused(client_for(agent).get("/desk/", {"q": "Benali\x00"}), "q")
    _refused(client_for(agent).get("/desk/?state%00=x"), "state?")


def test_a_control_character_in_a_form_field_names_it_and_nothing_is_stored(
        agent: Agent, customer) -> None:  # type: ignore[no-untyped-def]
    response = client_for(agent).post(f"/desk/open/{customer.pk}/", {
        "channel": "counter", "description": "Pension\x00 non versée"})
    _refused(response, "description")
    assert not Ticket.objects.exists()


def test_tabs_and_new_lines_are_text_not_control(agent: Agent) -> None:
    response = client_for(agent).get("/desk/", {"q": "a\tb\r\nc"})
    assert response.status_code == 200


@pytest.mark.parametrize("payload", [
    {"description": "\x00"},
    {"customer": 1, "details": {"nested": ["ok", "bad\x1b"]}},
    {"bad\x00key": "x"},
])
def test_a_control_character_in_a_json_field_names_its_path(agent: Agent,
                                                            payload: dict) -> None:
    response = api_client_for(agent).post("/api/v1/complaints/", payload, format="json")
    assert response.status_code == 400
    assert "control character" in response.json()["detail"]
    assert not Ticket.objects.exists()


def test_the_json_field_path_is_dotted(agent: Agent) -> None:
    response = api_client_for(agent).post(
        "/api/v1/complaints/", {"customer": 1, "details": {"nested": ["ok", "bad\x1b"]}},
        format="json")
    _refused(response, "details.nested.1")


@pytest.mark.parametrize("depth", [33, 100_000])
def test_json_nested_too_deep_is_refused(agent: Agent, depth: int) -> None:
    body = "[" * depth + "]" * depth
    response = api_client_for(agent).post("/api/v1/complaints/", body,
                                          content_type="application/json")
    _refused(response, "body")


def test_json_within_the_depth_goes_on_to_the_view(agent: Agent) -> None:
    body = json.dumps({"description": [[[["deep but fine"]]]]})
    response = api_client_for(agent).post("/api/v1/complaints/", body,
                                          content_type="application/json")
    assert response.status_code == 400 and "field" not in response.json()


def test_a_control_character_in_a_header_or_cookie_is_refused(agent: Agent) -> None:
    _refused(Client().get("/api/v1/complaints/", HTTP_AUTHORIZATION="Token \x00abc"),
             "Authorization")
    client = Client()
    client.cookies["sessionid"] = "abc\x00def"
    _refused(client.get("/desk/"), "sessionid")


@pytest.mark.usefixtures("sms_webhook")
def test_a_carrier_parameter_with_a_control_character_is_refused_and_not_stored() -> None:
    response = post_sms(sms_params("Bonjour", sender="+212661000333\x00"))
    _refused(response, "From")
    assert not InboundMessage.objects.exists()


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_a_date_filter_beyond_the_calendar_is_a_field_error(agent: Agent, day: str) -> None:
    response = api_client_for(agent).get("/api/v1/complaints/", {"opened_before": day})
    assert response.status_code == 400 and "opened_before" in response.json()
    page = client_for(agent).get("/desk/", {"opened_before": day, "opened_after": day})
    assert page.status_code == 200


@pytest.mark.usefixtures("sms_webhook")
def test_an_sms_body_with_control_characters_is_cleaned_not_refused() -> None:
    """The customer's text is kept: a refused SMS would not be sent again."""
    response = post_sms(sms_params("Pension\x00 non versée"))
    assert response.status_code == 200
    assert InboundMessage.objects.get().body == "Pension non versée"
    _refused(post_sms(sms_params("Bonjour\x00", sender="+212661000333\x00")), "From")
