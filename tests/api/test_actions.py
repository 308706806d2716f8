"""Every action on a complaint through the API: allowed to the right role, refused (403,
nothing changes) to another who can see the complaint."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from contactcenter.customers.models import Customer
from contactcenter.org.models import Agent
from tests import factories
from tests.api.conftest import api_client_for
from tickets import services
from tickets.models import Category, State, Ticket, TicketEvent

pytestmark = pytest.mark.django_db


@dataclass
class Cast:
    customer: Customer
    handler: Agent
    category: Category
    back_office: Agent

    def assigned(self) -> Ticket:
        """Opened with a category: triaged to agency A's queue and assigned to the handler."""
        return services.open_complaint(customer=self.customer, channel="counter",
                                       by=self.handler, category=self.category,
                                       description="Allocations familiales non reçues")

    def new(self) -> Ticket:
        return services.open_complaint(customer=self.customer, channel="counter",
                                       by=self.handler, description="Réclamation")

    def in_progress(self) -> Ticket:
        return services.start_ticket(ticket=self.assigned(), by=self.handler)

    def waiting(self) -> Ticket:
        return services.ask_customer(ticket=self.in_progress(), by=self.handler,
                                     request="Copie de l'acte de naissance")

    def referred(self) -> Ticket:
        return services.refer_ticket(ticket=self.in_progress(), by=self.handler,
                                     direction=self.back_office.direction, note="À vérifier")

    def resolved(self) -> Ticket:
        return services.resolve_ticket(ticket=self.in_progress(), by=self.handler,
                                       outcome="accepted", explanation="Versées le 10 avril.")


Payload = Callable[[Cast, Any], dict[str, Any]]


@dataclass
class Case:
    action: str
    setup: str
    allowed: str
    refused: str
    state: str
    payload: Payload = lambda cast, request: {}  # noqa: E731


CASES = [
    Case("triage", "new", "handler", "regional_manager", State.ASSIGNED,
         lambda cast, request: {"category": cast.category.code}),
    Case("assign", "assigned", "supervisor", "colleague", State.ASSIGNED,
         lambda cast, request: {"agent": request.getfixturevalue("colleague").pk}),
    Case("take", "assigned", "teammate", "colleague", State.ASSIGNED),
    Case("start", "assigned", "handler", "colleague", State.IN_PROGRESS),
    Case("ask_customer", "in_progress", "handler", "colleague", State.WAITING,
         lambda cast, request: {"request": "Copie de la CIN"}),
    Case("receive_customer_reply", "waiting", "handler", "regional_manager",
         State.IN_PROGRESS, lambda cast, request: {"text": "Envoyée par courrier"}),
    Case("refer", "in_progress", "handler", "colleague", State.REFERRED,
         lambda cast, request: {"direction": cast.back_office.direction.code,
                                "note": "Vérifier la déclaration"}),
    Case("receive_referral_answer", "referred", "back_office", "handler", State.IN_PROGRESS,
         lambda cast, request: {"answer": "Déclaration corrigée"}),
    Case("resolve", "in_progress", "handler", "colleague", State.RESOLVED,
         lambda cast, request: {"outcome": "rejected", "explanation": "Jours non déclarés",
                                "rule": "Dahir 1-72-184, art. 22"}),
    Case("close", "resolved", "handler", "colleague", State.CLOSED),
    Case("reopen", "resolved", "handler", "regional_manager", State.IN_PROGRESS,
         lambda cast, request: {"reason": "Toujours pas reçu"}),
    Case("cancel", "assigned", "handler", "colleague", State.CANCELLED,
         lambda cast, request: {"reason": "Saisie en double"}),
    Case("merge_into", "assigned", "handler", "colleague", State.MERGED,
         lambda cast, request: {"survivor": cast.assigned().reference}),
    Case("reply", "assigned", "handler", "regional_manager", State.ASSIGNED,
         lambda cast, request: {"text": "Nous vérifions votre dossier."}),
]


@pytest.fixture
def cast(customer: Customer, handler: Agent, category: Category,
         back_office: Agent) -> Cast:
    return Cast(customer=customer, handler=handler, category=category, back_office=back_office)


@pytest.fixture
def teammate(handler: Agent, front_queue) -> Agent:
    """Another agent of the handler's queue."""
    member = factories.AgentFactory(user__username="teammate", agency=handler.agency)
    member.queues.add(front_queue)
    return member


def _post(actor: Agent, ticket: Ticket, action: str, payload: dict[str, Any]) -> Any:
    return api_client_for(actor).post(f"/api/v1/complaints/{ticket.reference}/{action}/",
                                      payload, format="json")


ALLOWED = [pytest.param(case, id=case.action)
           for case in CASES]


@pytest.mark.parametrize("case", ALLOWED)
def test_the_action_is_allowed_to_the_right_role(case: Case, cast: Cast, request) -> None:
    ticket = getattr(cast, case.setup)()
    actor = request.getfixturevalue(case.allowed)
    payload = case.payload(cast, request)
    seen = set(ticket.events.values_list("pk", flat=True))
    response = _post(actor, ticket, case.action, payload)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["state"] == case.state == Ticket.objects.get(pk=ticket.pk).state
    new = TicketEvent.objects.filter(ticket=ticket).exclude(pk__in=seen)
    assert new.filter(actor=actor).exists()
    assert [e["id"] for e in body["events"]] == list(
        TicketEvent.objects.filter(ticket=ticket).values_list("pk", flat=True))
    if case.action == "take":
        assert body["assignee"] == actor.pk


@pytest.mark.parametrize("case", CASES, ids=[case.action for case in CASES])
def test_the_action_is_refused_to_another_role(case: Case, cast: Cast, request) -> None:
    ticket = getattr(cast, case.setup)()
    state, events = ticket.state, ticket.events.count()
    actor = request.getfixturevalue(case.refused)
    payload = case.payload(cast, request)
    response = _post(actor, ticket, case.action, payload)
    assert response.status_code == 403, response.content
    assert response.json()["detail"]
    assert Ticket.objects.get(pk=ticket.pk).state == state
    assert ticket.events.count() == events


def test_anyone_who_sees_the_complaint_may_add_a_note(cast: Cast,
                                                      regional_manager: Agent) -> None:
    ticket = cast.assigned()
    response = _post(regional_manager, ticket, "note", {"text": "Vu en réunion régionale"})
    assert response.status_code == 200
    assert response.json()["events"][-1]["kind"] == "note"


def test_an_empty_note_is_refused_with_the_reason(cast: Cast) -> None:
    response = _post(cast.handler, cast.assigned(), "note", {"text": "  "})
    assert response.status_code == 422 and response.json()["detail"]


def test_an_action_with_missing_input_answers_400(cast: Cast) -> None:
    ticket = cast.in_progress()
    response = _post(cast.handler, ticket, "resolve", {"explanation": "ok"})
    assert response.status_code == 400 and "outcome" in response.json()
    response = _post(cast.handler, ticket, "merge_into", {"survivor": "1234567890"})
    assert response.status_code == 400 and "survivor" in response.json()
    assert Ticket.objects.get(pk=ticket.pk).state == State.IN_PROGRESS


_BY_ACTION = {case.action: case for case in CASES}
TEXT_CASES = [pytest.param(_BY_ACTION[action], field, id=f"{action}-{field}")
              for action, field in [
                  ("ask_customer", "request"), ("receive_customer_reply", "text"),
                  ("refer", "note"), ("receive_referral_answer", "answer"),
                  ("resolve", "explanation"), ("resolve", "rule"), ("reopen", "reason"),
                  ("cancel", "reason"), ("merge_into", "survivor"), ("reply", "text")]]


@pytest.mark.parametrize("case,field", TEXT_CASES)
def test_text_longer_than_the_desk_accepts_answers_400_and_changes_nothing(
        case: Case, field: str, cast: Cast, request) -> None:
    ticket = getattr(cast, case.setup)()
    actor = request.getfixturevalue(case.allowed)
    payload = {**case.payload(cast, request), field: "é" * 1_000_000}
    events = ticket.events.count()
    response = _post(actor, ticket, case.action, payload)
    assert response.status_code == 400, response.content
    assert list(response.json()) == [field]
    after = Ticket.objects.get(pk=ticket.pk)
    assert (after.state, after.version, after.events.count()) == (
        ticket.state, ticket.version, events)


def test_a_note_as_long_as_the_limit_is_kept_whole(cast: Cast) -> None:
    text = "x" * TicketEvent.NOTE_MAX_LENGTH
    response = _post(cast.handler, cast.assigned(), "note", {"text": text})
    assert response.status_code == 200 and response.json()["events"][-1]["note"] == text
    response = _post(cast.handler, cast.assigned(), "note", {"text": text + "x"})
    assert response.status_code == 400 and "text" in response.json()


def test_the_desk_pages_showing_it_are_told_after_commit(
        cast: Cast, monkeypatch, django_capture_on_commit_callbacks) -> None:
    sent: list[tuple[str, dict[str, Any]]] = []
    monkeypatch.setattr("contactcenter.live.send_in_background", sent.extend)
    duplicate, survivor = cast.assigned(), cast.assigned()
    with django_capture_on_commit_callbacks(execute=True):
        _post(cast.handler, duplicate, "merge_into", {"survivor": survivor.reference})
    assert {(group, message["reference"], message["by_agent"]) for group, message in sent} == {
        (f"ticket.{t.pk}", t.reference, cast.handler.pk) for t in (duplicate, survivor)}


@pytest.mark.parametrize("state", ["assigned", "in_progress"])
def test_assigning_to_an_agent_who_cannot_see_the_complaint_is_refused(
        cast: Cast, supervisor: Agent, other_agency_agent: Agent, state: str) -> None:
    """The same rule as the desk's choices: the agent of another region is refused with the
    reason, and the complaint keeps its assignee."""
    ticket = getattr(cast, state)()
    response = _post(supervisor, ticket, "assign", {"agent": other_agency_agent.pk})
    assert response.status_code == 422, response.content
    assert str(other_agency_agent) in response.json()["detail"]
    after = Ticket.objects.get(pk=ticket.pk)
    assert (after.assignee_id, after.state, after.version) == (
        cast.handler.pk, ticket.state, ticket.version)
    assert not TicketEvent.objects.filter(ticket=ticket, actor=supervisor).exists()


def test_assigning_through_the_api_offers_the_desks_choices(
        cast: Cast, supervisor: Agent, teammate: Agent) -> None:
    ticket = cast.assigned()
    response = _post(supervisor, ticket, "assign", {"agent": teammate.pk})
    assert response.status_code == 200 and response.json()["assignee"] == teammate.pk
