"""The counter receipt: the complaint's reference, date, category and expected answer date,
in French and in Arabic on the same sheet whatever the page's language; a QR code of the
status page's public address; the SMS keyword and numbers to follow the complaint; only
for staff who may see the complaint."""

from __future__ import annotations

import re
from html import unescape

import pytest
import segno
from django.template.defaultfilters import date as format_date
from django.test import Client, RequestFactory
from django.utils import timezone, translation
from django.utils.translation import gettext

from contactcenter.audit.models import AccessLogEntry
from contactcenter.counter import receipts
from contactcenter.counter.complaint_services import NewPerson, record_counter_complaint
from contactcenter.customers.models import Customer
from contactcenter.org.models import Agent
from telephony.sms_commands import STATUS_KEYWORDS, Kind, parse_command
from tests import factories
from tests.conftest import client_for
from tickets import services
from tickets.models import Category, Ticket

pytestmark = pytest.mark.django_db

PUBLIC = "https://cnss.example.ma"


@pytest.fixture(autouse=True)
def _numbers(settings) -> None:
    settings.SMS_GATEWAY = "fake"
    settings.PUBLIC_BASE_URL = PUBLIC
    settings.SMS_STATUS_KEYWORD = "SUIVI"
    settings.SMS_SERVICE_NUMBER = "2727"
    settings.CALL_CENTRE_PHONE = "080 200 72 72"


@pytest.fixture
def category() -> Category:
    return factories.CategoryFactory(code="af-late", label_fr="Allocations familiales",
                                     label_ar="التعويضات العائلية")


@pytest.fixture
def ticket(agent, customer, category) -> Ticket:
    factories.QueueFactory(agency=agent.agency, code="Q-A")
    return record_counter_complaint(by=agent, customer=customer, new_person=None,
                                    category=category,
                                    description="Allocations non reçues depuis mars")


def _sheet(client: Client, ticket: Ticket, language: str = "fr") -> str:
    client.cookies["django_language"] = language
    response = client.get(f"/counter/receipt/{ticket.reference}/")
    assert response.status_code == 200
    return unescape(response.content.decode())


def _in(language: str, message: str) -> str:
    with translation.override(language):
        return gettext(message)


@pytest.mark.parametrize("page_language", ["fr", "ar"])
def test_the_receipt_is_in_french_and_arabic_whatever_the_page_language(
        agent, ticket, category, page_language) -> None:
    sheet = _sheet(client_for(agent), ticket, page_language)
    assert f'<html lang="{page_language}"' in sheet
    french = re.search(r'<section class="receipt-lang receipt-fr" lang="fr" dir="ltr">(.*?)'
                       r"</section>", sheet, re.S).group(1)
    arabic = re.search(r'<section class="receipt-lang receipt-ar" lang="ar" dir="rtl">(.*?)'
                       r"</section>", sheet, re.S).group(1)
    for language, column, label in (("fr", french, category.label_fr),
                                    ("ar", arabic, category.label_ar)):
        assert label in column
        for message in ("Recorded on", "Answer expected by", "Follow your complaint",
                        "By SMS:", "By phone:", "On the web:"):
            assert _in(language, message) in column, (language, message)
    assert "Suivre votre réclamation" in french and "تتبع شكايتكم" in arabic
    assert "Suivre votre réclamation" not in arabic and "تتبع شكايتكم" not in french
    assert ticket.reference in sheet
    assert "SUIVI " + ticket.reference in french and "SUIVI " + ticket.reference in arabic
    assert "2727" in french and "080 200 72 72" in arabic
    with translation.override("ar"):
        recorded = format_date(timezone.localtime(ticket.created_at), "DATETIME_FORMAT")
    assert recorded in arabic


def test_the_expected_answer_date_is_the_complaints_resolution_due_date(agent, ticket) -> None:
    assert ticket.resolution_due is not None
    sheet = _sheet(client_for(agent), ticket)
    for language in ("fr", "ar"):
        with translation.override(language):
            due = format_date(timezone.localtime(ticket.resolution_due), "DATE_FORMAT")
        assert f"<strong>{due}</strong>" in sheet


def test_a_complaint_without_a_deadline_says_so(agent, customer) -> None:
    ticket = services.open_complaint(customer=customer, channel="counter", by=agent,
                                     description="Sans catégorie")
    Ticket.objects.filter(pk=ticket.pk).update(resolution_due=None)
    sheet = _sheet(client_for(agent), ticket)
    assert _in("fr", "No date set yet: the fund will tell you by SMS.") in sheet
    assert _in("ar", "No date set yet: the fund will tell you by SMS.") in sheet
    assert _in("fr", "To be determined by the fund") in sheet


def test_without_numbers_configured_the_lines_still_say_how(agent, ticket, settings) -> None:
    settings.SMS_SERVICE_NUMBER = settings.CALL_CENTRE_PHONE = ""
    sheet = _sheet(client_for(agent), ticket)
    assert _in("fr", "send <bdi class=\"sms-text\">%(text)s</bdi> to the fund's SMS number.") \
        % {"text": f"SUIVI {ticket.reference}"} in sheet
    assert _in("fr", "call the fund's call centre and give your reference.") in sheet
    assert _in("ar", "call the fund's call centre and give your reference.") in sheet


def test_the_qr_code_opens_the_status_page(agent, ticket) -> None:
    sheet = client_for(agent).get(
        f"/counter/receipt/{ticket.reference}/").content.decode()
    url = receipts.status_page_url()
    assert url == f"{PUBLIC}/suivi/"
    svg = re.search(r"<svg .*?</svg>", sheet, re.S).group(0)
    assert svg.startswith('<svg role="img" viewBox=')
    # What the page's code draws is the code of that address: the same modules as segno's
    # own code for it (segno writes, it does not read).
    drawn = re.search(r' d="([^"]+)"', svg).group(1)
    expected = segno.make(url, error="m", micro=False).svg_inline(scale=1, border=2)
    assert drawn == re.search(r' d="([^"]+)"', expected).group(1)
    assert f'<figcaption dir="ltr">{url}</figcaption>' in sheet
    assert " style=" not in sheet and "<script>" not in sheet  # the CSP allows neither


def test_without_a_public_address_the_request_host_is_used(settings) -> None:
    settings.PUBLIC_BASE_URL = ""
    settings.ALLOWED_HOSTS = ["agence.local"]
    request = RequestFactory().get("/counter/receipt/1/", HTTP_HOST="agence.local:8000")
    assert receipts.status_page_url(request) == "http://agence.local:8000/suivi/"
    settings.PUBLIC_BASE_URL = PUBLIC + "/"
    assert receipts.status_page_url(request) == f"{PUBLIC}/suivi/"
    settings.PUBLIC_BASE_URL = ""
    with pytest.raises(ValueError, match="PUBLIC_BASE_URL"):
        receipts.status_page_url()


def test_the_keyword_printed_is_one_the_sms_service_reads(ticket, settings) -> None:
    assert settings.SMS_STATUS_KEYWORD in STATUS_KEYWORDS
    command = parse_command(receipts.follow_up().sms_text(ticket.reference))
    assert (command.kind, command.reference, command.reference_valid) == \
        (Kind.STATUS, ticket.reference, True)


def test_the_print_buttons_offer_a5_and_a4(agent, ticket) -> None:
    sheet = _sheet(client_for(agent), ticket)
    assert re.search(r'<button type="button" class="button-primary" data-print="a5" autofocus>',
                     sheet)
    assert 'href="/static/counter/receipt-a5.css"' in sheet
    a4 = client_for(agent).get(f"/counter/receipt/{ticket.reference}/?paper=a4")
    assert 'href="/static/counter/receipt-a4.css"' in a4.content.decode()


def test_staff_of_another_agency_may_not_see_the_receipt(ticket, other_agency_agent) -> None:
    assert client_for(other_agency_agent).get(
        f"/counter/receipt/{ticket.reference}/").status_code == 404


def test_an_auditor_may_not_see_the_receipt(ticket) -> None:
    auditor = factories.AgentFactory(role=Agent.Role.AUDITOR, agency=None)
    response = client_for(auditor).get(f"/counter/receipt/{ticket.reference}/")
    assert response.status_code == 403 and ticket.reference not in response.content.decode()


def test_a_supervisor_of_the_agency_and_the_regional_manager_see_it(ticket, supervisor,
                                                                   regional_manager) -> None:
    for staff in (supervisor, regional_manager):
        assert client_for(staff).get(f"/counter/receipt/{ticket.reference}/").status_code \
            == 200


def test_each_showing_is_on_the_access_log(agent, ticket) -> None:
    _sheet(client_for(agent), ticket)
    entry = AccessLogEntry.objects.get(detail="counter receipt")
    assert (entry.label, entry.customer_id, entry.username) == \
        (ticket.reference, ticket.customer_id, "agent")


def test_a_provisional_record_without_a_name_prints_no_name(agent, category) -> None:
    factories.QueueFactory(agency=agent.agency, code="Q-A")
    ticket = record_counter_complaint(by=agent, customer=None,
                                      new_person=NewPerson("0661998877"), category=category,
                                      description="Pension non versée")
    assert Customer.objects.get(pk=ticket.customer_id).to_identify
    sheet = _sheet(client_for(agent), ticket)
    assert _in("fr", "Unknown caller") not in sheet
