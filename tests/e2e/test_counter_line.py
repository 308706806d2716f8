"""A visitor takes a number at the kiosk; the counter agent calls it on the calling screen;
the hall display, open in a second browser, shows it within a few seconds without
reloading. Then the display in Arabic, right to left.

The display listens on /ws/counter/display/<agency>/: the pages are served by daphne, as
in production, on the test database and the Redis channel layer."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from contactcenter.counter.models import Visit
from tests.e2e.conftest import _REPORT_VIOLATIONS
from tests.e2e.server import sign_in, signs_in_on_the_server

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LIVE_TIMEOUT = 5_000  # ms: "within a few seconds"


def _hall(browser: Browser, base: str, code: str, *, language: str) -> Page:
    """The hall display in a browser of its own (no session: a public screen)."""
    context = browser.new_context(viewport={"width": 1600, "height": 900})
    context.add_init_script(_REPORT_VIOLATIONS)
    context.add_cookies([{"name": "django_language", "value": language, "url": base}])
    hall = context.new_page()
    hall.set_default_timeout(10_000)
    violations: list[str] = []
    hall.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    hall.csp_violations = violations  # type: ignore[attr-defined]
    hall.goto(f"{base}/counter/display/{code}/")
    return hall


def test_a_number_taken_at_the_kiosk_is_called_and_shown_on_the_hall_display(
        asgi_live_server: str, page: Page, browser: Browser, agency_a, agent) -> None:
    base = asgi_live_server
    signs_in_on_the_server(agent)
    hall = _hall(browser, base, agency_a.code, language="fr")
    expect(hall.locator("#hall-nobody")).to_be_visible()
    expect(hall.locator("#hall-offline")).to_be_hidden()

    # The visitor: the kiosk is set up once for the agency, then a reason, then the ticket.
    page.goto(f"{base}/counter/line/")
    page.select_option("#kiosk-agency", agency_a.code)
    page.get_by_role("button", name=re.compile("Utiliser cette agence")).click()
    page.get_by_role("button", name=re.compile("Réclamation")).click()
    expect(page.locator("#ticket-number")).to_have_text("R-001")
    expect(page.locator(".ticket-estimate")).to_contain_text("Vous êtes le prochain.")
    expect(hall.locator("#hall-waiting")).to_have_text("1", timeout=LIVE_TIMEOUT)

    # The agent, on the calling screen, types a desk and presses "n".
    sign_in(page, base, agent.user.username)
    page.goto(f"{base}/counter/calling/")
    expect(page.locator(".calling-reasons")).to_contain_text("Réclamation")
    page.fill("#calling-desk-number", "3")
    page.locator("#calling-desk-number").blur()
    page.keyboard.press("n")
    expect(page.locator(".calling-number")).to_have_text("R-001")

    # The hall display shows the number and the desk, highlighted, without reloading.
    expect(hall.locator("#hall-number")).to_have_text("R-001", timeout=LIVE_TIMEOUT)
    expect(hall.locator("#hall-desk")).to_have_text("3")
    expect(hall.locator("#hall-current")).to_have_class(re.compile("hall-flash"))
    expect(hall.locator("#hall-waiting")).to_have_text("0")

    # Served: the visitor leaves the desk; the screen says nobody is there.
    page.keyboard.press("s")
    expect(page.locator(".calling-desk .empty")).to_contain_text("Personne à votre guichet")
    assert Visit.objects.get().state == Visit.State.SERVED
    assert hall.csp_violations == []  # type: ignore[attr-defined]
    hall.context.close()

    # The same display in Arabic reads right to left and still shows the number.
    arabic = _hall(browser, base, agency_a.code, language="ar")
    expect(arabic.locator("html")).to_have_attribute("dir", "rtl")
    expect(arabic.locator("#hall-number")).to_have_text("R-001")
    expect(arabic.locator(".hall-now h1")).to_contain_text("الرقم المنادى عليه")
    arabic.context.close()
