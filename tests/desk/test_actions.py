"""Each action from the complaint page: done when allowed, refused with the reason when not,
the form again when it is incomplete, and nothing done from a page that is out of date."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.utils.html import escape

from contactcenter.org.models import Agent
from tests import factories
from tests.conftest import client_for
from tests.desk.helpers import HTMX, fr, in_progress, open_ticket, shows
from tickets import services
from tickets.models import OutboxMessage, State, Ticket, TicketEvent
from tickets.references import TYPED_MAX_LENGTH

pytestmark = pytest.mark.django_db

EXPLANATION, RULE = Ticket.EXPLANATION_MAX_LENGTH, Ticket.RULE_MAX_LENGTH
WAITING_FOR, NOTE = Ticket.WAITING_FOR_MAX_LENGTH, TicketEvent.NOTE_MAX_LENGTH


def _post(client: Client, ticket: Ticket, action: str, data: dict[str, Any] | None = None,
          *, version: int | None = None, **extra: Any):  # type: ignore[no-untyped-def]
    current = Ticket.objects.get(pk=ticket.pk).version if version is None else version
    return client.post(f"/desk/tickets/{ticket.reference}/{action}/",
                       {"version": current, **(data or {})}, **extra)


def _state(ticket: Ticket) -> str:
    return Ticket.objects.get(pk=ticket.pk).state


def _done(response, ticket: Ticket) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response.url == f"/desk/tickets/{ticket.reference}/"


# --- Allowed ---------------------------------------------------------------------------------

def test_start(customer, handler, category) -> None:
    ticket = open_ticket(customer, handler, category)
    client = client_for(handler)
    response = _post(client, ticket, "start")
    _done(response, ticket)
    assert _state(ticket) == State.IN_PROGRESS
    assert [str(m) for m in get_messages(response.wsgi_request)] == [fr("Work started.")]


def test_resolve_with_an_explanation(mobile_customer, handler, category) -> None:
    ticket = in_progress(mobile_customer, handler, category)
    _done(_post(client_for(handler), ticket, "resolve",
                {"outcome": "accepted", "explanation": "Versement le 10 avril."}), ticket)
    ticket = Ticket.objects.get(pk=ticket.pk)
    assert ticket.state == State.RESOLVED and ticket.explanation == "Versement le 10 avril."
    assert OutboxMessage.objects.filter(ticket=ticket, event="resolved").exists()


def test_a_rejection_cites_its_rule(customer, handler, category) -> None:
    ticket = in_progress(customer, handler, category)
    _done(_post(client_for(handler), ticket, "resolve",
                {"outcome": "rejected", "explanation": "Jours non déclarés.",
                 "rule": "Dahir 1-72-184, art. 22"}), ticket)
    assert Ticket.objects.get(pk=ticket.pk).rule == "Dahir 1-72-184, art. 22"


def test_triage_sends_it_to_the_queue(customer, agent, category, front_queue) -> None:
    ticket = open_ticket(customer, agent)
    _done(_post(client_for(agent), ticket, "triage", {"category": category.pk}), ticket)
    ticket = Ticket.objects.get(pk=ticket.pk)
    assert ticket.state == State.TRIAGED and ticket.queue == front_queue
    assert ticket.category == category


def test_a_supervisor_assigns_to_an_agent_of_the_queue(customer, supervisor, category,
                                                       colleague, front_queue) -> None:
    ticket = open_ticket(customer, supervisor, category)
    colleague.queues.add(front_queue)
    _done(_post(client_for(supervisor), ticket, "assign", {"agent": colleague.pk}), ticket)
    ticket = Ticket.objects.get(pk=ticket.pk)
    assert ticket.state == State.ASSIGNED and ticket.assignee == colleague


def test_a_supervisor_reassigns_work_in_progress(customer, handler, category, supervisor,
                                                 colleague) -> None:
    ticket = in_progress(customer, handler, category)
    _done(_post(client_for(supervisor), ticket, "assign", {"agent": colleague.pk}), ticket)
    ticket = Ticket.objects.get(pk=ticket.pk)
    assert ticket.state == State.IN_PROGRESS and ticket.assignee == colleague


def test_a_queue_member_takes_a_complaint_waiting_in_the_queue(customer, supervisor, category,
                                                               colleague, front_queue) -> None:
    ticket = open_ticket(customer, supervisor, category)
    colleague.queues.add(front_queue)
    _done(_post(client_for(colleague), ticket, "assign", {"agent": colleague.pk}), ticket)
    ticket = Ticket.objects.get(pk=ticket.pk)
    assert ticket.assignee == colleague and ticket.state == State.ASSIGNED


def test_a_queue_member_may_not_give_it_to_someone_else(customer, supervisor, category,
                                                        colleague, front_queue) -> None:
    ticket = open_ticket(customer, supervisor, category)
    colleague.queues.add(front_queue)
    someone = factories.AgentFactory(agency=customer.agency)
    response = _post(client_for(colleague), ticket, "assign", {"agent": someone.pk})
    assert response.status_code == 403
    assert Ticket.objects.get(pk=ticket.pk).assignee is None


def test_ask_the_customer_then_record_their_answer(mobile_customer, handler, category) -> None:
    ticket = in_progress(mobile_customer, handler, category)
    client = client_for(handler)
    _done(_post(client, ticket, "ask_customer", {"request": "Acte de naissance"}), ticket)
    assert _state(ticket) == State.WAITING
    assert OutboxMessage.objects.filter(ticket=ticket, event="waiting").exists()
    _done(_post(client, ticket, "receive_customer_reply", {"text": "Déposé au guichet"}),
          ticket)
    assert _state(ticket) == State.IN_PROGRESS


def test_refer_then_the_direction_answers(customer, handler, category, back_office) -> None:
    ticket = in_progress(customer, handler, category)
    _done(_post(client_for(handler), ticket, "refer",
                {"direction": back_office.direction_id, "note": "Vérifier la DS"}), ticket)
    assert Ticket.objects.get(pk=ticket.pk).referred_to == back_office.direction
    _done(_post(client_for(back_office), ticket, "receive_referral_answer",
                {"answer": "Déclaration corrigée"}), ticket)
    assert _state(ticket) == State.IN_PROGRESS


def test_close_and_reopen(customer, handler, category) -> None:
    ticket = in_progress(customer, handler, category)
    services.resolve_ticket(ticket=ticket, by=handler, outcome="accepted", explanation="Payé")
    client = client_for(handler)
    _done(_post(client, ticket, "close", {"confirm": "on"}), ticket)
    assert _state(ticket) == State.CLOSED
    _done(_post(client, ticket, "reopen", {"reason": "Toujours rien reçu"}), ticket)
    assert _state(ticket) == State.IN_PROGRESS


def test_cancel_with_a_reason(customer, handler, category) -> None:
    ticket = open_ticket(customer, handler, category)
    _done(_post(client_for(handler), ticket, "cancel",
                {"reason": "Saisie en double", "confirm": "on"}), ticket)
    assert _state(ticket) == State.CANCELLED


def test_merge_into_the_surviving_reference(customer, handler, category) -> None:
    survivor = open_ticket(customer, handler, category)
    duplicate = open_ticket(customer, handler, category)
    _done(_post(client_for(handler), duplicate, "merge_into",
                {"survivor": f" {survivor.reference[:5]} {survivor.reference[5:]} ",
                 "confirm": "on"}),
          duplicate)
    duplicate = Ticket.objects.get(pk=duplicate.pk)
    assert duplicate.state == State.MERGED and duplicate.merged_into == survivor


def test_reply_goes_to_the_customer_and_a_note_stays_inside(mobile_customer, handler,
                                                            category) -> None:
    ticket = open_ticket(mobile_customer, handler, category)
    client = client_for(handler)
    _done(_post(client, ticket, "reply", {"text": "Nous vérifions votre dossier."}), ticket)
    _done(_post(client, ticket, "note", {"text": "Employeur injoignable"}), ticket)
    reply, note = ticket.events.order_by("-id")[:2][::-1]
    assert (reply.kind, reply.visibility) == ("reply", "customer")
    assert (note.kind, note.visibility) == ("note", "internal")
    assert OutboxMessage.objects.get(ticket=ticket, event="reply").body.endswith(
        "Nous vérifions votre dossier.")


# --- Refused ---------------------------------------------------------------------------------

def test_an_agent_who_does_not_handle_it_is_refused_with_the_reason(customer, handler,
                                                                    category,
                                                                    colleague) -> None:
    ticket = open_ticket(customer, handler, category)
    response = _post(client_for(colleague), ticket, "start")
    assert response.status_code == 403
    assert shows(response, "Your role does not allow this action on this complaint.")
    assert _state(ticket) == State.ASSIGNED


def test_an_agent_may_not_assign(customer, handler, category, colleague) -> None:
    ticket = in_progress(customer, handler, category)
    response = _post(client_for(handler), ticket, "assign", {"agent": handler.pk})
    assert response.status_code == 403
    assert Ticket.objects.get(pk=ticket.pk).assignee == handler


def test_an_action_the_state_does_not_allow_is_refused_with_the_reason(customer, handler,
                                                                       category) -> None:
    ticket = open_ticket(customer, handler, category)
    response = _post(client_for(handler), ticket, "resolve",
                     {"outcome": "accepted", "explanation": "ok"})
    assert response.status_code == 422
    assert shows(response, "This action is not possible while the complaint is “%(state)s”.",
                 state=fr("Assigned"))


def test_a_rejection_without_its_rule_is_refused_with_the_reason(customer, handler,
                                                                 category) -> None:
    ticket = in_progress(customer, handler, category)
    response = _post(client_for(handler), ticket, "resolve",
                     {"outcome": "rejected", "explanation": "Non déclaré"})
    assert response.status_code == 422
    assert shows(response, "A rejection must cite the rule it rests on.")
    assert _state(ticket) == State.IN_PROGRESS


def test_referring_to_the_call_centre_is_refused(customer, handler, category) -> None:
    ticket = in_progress(customer, handler, category)
    call_centre = factories.DirectionFactory(kind="call_centre")
    response = _post(client_for(handler), ticket, "refer", {"direction": call_centre.pk})
    assert response.status_code == 422  # not a choice: only back-office directions are
    assert _state(ticket) == State.IN_PROGRESS


def test_a_complaint_out_of_scope_is_not_found(customer, handler, category,
                                               other_agency_agent) -> None:
    ticket = open_ticket(customer, handler, category)
    assert _post(client_for(other_agency_agent), ticket, "start").status_code == 404


def test_an_unknown_action_is_not_found_and_a_get_is_not_allowed(customer, handler,
                                                                 category) -> None:
    ticket = open_ticket(customer, handler, category)
    client = client_for(handler)
    assert _post(client, ticket, "delete").status_code == 404
    assert client.get(f"/desk/tickets/{ticket.reference}/start/").status_code == 405


# --- Invalid forms ---------------------------------------------------------------------------

@pytest.mark.parametrize("action,data", [
    ("resolve", {"outcome": "accepted", "explanation": ""}),
    ("resolve", {"outcome": "maybe", "explanation": "x"}),
    ("ask_customer", {"request": ""}),
    ("cancel", {"reason": ""}),
    ("merge_into", {"survivor": "1234567890"}),
    ("reply", {"text": ""}),
    ("note", {"text": ""}),
    ("resolve", {"outcome": "accepted", "explanation": "x" * (EXPLANATION + 1)}),
    ("resolve", {"outcome": "rejected", "explanation": "x", "rule": "x" * (RULE + 1)}),
    ("ask_customer", {"request": "x" * (WAITING_FOR + 1)}),
    ("cancel", {"reason": "x" * (NOTE + 1)}),
    ("merge_into", {"survivor": "1" * (TYPED_MAX_LENGTH + 1)}),
    ("reply", {"text": "x" * (NOTE + 1)}),
    ("note", {"text": "x" * (NOTE + 1)}),
])
def test_an_incomplete_form_comes_back_with_its_errors(customer, handler, category, action,
                                                       data) -> None:
    ticket = in_progress(customer, handler, category)
    before = ticket.events.count()
    response = _post(client_for(handler), ticket, action, data)
    assert response.status_code == 422
    html = response.content.decode()
    assert 'class="errorlist' in html
    assert f'id="action-{action}"' in html
    assert ticket.events.count() == before and _state(ticket) == State.IN_PROGRESS


def test_a_form_without_its_version_is_incomplete(customer, handler, category) -> None:
    ticket = open_ticket(customer, handler, category)
    response = client_for(handler).post(f"/desk/tickets/{ticket.reference}/start/")
    assert response.status_code == 422 and _state(ticket) == State.ASSIGNED


def _changed_by(agent: Agent) -> str:
    """The start of the conflict message, up to its time."""
    message = fr("Changed by %(by)s at %(at)s, reload the complaint.")
    return escape(message.split("%(at)s")[0] % {"by": agent.display_name})


# --- Out of date -----------------------------------------------------------------------------

def test_a_page_left_open_while_someone_changed_the_complaint_cannot_act(
        customer, handler, category, supervisor) -> None:
    ticket = in_progress(customer, handler, category)
    shown = ticket.version
    services.ask_customer(ticket=Ticket.objects.get(pk=ticket.pk), by=supervisor,
                          request="Relevé de carrière")
    response = _post(client_for(handler), ticket, "resolve",
                     {"outcome": "accepted", "explanation": "Payé"}, version=shown)
    assert response.status_code == 409
    assert _changed_by(supervisor) in response.content.decode()
    assert _state(ticket) == State.WAITING


def test_even_a_note_waits_for_a_reload_after_a_change(customer, handler, category,
                                                       supervisor) -> None:
    ticket = in_progress(customer, handler, category)
    shown = ticket.version
    services.cancel_ticket(ticket=Ticket.objects.get(pk=ticket.pk), by=supervisor,
                           reason="Doublon")
    response = _post(client_for(handler), ticket, "note", {"text": "Vu"}, version=shown)
    assert response.status_code == 409
    assert not ticket.events.filter(kind="note").exists()


# --- htmx ------------------------------------------------------------------------------------

def test_with_htmx_success_reloads_the_page(customer, handler, category) -> None:
    ticket = open_ticket(customer, handler, category)
    response = _post(client_for(handler), ticket, "start", **HTMX)
    assert response.status_code == 200
    assert response["HX-Redirect"] == f"/desk/tickets/{ticket.reference}/"


def test_with_htmx_a_stale_form_comes_back_alone_with_409(customer, handler, category,
                                                          supervisor) -> None:
    ticket = in_progress(customer, handler, category)
    shown = ticket.version
    services.add_note(ticket=ticket, by=supervisor, text="Vu")
    services.ask_customer(ticket=Ticket.objects.get(pk=ticket.pk), by=supervisor,
                          request="RIB")
    response = _post(client_for(handler), ticket, "cancel", {"reason": "x", "confirm": "on"},
                     version=shown, **HTMX)
    assert response.status_code == 409
    html = response.content.decode()
    assert "<html" not in html and html.lstrip().startswith('<div class="desk-action')
    assert _changed_by(supervisor) in html
    assert f'name="version" value="{shown}"' in html


@pytest.mark.parametrize("status,action,data,who", [
    (403, "start", {}, "colleague"),
    (422, "cancel", {"reason": ""}, "handler"),
])
def test_with_htmx_refusals_come_back_alone(customer, handler, category, colleague, status,
                                            action, data, who) -> None:
    ticket = open_ticket(customer, handler, category)
    actor: Agent = {"colleague": colleague, "handler": handler}[who]
    response = _post(client_for(actor), ticket, action, data, **HTMX)
    assert response.status_code == status
    html = response.content.decode()
    assert "<html" not in html and f'id="action-{action}"' in html


# --- Live notices ----------------------------------------------------------------------------

def test_the_pages_showing_it_are_told_after_commit(customer, handler, category,
                                                    monkeypatch,
                                                    django_capture_on_commit_callbacks) -> None:
    sent: list[tuple[str, dict[str, Any]]] = []
    monkeypatch.setattr("contactcenter.live.send_in_background", sent.extend)
    ticket = open_ticket(customer, handler, category)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _post(client_for(handler), ticket, "start")
    assert sent == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert [(group, message["reference"], message["by_agent"], message["action"])
            for group, message in sent] == [
        (f"ticket.{ticket.pk}", ticket.reference, handler.pk, "start")]


def test_a_refused_action_tells_nobody(customer, handler, category, colleague, monkeypatch,
                                       django_capture_on_commit_callbacks) -> None:
    monkeypatch.setattr("contactcenter.live.send_in_background",
                        lambda messages: pytest.fail("told"))
    ticket = open_ticket(customer, handler, category)
    with django_capture_on_commit_callbacks(execute=True):
        _post(client_for(colleague), ticket, "start")
