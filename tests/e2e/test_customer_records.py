"""An agent finds no one, creates the record past a possible duplicate, then keeps its
contact details; and finds a name written in the other script."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from contactcenter.customers.models import Customer
from tests import factories

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _sign_in(page: Page, url: str) -> None:
    page.goto(f"{url}/accounts/login/")
    page.fill("input[name=username]", "guichet")
    page.fill("input[name=password]", "pass-for-tests")
    page.locator("form:has(input[name=password]) [type=submit]").click()
    page.wait_for_url("**/customers/")
    page.wait_for_load_state("load")  # the page's scripts started: typing is heard


def test_an_agent_creates_a_record_past_a_duplicate_and_corrects_its_mobile(
        page: Page, live_server, agency_a) -> None:
    factories.AgentFactory(user__username="guichet", agency=agency_a)
    namesake = factories.CustomerFactory(agency=agency_a, first_name="هاجر",
                                         last_name="الصفريوي")
    _sign_in(page, live_server.url)

    page.fill("#q", "Zakaria Ouhmad")
    create = page.locator("#results a", has_text="Créer un client")
    expect(create).to_be_visible()
    create.click()
    expect(page.locator("input[name=first_name]")).to_have_value("Zakaria")
    expect(page.locator("input[name=last_name]")).to_have_value("Ouhmad")
    page.fill("input[name=first_name]", "Hajar")
    page.fill("input[name=last_name]", "Sefrioui")
    page.fill("input[name=mobile]", "06 61 23 45 67")
    page.locator("form.customer-form button[type=submit]").click()

    warning = page.locator("section.duplicates")
    expect(warning).to_contain_text("Nom proche")
    expect(warning.locator(f'a[href="/customers/{namesake.pk}/"]')).to_be_visible()
    assert Customer.objects.count() == 1
    page.locator("form.customer-form button", has_text="Créer quand même").click()

    expect(page.locator("h1")).to_contain_text("Hajar Sefrioui")
    expect(page.locator(".record-title a", has_text="Ouvrir une réclamation")).to_be_visible()
    mobile = page.locator("li[data-kind=mobile]")
    mobile.locator("summary").click()
    mobile.locator("input[name=value]").fill("0661234568")
    mobile.locator("button", has_text="Corriger").click()
    expect(page.locator("li[data-kind=mobile]")).to_contain_text("+212 6 61 23 45 68")
    history = page.locator("ol.timeline")
    expect(history).to_contain_text("Coordonnée corrigée")
    expect(history).to_contain_text("+212 6 61 23 45 67")


def test_a_name_is_found_in_the_other_script(page: Page, live_server, agency_a) -> None:
    factories.AgentFactory(user__username="guichet", agency=agency_a)
    factories.CustomerFactory(agency=agency_a, first_name="محمد", last_name="بناني")
    _sign_in(page, live_server.url)
    page.fill("#q", "Mohammed Benani")
    expect(page.locator("#results a", has_text="محمد بناني")).to_be_visible()
