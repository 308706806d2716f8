"""The desk's pages for creating a record and keeping its contact details, and the search
results' columns."""

from __future__ import annotations

import datetime
import re
from html import unescape

import pytest
from django.contrib.messages import get_messages

from contactcenter.customers.models import ContactPoint, Customer, CustomerEvent
from contactcenter.org.models import Agent
from tests import factories
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
FORM = {"kind": "person", "role": "insured", "first_name": "Hajar", "last_name": "Sefrioui",
        "birth_date": "1990-04-02", "cin": "", "immatriculation": "", "affiliation_number": "",
        "company_name": "", "mobile": "0661234567", "address": "", "preferred_language": "fr"}


@pytest.fixture
def auditor(agency_a) -> Agent:
    return factories.AgentFactory(role=Agent.Role.AUDITOR, agency=agency_a)


def test_no_match_offers_to_create_a_customer_prefilled(agent: Agent) -> None:
    client = client_for(agent)
    page = client.get("/customers/", {"q": "Hajar Sefrioui"}, **HTMX).content.decode()
    assert 'href="/customers/new/?q=Hajar%20Sefrioui"' in page
    form = client.get("/customers/new/", {"q": "Hajar Sefrioui"}).content.decode()
    assert 'value="Hajar"' in form and 'value="Sefrioui"' in form


@pytest.mark.parametrize(("query", "field", "value"), [
    ("ab 123456", "cin", "AB123456"),
    ("123456789", "immatriculation", "123456789"),
    ("06 61 23 45 67", "mobile", "06 61 23 45 67"),
    ("1234567", "affiliation_number", "1234567"),
])
def test_the_form_is_prefilled_from_an_identifier_or_a_phone(agent: Agent, query, field,
                                                             value) -> None:
    response = client_for(agent).get("/customers/new/", {"q": query})
    assert response.context["form"].initial[field] == value


def test_the_search_page_has_a_create_button_but_not_for_the_auditor(agent: Agent,
                                                                     auditor: Agent) -> None:
    assert 'href="/customers/new/"' in client_for(agent).get("/customers/").content.decode()
    assert 'href="/customers/new/"' not in client_for(auditor).get(
        "/customers/").content.decode()
    page = client_for(auditor).get("/customers/", {"q": "Nobody"}, **HTMX).content.decode()
    assert "/customers/new/" not in page


def test_the_auditor_may_not_create_nor_change_contacts(auditor: Agent,
                                                        customer: Customer) -> None:
    client = client_for(auditor)
    assert client.get("/customers/new/").status_code == 403
    assert client.post("/customers/new/", FORM).status_code == 403
    point = factories.ContactPointFactory(customer=customer)
    for url in (f"/customers/{customer.pk}/contacts/",
                f"/customers/{customer.pk}/contacts/{point.pk}/retire/"):
        assert client.post(url, {"kind": "mobile", "value": "0700112233"}).status_code in (
            403, 404)
    assert not Customer.objects.exclude(pk=customer.pk).exists()
    assert customer.contact_points.get().retired_at is None


def test_create_goes_to_the_new_record_with_open_a_complaint(agent: Agent) -> None:
    client = client_for(agent)
    response = client.post("/customers/new/", FORM)
    customer = Customer.objects.get()
    assert response.status_code == 302 and response.url == f"/customers/{customer.pk}/"
    assert customer.agency == agent.agency and customer.roles == ["insured"]
    assert customer.birth_date == datetime.date(1990, 4, 2)
    page = client.get(response.url).content.decode()
    assert f'href="/desk/open/{customer.pk}/"' in page or "Open a complaint" in unescape(page)
    assert "Record created" in page or "Fiche créée" in page


def test_duplicates_are_shown_with_links_then_created_anyway(agent: Agent, agency_a) -> None:
    twin = factories.CustomerFactory(agency=agency_a, first_name="هاجر", last_name="الصفريوي")
    client = client_for(agent)
    response = client.post("/customers/new/", FORM)
    assert response.status_code == 200
    page = response.content.decode()
    assert f'href="/customers/{twin.pk}/"' in page
    assert re.search(r'<input type="hidden" name="confirm_duplicate" value="1"', page)
    assert Customer.objects.count() == 1
    response = client.post("/customers/new/", {**FORM, "confirm_duplicate": "1"})
    assert response.status_code == 302 and Customer.objects.count() == 2


def test_a_taken_identifier_cannot_be_created_anyway(agent: Agent,
                                                     customer: Customer) -> None:
    response = client_for(agent).post("/customers/new/", {
        **FORM, "cin": customer.cin, "confirm_duplicate": "1"})
    assert response.status_code == 200
    assert response.context["blocking"] and 'name="confirm_duplicate"' in (
        response.content.decode())
    assert 'name="confirm_duplicate" value=' not in response.content.decode()
    assert Customer.objects.count() == 1


def test_bad_input_shows_errors_on_the_fields_and_saves_nothing(agent: Agent) -> None:
    response = client_for(agent).post("/customers/new/", {
        **FORM, "first_name": "", "mobile": "0537123456", "cin": "12"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"first_name", "mobile", "cin"} <= set(errors)
    assert not Customer.objects.exists() and not ContactPoint.objects.exists()


def test_an_employer_is_created_from_the_form(agent: Agent) -> None:
    response = client_for(agent).post("/customers/new/", {
        **FORM, "kind": "employer", "company_name": "Atlas Textile SA",
        "affiliation_number": "7654321", "mobile": ""})
    assert response.status_code == 302
    employer = Customer.objects.get()
    assert (employer.kind, employer.first_name, employer.affiliation_number) == (
        "employer", "", "7654321")


def test_contact_details_are_added_corrected_and_retired_from_the_record(
        agent: Agent, customer: Customer) -> None:
    client = client_for(agent)
    base = f"/customers/{customer.pk}/contacts/"
    client.post(base, {"kind": "mobile", "value": "+212 6 61 00 00 01"})
    point = customer.contact_points.get()
    assert point.value == "+212661000001" and point.is_primary
    client.post(f"{base}{point.pk}/", {"value": "0661000002"})
    point.refresh_from_db()
    assert point.value == "+212661000002"
    response = client.post(f"{base}{point.pk}/retire/")
    assert response.status_code == 302
    point.refresh_from_db()
    assert point.retired_at is not None
    page = client.get(f"/customers/{customer.pk}/").content.decode()
    assert "+212 6 61 00 00 01" in page and "+212 6 61 00 00 02" in page  # on the history
    assert list(CustomerEvent.objects.filter(customer=customer).values_list("kind", flat=True)
                .order_by("pk")) == ["contact_added", "contact_corrected", "contact_retired"]


def test_a_bad_contact_is_refused_with_a_message(agent: Agent, customer: Customer) -> None:
    response = client_for(agent).post(f"/customers/{customer.pk}/contacts/",
                                      {"kind": "mobile", "value": "0537123456"})
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "0537123456 n'est pas un numéro de mobile."]  # the default language, French
    assert not customer.contact_points.exists()


def test_another_records_contact_is_a_404(agent: Agent, customer: Customer,
                                          agency_a) -> None:
    other = factories.ContactPointFactory(
        customer=factories.CustomerFactory(agency=agency_a))
    response = client_for(agent).post(
        f"/customers/{customer.pk}/contacts/{other.pk}/retire/")
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.retired_at is None


def test_results_show_birth_date_main_phone_and_identifiers(agent: Agent, agency_a) -> None:
    first = factories.CustomerFactory(agency=agency_a, first_name="Karim", last_name="Tazi",
                                      birth_date=datetime.date(1971, 3, 9))
    second = factories.CustomerFactory(agency=agency_a, first_name="Karim", last_name="Tazi",
                                       birth_date=datetime.date(1988, 11, 30))
    factories.ContactPointFactory(customer=first, value="+212661000001", is_primary=True)
    page = client_for(agent).get("/customers/", {"q": "karim tazi"}, **HTMX).content.decode()
    assert "+212 6 61 00 00 01" in page
    assert "09/03/1971" in page and "30/11/1988" in page
    assert first.cin in page and second.immatriculation in page


@pytest.mark.parametrize("notation", ["0661234567", "+212 6 61 23 45 67", "00212661234567",
                                      "06.61.23.45.67", "٠٦٦١٢٣٤٥٦٧"])
def test_a_phone_in_any_notation_finds_the_record(agent: Agent, customer: Customer,
                                                  notation: str) -> None:
    factories.ContactPointFactory(customer=customer, value="+212661234567")
    response = client_for(agent).get("/customers/", {"q": notation}, **HTMX)
    assert list(response.context["results"]) == [customer]


def test_duplicates_outside_the_agents_scope_are_counted_not_shown(agent: Agent,
                                                                   agency_b) -> None:
    elsewhere = factories.CustomerFactory(agency=agency_b, first_name="Karim",
                                          last_name="Lahlou")
    factories.ContactPointFactory(customer=elsewhere, value="+212661234567")
    response = client_for(agent).post("/customers/new/", FORM)
    page = response.content.decode()
    assert response.status_code == 200 and response.context["hidden"] == 1
    assert response.context["candidates"] == []
    assert f"/customers/{elsewhere.pk}/" not in page and "Lahlou" not in page
    assert Customer.objects.count() == 1
