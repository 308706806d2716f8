"""Templates on the complaint page: the resolution form carries each outcome's template for
the complaint's category, filled, and the reply composer the reply templates; a reply, a
request or an explanation still holding a placeholder is refused naming it, and nothing is
sent."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from knowledge import services as knowledge_services
from knowledge.models import ReplyTemplate
from tests.conftest import client_for
from tests.desk.helpers import HTMX, in_progress, shows
from tickets.models import Category, OutboxMessage, State, Ticket

pytestmark = pytest.mark.django_db


def _template(body: str, *, outcome: str = "", category: Category | None = None,
              language: str = "fr", name: str = "Modèle") -> ReplyTemplate:
    return knowledge_services.save_reply_template(ReplyTemplate(
        name=name, language=language, outcome=outcome, category=category, body=body))


def _post(client: Client, ticket: Ticket, action: str, data: dict[str, Any],
          **extra: Any):  # type: ignore[no-untyped-def]
    version = Ticket.objects.get(pk=ticket.pk).version
    return client.post(f"/desk/tickets/{ticket.reference}/{action}/",
                       {"version": version, **data}, **extra)


def _embedded(page: str, name: str) -> Any:
    start = page.index(f'<script id="templates-{name}" type="application/json">')
    body = page[page.index(">", start) + 1:page.index("</script>", start)]
    return json.loads(body)


def test_the_page_embeds_the_filled_templates_and_loads_the_picker_script(
        mobile_customer, handler, category) -> None:
    ticket = in_progress(mobile_customer, handler, category)
    _template("Refus générique car {rule}.", outcome="rejected")
    _template("AF refusées pour {customer_name} car {rule}.", outcome="rejected",
              category=category)
    _template("Versement de {amount} fait.", outcome="accepted")
    reply = _template("Bonjour {customer_name}, réclamation {reference}.", name="Accusé")
    page = client_for(handler).get(ticket.get_absolute_url()).content.decode()
    decisions = _embedded(page, "resolve")
    assert decisions == {"rejected": "AF refusées pour Fatima Benali car {rule}.",
                         "accepted": "Versement de {amount} fait."}
    assert _embedded(page, "reply") == {
        str(reply.pk): f"Bonjour Fatima Benali, réclamation {ticket.reference}."}
    assert 'data-templates="templates-resolve"' in page
    assert f'<option value="{reply.pk}">Accusé</option>' in page
    assert "/static/js/templates.js" in page
    assert "<script>" not in page  # no inline script (CSP): data only


def test_a_page_without_templates_has_no_picker(mobile_customer, handler, category) -> None:
    ticket = in_progress(mobile_customer, handler, category)
    page = client_for(handler).get(ticket.get_absolute_url()).content.decode()
    assert "templates-resolve" not in page and "js/templates.js" not in page


def test_an_explanation_with_a_placeholder_left_is_refused(mobile_customer, handler,
                                                           category) -> None:
    ticket = in_progress(mobile_customer, handler, category)
    response = _post(client_for(handler), ticket, "resolve",
                     {"outcome": "partly_accepted",
                      "explanation": "Nous versons {amount}. Le reste est refusé car {rule}.",
                      "rule": ""}, **HTMX)
    assert response.status_code == 422
    assert shows(response, "Replace %(placeholders)s before sending.",
                 placeholders="{amount}, {rule}")
    ticket = Ticket.objects.get(pk=ticket.pk)
    assert ticket.state == State.IN_PROGRESS and not ticket.explanation
    assert not OutboxMessage.objects.filter(ticket=ticket, event="resolved").exists()


def test_the_rule_typed_fills_the_explanation(mobile_customer, handler, category) -> None:
    ticket = in_progress(mobile_customer, handler, category)
    response = _post(client_for(handler), ticket, "resolve",
                     {"outcome": "rejected", "explanation": "Refusé car {rule}.",
                      "rule": "l'enfant a plus de 21 ans"})
    assert response.status_code == 302
    ticket = Ticket.objects.get(pk=ticket.pk)
    assert ticket.state == State.RESOLVED
    assert ticket.explanation == "Refusé car l'enfant a plus de 21 ans."


@pytest.mark.parametrize(("action", "field"), [("reply", "text"),
                                               ("ask_customer", "request")])
def test_a_message_to_the_customer_with_a_placeholder_left_is_refused(
        mobile_customer, handler, category, action: str, field: str) -> None:
    ticket = in_progress(mobile_customer, handler, category)
    before = OutboxMessage.objects.count()
    response = _post(client_for(handler), ticket, action,
                     {field: "Merci d'apporter {document} pour {amount}."}, **HTMX)
    assert response.status_code == 422
    assert shows(response, "Replace %(placeholders)s before sending.",
                 placeholders="{document}, {amount}")
    assert OutboxMessage.objects.count() == before
    assert Ticket.objects.get(pk=ticket.pk).state == State.IN_PROGRESS


def test_a_filled_reply_is_sent(mobile_customer, handler, category) -> None:
    ticket = in_progress(mobile_customer, handler, category)
    response = _post(client_for(handler), ticket, "reply",
                     {"text": "Merci d'apporter votre RIB {en agence}."})
    assert response.status_code == 302  # braces that are no placeholder go through
    assert OutboxMessage.objects.filter(ticket=ticket, event="reply").exists()
