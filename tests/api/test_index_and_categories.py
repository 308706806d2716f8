"""The API's root answers an index of its resources, its documentation is readable in the
browser (from the OpenAPI schema, nothing from another site), and the categories are listed
with their labels, audience and active flag."""

from __future__ import annotations

import pytest
from django.test import Client

from tests import factories
from tests.api.conftest import api_client_for
from tickets.models import Category

pytestmark = pytest.mark.django_db


def test_the_root_lists_the_resources_and_the_documentation() -> None:
    response = Client().get("/api/v1/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert response.json() == {
        "customers": "http://testserver/api/v1/customers/",
        "complaints": "http://testserver/api/v1/complaints/",
        "categories": "http://testserver/api/v1/categories/",
        "conversations": "http://testserver/api/v1/conversations/",
        "documentation": "http://testserver/api/v1/docs/",
        "schema": "http://testserver/api/schema/",
    }


@pytest.mark.parametrize(("language", "title", "direction"), [
    ("fr", "Documentation de l'API", 'dir="ltr"'),
    ("ar", "توثيق واجهة البرمجة", 'dir="rtl"')])
def test_the_documentation_page_describes_every_operation(language, title, direction) -> None:
    client = Client()
    client.cookies["django_language"] = language
    response = client.get("/api/v1/docs/")
    html = response.content.decode().replace("&#x27;", "'")
    assert response.status_code == 200 and title in html and direction in html
    for operation in ("/api/v1/complaints/", "/api/v1/complaints/{reference}/triage/",
                      "/api/v1/customers/", "/api/v1/categories/",
                      "/api/v1/conversations/", "/api/v1/conversations/{id}/accept/"):
        assert f'<code dir="ltr">{operation}</code>' in html, operation
    assert 'id="schema-OpenComplaint"' in html
    assert "<script>" not in html and " onclick=" not in html  # no inline code
    assert "https://" not in html  # nothing from another site
    csp = response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in csp and "script-src 'self'" in csp


def test_the_categories_with_labels_audience_and_active_flag(handler) -> None:
    factories.CategoryFactory(code="emp-late", audience=Category.Audience.EMPLOYER,
                              label_fr="Retard de déclaration", label_ar="تأخر في التصريح")
    factories.CategoryFactory(code="ins-old", audience=Category.Audience.INSURED,
                              label_fr="Ancienne", label_ar="قديمة", is_active=False)
    response = api_client_for(handler).get("/api/v1/categories/")
    assert response.status_code == 200
    listed = {row["code"]: row for row in response.json()}
    assert listed["emp-late"] == {"code": "emp-late", "label_fr": "Retard de déclaration",
                                  "label_ar": "تأخر في التصريح", "audience": "employer",
                                  "is_active": True}
    assert listed["ins-old"]["is_active"] is False


def test_the_categories_need_a_token() -> None:
    assert Client().get("/api/v1/categories/").status_code == 401
