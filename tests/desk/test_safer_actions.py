"""Safer actions: the main action of the state first, the ordinary ones after, the
destructive ones apart at the end in the danger style; closing, cancelling and merging are
refused until confirmed, and nothing changes then."""

from __future__ import annotations

import re
from typing import Any

import pytest

from contactcenter.desk.actions import offered_actions
from tests.conftest import client_for
from tests.desk.helpers import HTMX, fr, in_progress, open_ticket
from tickets import services
from tickets.models import State, Ticket, TicketEvent

pytestmark = pytest.mark.django_db

_BUTTON = re.compile(r'id="action-([a-z_]+)"')


def _post(client, ticket: Ticket, action: str, data: dict[str, Any], **extra: Any):  # type: ignore[no-untyped-def]
    return client.post(f"/desk/tickets/{ticket.reference}/{action}/",
                       {"version": Ticket.objects.get(pk=ticket.pk).version, **data}, **extra)


def _order(handler, ticket: Ticket) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(offered.action.name, offered.style) for offered in offered_actions(handler, ticket)]


def test_the_main_action_of_each_state_comes_first_and_destructive_ones_last(
        customer, handler, category) -> None:
    ticket = open_ticket(customer, handler, category)  # assigned to the handler
    assert _order(handler, ticket) == [("start", "primary"), ("cancel", "danger"),
                                       ("merge_into", "danger")]
    ticket = services.start_ticket(ticket=ticket, by=handler)
    assert _order(handler, ticket) == [
        ("resolve", "primary"), ("ask_customer", "quiet"), ("refer", "quiet"),
        ("cancel", "danger"), ("merge_into", "danger")]
    ticket = services.resolve_ticket(ticket=ticket, by=handler, outcome="accepted",
                                     explanation="Payé le 10")
    assert _order(handler, ticket)[0] == ("close", "primary")


def test_the_page_sets_destructive_actions_apart_after_the_others(customer, handler,
                                                                   category) -> None:
    ticket = in_progress(customer, handler, category)
    html = client_for(handler).get(f"/desk/tickets/{ticket.reference}/").content.decode()
    actions = html[html.index('id="actions-title"'):html.index('id="history-title"')]
    assert _BUTTON.findall(actions) == ["resolve", "ask_customer", "refer", "cancel",
                                        "merge_into"]
    apart = actions[actions.index("desk-actions-apart"):]
    assert fr("Cannot be undone") in apart and 'id="action-resolve"' not in apart
    assert apart.count('class="button-danger"') >= 2
    assert 'class="button-primary">' + fr("Resolve") in actions
    # The confirmation step is in the page, JavaScript or not.
    assert apart.count('name="confirm"') == 2 and "data-confirm=" in apart


@pytest.mark.parametrize("action,data,state", [
    ("close", {}, State.RESOLVED),
    ("cancel", {"reason": "Saisie en double"}, State.RESOLVED),
])
@pytest.mark.parametrize("htmx", [False, True])
def test_closing_and_cancelling_are_refused_without_confirmation(
        customer, handler, category, action, data, state, htmx) -> None:
    ticket = in_progress(customer, handler, category)
    ticket = services.resolve_ticket(ticket=ticket, by=handler, outcome="accepted",
                                     explanation="Payé")
    if action == "cancel":
        ticket = services.reopen_ticket(ticket=ticket, by=handler, reason="Pas reçu")
        state = State.IN_PROGRESS
    version, events = ticket.version, ticket.events.count()
    response = _post(client_for(handler), ticket, action, data, **(HTMX if htmx else {}))
    assert response.status_code == 422
    assert fr('Tick "I confirm" to go ahead: this action cannot simply be undone.') in (
        response.content.decode().replace("&quot;", '"'))
    after = Ticket.objects.get(pk=ticket.pk)
    assert (after.state, after.version, after.events.count()) == (state, version, events)


def test_merging_is_refused_without_confirmation(customer, handler, category) -> None:
    survivor = open_ticket(customer, handler, category)
    duplicate = open_ticket(customer, handler, category)
    response = _post(client_for(handler), duplicate, "merge_into",
                     {"survivor": survivor.reference})
    assert response.status_code == 422
    duplicate = Ticket.objects.get(pk=duplicate.pk)
    assert duplicate.state != State.MERGED and duplicate.merged_into is None
    assert not TicketEvent.objects.filter(ticket=survivor, action="merge").exists()


def test_closing_goes_ahead_once_confirmed(customer, handler, category) -> None:
    ticket = in_progress(customer, handler, category)
    services.resolve_ticket(ticket=ticket, by=handler, outcome="accepted", explanation="Payé")
    response = _post(client_for(handler), ticket, "close", {"confirm": "on"})
    assert response.status_code == 302
    assert Ticket.objects.get(pk=ticket.pk).state == State.CLOSED
