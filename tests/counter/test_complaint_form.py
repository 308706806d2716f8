"""Recording a complaint at the counter: the person found by each identifier or phone (or
a provisional record), a category that fits them, the documents checked; a bad input
refused with its reason and nothing half-saved."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext, ngettext

from contactcenter.customers.models import Channel, Customer, Interaction
from contactcenter.customers.text import fold
from contactcenter.org.models import Agent
from telephony.gateway import fake_gateway
from tests import factories
from tests.conftest import client_for
from tickets import audiences
from tickets.models import Attachment, Category, Ticket

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 40
URL = "/counter/complaint/"
PEOPLE = "/counter/complaint/people/"


@pytest.fixture(autouse=True)
def media(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    settings.SMS_GATEWAY = "fake"
    fake_gateway.reset()
    return tmp_path


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Pages in English, the messages' own words, whatever an earlier test left."""
    with translation.override("en"):
        yield


@pytest.fixture
def desk(agent, agency_a) -> Client:
    factories.QueueFactory(agency=agency_a, code="Q-A")
    client = client_for(agent)
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def insured_category() -> Category:
    return factories.CategoryFactory(code="af-late", label_fr="Allocations familiales non "
                                     "versées", label_ar="التعويضات العائلية غير مؤداة")


@pytest.fixture
def employer_category() -> Category:
    return factories.CategoryFactory(code="dec-late", audience=Category.Audience.EMPLOYER,
                                     label_fr="Déclaration des salaires",
                                     label_ar="التصريح بالأجور")


def stored(media: Path) -> list[Path]:
    return [path for path in media.rglob("*") if path.is_file()]


def _post(client: Client, **fields: object) -> object:
    data = {"q": "", "customer": "", "new_identifier": "", "new_name": "",
            "description": "Allocations familiales non reçues depuis mars", **fields}
    return client.post(URL, data)


def error_of(response: object, field: str) -> str:
    """The error shown under a field (the pages are in French, the fund's language)."""
    found = re.search(rf'<ul class="errorlist" id="id_{field}_error"><li>(.*?)</li>',
                      response.content.decode())  # type: ignore[attr-defined]
    return unescape(found.group(1)) if found else ""


def in_french(message: str) -> str:
    with translation.override("fr"):
        return gettext(message)


def _found_pks(html: str) -> list[str]:
    return re.findall(r'data-pk="(\w+)"', html)


# --- The page and who may use it -----------------------------------------------------------

def test_the_form_opens_on_the_search_box_with_the_menu_entry(desk) -> None:
    html = desk.get(URL).content.decode()
    assert re.search(r'<input[^>]*name="q"[^>]*autofocus', html)
    assert ('<a href="/counter/complaint/" aria-current="page">'
            f'{in_french("Record a complaint")}</a>') in html
    assert "counter/complaint.js" in html
    assert " style=" not in html and "<script>" not in html  # the CSP allows neither


@pytest.mark.parametrize(("role", "direction"), [
    (Agent.Role.CALL_CENTRE, "call_centre"), (Agent.Role.BACK_OFFICE, "back_office"),
    (Agent.Role.ADMINISTRATOR, None)])
def test_other_roles_may_not_record_at_a_counter(role, direction) -> None:
    other = factories.AgentFactory(
        role=role, agency=None,
        direction=factories.DirectionFactory(kind=direction) if direction else None)
    client = client_for(other)
    assert client.get(URL).status_code == 403
    assert client.get(PEOPLE, {"q": "BE123456"}).status_code == 403
    assert "/counter/complaint/" not in client.get("/customers/").content.decode()


def test_a_supervisor_of_the_agency_records_too(supervisor) -> None:
    assert client_for(supervisor).get(URL).status_code == 200


# --- Finding the person --------------------------------------------------------------------

def test_the_person_is_found_by_each_identifier_and_by_phone(desk, agency_a) -> None:
    person = factories.CustomerFactory(agency=agency_a, cin="BE123456",
                                       immatriculation="123456789")
    factories.ContactPointFactory(customer=person, value="+212661234567")
    employer = factories.EmployerFactory(agency=agency_a, affiliation_number="1234567")
    for query, found in (("BE123456", person), ("be 123 456", person),
                         ("123456789", person), ("0661 23 45 67", person),
                         ("+212661234567", person), ("1234567", employer)):
        html = desk.get(PEOPLE, {"q": query}).content.decode()
        assert _found_pks(html) == [str(found.pk)], query


def test_a_person_of_another_agency_is_not_shown_and_a_provisional_record_is_offered(
        desk, agency_b) -> None:
    factories.CustomerFactory(agency=agency_b, cin="BK999999")
    html = desk.get(PEOPLE, {"q": "BK999999"}).content.decode()
    assert _found_pks(html) == ["new"]
    assert 'data-identifier="BK999999"' in html
    assert 'data-audiences="insured pensioner"' in html  # a CIN: a person
    assert unescape(in_french("No customer you may see matches “%(query)s”.")
                    % {"query": "BK999999"}) in unescape(html)


def test_a_name_search_offers_the_homonyms_and_a_provisional_record(desk, agency_a) -> None:
    khadija = factories.CustomerFactory(agency=agency_a, first_name="Khadija",
                                        last_name="Bennani", roles=[Customer.Role.PENSIONER])
    html = desk.get(PEOPLE, {"q": "bennani"}).content.decode()
    assert _found_pks(html) == [str(khadija.pk), "new"]
    assert 'data-audiences="pensioner"' in html  # the script offers their categories only
    assert 'data-name="bennani"' in html
    assert 'data-pk="new" data-identifier="" data-name="bennani" data-audiences=""' in html


def test_a_search_of_one_letter_finds_nothing(desk, customer) -> None:
    assert _found_pks(desk.get(PEOPLE, {"q": "B"}).content.decode()) == []


def test_the_categories_carry_their_audience_and_both_names_folded(
        desk, insured_category, employer_category) -> None:
    html = desk.get(URL).content.decode()
    option = re.search(rf'<option value="{insured_category.pk}"[^>]*>', html).group(0)
    assert 'data-audience="insured"' in option
    folded = f"{fold(insured_category.label_fr)} {fold(insured_category.label_ar)} af-late"
    assert f'data-search="{folded}"' in option and "versees" in folded
    assert 'data-other="التعويضات العائلية غير مؤداة"' in option


# --- Recording -----------------------------------------------------------------------------

def test_a_complaint_recorded_for_a_person_found(desk, agent, customer,
                                                 insured_category) -> None:
    response = _post(desk, customer=customer.pk, category=insured_category.pk)
    ticket = Ticket.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/counter/receipt/{ticket.reference}/"
    assert (ticket.customer, ticket.channel, ticket.agency_id, ticket.created_by,
            ticket.category) == (customer, Channel.COUNTER, agent.agency_id, agent,
                                 insured_category)
    visit = Interaction.objects.get()
    assert (visit.customer, visit.channel, visit.agent, visit.ticket) == \
        (customer, Channel.COUNTER, agent, ticket)


def test_the_complaint_is_the_agencys_even_for_a_customer_of_another_agency(
        desk, agent, agency_b, insured_category) -> None:
    """A visitor of agency B seen by agent A through a complaint in A's queue."""
    visitor = factories.CustomerFactory(agency=agency_b)
    queue = factories.QueueFactory(agency=agent.agency, code="Q-A2")
    agent.queues.add(queue)
    factories.TicketFactory(customer=visitor, queue=queue, agency=agency_b)
    _post(desk, customer=visitor.pk, category=insured_category.pk)
    ticket = Ticket.objects.get(channel=Channel.COUNTER)
    assert ticket.agency_id == agent.agency_id
    assert desk.get(f"/counter/receipt/{ticket.reference}/").status_code == 200


@pytest.mark.parametrize(("typed", "field", "stored_value"), [
    ("bk 12 34 56", "cin", "BK123456"),
    ("987654321", "immatriculation", "987654321"),
])
def test_a_provisional_record_by_identifier(desk, agent, insured_category, typed, field,
                                            stored_value) -> None:
    _post(desk, customer="new", new_identifier=typed, new_name="Nadia Chraibi",
          category=insured_category.pk)
    ticket = Ticket.objects.get()
    record = ticket.customer
    assert record.to_identify and record.agency_id == agent.agency_id
    assert getattr(record, field) == stored_value
    assert (record.first_name, record.last_name) == ("Nadia", "Chraibi")


def test_a_provisional_record_by_mobile_keeps_the_number(desk, insured_category) -> None:
    _post(desk, customer="new", new_identifier="06 61 99 88 77",
          category=insured_category.pk)
    record = Ticket.objects.get().customer
    assert record.to_identify and (record.first_name, record.last_name) == ("", "")
    assert list(record.contact_points.values_list("value", flat=True)) == ["+212661998877"]


def test_a_provisional_employer_needs_its_name(desk, employer_category) -> None:
    response = _post(desk, customer="new", new_identifier="7654321",
                     category=employer_category.pk)
    assert response.status_code == 422
    assert error_of(response, "new_name") == in_french("Give the employer's name.")
    assert not Customer.objects.exists() and not Ticket.objects.exists()
    _post(desk, customer="new", new_identifier="7654321", new_name="Atlas Textiles SARL",
          category=employer_category.pk)
    record = Ticket.objects.get().customer
    assert (record.kind, record.company_name, record.affiliation_number) == \
        (Customer.Kind.EMPLOYER, "Atlas Textiles SARL", "7654321")


def test_a_provisional_record_is_refused_for_an_identifier_already_on_record(
        desk, agency_b, insured_category) -> None:
    factories.CustomerFactory(agency=agency_b, cin="BK999999")
    response = _post(desk, customer="new", new_identifier="BK999999",
                     category=insured_category.pk)
    assert response.status_code == 422
    assert "CIN" in error_of(response, "new_identifier")
    assert Customer.objects.count() == 1 and not Ticket.objects.exists()


def test_an_unreadable_identifier_is_refused(desk, insured_category) -> None:
    response = _post(desk, customer="new", new_identifier="hello",
                     category=insured_category.pk)
    assert response.status_code == 422
    assert error_of(response, "new_identifier") == in_french(
        "Type a CIN, an immatriculation number, an affiliation number or a mobile number.")
    assert not Customer.objects.exists()


def test_a_category_of_another_audience_is_refused(desk, agency_a, insured_category,
                                                   employer_category) -> None:
    employer = factories.EmployerFactory(agency=agency_a)
    response = _post(desk, customer=employer.pk, category=insured_category.pk)
    assert response.status_code == 422
    with translation.override("fr"):
        assert error_of(response, "category") == audiences.refusal(insured_category)
    assert not Ticket.objects.exists() and not Interaction.objects.exists()
    # A visitor not on record with a CIN is a person: no employer category for them.
    response = _post(desk, customer="new", new_identifier="BK123456",
                     category=employer_category.pk)
    assert response.status_code == 422
    assert Customer.objects.count() == 1  # the employer only: no provisional record


def test_nothing_picked_is_refused_and_the_search_box_gets_the_error(
        desk, insured_category) -> None:
    response = _post(desk, category=insured_category.pk)
    assert response.status_code == 422
    assert error_of(response, "customer") == in_french(
        "Find the person and pick them, or create a provisional record.")


def test_a_record_the_agent_may_not_see_is_refused(desk, agency_b, insured_category) -> None:
    stranger = factories.CustomerFactory(agency=agency_b)
    response = _post(desk, customer=stranger.pk, category=insured_category.pk)
    assert response.status_code == 422
    assert error_of(response, "customer") == in_french("Pick the person again.")
    assert not Ticket.objects.exists()


def test_an_empty_or_too_long_description_is_refused(desk, customer,
                                                     insured_category) -> None:
    for text in ("  ", "x" * (Ticket.DESCRIPTION_MAX_LENGTH + 1)):
        response = _post(desk, customer=customer.pk, category=insured_category.pk,
                         description=text)
        assert response.status_code == 422
    assert not Ticket.objects.exists()


# --- Scanned documents ---------------------------------------------------------------------

def test_scanned_documents_are_attached(desk, customer, insured_category, media) -> None:
    response = _post(desk, customer=customer.pk, category=insured_category.pk,
                     documents=[SimpleUploadedFile("attestation.pdf", PDF),
                                SimpleUploadedFile("rib.pdf", PDF)])
    assert response.status_code == 302
    ticket = Ticket.objects.get()
    assert sorted(Attachment.objects.filter(ticket=ticket).values_list("name", flat=True)) \
        == ["attestation.pdf", "rib.pdf"]
    assert len(stored(media)) == 2


def test_a_document_of_the_wrong_type_leaves_nothing_behind(desk, insured_category,
                                                            media) -> None:
    """The first file was good and stored, the second is refused: no record, no complaint,
    no visit, no attachment, no file."""
    response = _post(desk, customer="new", new_identifier="BK123456",
                     category=insured_category.pk,
                     documents=[SimpleUploadedFile("attestation.pdf", PDF),
                                SimpleUploadedFile("scan.pdf", EXE)])
    assert response.status_code == 422
    assert "scan.pdf" in error_of(response, "documents")
    assert in_french("Choose the documents again.") in unescape(response.content.decode())
    assert not Customer.objects.exists() and not Ticket.objects.exists()
    assert not Interaction.objects.exists() and not Attachment.objects.exists()
    assert stored(media) == []
    assert fake_gateway.sent == []


def test_a_document_too_large_is_refused(desk, settings, customer, insured_category,
                                         media) -> None:
    settings.ATTACHMENT_MAX_BYTES = 1024
    response = _post(desk, customer=customer.pk, category=insured_category.pk,
                     documents=[SimpleUploadedFile("big.pdf", PDF + b"0" * 2048)])
    assert response.status_code == 422
    assert "big.pdf" in error_of(response, "documents")
    assert not Ticket.objects.exists() and stored(media) == []


def test_at_most_five_documents(desk, customer, insured_category) -> None:
    response = _post(desk, customer=customer.pk, category=insured_category.pk,
                     documents=[SimpleUploadedFile(f"p{n}.pdf", PDF) for n in range(6)])
    assert response.status_code == 422
    with translation.override("fr"):
        expected = ngettext("Attach at most %(count)d document.",
                            "Attach at most %(count)d documents.", 5) % {"count": 5}
    assert error_of(response, "documents") == expected
    assert not Ticket.objects.exists()


# --- Without the page's script ---------------------------------------------------------------

def test_without_the_script_search_and_pick_post_the_form_back(desk, customer) -> None:
    found = desk.post(URL, {"q": customer.cin, "find": "1"})
    assert _found_pks(found.content.decode()) == [str(customer.pk)]
    picked = desk.post(URL, {"q": customer.cin, "pick": str(customer.pk)}).content.decode()
    assert f'name="customer" value="{customer.pk}"' in picked
    assert "Fatima" in picked and not Ticket.objects.exists()


def test_without_the_script_a_provisional_record_is_prefilled_from_the_search(desk) -> None:
    html = desk.post(URL, {"q": "BK123456", "pick": "new"}).content.decode()
    assert 'name="customer" value="new"' in html
    assert re.search(r'<input[^>]*name="new_identifier"[^>]*value="BK123456"', html)
    assert 'id="person-new-fields" hidden' not in html
    assert not Customer.objects.exists()
