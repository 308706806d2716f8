"""An insured person follows their complaint on the public status page: types their mobile
number, receives a one-time code by SMS (read here from the outbox row), types it, sees the
complaint with its state and expected answer date, opens it, and stops the SMS
notifications. Served by daphne on the test database, as in production."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import Page, expect

from contactcenter.customers.models import Channel, SmsOptOut
from telephony import wording
from tests import factories
from tickets import services
from tickets.models import OutboxMessage, Ticket, TicketEvent

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
NUMBER = "+212661234567"
CODE = re.compile(r"\b(\d{6})\b")


def _code_sent_to(number: str) -> str:
    message = OutboxMessage.objects.get(event="access_code", to=number)
    match = CODE.search(message.body)
    assert match, message.body
    return match.group(1)


def test_an_insured_person_follows_a_complaint_and_stops_the_sms(
        asgi_live_server: str, page: Page, agency_a, tmp_path) -> None:
    base = asgi_live_server
    customer = factories.CustomerFactory(agency=agency_a, first_name="Khadija",
                                         last_name="Bennani")
    factories.ContactPointFactory(customer=customer, value=NUMBER, is_primary=True)
    ticket = services.open_complaint(
        customer=customer, channel=Channel.SMS, by=None,
        description="Ma pension de retraite n'est pas versée depuis deux mois")
    Ticket.objects.filter(pk=ticket.pk).update(
        resolution_due=timezone.now() + timedelta(days=10))
    ticket = Ticket.objects.get(pk=ticket.pk)
    with translation.override("fr"):
        state = wording.state_words(ticket)
        expected = wording.day(ticket.resolution_due)
        registered = wording.step_words(TicketEvent.Kind.OPENED, "")
        notifications_off = gettext("SMS notifications: off")

    # The number, typed as people write it.
    page.goto(f"{base}/suivi/")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    page.fill("#id_phone", "06 61 23 45 67")
    page.locator("form:has(#id_phone) [type=submit]").click()
    expect(page.locator("#code-sent")).to_be_visible()
    expect(page).to_have_url(f"{base}/suivi/code/")

    # The code from the SMS.
    page.fill("#id_code", _code_sent_to(NUMBER))
    page.screenshot(path=str(tmp_path / "status-code-fr.png"), full_page=True)
    page.locator("form:has(#id_code) [type=submit]").click()
    expect(page).to_have_url(f"{base}/suivi/reclamations/")
    complaint = page.locator(".selfservice-complaint").first
    expect(complaint).to_contain_text(ticket.reference)
    expect(complaint).to_contain_text(state)
    expect(complaint).to_contain_text(expected)
    page.screenshot(path=str(tmp_path / "status-list-fr.png"), full_page=True)

    # The complaint itself, step by step.
    page.locator(f"a[href='/suivi/reclamations/{ticket.reference}/']").click()
    expect(page.locator("h1")).to_contain_text(ticket.reference)
    expect(page.locator(".selfservice-steps")).to_contain_text(registered)
    page.go_back()

    # No more SMS notifications.
    page.locator("button[name=stop][value='1']").click()
    expect(page.locator("#sms-notifications")).to_have_text(notifications_off)
    expect(page.locator("button[name=stop][value='0']")).to_be_visible()
    expect(page.locator("button[name=stop][value='1']")).to_have_count(0)
    opt_out = SmsOptOut.objects.get(phone=NUMBER)
    assert opt_out.opted_out and opt_out.channel == SmsOptOut.Channel.WEB

    # The same page in Arabic, right to left.
    page.locator("button[name=language][value=ar]").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator(".selfservice-complaint").first).to_contain_text(ticket.reference)
    page.screenshot(path=str(tmp_path / "status-list-ar.png"), full_page=True)

    # Leaving: the complaints are out of reach again.
    page.locator("#selfservice-leave").click()
    expect(page).to_have_url(f"{base}/suivi/")
    page.goto(f"{base}/suivi/reclamations/")
    expect(page).to_have_url(f"{base}/suivi/")
