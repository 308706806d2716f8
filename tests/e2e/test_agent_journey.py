"""An agent signs in, finds a caller, opens their record, and switches to Arabic."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests import factories

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_agent_finds_a_customer_and_reads_the_record_in_french_and_arabic(
        page: Page, live_server, agency_a, tmp_path) -> None:
    factories.AgentFactory(user__username="guichet", agency=agency_a)
    customer = factories.CustomerFactory(agency=agency_a, first_name="Khadija",
                                         last_name="Bennani", immatriculation="123456789")
    factories.ContactPointFactory(customer=customer, value="+212661234567")
    factories.InteractionFactory(customer=customer, summary="Question sur les allocations")

    page.goto(f"{live_server.url}/accounts/login/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    page.fill("input[name=username]", "guichet")
    page.fill("input[name=password]", "pass-for-tests")
    page.locator("form:has(input[name=password]) [type=submit]").click()
    page.wait_for_url("**/customers/")
    # Typing before the page's scripts have started would send nothing (search as you type).
    page.wait_for_load_state("load")
    page.fill("#q", "bennani")
    result = page.locator("#results a", has_text="Bennani")
    expect(result).to_be_visible()
    result.click()
    expect(page.locator("main")).to_contain_text("123456789")
    expect(page.locator("main")).to_contain_text("Question sur les allocations")
    page.screenshot(path=str(tmp_path / "customer-fr.png"), full_page=True)

    page.locator("button[name=language][value=ar]").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    expect(page.locator("main")).to_contain_text("123456789")
    page.screenshot(path=str(tmp_path / "customer-ar.png"), full_page=True)
