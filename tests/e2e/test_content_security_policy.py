"""Under the Content-Security-Policy (no inline script or style, our own sources only) the
pages still work and the browser reports no violation: the status page, the desk's queue and
complaint page, the phone simulator, the live SLA board and the administration. (The `page`
fixture fails any journey whose pages break the policy; here each page is visited on
purpose, with its scripts and WebSockets running.)"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from contactcenter.org.models import Agent
from tests import factories
from tests.e2e.server import sign_in, signs_in_on_the_server
from tickets import services

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _visit(page: Page, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    page.wait_for_load_state("networkidle")


def test_the_status_page_runs_under_the_policy_and_an_inline_script_is_refused(
        asgi_live_server: str, page: Page) -> None:
    _visit(page, f"{asgi_live_server}/suivi/")
    page.fill("input[name=phone]", "0661234567")
    page.locator("form:has(input[name=phone]) [type=submit]").click()
    expect(page.locator("input[name=code]")).to_be_visible()
    assert page.csp_violations == []  # type: ignore[attr-defined]

    # The watch on the console works: an inline script is refused and reported.
    page.evaluate("""() => {
        const script = document.createElement("script");
        script.textContent = "window.inlineRan = true";
        document.body.append(script);
    }""")
    page.wait_for_timeout(200)
    assert page.evaluate("window.inlineRan") is None
    violations = page.csp_violations  # type: ignore[attr-defined]
    assert any("script-src" in text for text in violations), violations
    violations.clear()


def test_the_desk_the_simulator_and_the_board_run_under_the_policy(
        asgi_live_server: str, page: Page, agency_a) -> None:
    base = asgi_live_server
    queue = factories.QueueFactory(agency=agency_a, code="FO-A")
    supervisor = signs_in_on_the_server(factories.AgentFactory(
        user__username="superviseur", role=Agent.Role.SUPERVISOR, agency=agency_a))
    supervisor.queues.add(queue)
    customer = factories.CustomerFactory(agency=agency_a, last_name="Bennani")
    factories.ContactPointFactory(customer=customer, value="+212661234567", is_primary=True)
    ticket = services.open_complaint(customer=customer, channel="counter", by=supervisor,
                                     description="Pension non versée")

    sign_in(page, base, "superviseur")
    _visit(page, f"{base}/desk/?scope=all")
    # htmx at work: the queue's search filters in place.
    page.fill("#id_q", ticket.reference)
    expect(page.locator(f"a[href='/desk/tickets/{ticket.reference}/']").first).to_be_visible()

    with page.expect_websocket(lambda ws: ws.url.endswith("/ws/desk/")) as desk_socket:
        _visit(page, f"{base}/desk/tickets/{ticket.reference}/")
    assert not desk_socket.value.is_closed()

    _visit(page, f"{base}/customers/")
    page.fill("input[type=search]", "Bennani")
    expect(page.locator(f"a[href='/customers/{customer.pk}/']").first).to_be_visible()

    _visit(page, f"{base}/telephony/simulator/")
    expect(page.locator("#sim-number")).to_have_value("+212661234567")

    _visit(page, f"{base}/sla/board/")
    expect(page.locator("#board-status")).to_have_class("board-status board-status-live")


def test_the_administration_runs_under_the_policy(asgi_live_server: str, page: Page) -> None:
    base = asgi_live_server
    signs_in_on_the_server(factories.AgentFactory(
        user__username="admin", role=Agent.Role.ADMINISTRATOR, agency=None,
        user__is_staff=True, user__is_superuser=True))
    sign_in(page, base, "admin")
    for path in ("/admin/", "/admin/tickets/category/", "/admin/tickets/category/add/",
                 "/admin/sla/calendar/add/", "/admin/auth/user/"):
        _visit(page, f"{base}{path}")
    # The admin's own scripts run: the filter of a many-to-many selector, say.
    _visit(page, f"{base}/admin/auth/group/add/")
    expect(page.locator("#id_permissions_input")).to_be_visible()
