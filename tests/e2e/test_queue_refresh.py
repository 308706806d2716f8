"""The work queue reloads itself when the agent receives a live notice (the `desk:notice`
event desk.js dispatches on the page's body): the new complaint and the new counts show,
at the same address, the focus left where it was; but not while rows are ticked for a
bulk action. "Select all" ticks the page's rows."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from contactcenter.org.models import Agent
from tests import factories
from tests.e2e.server import sign_in, signs_in_on_the_server
from tickets.models import State

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NOTICE = "document.body.dispatchEvent(new CustomEvent('desk:notice'))"


def _complaint(customer, queue):  # type: ignore[no-untyped-def]
    return factories.TicketFactory(customer=customer, queue=queue, state=State.TRIAGED,
                                   assignee=None)


def test_the_queue_reloads_on_a_notice_and_keeps_the_agent_where_they_are(
        asgi_live_server: str, page: Page, supervisor: Agent, customer) -> None:
    front_queue = factories.QueueFactory(agency=customer.agency, code="Q-A")
    supervisor.queues.add(front_queue)
    signs_in_on_the_server(supervisor)
    first = _complaint(customer, front_queue)
    sign_in(page, asgi_live_server, "supervisor")
    page.goto(f"{asgi_live_server}/desk/?scope=team&sort=due")
    team_count = page.locator('#queue-tabs [data-scope="team"] [data-count="open"]')
    expect(team_count).to_have_text("1")
    rows = page.locator("#queue-table a.ref")
    expect(rows).to_have_count(1)

    second = _complaint(customer, front_queue)
    page.focus("#id_q")
    page.evaluate(NOTICE)
    expect(rows).to_have_count(2)
    expect(team_count).to_have_text("2")
    assert page.url.endswith("/desk/?scope=team&sort=due")
    assert page.evaluate("document.activeElement.id") == "id_q"
    expect(page.locator(f'#queue-table a.ref:text("{second.reference}")')).to_be_visible()

    # Rows ticked for a bulk action: the table waits.
    page.locator(f'#queue-table input[value="{first.reference}"]').check()
    _complaint(customer, front_queue)
    page.evaluate(NOTICE)
    page.wait_for_timeout(1500)
    expect(rows).to_have_count(2)
    expect(page.locator(f'#queue-table input[value="{first.reference}"]')).to_be_checked()

    page.locator("#queue-select-all").check()
    expect(page.locator('#queue-table input[name="ticket"]:checked')).to_have_count(2)
    page.select_option("#id_bulk_priority", "urgent")
    page.click('button[name="action"][value="priority"]')
    expect(page.locator(".message-success")).to_be_visible()
    assert page.url.endswith("/desk/?scope=team&sort=due")
    expect(rows).to_have_count(3)
