"""Every change to a complaint. Each public function is one transaction that checks the
actor's permission, applies the change, records a TicketEvent and writes the outbox rows
that follow from it.

`by` is the acting Agent; None is the system (timers) or the customer (SMS, status page),
named by `actor_label`. Raises PermissionDenied, RuleViolation (a guard refused, with the
reason) and ConcurrentEdit (someone else saved the complaint since it was loaded).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import TransitionNotAllowed

from contactcenter import bulk
from contactcenter.bulk import insert_or_ignore
from contactcenter.customers import selectors as customer_selectors
from contactcenter.customers.models import Channel, Customer
from contactcenter.customers.text import clean_text
from contactcenter.i18n import both_languages, system_label, system_text
from contactcenter.org import selectors as org_selectors
from contactcenter.org import services as org_services
from contactcenter.org.models import Agent, Direction, Queue
from sla import services as sla_services
from tickets import notices, outbox, permissions, routing, search, selectors, system_texts
from tickets.exceptions import RuleViolation
from tickets.models import Category, State, SurveyAnswer, Ticket, TicketEvent
from tickets.references import new_reference

Kind = TicketEvent.Kind
Visibility = TicketEvent.Visibility
SYSTEM = system_text(system_texts.SYSTEM)
AUTOMATIC_ASSIGNMENT = system_text(system_texts.AUTOMATIC_ASSIGNMENT)


def _event(ticket: Ticket, *, kind: str, by: Agent | None, actor_label: str = "",
           action: str = "", from_state: str = "", note: str = "",
           visibility: str = Visibility.INTERNAL, now: datetime) -> TicketEvent:
    """The event of what just happened to the complaint, not yet saved."""
    return TicketEvent(
        ticket=ticket, kind=kind, at=now, actor=by,
        actor_label="" if by else (actor_label or SYSTEM), action=action,
        from_state=from_state, to_state=ticket.state if from_state else "",
        note=clean_text(note), visibility=visibility)


def _record(ticket: Ticket, **event: Any) -> TicketEvent:
    """Save the event and, after commit, tell the pages showing the complaint."""
    recorded = _event(ticket, **event)
    recorded.save()
    if search.is_customer_words(recorded):
        search.index_customer_words(ticket, recorded.note)
    notices.ticket_changed(ticket.pk, ticket.reference, by=recorded.actor,
                           action=recorded.action or recorded.kind)
    return recorded


def _apply(ticket: Ticket, action: str, *, by: Agent | None, now: datetime,
           permission: str | None = None, **arguments: Any) -> str:
    """Check the permission (named like the action unless given) and apply one transition
    to the object, deadlines included; no save. Returns the state it left."""
    permissions.require(by, permission or action, ticket)
    old_state: str = ticket.state
    try:
        getattr(ticket, action)(**arguments)
    except TransitionNotAllowed:
        raise RuleViolation(
            _("This action is not possible while the complaint is “%(state)s”.")
            % {"state": ticket.get_state_display()}) from None
    sla_services.on_transition(ticket, old_state=old_state, action=action, now=now)
    ticket.updated_at, ticket.updated_by = now, by
    return old_state


def _transition(ticket: Ticket, action: str, *, by: Agent | None, actor_label: str = "",
                note: str = "", visibility: str = Visibility.INTERNAL,
                notify: str | None = None, now: datetime | None = None,
                permission: str | None = None, board: bool = True,
                **arguments: Any) -> Ticket:
    """Check (the permission named like the action unless given), apply and record one
    transition of the state machine, in the caller's transaction. `board=False` when the
    caller sends the boards one update after several steps."""
    now = now or timezone.now()
    old_state = _apply(ticket, action, by=by, now=now, permission=permission, **arguments)
    ticket.save()
    _record(ticket, kind=Kind.TRANSITION, by=by, actor_label=actor_label, action=action,
            from_state=old_state, note=note, visibility=visibility, now=now)
    if notify:
        outbox.add_sms(ticket=ticket, event=notify)
    if board:
        outbox.add_board_update(ticket=ticket, event=action)
    return ticket


def _touch(ticket: Ticket, *, by: Agent | None, now: datetime) -> None:
    """Save a change that is not a transition, under the same optimistic lock."""
    ticket.updated_at, ticket.updated_by = now, by
    ticket.save()


# --- Opening ---------------------------------------------------------------------------------

@transaction.atomic
def open_complaint(*, customer: Customer, channel: str, description: str,
                   by: Agent | None, category: Category | None = None,
                   dependant: Customer | None = None,
                   priority: str = Ticket.Priority.NORMAL, actor_label: str = "",
                   notify: bool = True, agency_id: int | None = None,
                   now: datetime | None = None) -> Ticket:
    """Open a complaint for a customer. With a category it is triaged to its queue at once
    and given to the next available agent of that queue. Its agency is `agency_id` (the
    agency whose counter recorded it), else the customer's, else the agent's.
    `notify=False` queues no "received" SMS (the caller tells the customer itself, e.g. in
    the answer to their SMS).
    Raises ValidationError on bad input (nothing is saved), PermissionDenied."""
    now = now or timezone.now()
    permissions.require(by, "open", None)
    errors: dict[str, str] = {}
    if customer.merged_into_id:
        errors["customer"] = _("This record was merged into another one: use that one.")
    if channel not in Channel.values:
        errors["channel"] = _("Unknown channel %(value)s.") % {"value": channel}
    if priority not in Ticket.Priority.values:
        errors["priority"] = _("Unknown priority %(value)s.") % {"value": priority}
    description = clean_text(description)
    if not description:
        errors["description"] = _("Describe the complaint.")
    if dependant is not None and not customer_selectors.is_dependant_of(dependant, customer):
        errors["dependant"] = _("This person is not a dependant of the customer.")
    if category is not None and not category.is_active:
        errors["category"] = _("This category is no longer in use.")
    if errors:
        raise ValidationError(errors)

    agency_id = agency_id or customer.agency_id or (by.agency_id if by else None)
    agency = org_selectors.agency_by_id(agency_id) if agency_id else None
    # The category is known from the start, so the deadlines follow its policy from the
    # start (triage below confirms it and sets the queue).
    ticket = Ticket(
        customer=customer, dependant=dependant, channel=channel, priority=priority,
        category=category, description=description, agency=agency, created_at=now,
        updated_at=now, created_by=by, updated_by=by)
    sla_services.start(ticket, now=now)
    events = [_event(ticket, kind=Kind.OPENED, by=by, actor_label=actor_label,
                     note=description, visibility=Visibility.CUSTOMER, now=now)]
    # Triage and assignment are applied before the first save: the row is written once, in
    # its final state, and the three events together.
    agent = None
    if category is not None:
        queue = routing.queue_for(category=category, agency=agency)
        from_state = _apply(ticket, "triage", by=by, now=now, category=category, queue=queue)
        events.append(_event(ticket, kind=Kind.TRANSITION, by=by, actor_label=actor_label,
                             action="triage", from_state=from_state, now=now))
        agent = routing.next_assignee(queue, at=now) if queue is not None else None
        if agent is not None:
            from_state = _apply(ticket, "assign", by=None, now=now, agent=agent, at=now)
            events.append(_event(ticket, kind=Kind.TRANSITION, by=None,
                                 actor_label=AUTOMATIC_ASSIGNMENT, action="assign",
                                 from_state=from_state, now=now))
    ticket = _insert_with_new_reference(ticket)
    bulk.insert(*events)
    if agent is not None:
        notices.assigned(ticket, by=by)
    search.index_description(ticket)
    board = outbox.board_update(ticket=ticket, event=events[-1].action or "opened")
    if notify:
        outbox.add(outbox.sms(ticket=ticket, event="received"), board)
    else:
        outbox.add(board)
    return ticket


def _insert_with_new_reference(ticket: Ticket, attempts: int = 5) -> Ticket:
    """Insert the new complaint under a fresh random reference, and on the rare collision
    under another (INSERT … ON CONFLICT DO NOTHING: no savepoint for the common case)."""
    for _attempt in range(attempts):
        ticket.reference = new_reference()
        if insert_or_ignore(ticket):
            return ticket
    raise RuntimeError("No free complaint reference after several tries.")


def _auto_assign(ticket: Ticket, *, now: datetime) -> bool:
    """Give a triaged complaint to its queue's next agent, if any is free, and tell them
    (unless they made the change that led to it). True if given."""
    caused_by = ticket.updated_by  # who just changed it (triaged it), None for the system
    agent = routing.next_assignee(ticket.queue, at=now) if ticket.queue is not None else None
    if agent is None:
        return False
    _transition(ticket, "assign", by=None, actor_label=AUTOMATIC_ASSIGNMENT, now=now,
                agent=agent, at=now)
    notices.assigned(ticket, by=caused_by)
    return True


# --- Triage and assignment -------------------------------------------------------------------

@transaction.atomic
def triage_ticket(*, ticket: Ticket, by: Agent, category: Category,
                  queue: Queue | None = None, now: datetime | None = None) -> Ticket:
    """Set the category and the queue (the category's default unless given), then give it
    to the queue's next available agent."""
    now = now or timezone.now()
    queue = queue or routing.queue_for(category=category, agency=ticket.agency)
    _transition(ticket, "triage", by=by, now=now, category=category, queue=queue,
                note=system_label(fr=category.label_fr, ar=category.label_ar) if category else "",
                board=False)
    if not _auto_assign(ticket, now=now):
        outbox.add_board_update(ticket=ticket, event="triage")
    return ticket


@transaction.atomic
def assign_ticket(*, ticket: Ticket, by: Agent, agent: Agent,
                  now: datetime | None = None) -> Ticket:
    """Give the complaint to an agent (supervisors), or take it (an agent of its queue).
    Once work has started this is a reassignment and the state does not change. Raises
    RuleViolation when `agent` may not hold it (tickets.selectors.assignable_agents)."""
    now = now or timezone.now()
    taking = agent.pk == by.pk
    if not taking and not selectors.may_hold(agent, ticket):
        raise RuleViolation(_("%(agent)s cannot hold this complaint: only the members of "
                              "its queue and the front office of its agency can.")
                            % {"agent": agent})
    if ticket.state in (State.TRIAGED, State.ASSIGNED):
        _transition(ticket, "assign", by=by, now=now, agent=agent, at=now,
                    permission="take" if taking else "assign",
                    note=str(agent) if not taking else "")
    else:
        permissions.require(by, "reassign", ticket)
        if not ticket.is_open:
            raise RuleViolation(_("Only an open complaint can be reassigned."))
        ticket.assignee, ticket.assigned_at = agent, now
        _touch(ticket, by=by, now=now)
        _record(ticket, kind=Kind.ASSIGNMENT, by=by, note=str(agent), now=now)
        outbox.add_board_update(ticket=ticket, event="assignment")
    org_services.mark_assigned(agent=agent, at=now)
    notices.assigned(ticket, by=by)
    return ticket


# --- Work ------------------------------------------------------------------------------------

@transaction.atomic
def start_ticket(*, ticket: Ticket, by: Agent, now: datetime | None = None) -> Ticket:
    return _transition(ticket, "start", by=by, now=now)


@transaction.atomic
def ask_customer(*, ticket: Ticket, by: Agent, request: str,
                 now: datetime | None = None) -> Ticket:
    """Wait for the customer, telling them what is needed."""
    return _transition(ticket, "ask_customer", by=by, now=now, request=clean_text(request),
                       note=request, visibility=Visibility.CUSTOMER, notify="waiting")


@transaction.atomic
def record_customer_reply(*, ticket: Ticket, text: str, by: Agent | None = None,
                          actor_label: str = "", now: datetime | None = None) -> Ticket:
    """The customer answered (by SMS, at the counter...): work resumes if it was waiting
    (back in its holder's queue, in progress), else the answer is added to its history.
    Either way its holder is told (unless they recorded it). Raises RuleViolation for an
    empty answer or a complaint no longer open."""
    now = now or timezone.now()
    permissions.require(by, "receive_customer_reply", ticket)
    if not clean_text(text):
        raise RuleViolation(_("The customer's answer is empty."))
    if not ticket.is_open:
        raise RuleViolation(_("This complaint is no longer open: the answer cannot be added "
                              "to it."))
    resumed = ticket.state == State.WAITING
    if resumed:
        _transition(ticket, "receive_customer_reply", by=by, actor_label=actor_label,
                    note=text, visibility=Visibility.CUSTOMER, now=now)
    else:
        _record(ticket, kind=Kind.CUSTOMER_MESSAGE, by=by, actor_label=actor_label,
                note=text, visibility=Visibility.CUSTOMER, now=now)
    notices.customer_answered(ticket, by=by, resumed=resumed)
    return ticket


@transaction.atomic
def refer_ticket(*, ticket: Ticket, by: Agent, direction: Direction, note: str,
                 now: datetime | None = None) -> Ticket:
    """Send to a headquarters direction for its decision."""
    if direction is not None and direction.kind != Direction.Kind.BACK_OFFICE:
        raise RuleViolation(_("Complaints are referred to a back-office direction."))
    return _transition(ticket, "refer", by=by, now=now, direction=direction, note=note,
                       notify="referred")


@transaction.atomic
def answer_referral(*, ticket: Ticket, by: Agent, answer: str,
                    now: datetime | None = None) -> Ticket:
    """The back office answers; the complaint goes back to its handler."""
    return _transition(ticket, "receive_referral_answer", by=by, now=now, answer=answer,
                       note=answer)


@transaction.atomic
def resolve_ticket(*, ticket: Ticket, by: Agent, outcome: str, explanation: str,
                   rule: str = "", now: datetime | None = None) -> Ticket:
    """Resolve with an outcome and an explanation the customer will read (and, for a
    rejection, the rule it rests on)."""
    now = now or timezone.now()
    return _transition(ticket, "resolve", by=by, now=now, at=now, outcome=outcome,
                       explanation=clean_text(explanation), rule=clean_text(rule),
                       note=explanation, visibility=Visibility.CUSTOMER, notify="resolved")


@transaction.atomic
def close_ticket(*, ticket: Ticket, by: Agent | None, actor_label: str = "",
                 now: datetime | None = None) -> Ticket:
    """Close a resolved complaint (the customer confirmed, or the delay ran out) and ask
    for the customer's satisfaction."""
    now = now or timezone.now()
    return _transition(ticket, "close", by=by, actor_label=actor_label, now=now, at=now,
                       notify="closed", visibility=Visibility.CUSTOMER)


@transaction.atomic
def record_satisfaction(*, ticket: Ticket, score: int, actor_label: str,
                        now: datetime | None = None) -> Ticket:
    """The customer's answer to the satisfaction question asked on closing (1 to 5).
    Raises RuleViolation (not a score, not closed, already answered), ConcurrentEdit."""
    now = now or timezone.now()
    if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 5:
        raise RuleViolation(_("The satisfaction score is a number from 1 to 5."))
    if ticket.state != State.CLOSED:
        raise RuleViolation(_("Satisfaction is asked once the complaint is closed."))
    if ticket.satisfaction is not None or SurveyAnswer.objects.filter(ticket=ticket).exists():
        # (also on another channel: the status page asks once it is resolved)
        raise RuleViolation(_("The customer has already given their satisfaction."))
    ticket.satisfaction = score
    _touch(ticket, by=None, now=now)
    _record(ticket, kind=Kind.CUSTOMER_MESSAGE, by=None, actor_label=actor_label,
            action="satisfaction", visibility=Visibility.CUSTOMER, now=now,
            note=system_text(system_texts.SATISFACTION, score=score))
    record_survey_answer(score=score, channel=Channel.SMS, ticket=ticket, answered_at=now)
    return ticket


@transaction.atomic
def record_survey_answer(*, score: int, channel: str, customer: Customer | None = None,
                         ticket: Ticket | None = None, comment: str = "",
                         answered_at: datetime | None = None) -> SurveyAnswer:
    """Keep one satisfaction answer, whatever the channel that asked (the SMS question after
    closing, the end of a web chat...): the reports read every score from this one record.
    The customer defaults to the complaint's. Each channel checks that its question was
    asked, and only once; this checks the answer. Raises RuleViolation (not a score from 1
    to 5, an unknown channel, a comment too long), and then nothing is saved."""
    if isinstance(score, bool) or not isinstance(score, int) or not (
            SurveyAnswer.MIN_SCORE <= score <= SurveyAnswer.MAX_SCORE):
        raise RuleViolation(_("The satisfaction score is a number from 1 to 5."))
    if channel not in Channel.values:
        raise RuleViolation(_("“%(channel)s” is not a channel.") % {"channel": channel})
    comment = clean_text(comment or "")
    if len(comment) > SurveyAnswer.COMMENT_MAX_LENGTH:
        raise RuleViolation(
            _("The comment is too long (at most %(limit)d characters).")
            % {"limit": SurveyAnswer.COMMENT_MAX_LENGTH})
    if customer is None and ticket is not None:
        customer = ticket.customer
    return SurveyAnswer.objects.create(
        score=score, channel=channel, ticket=ticket, customer=customer, comment=comment,
        answered_at=answered_at or timezone.now())


@transaction.atomic
def reopen_ticket(*, ticket: Ticket, by: Agent | None, reason: str, actor_label: str = "",
                  now: datetime | None = None) -> Ticket:
    """Reopen at the customer's request within the reopening window."""
    now = now or timezone.now()
    if not clean_text(reason):
        raise RuleViolation(_("Say why the customer reopens the complaint."))
    return _transition(ticket, "reopen", by=by, actor_label=actor_label, now=now, at=now,
                       note=reason, visibility=Visibility.CUSTOMER, notify="reopened")


@transaction.atomic
def cancel_ticket(*, ticket: Ticket, by: Agent, reason: str,
                  now: datetime | None = None) -> Ticket:
    return _transition(ticket, "cancel", by=by, now=now, reason=reason, note=reason,
                       notify="cancelled")


@transaction.atomic
def merge_tickets(*, duplicate: Ticket, survivor: Ticket, by: Agent,
                  now: datetime | None = None) -> Ticket:
    """Fold a duplicate into the surviving complaint: both histories stay, the duplicate
    points to the survivor, and the customer is told the surviving reference."""
    now = now or timezone.now()
    permissions.require(by, "merge_into", survivor)
    _transition(duplicate, "merge_into", by=by, now=now, survivor=survivor,
                note=survivor.reference, notify="merged")
    _record(survivor, kind=Kind.LINK, by=by, action="merged", now=now,
            note=system_text(system_texts.MERGED_INTO_THIS, ref=duplicate.reference))
    survivor.related.add(duplicate)
    return survivor


@transaction.atomic
def link_tickets(*, ticket: Ticket, other: Ticket, by: Agent | None,
                 now: datetime | None = None) -> None:
    """Mark two complaints as related (both ways); `by` None: the system (e.g. a customer's
    answer that came after its complaint was closed, opened as a new one)."""
    now = now or timezone.now()
    permissions.require(by, "link", ticket)
    if ticket.pk == other.pk:
        raise RuleViolation(_("A complaint cannot be linked to itself."))
    ticket.related.add(other)
    for one, two in ((ticket, other), (other, ticket)):
        _record(one, kind=Kind.LINK, by=by, action="link", now=now,
                note=system_text(system_texts.RELATED_TO, ref=two.reference))


@transaction.atomic
def reply_to_customer(*, ticket: Ticket, by: Agent, text: str,
                      now: datetime | None = None) -> TicketEvent:
    """A message to the customer, recorded on the complaint and sent by SMS."""
    now = now or timezone.now()
    permissions.require(by, "reply", ticket)
    text = clean_text(text)
    if not text:
        raise RuleViolation(_("The reply is empty."))
    if ticket.first_responded_at is None:
        sla_services.on_first_response(ticket, now=now)
        _touch(ticket, by=by, now=now)
    event = _record(ticket, kind=Kind.REPLY, by=by, note=text,
                    visibility=Visibility.CUSTOMER, now=now)
    outbox.add_sms(ticket=ticket, event="reply", context={"text": text})
    return event


@transaction.atomic
def add_note(*, ticket: Ticket, by: Agent, text: str,
             now: datetime | None = None) -> TicketEvent:
    """An internal note, never shown to the customer."""
    now = now or timezone.now()
    permissions.require(by, "note", ticket)
    text = clean_text(text)
    if not text:
        raise RuleViolation(_("The note is empty."))
    return _record(ticket, kind=Kind.NOTE, by=by, note=text, now=now)


@transaction.atomic
def move_to_merged_record(*, survivor: Customer, duplicate: Customer,
                          by: AbstractBaseUser | None, now: datetime | None = None
                          ) -> dict[str, int]:
    """The complaints step of merging two customer records (customers.services.on_merge):
    each complaint of the duplicate, as customer or as dependant, moves to the survivor,
    with an event saying so, its version bumped and its open pages told; the duplicate's
    satisfaction answers move too. Returns the rows moved per field."""
    now = now or timezone.now()
    agent = org_selectors.agent_for_user(by) if by is not None else None
    note = system_text(system_texts.MOVED_TO_MERGED_RECORD, old=str(duplicate),
                       old_pk=duplicate.pk, new=str(survivor), new_pk=survivor.pk)
    moved = {"tickets.Ticket.customer": 0, "tickets.Ticket.dependant": 0}
    for ticket in (Ticket.objects.select_for_update()
                   .filter(Q(customer=duplicate) | Q(dependant=duplicate)).order_by("pk")):
        if ticket.customer_id == duplicate.pk:
            ticket.customer = survivor
            moved["tickets.Ticket.customer"] += 1
        if ticket.dependant_id == duplicate.pk:
            ticket.dependant = survivor
            moved["tickets.Ticket.dependant"] += 1
        if ticket.dependant_id == ticket.customer_id:
            ticket.dependant = None
        _touch(ticket, by=agent, now=now)
        _record(ticket, kind=Kind.CUSTOMER_RECORD, by=agent, action="customer_merged",
                note=note, now=now)
    moved["tickets.SurveyAnswer.customer"] = SurveyAnswer.objects.filter(
        customer=duplicate).update(customer=survivor)
    return moved


def close_resolved_tickets(*, now: datetime | None = None, limit: int = 1000) -> int:
    """Close the complaints resolved more than TICKET_AUTO_CLOSE_DAYS ago (periodic job)."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.TICKET_AUTO_CLOSE_DAYS)
    due = list(Ticket.objects.filter(Q(state=State.RESOLVED), resolved_at__lte=cutoff)
               .order_by("resolved_at").values_list("pk", flat=True)[:limit])
    closed = 0
    for pk in due:
        with transaction.atomic():
            ticket = Ticket.objects.select_for_update(skip_locked=True).filter(
                pk=pk, state=State.RESOLVED).first()
            if ticket is None:
                continue
            close_ticket(ticket=ticket, by=None,
                         actor_label=system_text(system_texts.AUTOMATIC_CLOSING), now=now)
            closed += 1
    return closed


# --- Priority --------------------------------------------------------------------------------

@transaction.atomic
def change_priority(*, ticket: Ticket, by: Agent, priority: str,
                    now: datetime | None = None) -> Ticket:
    """Set an open complaint's priority (who may reassign it may re-prioritise it), record
    it as an internal note and recompute its deadlines: the service level depends on the
    priority. Raises RuleViolation for an unknown priority, a closed complaint or no
    change."""
    now = now or timezone.now()
    permissions.require(by, "reassign", ticket)
    if priority not in Ticket.Priority.values:
        raise RuleViolation(_("Unknown priority."))
    if not ticket.is_open:
        raise RuleViolation(_("Only an open complaint's priority can be changed."))
    if priority == ticket.priority:
        raise RuleViolation(_("The complaint already has this priority."))
    old = Ticket.Priority(ticket.priority).label
    ticket.priority = priority
    sla_services.on_transition(ticket, old_state=ticket.state, action="change_priority",
                               now=now)
    _touch(ticket, by=by, now=now)
    _record(ticket, kind=Kind.NOTE, by=by, action="change_priority", now=now,
            note=system_text(system_texts.PRIORITY_CHANGED, old=both_languages(old),
                             new=both_languages(Ticket.Priority(priority).label)))
    outbox.add_board_update(ticket=ticket, event="change_priority")
    return ticket
