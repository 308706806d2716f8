"""The complaint's life: each transition allowed for the right people, refused otherwise,
with the reason, an event and the customer told."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from contactcenter import i18n
from contactcenter.org.models import Agent
from tests import factories
from tickets import services
from tickets.exceptions import RuleViolation
from tickets.models import OutboxMessage, State, Ticket, TicketEvent
from tickets.references import is_valid_reference
from tickets.selectors import assignable_agents

pytestmark = pytest.mark.django_db


def _open(customer, by, category=None) -> Ticket:
    return services.open_complaint(customer=customer, channel="counter", by=by,
                                   description="Allocations familiales non reçues depuis mars",
                                   category=category)


def _in_progress(customer, handler, category) -> Ticket:
    ticket = _open(customer, handler, category)
    return services.start_ticket(ticket=ticket, by=handler)


def test_opening_with_a_category_triages_and_assigns_to_the_queue(mobile_customer, handler,
                                                                   category) -> None:
    ticket = _open(mobile_customer, handler, category)
    assert is_valid_reference(ticket.reference) and len(ticket.reference) <= 10
    assert ticket.state == State.ASSIGNED
    assert ticket.queue.agency == mobile_customer.agency
    assert ticket.assignee == handler
    assert ticket.agency == mobile_customer.agency
    events = list(ticket.events.values_list("kind", "from_state", "to_state"))
    assert events == [("opened", "", ""), ("transition", "new", "triaged"),
                      ("transition", "triaged", "assigned")]
    sms = OutboxMessage.objects.get(kind="sms")
    assert sms.event == "received" and sms.to == "+212661000333"
    assert ticket.reference in sms.body


def test_opening_without_a_category_leaves_it_new(customer, agent) -> None:
    ticket = _open(customer, agent)
    assert ticket.state == State.NEW and ticket.queue is None


def test_bad_input_opens_nothing(customer, agent) -> None:
    with pytest.raises(ValidationError) as error:
        services.open_complaint(customer=customer, channel="pigeon", description=" ", by=agent)
    assert {"channel", "description"} <= set(error.value.message_dict)
    assert not Ticket.objects.exists() and not TicketEvent.objects.exists()


def test_a_full_life_from_intake_to_closing(mobile_customer, handler, category,
                                            back_office) -> None:
    ticket = _in_progress(mobile_customer, handler, category)
    services.ask_customer(ticket=ticket, by=handler, request="Copie de l'acte de naissance")
    assert ticket.state == State.WAITING
    services.record_customer_reply(ticket=ticket, text="Envoyée", actor_label="client (SMS)")
    assert ticket.state == State.IN_PROGRESS and ticket.waiting_for == ""
    services.refer_ticket(ticket=ticket, by=handler, direction=back_office.direction,
                          note="Vérifier la déclaration de l'employeur")
    assert ticket.state == State.REFERRED
    services.answer_referral(ticket=ticket, by=back_office, answer="Déclaration corrigée")
    services.resolve_ticket(ticket=ticket, by=handler, outcome="accepted",
                            explanation="Vos allocations seront versées le 10 avril.")
    assert ticket.state == State.RESOLVED
    services.close_ticket(ticket=ticket, by=handler)
    assert ticket.state == State.CLOSED
    states = list(ticket.events.filter(kind="transition").values_list("to_state", flat=True))
    assert states[-7:] == ["in_progress", "waiting", "in_progress", "referred", "in_progress",
                           "resolved", "closed"]
    assert ticket.events.last().to_state == Ticket.objects.get(pk=ticket.pk).state
    notified = list(OutboxMessage.objects.filter(kind="sms").order_by("pk")
                    .values_list("event", flat=True))
    assert notified == ["received", "waiting", "referred", "resolved", "closed"]


@pytest.mark.parametrize("outcome,explanation,rule,reason", [
    ("rejected", "", "", "An explanation is required to reject."),
    ("rejected", "Jours non déclarés", "", "A rejection must cite the rule it rests on."),
    ("accepted", " ", "", "An explanation for the customer is required."),
    ("maybe", "x", "", "Choose the outcome."),
])
def test_resolving_needs_an_explanation_and_a_rejection_a_rule(
        customer, handler, category, outcome, explanation, rule, reason) -> None:
    ticket = _in_progress(customer, handler, category)
    with pytest.raises(RuleViolation, match=reason):
        services.resolve_ticket(ticket=ticket, by=handler, outcome=outcome,
                                explanation=explanation, rule=rule)
    assert Ticket.objects.get(pk=ticket.pk).state == State.IN_PROGRESS


def test_a_rejection_with_its_rule_is_accepted(customer, handler, category) -> None:
    ticket = _in_progress(customer, handler, category)
    services.resolve_ticket(ticket=ticket, by=handler, outcome="rejected",
                            explanation="Votre employeur n'a pas déclaré ces jours.",
                            rule="Dahir 1-72-184, art. 22")
    assert ticket.rule == "Dahir 1-72-184, art. 22"


def test_a_transition_from_the_wrong_state_is_refused_with_the_reason(customer, handler,
                                                                      category) -> None:
    ticket = _open(customer, handler, category)
    with pytest.raises(RuleViolation, match="not possible while the complaint is"):
        services.resolve_ticket(ticket=ticket, by=handler, outcome="accepted",
                                explanation="ok")


def test_reopening_within_the_window_and_not_after(customer, handler, category,
                                                   settings) -> None:
    settings.TICKET_REOPEN_WINDOW_DAYS = 30
    ticket = _in_progress(customer, handler, category)
    resolved_at = timezone.now()
    services.resolve_ticket(ticket=ticket, by=handler, outcome="accepted", explanation="Payé",
                            now=resolved_at)
    services.reopen_ticket(ticket=ticket, by=handler, reason="Toujours pas reçu",
                           now=resolved_at + timedelta(days=29))
    assert ticket.state == State.IN_PROGRESS
    services.resolve_ticket(ticket=ticket, by=handler, outcome="accepted", explanation="Payé",
                            now=resolved_at)
    with pytest.raises(RuleViolation, match="no longer be reopened"):
        services.reopen_ticket(ticket=ticket, by=handler, reason="Encore",
                               now=resolved_at + timedelta(days=31))


def test_resolved_complaints_close_by_themselves_after_the_delay(customer, handler, category,
                                                                 settings) -> None:
    settings.TICKET_AUTO_CLOSE_DAYS = 15
    ticket = _in_progress(customer, handler, category)
    resolved_at = timezone.now() - timedelta(days=16)
    services.resolve_ticket(ticket=ticket, by=handler, outcome="no_action", explanation="Déjà payé",
                            now=resolved_at)
    recent = _in_progress(customer, handler, category)
    services.resolve_ticket(ticket=recent, by=handler, outcome="accepted", explanation="ok")
    assert services.close_resolved_tickets() == 1
    assert services.close_resolved_tickets() == 0
    assert Ticket.objects.get(pk=ticket.pk).state == State.CLOSED
    assert Ticket.objects.get(pk=recent.pk).state == State.RESOLVED
    closing = ticket.events.last()
    assert closing.actor is None and closing.actor_label == i18n.system_text("automatic closing")


def test_cancel_needs_a_reason(customer, handler, category) -> None:
    ticket = _open(customer, handler, category)
    with pytest.raises(RuleViolation):
        services.cancel_ticket(ticket=ticket, by=handler, reason="")
    services.cancel_ticket(ticket=ticket, by=handler, reason="Doublon saisi par erreur")
    assert ticket.state == State.CANCELLED


def test_merging_a_duplicate_keeps_both_histories_and_tells_the_surviving_reference(
        mobile_customer, handler, category) -> None:
    survivor = _open(mobile_customer, handler, category)
    duplicate = _open(mobile_customer, handler, category)
    services.merge_tickets(duplicate=duplicate, survivor=survivor, by=handler)
    duplicate = Ticket.objects.get(pk=duplicate.pk)
    assert duplicate.state == State.MERGED and duplicate.merged_into == survivor
    assert duplicate.events.count() == 4 and survivor.events.filter(kind="link").exists()
    assert duplicate in survivor.related.all()
    sms = OutboxMessage.objects.get(ticket=duplicate, event="merged")
    assert survivor.reference in sms.body


def test_merging_across_customers_is_refused(customer, handler, category) -> None:
    other = factories.CustomerFactory(agency=customer.agency)
    with pytest.raises(RuleViolation):
        services.merge_tickets(duplicate=_open(customer, handler, category),
                               survivor=_open(other, handler, category), by=handler)


@pytest.mark.parametrize("role", [Agent.Role.REGIONAL_MANAGER])
def test_roles_that_may_not_open_a_complaint_are_refused(customer, role, region_a) -> None:
    manager = factories.AgentFactory(role=role, agency=None, region=region_a)
    with pytest.raises(PermissionDenied):
        _open(customer, manager)


def test_only_the_assignee_or_a_supervisor_works_a_complaint(customer, handler, category,
                                                             supervisor) -> None:
    ticket = _open(customer, handler, category)
    colleague = factories.AgentFactory(agency=handler.agency)
    with pytest.raises(PermissionDenied):
        services.start_ticket(ticket=ticket, by=colleague)
    services.start_ticket(ticket=ticket, by=supervisor)
    assert ticket.state == State.IN_PROGRESS


def test_only_the_direction_referred_to_answers_a_referral(customer, handler, category,
                                                           back_office) -> None:
    ticket = _in_progress(customer, handler, category)
    services.refer_ticket(ticket=ticket, by=handler, direction=back_office.direction, note="?")
    other_direction_agent = factories.AgentFactory(
        role=Agent.Role.BACK_OFFICE, agency=None, direction=factories.DirectionFactory())
    with pytest.raises(PermissionDenied):
        services.answer_referral(ticket=ticket, by=other_direction_agent, answer="Non")
    with pytest.raises(PermissionDenied):
        services.answer_referral(ticket=ticket, by=handler, answer="Je réponds moi-même")
    services.answer_referral(ticket=ticket, by=back_office, answer="Corrigé")


def test_supervisors_reassign_agents_do_not(customer, handler, category, supervisor) -> None:
    ticket = _in_progress(customer, handler, category)
    colleague = factories.AgentFactory(agency=handler.agency)
    with pytest.raises(PermissionDenied):
        services.assign_ticket(ticket=ticket, by=handler, agent=colleague)
    services.assign_ticket(ticket=ticket, by=supervisor, agent=colleague)
    assert ticket.assignee == colleague and ticket.state == State.IN_PROGRESS
    assert ticket.events.last().kind == "assignment"


def test_round_robin_spreads_new_complaints_and_respects_the_cap(customer, front_queue,
                                                                 category, settings) -> None:
    settings.TICKET_ASSIGNMENT_CAP = 2
    agents = [factories.AgentFactory(agency=front_queue.agency) for _ in range(3)]
    for member in agents:
        member.queues.add(front_queue)
    opener = agents[0]
    tickets = [_open(customer, opener, category) for _ in range(7)]
    assignees = [t.assignee for t in tickets]
    assert assignees[:3] == agents and assignees[3:6] == agents
    assert tickets[6].assignee is None and tickets[6].state == State.TRIAGED


def test_replies_are_sent_and_notes_stay_internal(mobile_customer, handler, category) -> None:
    ticket = _open(mobile_customer, handler, category)
    services.reply_to_customer(ticket=ticket, by=handler, text="Nous vérifions votre dossier.")
    services.add_note(ticket=ticket, by=handler, text="Employeur injoignable")
    reply, note = ticket.events.order_by("-id")[:2][::-1]
    assert (reply.kind, reply.visibility) == ("reply", "customer")
    assert (note.kind, note.visibility) == ("note", "internal")
    assert OutboxMessage.objects.filter(event="reply").get().body.endswith(
        "Nous vérifions votre dossier.")


def test_the_service_refuses_an_assignee_outside_the_complaints_queue_and_agency(
        supervisor: Agent, other_agency_agent: Agent) -> None:
    ticket = factories.TicketFactory(
        customer=factories.CustomerFactory(agency=supervisor.agency), agency=supervisor.agency)
    assert other_agency_agent not in assignable_agents(ticket)
    with pytest.raises(RuleViolation):
        services.assign_ticket(ticket=ticket, by=supervisor, agent=other_agency_agent)
