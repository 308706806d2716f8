"""The OpenAPI schema is valid, warning-free, and lists every endpoint."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from contactcenter.org.models import Agent
from tests.api.conftest import api_client_for

ACTIONS = ["triage", "assign", "take", "start", "ask_customer", "receive_customer_reply",
           "refer", "receive_referral_answer", "resolve", "close", "reopen", "cancel",
           "merge_into", "reply", "note"]
PATHS = {
    "/api/v1/customers/": {"get", "post"},
    "/api/v1/customers/{id}/": {"get"},
    "/api/v1/customers/{id}/timeline/": {"get"},
    "/api/v1/customers/{id}/contacts/": {"post"},
    "/api/v1/customers/{id}/contacts/{contact_id}/": {"patch", "delete"},
    "/api/v1/customers/{id}/contacts/{contact_id}/retire/": {"post"},
    "/api/v1/complaints/": {"get", "post"},
    "/api/v1/complaints/{reference}/": {"get"},
    **{f"/api/v1/complaints/{{reference}}/{name}/": {"post"} for name in ACTIONS},
    "/api/v1/categories/": {"get"},
    "/api/v1/conversations/": {"get"},
    "/api/v1/conversations/{id}/": {"get"},
    **{f"/api/v1/conversations/{{id}}/{name}/": {"post"}
       for name in ["accept", "messages", "close", "complaint"]},
    "/api/v1/knowledge/search/": {"get"},
    "/api/v1/knowledge/usage/": {"get"},
    "/api/v1/reports/summary/": {"get"},
}


def test_the_schema_validates_without_warnings_and_lists_the_endpoints(tmp_path: Path) -> None:
    target = tmp_path / "schema.json"
    call_command("spectacular", "--validate", "--fail-on-warn", "--format", "openapi-json",
                 "--file", str(target))
    schema = json.loads(target.read_text())
    paths = {path: set(operations) - {"parameters"}
             for path, operations in schema["paths"].items()}
    assert paths == PATHS
    resolve = schema["paths"]["/api/v1/complaints/{reference}/resolve/"]["post"]
    assert {"200", "400", "403", "404", "409", "422"} <= set(resolve["responses"])
    assert {"tokenAuth", "cookieAuth"} <= set(schema["components"]["securitySchemes"])


@pytest.mark.django_db
def test_the_schema_is_served(client: Client) -> None:
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    assert "/api/v1/complaints/{reference}/merge_into/" in response.json()["paths"]


def test_every_operation_documents_the_input_guard_s_400_and_lists_their_bad_cursor(
        tmp_path: Path) -> None:
    target = tmp_path / "schema.json"
    call_command("spectacular", "--format", "openapi-json", "--file", str(target))
    schema = json.loads(target.read_text())
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if method != "parameters":
                assert "400" in operation["responses"], (method, path)
    for path in ["/api/v1/customers/", "/api/v1/complaints/"]:
        assert "404" in schema["paths"][path]["get"]["responses"]


@pytest.mark.django_db
def test_an_api_address_that_matches_no_route_answers_json(agent: Agent) -> None:
    response = api_client_for(agent).get("/api/v1/customers/null,null/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found."}
    assert "text/html" in api_client_for(agent).get("/desk/nowhere/x/y/")["Content-Type"]


@pytest.mark.django_db
def test_every_operation_documents_the_401_it_answers_without_credentials() -> None:
    schema = Client().get("/api/schema/", {"format": "json"}).json()
    assert schema["components"]["schemas"]["Error"]["properties"]["detail"]
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert "401" in operation["responses"], f"{method} {path}"
    assert Client().get("/api/v1/complaints/").status_code == 401
