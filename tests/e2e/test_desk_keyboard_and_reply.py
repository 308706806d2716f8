"""In the browser: the reply box counts the SMS as the carrier will (the JavaScript mirror
of contactcenter/sms_segments.py, held to the same cases as the Python) and says which
language the reply goes in; the keyboard shortcuts lead to the next complaint, the reply and
note boxes and their help, never while the agent types; closing asks for confirmation."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests import factories
from tests.e2e.server import sign_in, signs_in_on_the_server
from tickets import services
from tickets.models import State, Ticket

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CASES = json.loads((Path(__file__).parents[1] / "desk" / "fixtures" / "sms_segment_cases.json")
                   .read_text(encoding="utf-8"))


def _two_complaints(agency):  # type: ignore[no-untyped-def]
    queue = factories.QueueFactory(agency=agency, code="FO-A")
    category = factories.CategoryFactory(code="af-late", label_fr="Allocations familiales",
                                         label_ar="التعويضات العائلية", default_queue=queue)
    agent = signs_in_on_the_server(factories.AgentFactory(user__username="guichet",
                                                          agency=agency))
    agent.queues.add(queue)
    customer = factories.CustomerFactory(agency=agency, preferred_language="ar")
    factories.ContactPointFactory(customer=customer, value="+212661234567", is_primary=True)
    tickets = []
    for hours in (2, 30):
        ticket = services.open_complaint(customer=customer, channel="counter", by=agent,
                                         description="Allocations non reçues",
                                         category=category)
        Ticket.objects.filter(pk=ticket.pk).update(
            resolution_due=timezone.now() + timedelta(hours=hours))
        tickets.append(services.start_ticket(ticket=Ticket.objects.get(pk=ticket.pk),
                                             by=agent))
    return agent, tickets


def test_the_reply_box_counts_segments_and_tells_the_language(
        asgi_live_server: str, page: Page, agency_a) -> None:
    base = asgi_live_server
    _agent, (ticket, _later) = _two_complaints(agency_a)
    sign_in(page, base, "guichet")
    page.goto(f"{base}/desk/tickets/{ticket.reference}/")

    counted = page.evaluate("""(cases) => cases.map((c) => {
        const r = window.smsSegments.count(c.text);
        return [r.encoding, r.units, r.segments];
    })""", CASES)
    assert counted == [[c["encoding"], c["units"], c["segments"]] for c in CASES]

    meter = page.locator("[data-reply-meter]")
    expect(meter.locator("[data-role=language]")).to_contain_text("en arabe")
    page.fill("#id_reply_text", "ملفكم كامل")
    expect(meter.locator("[data-role=mismatch]")).to_be_hidden()
    # Counted with the fund's Arabic message around it.
    whole = f"شكاية رقم {ticket.reference}: ملفكم كامل"
    expect(meter.locator("[data-role=count]")).to_contain_text(f"Caractères : {len(whole)} ")
    expect(meter.locator("[data-role=count]")).to_contain_text("70 caractères par SMS")
    page.fill("#id_reply_text", "Votre dossier est complet")
    expect(meter.locator("[data-role=mismatch]")).to_be_visible()
    expect(meter.locator("[data-role=language]")).to_contain_text("en français")
    expect(meter.locator("[data-role=count]")).to_contain_text("160 caractères par SMS")
    page.fill("#id_reply_text", "ب" * 250)
    expect(meter.locator("[data-role=count]")).to_contain_text("SMS : 5 sur 3")
    expect(meter.locator(".reply-meter-over")).to_be_visible()


def test_the_shortcuts_lead_to_the_work_and_stay_quiet_while_typing(
        asgi_live_server: str, page: Page, agency_a) -> None:
    base = asgi_live_server
    _agent, (sooner, later) = _two_complaints(agency_a)
    sign_in(page, base, "guichet")
    page.goto(f"{base}/desk/")
    page.wait_for_load_state("load")

    page.keyboard.press("?")
    help_dialog = page.locator("#shortcuts-help")
    expect(help_dialog).to_be_visible()
    expect(help_dialog).to_contain_text("Raccourcis clavier")
    page.keyboard.press("Escape")
    expect(help_dialog).to_be_hidden()

    page.keyboard.press("n")
    expect(page).to_have_url(f"{base}/desk/tickets/{sooner.reference}/")
    page.wait_for_load_state("load")  # the shortcuts' script is deferred
    page.keyboard.press("r")
    expect(page.locator("#id_reply_text")).to_be_focused()
    page.keyboard.type("rien n'arrive ici")  # "n" and "r" typed, not obeyed
    expect(page).to_have_url(f"{base}/desk/tickets/{sooner.reference}/")
    expect(page.locator("#id_reply_text")).to_have_value("rien n'arrive ici")
    page.locator("h1").click()
    page.keyboard.press("i")
    expect(page.locator("#id_note_text")).to_be_focused()
    page.locator("h1").click()
    page.keyboard.press("j")
    expect(page).to_have_url(f"{base}/desk/tickets/{later.reference}/")
    page.wait_for_load_state("load")
    page.keyboard.press("g")
    page.keyboard.press("q")
    expect(page).to_have_url(f"{base}/desk/")


def test_closing_asks_first(asgi_live_server: str, page: Page, agency_a) -> None:
    base = asgi_live_server
    agent, (ticket, _later) = _two_complaints(agency_a)
    services.resolve_ticket(ticket=ticket, by=agent, outcome="accepted", explanation="Payé")
    sign_in(page, base, "guichet")
    page.goto(f"{base}/desk/tickets/{ticket.reference}/")
    page.locator("#action-close summary").click()
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.locator("#action-close form [type=submit]").click()
    page.wait_for_timeout(300)
    assert Ticket.objects.get(pk=ticket.pk).state == State.RESOLVED
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#action-close form [type=submit]").click()
    expect(page.locator(".ticket-header .state")).to_have_class("state state-closed")
    assert Ticket.objects.get(pk=ticket.pk).state == State.CLOSED


def test_the_complaint_page_on_paper_leaves_out_notes_and_buttons(
        asgi_live_server: str, page: Page, agency_a) -> None:
    base = asgi_live_server
    agent, (ticket, _later) = _two_complaints(agency_a)
    services.add_note(ticket=ticket, by=agent, text="Employeur injoignable")
    sign_in(page, base, "guichet")
    page.goto(f"{base}/desk/tickets/{ticket.reference}/")
    note = page.locator("ol.events .event-note")
    expect(note).to_be_visible()
    page.emulate_media(media="print")
    expect(note).to_be_hidden()
    expect(page.locator(".topbar")).to_be_hidden()
    expect(page.locator("#action-resolve")).to_be_hidden()
    expect(page.locator("#id_reply_text")).to_be_hidden()
    expect(page.locator("ol.events .event-opened")).to_be_visible()
