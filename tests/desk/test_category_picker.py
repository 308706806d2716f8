"""The category picker: grouped by audience, sorted by the label in the page's language, and
offering only the audiences that fit the customer; the API refuses a category that does not
fit, naming the field, and nothing is opened or triaged."""

from __future__ import annotations

import re
from html import unescape

import pytest

from tests import factories
from tests.api.conftest import api_client_for
from tests.conftest import client_for
from tests.desk.helpers import open_ticket
from tickets.models import Category, Ticket

pytestmark = pytest.mark.django_db

Audience = Category.Audience


@pytest.fixture
def categories(front_queue):
    made = {}
    for code, audience, fr, ar in [
        ("emp-late", Audience.EMPLOYER, "Retard de déclaration", "تأخر في التصريح"),
        ("emp-cert", Audience.EMPLOYER, "Attestation d'affiliation", "شهادة الانخراط"),
        ("ins-amo", Audience.INSURED, "Remboursement AMO", "استرجاع مصاريف التأمين الإجباري"),
        ("ins-af", Audience.INSURED, "Allocations familiales", "التعويضات العائلية"),
        ("ins-ij", Audience.INSURED, "Indemnités journalières", "التعويضات اليومية"),
        ("pen-late", Audience.PENSIONER, "Échéance de pension", "أداء المعاش"),
    ]:
        made[code] = factories.CategoryFactory(code=code, audience=audience, label_fr=fr,
                                               label_ar=ar, default_queue=front_queue)
    factories.CategoryFactory(code="old", audience=Audience.INSURED, label_fr="Ancienne",
                              label_ar="قديم", is_active=False)
    return made


def _groups(html: str, select: str) -> list[tuple[str, list[str]]]:
    """The optgroups of a <select> and their options' labels, in order."""
    found = re.search(rf'<select name="{select}"[^>]*>(.*?)</select>', html, re.S)
    assert found, select
    return [(label, [unescape(option) for option in
                     re.findall(r"<option [^>]*>([^<]*)</option>", body)])
            for label, body in re.findall(r'<optgroup label="([^"]*)">(.*?)</optgroup>',
                                          found.group(1), re.S)]


def _open_form(agent, customer, language: str = "fr") -> str:
    client = client_for(agent)
    client.cookies["django_language"] = language
    return client.get(f"/desk/open/{customer.pk}/").content.decode()


def test_an_insured_person_is_offered_the_insured_categories_sorted(customer, handler,
                                                                     categories) -> None:
    assert _groups(_open_form(handler, customer), "category") == [
        ("Assurés", ["Allocations familiales", "Indemnités journalières",
                     "Remboursement AMO"])]


def test_the_order_follows_the_page_language(customer, handler, categories) -> None:
    assert _groups(_open_form(handler, customer, "ar"), "category") == [
        ("المؤمَّن لهم", ["استرجاع مصاريف التأمين الإجباري", "التعويضات العائلية",
                          "التعويضات اليومية"])]


def test_an_employer_is_offered_the_employer_categories(handler, agency_a, categories) -> None:
    employer = factories.EmployerFactory(agency=agency_a)
    assert _groups(_open_form(handler, employer), "category") == [
        ("Employeurs", ["Attestation d'affiliation", "Retard de déclaration"])]


def test_a_person_both_insured_and_pensioner_gets_both_groups(handler, agency_a,
                                                              categories) -> None:
    both = factories.CustomerFactory(agency=agency_a, roles=["insured", "pensioner"])
    assert [label for label, _options in _groups(_open_form(handler, both), "category")] == [
        "Assurés", "Pensionnés"]


def test_the_desk_refuses_a_category_of_another_audience(customer, handler,
                                                         categories) -> None:
    response = client_for(handler).post(f"/desk/open/{customer.pk}/", {
        "channel": "counter", "priority": "normal", "description": "Déclaration en retard",
        "category": categories["emp-late"].pk})
    assert response.status_code == 422
    assert "Choisissez une catégorie parmi celles proposées pour ce client." in (
        response.content.decode().replace("&#x27;", "'"))
    assert not Ticket.objects.exists()


def test_the_triage_form_is_grouped_and_filtered_too(customer, handler, categories) -> None:
    ticket = open_ticket(customer, handler)
    client = client_for(handler)
    html = client.get(f"/desk/tickets/{ticket.reference}/").content.decode()
    assert [label for label, _options in _groups(html, "category")] == ["Assurés"]


def test_the_api_refuses_a_category_that_does_not_fit_and_opens_nothing(
        customer, handler, categories) -> None:
    response = api_client_for(handler).post("/api/v1/complaints/", {
        "customer": customer.pk, "channel": "phone", "category": "emp-late",
        "description": "Déclaration"}, format="json", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 400
    assert response.json()["category"] == [
        "« Retard de déclaration » est une catégorie pour : Employeurs. "
        "Choisissez-en une qui convient à ce client."]
    assert not Ticket.objects.exists()
    fitting = api_client_for(handler).post("/api/v1/complaints/", {
        "customer": customer.pk, "channel": "phone", "category": "ins-af",
        "description": "AF"}, format="json")
    assert fitting.status_code == 201


def test_the_api_triage_refuses_a_category_that_does_not_fit(customer, handler,
                                                             categories) -> None:
    ticket = open_ticket(customer, handler)
    client = api_client_for(handler)
    refused = client.post(f"/api/v1/complaints/{ticket.reference}/triage/",
                          {"category": "pen-late"}, format="json")
    assert refused.status_code == 400 and "category" in refused.json()
    after = Ticket.objects.get(pk=ticket.pk)
    assert after.category_id is None and after.events.count() == 1
    accepted = client.post(f"/api/v1/complaints/{ticket.reference}/triage/",
                           {"category": "ins-amo"}, format="json")
    assert accepted.status_code == 200
