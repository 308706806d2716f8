"""Playwright on Debian's chromium (never a downloaded browser), against the live server."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.e2e.server import asgi_live_server  # noqa: F401 (fixture for the journeys)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
    "--no-first-run", "--disable-background-networking", "--disable-component-update",
    "--disable-sync",
]

# The sync Playwright API runs an event loop; Django's ORM calls in the tests are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# Assertions wait as long as the pages' actions (new_tab: 10 s), not Playwright's 5 s: on a
# busy two-core machine a debounced search and its answer can take longer than 5 s.
expect.set_options(timeout=10_000)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Module-scoped: the sync API keeps an event loop in this thread while it runs, which
    would break async_to_sync in the tests that follow."""
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium fonts-noto-core")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# Chromium reports each violation of the Content-Security-Policy on the console; the event
# is also logged, in case a message is worded otherwise.
_REPORT_VIOLATIONS = """document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`Content Security Policy violation: ${event.violatedDirective} ` +
                `${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
});"""


DESK_VIEWPORT = {"width": 1280, "height": 900}


def new_tab(browser: Browser, *, locale: str = "fr-FR",
            viewport: dict[str, int] | None = None) -> Page:
    """A tab in a browser context of its own that keeps the Content-Security-Policy
    violations its pages report in `page.csp_violations`."""
    context = browser.new_context(locale=locale, viewport=viewport or DESK_VIEWPORT)
    context.add_init_script(_REPORT_VIOLATIONS)
    page = context.new_page()
    page.set_default_timeout(10_000)
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    page.csp_violations = violations  # type: ignore[attr-defined]
    return page


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A French browser tab. Every journey fails if a page breaks the
    Content-Security-Policy (an inline script or style, a foreign source)."""
    page = new_tab(browser)
    yield page
    page.context.close()
    assert page.csp_violations == [], "Content-Security-Policy violations"  # type: ignore[attr-defined]
