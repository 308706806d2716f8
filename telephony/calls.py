"""Phone calls: stored once per carrier call id, the caller looked up by number and the call
put on their timeline, callers put through to the call centre (with a screen pop for its
agents) or asking to be called back.

Like inbound SMS, a call is stored first with one idempotent insert, committed at once, and
only then looked up and recorded (`identify_caller`, its own transaction), so that a failure
afterwards still lets the voice menu answer. Every webhook of a call carries its id: each
one stores the call (a no-op after the first) and processes it if that has not been done.
The screen pop goes to the agents after commit, from a background thread: nothing on the
webhook's path waits on the channel layer.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from contactcenter import live
from contactcenter.customers import selectors as customer_selectors
from contactcenter.customers import services as customer_services
from contactcenter.customers.models import Channel, Customer, Interaction
from contactcenter.customers.text import clean_text
from contactcenter.i18n import system_parts
from contactcenter.org import selectors as org_selectors
from contactcenter.org.models import Agent, Queue
from contactcenter.org.selectors import short_name
from telephony.carrier_events import caller_number, store_once
from telephony.gateway import InboundCall, PayloadError
from telephony.models import CALL_ENDED, Call, CallbackRequest
from tickets import customer_scope, timeline

logger = logging.getLogger(__name__)
_CARRIER_ID = re.compile(r"[\x21-\x7e]{1,64}")
# A number the caller can be called back on: E.164, not the carrier's "anonymous".
_DIALABLE = re.compile(r"\+[1-9][0-9]{6,14}")
# The carrier's statuses move forward only: a late "ringing" never reopens a finished call.
_STATUS_RANK: dict[str, int] = {
    Call.Status.QUEUED: 0, Call.Status.RINGING: 1, Call.Status.IN_PROGRESS: 2,
    **{status: 3 for status in CALL_ENDED}}
# A call put through longer ago than this is not shown again to a page that connects: it
# was answered (the carrier tells us when it ends, not when an agent picks it up).
WAITING_WINDOW = timedelta(minutes=30)
WAITING_SHOWN = 5
POP_CANDIDATES = 5
POP_TICKETS = 5
POP_CONTACTS = 3


# --- Storing and looking the caller up --------------------------------------------------------

def store(data: InboundCall, *, now: datetime | None = None) -> Call:
    """The call as stored: inserted now, or as an earlier webhook of the same call stored it.
    One INSERT ... ON CONFLICT DO NOTHING, committed at once outside a transaction; never
    raises on a replay. Raises PayloadError on a malformed call id."""
    if not _CARRIER_ID.fullmatch(data.carrier_id):
        raise PayloadError("CallSid is malformed")
    status = data.status if data.status in _STATUS_RANK else Call.Status.RINGING
    candidate = Call(carrier_id=data.carrier_id, from_number=caller_number(data.from_number),
                     to_number=clean_text(data.to_number)[:40], status=status,
                     started_at=now or timezone.now())
    return store_once(candidate, carrier_id=data.carrier_id)


def identify_caller(call: Call) -> Call:
    """Look the caller up and put the call on their timeline, once: a no-op for a call
    already processed. The caller is the one record holding the number; with none or
    several, the call stays without a customer until an agent picks one. Own transaction
    (locks the call); raises whatever fails (nothing is kept then)."""
    if call.processed_at is not None:
        return call
    with transaction.atomic():
        call = Call.objects.select_for_update().get(pk=call.pk)
        if call.processed_at is not None:
            return call
        candidates = list(customer_selectors.customers_with_phone(call.from_number)[:2])
        if len(candidates) == 1:
            _attach(call, candidates[0])
        call.processed_at = timezone.now()
        call.save(update_fields=["customer", "interaction", "processed_at"])
    return call


def identify_caller_quietly(call: Call) -> Call:
    """`identify_caller`, but a failure is logged and the call returned as it was: the caller must
    still hear the menu."""
    try:
        return identify_caller(call)
    except Exception:  # noqa: BLE001 - the call is stored: the menu goes on
        logger.exception("Call %s not processed", call.carrier_id)
        return call


def _attach(call: Call, customer: Customer, *, agent: Agent | None = None) -> None:
    """Make `customer` the caller and record the call on their timeline (unsaved call)."""
    interaction, _created = customer_services.record_interaction(
        customer=customer, channel=Channel.PHONE, direction=Interaction.Direction.INBOUND,
        occurred_at=call.started_at, carrier_id=call.carrier_id, agent=agent,
        summary=summary_of(call))
    call.customer, call.interaction = customer, interaction


def summary_of(call: Call) -> str:
    """What the caller did, for their timeline: stored as message ids and translated when
    shown (contactcenter.i18n.system_parts)."""
    parts: list[tuple[str, dict[str, Any]]] = [(CALL_TO_VOICE_MENU, {})]
    if call.reference:
        parts.append((HEARD_STATUS, {"reference": call.reference}))
    if call.enqueued_at:
        parts.append((ASKED_FOR_AGENT, {}))
    if CallbackRequest.objects.filter(call_id=call.pk).exists():
        parts.append((ASKED_FOR_CALLBACK, {}))
    if call.duration is not None:
        minutes, seconds = divmod(call.duration, 60)
        parts.append((DURATION, {"minutes": minutes, "seconds": seconds}))
    return system_parts(parts)


# The sentences of a call's summary (the customers app's data migration 0006 keeps
# a frozen copy).
CALL_TO_VOICE_MENU = gettext_noop("Call to the voice menu")
HEARD_STATUS = gettext_noop("heard the status of complaint %(reference)s")
ASKED_FOR_AGENT = gettext_noop("asked to speak to an agent")
ASKED_FOR_CALLBACK = gettext_noop("asked to be called back")
DURATION = gettext_noop("duration %(minutes)s min %(seconds)s s")
SUMMARY_PARTS = (CALL_TO_VOICE_MENU, HEARD_STATUS, ASKED_FOR_AGENT, ASKED_FOR_CALLBACK, DURATION)


def _refresh_summary(call: Call) -> None:
    """Bring the timeline entry up to date with the call."""
    if call.interaction_id:
        customer_services.update_interaction(interaction_id=call.interaction_id,
                                             summary=summary_of(call),
                                             recording_url=call.recording_url)


# --- What the caller does in the menu ---------------------------------------------------------

def choose_language(call: Call, language: str) -> None:
    Call.objects.filter(pk=call.pk).update(language=language)
    call.language = language


def record_status_heard(call: Call, reference: str) -> None:
    """The caller heard the status of the complaint `reference`."""
    Call.objects.filter(pk=call.pk).update(reference=reference)
    call.reference = reference
    _refresh_summary(call)


def call_centre_queue() -> Queue | None:
    """The call centre's queue: the first queue of a call-centre direction."""
    return org_selectors.call_centre_queues().order_by("pk").first()


@transaction.atomic
def put_through(call: Call, *, now: datetime | None = None) -> Queue | None:
    """The caller asked for an agent: record it and, after commit, show the call to the
    agents of the call centre's queue (screen pop). Returns that queue (None when there is
    none: the caller still waits in the carrier's queue, without a pop). Once per call: a
    second request in the same call changes nothing and pops nothing."""
    queue = call_centre_queue()
    first = Call.objects.filter(pk=call.pk, enqueued_at__isnull=True).update(
        enqueued_at=now or timezone.now(), queue=queue)
    call.refresh_from_db()
    if first:
        _refresh_summary(call)
        if queue is not None:
            announce(call, groups=[f"queue.{queue.pk}"])
    return queue


def announce(call: Call, *, groups: list[str]) -> None:
    """Show the call to the agents of `groups` (`queue.<id>`, `agent.<id>`) after commit."""
    payload = pop_notice(call)
    transaction.on_commit(lambda: live.agent_notice_in_background(groups=groups,
                                                                  payload=payload))


def pop_notice(call: Call) -> dict[str, Any]:
    """The notice of a call waiting for an agent. The page fetches the pop from its URL,
    rendered in the agent's language."""
    return {"event": "call", "call": call.pk, "from": call.from_number,
            "url": reverse("desk:call_pop", args=[call.pk])}


def waiting_calls(*, queue_ids: list[int], now: datetime | None = None) -> list[Call]:
    """The calls put through to these queues lately, neither over nor taken, latest first:
    what a page connecting now shows."""
    if not queue_ids:
        return []
    since = (now or timezone.now()) - WAITING_WINDOW
    return list(Call.objects.filter(queue_id__in=queue_ids, enqueued_at__gte=since,
                                    taken_at__isnull=True)
                .exclude(status__in=CALL_ENDED).order_by("-enqueued_at")[:WAITING_SHOWN])


def can_be_called_back(call: Call) -> bool:
    return bool(_DIALABLE.fullmatch(call.from_number))


@transaction.atomic
def request_callback(call: Call, *, now: datetime | None = None) -> CallbackRequest:
    """The caller asked to be called back: one open request per call, for the call centre's
    list. Raises ValidationError when the number is hidden or not dialable."""
    if not can_be_called_back(call):
        raise ValidationError("The caller's number cannot be called back.")
    callback, created = CallbackRequest.objects.get_or_create(
        call=call, defaults={"phone": call.from_number, "customer": call.customer,
                             "created_at": now or timezone.now()})
    if created:
        _refresh_summary(call)
    return callback


# --- The end of a call ------------------------------------------------------------------------

@transaction.atomic
def record_status(data: InboundCall, *, now: datetime | None = None) -> Call:
    """The carrier's report on a call: its status (forward only), duration and recording.
    Idempotent and safe out of order. Locks the call; the timeline entry gets the
    duration. When the call ends, its pop is withdrawn from the agents' pages."""
    call = Call.objects.select_for_update().get(carrier_id=data.carrier_id)
    was_over = call.is_over
    if data.status in _STATUS_RANK and _STATUS_RANK[data.status] > _STATUS_RANK.get(
            call.status, 0):
        call.status = data.status
    if call.is_over and call.ended_at is None:
        call.ended_at = now or timezone.now()
    if data.duration is not None:
        call.duration = max(0, data.duration)
    if data.recording_url.startswith("https://"):
        call.recording_url = data.recording_url[:500]
    call.save(update_fields=["status", "ended_at", "duration", "recording_url"])
    _refresh_summary(call)
    if call.is_over and not was_over and call.enqueued_at and call.queue_id:
        transaction.on_commit(lambda: live.agent_notice_in_background(
            groups=[f"queue.{call.queue_id}"], payload={"event": "call_ended",
                                                        "call": call.pk}))
    return call


# --- The desk's side --------------------------------------------------------------------------

def may_take_calls(agent: Agent) -> bool:
    """Call-centre agents, members of the call centre's queue, and administrators."""
    if agent.role in (Agent.Role.CALL_CENTRE, Agent.Role.ADMINISTRATOR):
        return True
    return org_selectors.is_in_call_centre_queue(agent)


def call_for_agent(*, agent: Agent, pk: int) -> Call:
    """A call the agent may see and act on, or Http404."""
    if not may_take_calls(agent):
        raise Http404("No such call.")
    try:
        return Call.objects.select_related("customer").get(pk=pk)
    except Call.DoesNotExist:
        raise Http404("No such call.") from None


@dataclass(frozen=True)
class Caller:
    """A record the caller may be, with what the agent needs before answering."""

    customer: Customer
    open_tickets: list[object]
    recent: list[Interaction]


def callers_of(*, call: Call, agent: Agent) -> list[Caller]:
    """The record the call was attached to, else every record holding the caller's number
    (a few), each with its open complaints and latest contacts, within what the agent may
    see."""
    visible = customer_scope.customers_for_agent(agent)
    if call.customer_id:
        customers = list(visible.filter(pk=call.customer_id))
    else:
        numbers = customer_selectors.customers_with_phone(call.from_number).values("pk")
        customers = list(visible.filter(pk__in=numbers)
                         .order_by("pk")[:POP_CANDIDATES])
    callers = []
    for customer in customers:
        recent = list(customer_selectors.interactions_of(customer)
                      .exclude(carrier_id=call.carrier_id)
                      .order_by("-occurred_at", "-id")[:POP_CONTACTS])
        callers.append(Caller(
            customer=customer,
            open_tickets=list(timeline.open_tickets_of(customer)[:POP_TICKETS]),
            recent=recent))
    return callers


def link_complaint(*, agent: Agent, call_pk: str | None, ticket: Any) -> None:
    """Put a complaint opened from a call on the call's entry of the customer's timeline.
    A call the agent may not see, or of another customer, is ignored: the complaint
    stands on its own."""
    if not call_pk or not call_pk.isdigit() or not may_take_calls(agent):
        return
    interaction_id = (Call.objects.filter(pk=int(call_pk), customer_id=ticket.customer_id)
                      .values_list("interaction_id", flat=True).first())
    if interaction_id:
        customer_services.attach_ticket(interaction_id=interaction_id, ticket=ticket)


@transaction.atomic
def customer_for_complaint(*, call: Call, agent: Agent,
                           customer_pk: int | None = None) -> Customer:
    """The record a complaint from this call is opened for: the call's caller, else the
    chosen one among the records holding the number, else (an unknown number) a new
    provisional record. The call is attached to it and put on its timeline if it was not.
    The first agent to do so takes the call: the other pages are told. Raises Http404 for a
    record that is not a candidate, ValidationError when the number cannot hold a
    provisional record (not a mobile)."""
    call = Call.objects.select_for_update().get(pk=call.pk)
    if call.taken_at is None:
        call.taken_by, call.taken_at = agent, timezone.now()
        call.save(update_fields=["taken_by", "taken_at"])
        if call.queue_id:
            payload = {"event": "call_taken", "call": call.pk, "by": short_name(agent),
                       "by_agent": agent.pk}
            groups = [f"queue.{call.queue_id}"]
            transaction.on_commit(lambda: live.agent_notice_in_background(groups=groups,
                                                                          payload=payload))
    customer: Customer | None
    if call.customer is not None:  # no query when there is none
        customer = call.customer
    elif customer_pk is not None:
        candidates = customer_scope.customers_for_agent(agent).filter(
            pk__in=customer_selectors.customers_with_phone(call.from_number).values("pk"))
        customer = candidates.filter(pk=customer_pk).first()
        if customer is None:
            raise Http404("Not a caller of this call.")
    else:
        customer = customer_services.identify_or_provision(phone=call.from_number).customers[0]
    if call.customer_id != customer.pk or call.interaction_id is None:
        _attach(call, customer, agent=agent)
        call.save(update_fields=["customer", "interaction"])
    assert call.customer is not None
    return call.customer


def open_callbacks() -> QuerySet[CallbackRequest]:
    """The requests still to call back, oldest first."""
    return (CallbackRequest.objects.filter(status=CallbackRequest.Status.OPEN)
            .select_related("customer").order_by("created_at", "pk"))


def recent_callbacks_done(*, limit: int = 20) -> QuerySet[CallbackRequest]:
    return (CallbackRequest.objects.filter(status=CallbackRequest.Status.DONE)
            .select_related("customer", "done_by__user").order_by("-done_at", "-pk")[:limit])


def mark_callback_done(*, callback_pk: int, by: Agent,
                       now: datetime | None = None) -> bool:
    """Mark an open request called back by `by`. True if this call did it (False: it was
    done already, by someone else or in another tab). Raises Http404 for an unknown one."""
    if not CallbackRequest.objects.filter(pk=callback_pk).exists():
        raise Http404("No such callback request.")
    return bool(CallbackRequest.objects.filter(
        pk=callback_pk, status=CallbackRequest.Status.OPEN).update(
        status=CallbackRequest.Status.DONE, done_by=by, done_at=now or timezone.now()))
