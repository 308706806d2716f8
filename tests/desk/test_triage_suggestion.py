"""The complaint page's triage suggestion: shown on a complaint without a category, with its
confidence and queue; applied only by the agent's click, through the triage action; the
customer's possible duplicates with a one-click merge."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.html import escape

from knowledge import triage
from tests import factories
from tests.conftest import client_for
from tests.desk.helpers import fr
from tickets import services
from tickets.models import State, Ticket

pytestmark = pytest.mark.django_db

FAMILY_SMS = "Salam, mes allocations familiales ne sont pas versées depuis deux mois"
_FORM = re.compile(r'<form method="post" action="(/desk/tickets/\d+/[a-z_]+/)"[^>]*>(.*?)</form>',
                   re.S)
_HIDDEN = re.compile(r'<input type="hidden" name="(\w+)" value="([^"]*)">')


def _by_sms(customer, text: str = FAMILY_SMS, *, days_ago: int = 0) -> Ticket:  # type: ignore[no-untyped-def]
    """A complaint as a customer's SMS opens it: no category, waiting for triage."""
    ticket = services.open_complaint(customer=customer, channel="sms", by=None,
                                     description=text, notify=False)
    if days_ago:
        Ticket.objects.filter(pk=ticket.pk).update(
            created_at=timezone.now() - timedelta(days=days_ago))
    return Ticket.objects.get(pk=ticket.pk)


def _panel(html: str) -> str:
    start = html.find('class="card triage-suggestion"')
    if start < 0:
        return ""
    return html[start:html.index("</section>", start)]


def _page(client: Client, ticket: Ticket) -> str:
    response = client.get(f"/desk/tickets/{ticket.reference}/")
    assert response.status_code == 200
    return response.content.decode()


def _forms(panel: str) -> list[tuple[str, dict[str, str]]]:
    return [(url, dict(_HIDDEN.findall(body))) for url, body in _FORM.findall(panel)]


def test_the_panel_suggests_the_category_with_its_confidence_and_queue(
        trained, categories, customer, handler) -> None:
    ticket = _by_sms(customer)
    best = triage.suggest_categories(ticket.description, audiences_allowed=["insured"],
                                     agency=ticket.agency)[0]

    panel = _panel(_page(client_for(handler), ticket))

    assert best.category == categories["family"]
    assert escape(fr("Suggested category: %(category)s (%(percent)s %%)",
                     category="Allocations familiales", percent=best.percent_label)) in panel
    assert escape(fr("Queue: %(queue)s", queue=best.queue)) in panel
    # The pensioners' and employers' categories do not fit an insured person.
    assert "Pension en retard" not in panel and "Paiement non crédité" not in panel
    url, values = _forms(panel)[0]
    assert url == f"/desk/tickets/{ticket.reference}/triage/"
    assert values["category"] == str(categories["family"].pk)
    assert values["queue"] == str(best.queue.pk)  # type: ignore[union-attr]
    assert Ticket.objects.get(pk=ticket.pk).category_id is None  # shown, not applied


def test_apply_posts_the_triage_action_and_only_then_sets_the_category(
        trained, categories, customer, handler) -> None:
    ticket = _by_sms(customer)
    client = client_for(handler)
    url, values = _forms(_panel(_page(client, ticket)))[0]

    response = client.post(url, values)

    assert response.status_code == 302
    triaged = Ticket.objects.get(pk=ticket.pk)
    assert triaged.category == categories["family"]
    assert triaged.queue_id == int(values["queue"])
    assert triaged.state != State.NEW
    assert triaged.events.filter(action="triage", actor=handler).exists()
    assert _panel(_page(client, triaged)) == ""  # categorised: no suggestion any more


def test_an_agent_who_may_not_triage_sees_no_apply_button(
        trained, categories, customer, regional_manager) -> None:
    ticket = _by_sms(customer)

    panel = _panel(_page(client_for(regional_manager), ticket))

    assert "Allocations familiales" in panel
    assert "/triage/" not in panel


def test_no_panel_on_a_complaint_that_has_a_category(trained, categories, customer,
                                                     handler) -> None:
    ticket = services.open_complaint(customer=customer, channel="sms", by=handler,
                                     description=FAMILY_SMS, category=categories["health"])

    assert _panel(_page(client_for(handler), ticket)) == ""


def test_without_a_model_the_page_works_and_shows_no_suggestion(categories, customer,
                                                                handler) -> None:
    ticket = _by_sms(customer)

    html = _page(client_for(handler), ticket)

    assert _panel(html) == "" and ticket.reference in html


def test_possible_duplicates_are_listed_with_a_one_click_merge_into_the_older(
        trained, categories, customer, supervisor, handler) -> None:
    older = _by_sms(customer, "Mes allocations familiales ne sont plus versées", days_ago=6)
    _by_sms(factories.CustomerFactory(agency=customer.agency), FAMILY_SMS)  # someone else's
    ticket = _by_sms(customer)

    panel = _panel(_page(client_for(supervisor), ticket))

    assert panel.count('href="/desk/tickets/') == 1 and older.reference in panel
    merge = [(url, values) for url, values in _forms(panel) if url.endswith("/merge_into/")]
    assert len(merge) == 1
    url, values = merge[0]
    assert url == f"/desk/tickets/{ticket.reference}/merge_into/"
    assert values["survivor"] == older.reference
    # The assignee or a supervisor merges: the front office sees the duplicate only.
    assert "/merge_into/" not in _panel(_page(client_for(handler), ticket))

    response = client_for(supervisor).post(url, {**values, "confirm": "on"})

    assert response.status_code == 302
    merged = Ticket.objects.get(pk=ticket.pk)
    assert merged.state == State.MERGED and merged.merged_into_id == older.pk


def test_the_panel_in_arabic(trained, categories, customer, handler) -> None:
    ticket = _by_sms(customer, "لم أتوصل بالتعويضات العائلية منذ شهرين")
    client = client_for(handler)
    client.cookies["django_language"] = "ar"

    panel = _panel(_page(client, ticket))

    assert "الفئة المقترحة" in panel and "تطبيق" in panel
