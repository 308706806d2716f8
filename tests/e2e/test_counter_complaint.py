"""A trained front-office agent records a visitor's complaint at the counter with the
keyboard, in under a minute, and lands on its receipt ready to print; a visitor not on
record gets a provisional record, in Arabic, after a mistake the form explains.

Every key press is counted (a typed text counts one per character, Ctrl+Enter counts two)
and so is every click, and the first journey fails above its budget:
- keys: the CIN (8), Enter to pick the person found (1), a few letters of the category
  (5) and Enter (1), the description (counted apart: it is the visitor's words, however
  long), Tab to the documents (1), Space to open the file chooser (1), Ctrl+Enter (2):
  19 keys besides the description; the budget allows 20, so that one more key in the
  flow (a second Enter, a confirmation) fails the test;
- clicks: the menu entry (1) and the scanned file picked in the chooser (1): 2, no more.
The scripted input runs at a trained agent's pace (key delays included): under 60 s.

Screenshots go to $SHOTS_DIR when set (else the test's temporary folder)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from contactcenter.customers.models import Channel, Customer, Interaction
from contactcenter.org.models import Agent
from tests import factories
from tickets.models import Attachment, Category, Ticket

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
KEYS_BESIDES_DESCRIPTION = 20
CLICKS = 2
SECONDS = 60
TYPING_DELAY_MS = 40  # about 25 characters a second: a trained typist


class Counted:
    """The agent's hands: every key press and click goes through here and is counted."""

    def __init__(self, page: Page) -> None:
        self.page, self.keys, self.clicks = page, 0, 0

    def type(self, text: str) -> None:
        self.page.keyboard.type(text, delay=TYPING_DELAY_MS)
        self.keys += len(text)

    def press(self, chord: str) -> None:
        self.page.keyboard.press(chord)
        self.keys += len(chord.split("+"))

    def click(self, selector: str) -> None:
        self.page.locator(selector).click()
        self.clicks += 1


def _shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("SHOTS_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _sign_in(page: Page, url: str, username: str, language: str = "fr") -> None:
    page.context.add_cookies([{"name": "django_language", "value": language, "url": url}])
    page.goto(f"{url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "pass-for-tests")
    page.locator("form:has(input[name=password]) [type=submit]").click()
    page.wait_for_url("**/customers/")
    page.wait_for_load_state("load")


def _categories() -> Category:
    factories.CategoryFactory(code="dec-late", audience=Category.Audience.EMPLOYER,
                              label_fr="Déclaration des salaires rejetée",
                              label_ar="رفض التصريح بالأجور")
    factories.CategoryFactory(code="pension-late", audience=Category.Audience.PENSIONER,
                              label_fr="Pension de retraite en retard",
                              label_ar="تأخر معاش التقاعد")
    factories.CategoryFactory(code="amo-refund", label_fr="Remboursement AMO en attente",
                              label_ar="استرجاع مصاريف التأمين الإجباري عن المرض")
    return factories.CategoryFactory(code="af-late", label_fr="Allocations familiales "
                                     "non versées", label_ar="التعويضات العائلية غير مؤداة")


def test_a_trained_agent_records_a_complaint_with_the_keyboard_in_under_a_minute(
        page: Page, live_server, agency_a, tmp_path: Path) -> None:
    shots = _shots(tmp_path)
    factories.QueueFactory(agency=agency_a, code="FO-A")
    category = _categories()
    agent = factories.AgentFactory(user__username="guichet", agency=agency_a)
    visitor = factories.CustomerFactory(agency=agency_a, first_name="Khadija",
                                        last_name="Bennani", cin="BE123456")
    factories.ContactPointFactory(customer=visitor, value="+212661234567")
    factories.CustomerFactory(agency=agency_a, first_name="Khadija", last_name="Bennis",
                              cin="BE654321")
    scan = tmp_path / "attestation.pdf"
    scan.write_bytes(PDF)
    description = "Allocations familiales non versées depuis mars"
    _sign_in(page, live_server.url, "guichet")
    hands = Counted(page)

    started = time.monotonic()
    hands.click("nav.mainnav a[href='/counter/complaint/']")
    search = page.locator("#id_q")
    expect(search).to_be_focused()
    page.screenshot(path=str(shots / "form-empty-fr.png"), full_page=True)
    hands.type("BE123456")
    expect(page.locator(f"#person-{visitor.pk}[aria-selected=true]")).to_be_visible()
    hands.press("Enter")
    category_input = page.locator("#category-search")
    expect(category_input).to_be_focused()
    expect(page.locator("#person-picked")).to_contain_text("Khadija Bennani")
    # The visitor is an insured person: no employer's or pensioner's category is offered.
    expect(page.locator("#category-options [role=option]:visible")).to_have_count(2)
    hands.type("alloc")
    expect(page.locator(f"#category-{category.pk}[aria-selected=true]")).to_be_visible()
    page.screenshot(path=str(shots / "form-picked-fr.png"), full_page=True)
    hands.press("Enter")
    expect(page.locator("#id_description")).to_be_focused()
    expect(category_input).to_have_value(category.label_fr)
    hands.type(description)
    hands.press("Tab")
    expect(page.locator("#id_documents")).to_be_focused()
    with page.expect_file_chooser() as chooser:
        hands.press("Space")
    chooser.value.set_files(str(scan))
    hands.clicks += 1  # the file picked in the chooser
    hands.press("Control+Enter")

    page.wait_for_url("**/counter/receipt/*/")
    ticket = Ticket.objects.get()
    assert page.url.endswith(f"/counter/receipt/{ticket.reference}/")
    print_a5 = page.locator("button[data-print=a5]")
    expect(print_a5).to_be_focused()
    elapsed = time.monotonic() - started

    keys_besides_description = hands.keys - len(description)
    print(f"counter complaint: {hands.keys} keys ({keys_besides_description} besides the "
          f"description of {len(description)}), {hands.clicks} clicks, {elapsed:.1f} s")
    assert keys_besides_description <= KEYS_BESIDES_DESCRIPTION, hands.keys
    assert hands.clicks <= CLICKS
    assert elapsed < SECONDS

    assert (ticket.customer, ticket.channel, ticket.agency_id, ticket.category) == \
        (visitor, Channel.COUNTER, agency_a.pk, category)
    assert ticket.description == description
    assert Attachment.objects.get().name == "attestation.pdf"
    assert Interaction.objects.get(ticket=ticket).channel == Channel.COUNTER
    assert agent.pk == ticket.created_by_id

    sheet = page.locator("#receipt")
    expect(sheet.locator(".receipt-reference-number")).to_have_text(ticket.reference)
    expect(sheet.locator(".receipt-fr")).to_contain_text("Allocations familiales non versées")
    expect(sheet.locator(".receipt-ar")).to_contain_text("التعويضات العائلية غير مؤداة")
    expect(sheet.locator(".receipt-fr")).to_contain_text(f"SUIVI {ticket.reference}")
    expect(sheet.locator(".receipt-ar")).to_contain_text("تتبع شكايتكم")
    expect(sheet.locator("svg.receipt-qr")).to_be_visible()
    expect(sheet.locator("figcaption")).to_have_text(f"{live_server.url}/suivi/")
    _receipt_shots(page, shots, "fr")


def test_a_visitor_not_on_record_gets_a_provisional_record_in_arabic(
        page: Page, live_server, agency_a, tmp_path: Path) -> None:
    shots = _shots(tmp_path)
    factories.QueueFactory(agency=agency_a, code="FO-A")
    category = _categories()
    factories.AgentFactory(user__username="superviseur", agency=agency_a,
                           role=Agent.Role.SUPERVISOR)
    _sign_in(page, live_server.url, "superviseur", language="ar")
    page.goto(f"{live_server.url}/counter/complaint/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.screenshot(path=str(shots / "form-empty-ar.png"), full_page=True)

    page.keyboard.type("0661998877")
    new = page.locator("#person-new[aria-selected=true]")
    expect(new).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("#id_new_identifier")).to_have_value("0661998877")
    expect(page.locator("#id_new_name")).to_be_focused()
    page.keyboard.type("نادية الشرايبي")
    page.keyboard.press("Enter")
    expect(page.locator("#category-search")).to_be_focused()
    page.keyboard.type("تعويضات")  # the Arabic name, without its article
    expect(page.locator(f"#category-{category.pk}[aria-selected=true]")).to_be_visible()
    page.screenshot(path=str(shots / "form-picked-ar.png"), full_page=True)
    page.keyboard.press("Escape")  # the list closed, no category chosen
    page.locator("#id_description").focus()
    page.keyboard.type("لم أتوصل بالتعويضات العائلية منذ مارس")
    page.keyboard.press("Control+Enter")

    # No category: refused with the reason, the cursor on it, nothing saved.
    expect(page.locator("#id_category_error")).to_be_visible()
    expect(page.locator("#category-search")).to_be_focused()
    assert not Ticket.objects.exists() and not Customer.objects.exists()
    page.screenshot(path=str(shots / "form-error-ar.png"), full_page=True)
    page.keyboard.type("alloc")
    page.keyboard.press("Enter")
    page.keyboard.press("Control+Enter")

    page.wait_for_url("**/counter/receipt/*/")
    ticket = Ticket.objects.get()
    record = ticket.customer
    assert record.to_identify and record.agency_id == agency_a.pk
    assert (record.first_name, record.last_name) == ("نادية", "الشرايبي")
    expect(page.locator("button[data-print=a5]")).to_be_focused()
    expect(page.locator(".receipt-fr")).to_contain_text("Suivre votre réclamation")
    _receipt_shots(page, shots, "ar")


def test_an_error_in_french_keeps_the_person_and_explains(page: Page, live_server, agency_a,
                                                          tmp_path: Path) -> None:
    """A scanned file that is not one: the complaint is refused with the file's name, the
    person stays picked, nothing is saved."""
    shots = _shots(tmp_path)
    factories.QueueFactory(agency=agency_a, code="FO-A")
    category = _categories()
    factories.AgentFactory(user__username="guichet", agency=agency_a)
    visitor = factories.CustomerFactory(agency=agency_a, first_name="Youssef",
                                        last_name="Alaoui", immatriculation="123456789")
    bad = tmp_path / "scan.pdf"
    bad.write_bytes(b"MZ\x90\x00 not a scan")
    _sign_in(page, live_server.url, "guichet")
    page.goto(f"{live_server.url}/counter/complaint/")
    page.keyboard.type("123456789")
    expect(page.locator(f"#person-{visitor.pk}[aria-selected=true]")).to_be_visible()
    page.keyboard.press("Enter")
    page.keyboard.type("alloc")
    page.keyboard.press("Enter")
    page.keyboard.type("Allocations suspendues sans explication")
    page.locator("#id_documents").set_input_files(str(bad))
    page.keyboard.press("Control+Enter")

    expect(page.locator("#id_documents_error")).to_contain_text("scan.pdf")
    expect(page.locator("#person-picked")).to_contain_text("Youssef Alaoui")
    expect(page.locator("#category-search")).to_have_value(category.label_fr)
    assert not Ticket.objects.exists() and not Attachment.objects.exists()
    page.screenshot(path=str(shots / "form-error-fr.png"), full_page=True)


def _receipt_shots(page: Page, shots: Path, language: str) -> None:
    """The receipt on screen, then as printed: on an A5 sheet's printable width (148 mm
    less the margins, at 96 px an inch), and as the PDF chromium prints on A5 and A4."""
    page.screenshot(path=str(shots / f"receipt-screen-{language}.png"), full_page=True)
    viewport = page.viewport_size
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 506, "height": 740})
    page.screenshot(path=str(shots / f"receipt-print-a5-{language}.png"), full_page=True)
    page.pdf(path=str(shots / f"receipt-a5-{language}.pdf"), prefer_css_page_size=True)
    page.goto(page.url.split("?")[0] + "?paper=a4")
    page.set_viewport_size({"width": 688, "height": 1020})
    page.screenshot(path=str(shots / f"receipt-print-a4-{language}.png"), full_page=True)
    page.pdf(path=str(shots / f"receipt-a4-{language}.pdf"), prefer_css_page_size=True)
    page.emulate_media(media="screen")
    if viewport:
        page.set_viewport_size(viewport)
