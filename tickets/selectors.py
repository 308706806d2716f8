"""Reads of complaints, and which complaints an agent may see."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connection
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    Manager,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.http import Http404

from contactcenter import plain_sql, process_cache
from contactcenter.customers import selectors as customer_selectors
from contactcenter.customers.models import Channel, Customer
from contactcenter.org import selectors as org_selectors
from contactcenter.org.models import Agent
from contactcenter.org.selectors import scope_of
from tickets.models import (
    OPEN_STATES,
    Category,
    OutboxMessage,
    State,
    SurveyAnswer,
    Ticket,
    TicketEvent,
)


def no_complaints() -> QuerySet[Ticket]:
    """An empty queryset of complaints (what a schema generator's fake view lists)."""
    return Ticket.objects.none()


def tickets_for_agent(agent: Agent) -> QuerySet[Ticket]:
    """Complaints of the agent's agency, region or queues; all for national staff."""
    return Ticket.objects.filter(scope_of(agent).q(agency="agency", queue="queue"))


def tickets_in_queues(agent: Agent, queue_ids: Iterable[int]) -> QuerySet[Ticket]:
    """The complaints of these queues that the agent may see. When the queues lie within
    the agent's scope (an agent's own queues do), the scope adds no condition and is left
    out: the planner then walks the per-queue indexes alone, in their order, instead of
    misjudging how the two conditions overlap."""
    ids = sorted(set(queue_ids))
    scope = scope_of(agent)
    tickets = Ticket.objects.filter(queue_id__in=ids)
    if scope.everything or set(ids) <= scope.queue_ids:
        return tickets
    return tickets.filter(scope.q(agency="agency", queue="queue"))


def get_ticket_for_agent(*, agent: Agent, reference: str) -> Ticket:
    """One complaint the agent may see, or Http404 (the same answer as for no complaint)."""
    try:
        return (tickets_for_agent(agent)
                .select_related("customer", "category", "agency", "queue", "assignee__user",
                                "updated_by__user", "created_by__user", "dependant",
                                "referred_to", "merged_into")
                .get(reference=reference))
    except Ticket.DoesNotExist:
        raise Http404("No such complaint.") from None


def assignable_agents(ticket: Ticket, *, including: Agent | None = None) -> QuerySet[Agent]:
    """Who may hold the complaint, the one rule of the desk's choices, the API and the
    service: the active members of its queue (those routing picks from) and front-office
    agents of its agency, who all see it, and `including` (an agent taking it)."""
    return org_selectors.active_agents(ids=[including.pk] if including else [],
                                       member_of_queue=ticket.queue_id,
                                       front_office_of_agency=ticket.agency_id)


def may_hold(agent: Agent, ticket: Ticket) -> bool:
    """Whether `agent` is among assignable_agents(ticket)."""
    return assignable_agents(ticket).filter(pk=agent.pk).exists()


def complaints_opened_by_sms(customers: list[Customer], *, since: datetime) -> int:
    """How many complaints of these records were opened by SMS since `since`."""
    return Ticket.objects.filter(customer__in=customers, channel=Channel.SMS,
                                 created_at__gte=since).count()


def ticket_by_reference(reference: str) -> Ticket | None:
    """The complaint with this reference, None if there is none (one query)."""
    return Ticket.objects.filter(reference=reference).first()


def latest_complaint_of(customers: list[Customer]) -> Ticket | None:
    """The latest complaint of these records, with its customer (one query)."""
    return (Ticket.objects.filter(customer__in=customers).select_related("customer")
            .order_by("-created_at", "-pk").first())


def customer_has_complaints() -> Exists:
    """For annotating customer records: whether the record (OuterRef("pk")) has a
    complaint."""
    return Exists(Ticket.objects.filter(customer=OuterRef("pk")))


def number_has_complaints(phone: str) -> bool:
    """True if an active record holding the number has at least one complaint."""
    return Ticket.objects.filter(
        customer__in=customer_selectors.customers_with_phone(phone).values("pk")).exists()


def complaints_of_number(phone: str) -> QuerySet[Ticket]:
    """The complaints of every active record holding `phone` (E.164), open ones first, then
    newest first, each with `customer_steps`: its steps the customer may see, oldest first.
    Two queries, however many complaints."""
    steps = (TicketEvent.objects.filter(visibility=TicketEvent.Visibility.CUSTOMER)
             .order_by("at", "id"))
    return (
        Ticket.objects.filter(
            customer__in=customer_selectors.customers_with_phone(phone).values("pk"))
        .annotate(closed_rank=Case(When(state__in=OPEN_STATES, then=Value(0)), default=Value(1),
                                   output_field=IntegerField()))
        .select_related("category")
        .prefetch_related(Prefetch("events", queryset=steps, to_attr="customer_steps"))
        .order_by("closed_rank", "-created_at", "-pk")
    )


def sms_about(ticket: Ticket, *, limit: int) -> list[OutboxMessage]:
    """The latest SMS to the customer about this complaint, newest first (one query)."""
    return list(OutboxMessage.objects.filter(ticket=ticket, kind=OutboxMessage.Kind.SMS)
                .defer("payload").order_by("-created_at", "-pk")[:limit])


def sms_to(phone: str, *, limit: int) -> list[OutboxMessage]:
    """The latest SMS the outbox wrote to this number (E.164), newest first (one query)."""
    return list(OutboxMessage.objects.filter(kind=OutboxMessage.Kind.SMS, to=phone)
                .order_by("-created_at", "-pk")[:limit])


def all_categories() -> Manager[Category]:
    """Every category, as the manager: a serializer field deep-copies it per request for
    less than a QuerySet."""
    return Category.objects


def active_categories() -> QuerySet[Category]:
    """The categories in use (a form's choices)."""
    return Category.objects.filter(is_active=True)


CATEGORY_CACHE_SECONDS = 60


def category_by_code(code: str) -> Category | None:
    """A category by its code, with its default queue, the categories kept a minute per
    process (forgotten at once in the process that changes one or a queue, see
    TicketsConfig.ready): the API reads one for every complaint it opens."""
    return process_cache.cached("tickets-categories", "by-code", CATEGORY_CACHE_SECONDS,
                                lambda: {category.code: category for category in
                                         Category.objects.select_related("default_queue")}
                                ).get(code)


def events_of(ticket: Ticket) -> QuerySet[TicketEvent]:
    """A complaint's history, oldest first, with the acting agents."""
    return ticket.events.select_related("actor__user").order_by("at", "id")


def history_of(ticket: Ticket, *, at_hand: Iterable[Agent] = ()) -> list[TicketEvent]:
    """events_of(ticket) as a list, read with prepared statements instead of a compiled
    join (a third of the API's answer): the events, then the acting agents not `at_hand`
    with their users (none for a complaint just opened by the reader)."""
    events = plain_sql.instances(TicketEvent, 'WHERE ticket_id = %s ORDER BY "at", id',
                                 [ticket.pk])
    agents = org_selectors.agents_with_users(
        {event.actor_id for event in events if event.actor_id}, at_hand=at_hand)
    for event in events:
        if event.actor_id:
            event.actor = agents[event.actor_id]
    return events


# --- A complaint asked about from a phone ------------------------------------------------------

@dataclass(frozen=True)
class PhoneStatus:
    """What a status question from a phone number needs: the active records holding the
    number (customers.selectors.records_with_phone), and the complaint asked about if it
    belongs to one of them (only reference, customer, state and resolution_due loaded),
    with its last step the customer may see."""

    senders: list[Customer]
    ticket: Ticket | None
    last_step: TicketEvent | None


_TICKET_FIELDS = ("id", "reference", "customer_id", "state", "resolution_due")
_STEP_FIELDS = ("kind", "at", "action")

# The complaint by its reference among the senders' ones, with its last step the customer
# may see (plain SQL: prepared once per connection, nothing to compile per call). Each
# model's columns come in the order of its fields, as Model.from_db reads them.
_COMPLAINT_STATUS = f"""
    SELECT ticket.id, ticket.reference, ticket.customer_id, ticket.state,
           ticket.resolution_due,
           step.kind, step.at, step.action
    FROM {Ticket._meta.db_table} AS ticket
    LEFT JOIN LATERAL (
        SELECT event.kind, event.at, event.action FROM {TicketEvent._meta.db_table} AS event
        WHERE event.ticket_id = ticket.id AND event.visibility = %s
        ORDER BY event.at DESC, event.id DESC LIMIT 1) AS step ON TRUE
    WHERE ticket.reference = %s AND ticket.customer_id = ANY(%s)
"""


def phone_status(*, phone: str, reference: str | None) -> PhoneStatus:
    """The records holding `phone` (E.164) and, when `reference` is one of their complaints,
    that complaint and its last customer-visible step. Anyone else's complaint is None,
    as is an unknown one: the caller cannot tell them apart. Two prepared statements, one
    on customers' tables (the records), one on tickets' (the complaint); only the first
    without a reference or without a record."""
    senders = customer_selectors.records_with_phone(phone)
    if reference is None or not senders:
        return PhoneStatus(senders, None, None)
    with connection.cursor() as cursor:
        cursor.execute(_COMPLAINT_STATUS, [TicketEvent.Visibility.CUSTOMER.value, reference,
                                           [sender.pk for sender in senders]])
        found = cursor.fetchone()
    if found is None:
        return PhoneStatus(senders, None, None)
    db = connection.alias
    ticket = Ticket.from_db(db, _TICKET_FIELDS, found[0:5])
    ticket.customer = next(c for c in senders if c.pk == ticket.customer_id)
    step = TicketEvent.from_db(db, _STEP_FIELDS, found[5:8]) if found[5] else None
    return PhoneStatus(senders, ticket, step)


# --- Deadlines: one definition for the desk, the SLA board and the API -----------------------
#
# - breached: open and `sla_breached` (the 100 % level fired in the current clock period);
# - paused: open, not breached, its resolution clock stopped (waiting for the customer);
# - at risk: open, not breached, its clock running, and either a warning level already
#   fired in this clock period (`sla_level > 0`) or its next level is due within the hour
#   (`next_escalation_at <= now + 1 h`, including a level the sweep has not fired yet);
# - on time: open, clock running, with a deadline, neither breached nor at risk;
# - met: resolved or closed without a breach (a closed complaint's last status).
# Each status is a Q on the complaint's own columns, read by the partial indexes on open
# complaints (their INCLUDE columns), and a function of a loaded complaint that agrees.

AT_RISK_WITHIN = timedelta(hours=1)


class Deadline:
    ON_TIME = "on_time"
    AT_RISK = "at_risk"
    BREACHED = "breached"
    PAUSED = "paused"
    MET = "met"


DEADLINE_FILTERS = (Deadline.BREACHED, Deadline.AT_RISK, Deadline.ON_TIME, Deadline.PAUSED)
BREACHED_Q = Q(sla_breached=True)
PAUSED_Q = Q(sla_breached=False, sla_running_since__isnull=True)


def at_risk_q(now: datetime) -> Q:
    return (Q(sla_breached=False, sla_running_since__isnull=False)
            & (Q(sla_level__gt=0) | Q(next_escalation_at__lte=now + AT_RISK_WITHIN)))


def on_time_q(now: datetime) -> Q:
    return (Q(sla_breached=False, sla_running_since__isnull=False,
              resolution_due__isnull=False)
            & ~Q(sla_level__gt=0)
            & (Q(next_escalation_at__isnull=True)
               | Q(next_escalation_at__gt=now + AT_RISK_WITHIN)))


def deadline_q(status: str, now: datetime) -> Q:
    """The open complaints in this deadline status (one of DEADLINE_FILTERS)."""
    conditions = {Deadline.BREACHED: BREACHED_Q, Deadline.PAUSED: PAUSED_Q,
                  Deadline.AT_RISK: at_risk_q(now), Deadline.ON_TIME: on_time_q(now)}
    return Q(state__in=OPEN_STATES) & conditions[status]


def deadline_status(ticket: Ticket, now: datetime) -> str | None:
    """The complaint's deadline status, as deadline_q counts it (no query): None for a
    complaint without a deadline (no policy), cancelled or merged."""
    if ticket.state in OPEN_STATES:
        if ticket.sla_breached:
            return Deadline.BREACHED
        if ticket.sla_running_since is None:
            return Deadline.PAUSED
        if ticket.sla_level > 0 or (ticket.next_escalation_at is not None
                                    and ticket.next_escalation_at <= now + AT_RISK_WITHIN):
            return Deadline.AT_RISK
        return Deadline.ON_TIME if ticket.resolution_due is not None else None
    if ticket.state in (State.RESOLVED, State.CLOSED) and ticket.sla_policy_id is not None:
        return Deadline.BREACHED if ticket.sla_breached else Deadline.MET
    return None


@dataclass(frozen=True)
class QueueCounts:
    """Open complaints of a work queue, and how many of them are breached or at risk."""

    open: int
    breached: int
    at_risk: int


def open_counts(tickets: QuerySet[Ticket], *, now: datetime) -> QueueCounts:
    """One aggregate over the open ones among `tickets`; counted on `sla_breached` (never
    null) so that a partial index including the filters' columns answers alone."""
    every = "sla_breached"
    found = tickets.filter(state__in=OPEN_STATES).order_by().aggregate(
        open=Count(every), breached=Count(every, filter=BREACHED_Q),
        at_risk=Count(every, filter=at_risk_q(now)))
    return QueueCounts(**found)

# --- A customer's message matched to a complaint ----------------------------------------------

def waiting_complaints_of(customers: list[Customer]) -> list[Ticket]:
    """The complaints of these records waiting for the customer's answer, oldest first, with
    their customer (one query)."""
    return list(Ticket.objects.filter(customer__in=customers, state=Ticket.State.WAITING)
                .select_related("customer").order_by("created_at", "pk"))


def complaint_of(customers: list[Customer], reference: str) -> Ticket | None:
    """The complaint with this reference if it belongs to one of these records (one query)."""
    return (Ticket.objects.filter(customer__in=customers, reference=reference)
            .select_related("customer").first())


def open_complaints_of(customers: list[Customer], *, limit: int) -> list[Ticket]:
    """At most `limit` open complaints of these records, newest first (one query)."""
    return list(Ticket.objects.filter(customer__in=customers, state__in=OPEN_STATES)
                .select_related("customer").order_by("-created_at", "-pk")[:limit])


def last_asked_complaint(customers: list[Customer], *, since: datetime) -> Ticket | None:
    """The complaint of these records on which the customer was last asked for something
    (an agent put it in wait for them) since `since`, whatever its state now (one query)."""
    asked = (TicketEvent.objects.filter(
        ticket__customer__in=customers, kind=TicketEvent.Kind.TRANSITION,
        action="ask_customer", at__gte=since)
        .select_related("ticket__customer", "ticket__merged_into__customer")
        .order_by("-at", "-id").first())
    return asked.ticket if asked is not None else None


def last_satisfaction_question(phone: str, customers: list[Customer], *,
                               since: datetime) -> Ticket | None:
    """The complaint of these records (those holding the number) whose satisfaction
    question (the SMS on closing) was the last one written to this number (E.164) since
    `since` and not given up: the complaint a bare score from that number answers (one
    query, through the records' complaints: the outbox has no index on the number)."""
    if not customers:
        return None
    question = (OutboxMessage.objects.filter(
        ticket__customer__in=customers, kind=OutboxMessage.Kind.SMS, event="closed",
        to=phone, created_at__gte=since)
        .exclude(status__in=[OutboxMessage.Status.SKIPPED, OutboxMessage.Status.FAILED])
        .exclude(ticket=None).select_related("ticket__customer")
        .order_by("-created_at", "-pk").first())
    return question.ticket if question is not None else None

def customer_steps_of(ticket: Ticket) -> QuerySet[TicketEvent]:
    """The steps of a complaint the customer may see, oldest first: never an internal note,
    a referral's note or any other agent-only event."""
    return (ticket.events.filter(visibility=TicketEvent.Visibility.CUSTOMER)
            .order_by("at", "id"))


def next_ticket_for(agent: Agent, *, skip: str = "") -> Ticket | None:
    """The most urgent open complaint assigned to `agent`: the earliest answer due first
    (those without a due date last), then the oldest; `skip` (a reference, the one on
    screen) left out. One query on the assignee's open rows."""
    tickets = (Ticket.objects.filter(assignee=agent, state__in=OPEN_STATES)
               .exclude(reference=skip)
               .order_by(F("resolution_due").asc(nulls_last=True), "created_at", "pk"))
    return tickets.only("reference").first()


def categorised_descriptions(*, limit: int) -> list[tuple[str, str]]:
    """(description, category code) of the latest `limit` complaints that have both, newest
    first: what the triage suggestions learn from (one query)."""
    return list(Ticket.objects.filter(category__isnull=False).exclude(description="")
                .order_by("-created_at", "-pk").values_list("description", "category__code")
                [:limit])


def other_open_complaints(ticket: Ticket, *, limit: int) -> list[Ticket]:
    """At most `limit` other open complaints of the same customer, newest first (one query):
    where a duplicate of this one would be."""
    return list(Ticket.objects.filter(customer_id=ticket.customer_id, state__in=OPEN_STATES)
                .exclude(pk=ticket.pk).select_related("category")
                .order_by("-created_at", "-pk")[:limit])


def awaits_satisfaction(ticket: Ticket) -> bool:
    """Whether the customer may still say how satisfied they are with this complaint's
    handling: it is resolved or closed, and no answer about it was given on any channel."""
    return (ticket.state in (State.RESOLVED, State.CLOSED) and ticket.satisfaction is None
            and not SurveyAnswer.objects.filter(ticket=ticket).exists())
