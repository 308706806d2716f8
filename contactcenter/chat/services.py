"""Every change the web chat makes: a visitor's conversation from start to end, the
agents taking and answering it, their availability.

Each service runs in one transaction, locks the conversation's row while it changes it
(an agent and the visitor act at the same time; two agents may accept at once: the first
wins), and publishes its live frames once committed (chat.live). Refusals raise
ChatRefusal (its `code` is the protocol's error code) and change nothing."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from contactcenter.chat import live, selectors
from contactcenter.chat.exceptions import (
    ChatRefusal,
    InvalidMessage,
    NotAllowed,
    RateLimited,
    WrongState,
)
from contactcenter.chat.models import (
    MAX_MESSAGE_CHARACTERS,
    ChatAgentStatus,
    ChatMessage,
    Conversation,
)
from contactcenter.customers import selectors as customer_selectors
from contactcenter.customers import services as customer_services
from contactcenter.customers.identifiers import identifier_fields_matching, normalize_identifier
from contactcenter.customers.models import Channel, ContactPoint, Customer, Interaction
from contactcenter.customers.text import clean_text
from contactcenter.locks import lock_key
from contactcenter.org import selectors as org_selectors
from contactcenter.org.models import Agent
from contactcenter.selfservice import services as code_services
from contactcenter.selfservice.exceptions import CodeSpent, TooManyRequests, WrongCode
from sla import selectors as sla_selectors
from tickets import services as ticket_services
from tickets.models import Category, Ticket

State = Conversation.State
Sender = ChatMessage.Sender
# A visitor whose page went away may come back (?resume=TOKEN) within this time; after it
# the conversation is closed (close_abandoned_conversations, a periodic job).
RESUME_WITHIN = timedelta(minutes=10)
# A connected page that stopped showing signs of life this long ago (its process died
# without recording the departure) is closed too.
SILENT_FOR = timedelta(hours=12)
IDENTIFY_ATTEMPTS = 3
# Identification tries from one address, across its conversations (a new page is a new
# conversation): whoever tries identifiers one after the other is stopped there.
IDENTIFY_PER_ADDRESS, IDENTIFY_WINDOW = 10, timedelta(hours=1)
IDENTIFIER_KINDS = ("immatriculation", "cin")
MAX_CAPACITY = 10
MANAGERS = {Agent.Role.SUPERVISOR, Agent.Role.ADMINISTRATOR}


# --- The visitor -----------------------------------------------------------------------------

def clean_message(text: object) -> str:
    """The text as stored: plain, without control characters, 1 to 2,000 characters.
    Raises InvalidMessage ("malformed", "empty", "too_long")."""
    if not isinstance(text, str):
        raise InvalidMessage("malformed", _("A message is text."))
    cleaned = clean_text(text)
    if not cleaned:
        raise InvalidMessage("empty", _("The message is empty."))
    if len(cleaned) > MAX_MESSAGE_CHARACTERS:
        raise InvalidMessage("too_long", _(
            "The message is too long: %(limit)s characters at most.")
            % {"limit": MAX_MESSAGE_CHARACTERS})
    return cleaned


def call_centre_open(now: datetime | None = None) -> bool:
    """Whether the call centre works now (its business calendar)."""
    now = now or timezone.now()
    calendar = sla_selectors.business_calendar(agency_id=None, region_id=None,
                                               today=timezone.localdate(now), call_centre=True)
    return calendar.is_working(now)


def start_conversation(*, language: str, client_ip: str | None = None,
                       now: datetime | None = None) -> Conversation:
    """A new conversation for a visitor who opened the chat; it joins the waiting line with
    the visitor's first message. Raises ChatRefusal("unavailable") when no call-centre queue
    exists to take chats."""
    now = now or timezone.now()
    queue = selectors.chat_queue()
    if queue is None:
        raise ChatRefusal("unavailable", _("The chat is not available at the moment."))
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    return Conversation.objects.create(language=language, queue=queue,
                                       client_ip=client_ip or None, created_at=now,
                                       last_activity_at=now)


@transaction.atomic
def resume_conversation(*, token: str, now: datetime | None = None) -> Conversation | None:
    """The visitor's conversation again, for a page that reconnects: None when the token is
    unknown, the conversation is over, or the visitor left it more than RESUME_WITHIN ago.
    The visitor counts as present again."""
    now = now or timezone.now()
    found = selectors.conversation_by_token(token)
    if found is None or not found.is_live:
        return None
    conversation = _locked(found)
    gone_since = conversation.visitor_left_at or conversation.last_activity_at
    if not conversation.is_live or gone_since < now - RESUME_WITHIN:
        return None
    conversation.visitor_left_at = None
    conversation.last_activity_at = now
    conversation.save(update_fields=["visitor_left_at", "last_activity_at"])
    return conversation


def visitor_left(*, conversation: Conversation, now: datetime | None = None) -> None:
    """Record that the visitor's page went away (it may come back within RESUME_WITHIN)."""
    now = now or timezone.now()
    Conversation.objects.filter(pk=conversation.pk, state__in=selectors.LIVE_STATES).update(
        visitor_left_at=now)


@transaction.atomic
def post_visitor_message(*, conversation: Conversation, text: str, sender: str = "",
                         now: datetime | None = None) -> ChatMessage:
    """Add the visitor's message; the first one puts the conversation in the waiting line.
    `sender` is the visitor socket's channel name (it shows the message itself). Raises
    InvalidMessage, WrongState("closed").

    The hot path of a conversation: one conditional UPDATE (which also takes the row's lock,
    so a message never lands after the end) and one INSERT, nothing read."""
    now = now or timezone.now()
    cleaned = clean_message(text)
    joins_line = conversation.state == State.WAITING and conversation.waiting_since is None
    touched = Conversation.objects.filter(
        pk=conversation.pk, state__in=selectors.LIVE_STATES,
    ).update(last_activity_at=now, waiting_since=Coalesce(
        "waiting_since", Case(When(state=State.WAITING, then=Value(now)), default=None)))
    if not touched:
        raise WrongState("closed", _("This conversation has ended."))
    message = ChatMessage.objects.create(conversation=conversation, sender=Sender.VISITOR,
                                         text=cleaned, sent_at=now)
    conversation.last_activity_at = now
    if joins_line:
        conversation.waiting_since = now
    live.publish_after_commit([live.frame_message(
        conversation.pk, message_frame(message), audience="all", sender=sender)])
    if joins_line:
        _line_changed(conversation.queue_id)
    return message


def visitor_typing(*, conversation: Conversation) -> None:
    """Tell the agents' consoles that the visitor is typing (nothing stored)."""
    live.publish_after_commit([live.frame_message(conversation.pk, {"type": "typing"},
                                                  audience="agents")])


@transaction.atomic
def close_conversation(*, conversation: Conversation, by: Agent | None, sender: str = "",
                       now: datetime | None = None) -> Conversation:
    """End the conversation: by its agent (or a supervisor), or by the visitor (by=None;
    `sender`: their socket's channel name, which tells the visitor itself). An identified
    visitor's transcript goes on their timeline, with its duration and agent. The visitor
    is then asked the satisfaction question. Raises WrongState("closed"),
    NotAllowed("not_yours")."""
    now = now or timezone.now()
    locked = _locked(conversation)
    _require_live(locked)
    if by is not None:
        _require_handler(locked, by)
    locked.state = State.CLOSED
    locked.closed_at = now
    locked.last_activity_at = now
    fields = ["state", "closed_at", "last_activity_at"]
    if locked.customer is not None and locked.interaction_id is None:
        locked.interaction = _record_on_timeline(locked, now=now)
        fields.append("interaction")
    locked.save(update_fields=fields)
    _copy(locked, conversation)
    frames = [live.frame_message(locked.pk, closed_frame(locked, by=by), audience="all",
                                 sender=sender)]
    if asks_satisfaction(locked):
        frames.append(live.frame_message(locked.pk, {"type": "survey"}, audience="visitor",
                                         sender=sender))
    live.publish_after_commit(frames)
    _line_changed(locked.queue_id)
    return conversation


@transaction.atomic
def record_conversation_satisfaction(*, conversation: Conversation, score: int,
                                     now: datetime | None = None) -> Conversation:
    """The visitor's answer (1 to 5) to the question asked once the conversation ended,
    kept on the conversation and with every other channel's answers
    (tickets.services.record_survey_answer), for the satisfaction barometer.
    Raises InvalidMessage("invalid_score"), WrongState("not_closed", "already_answered")."""
    if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 5:
        raise InvalidMessage("invalid_score", _("The satisfaction score is a number from 1 "
                                                "to 5."))
    locked = _locked(conversation)
    if locked.state != State.CLOSED:
        raise WrongState("not_closed", _("The question is asked once the conversation has "
                                         "ended."))
    if locked.satisfaction is not None:
        raise WrongState("already_answered", _("You have already answered, thank you."))
    locked.satisfaction = score
    locked.save(update_fields=["satisfaction"])
    ticket_services.record_survey_answer(
        score=score, channel=Channel.CHAT, customer=locked.customer, ticket=locked.ticket,
        answered_at=now or timezone.now())
    _copy(locked, conversation)
    return conversation


@transaction.atomic
def request_identification(*, conversation: Conversation, identifier: str,
                           now: datetime | None = None) -> None:
    """Send a one-time code by SMS to the mobile on record of the person whose
    immatriculation or CIN this is. The visitor is told the same whether or not the
    identifier is known (nothing is sent then). Raises InvalidMessage("invalid_identifier")
    for a text that is neither, RateLimited("too_many"), WrongState("closed")."""
    now = now or timezone.now()
    if not isinstance(identifier, str) or len(identifier) > 40:
        raise InvalidMessage("invalid_identifier", _(
            "Type your immatriculation number or your CIN."))
    value = normalize_identifier(clean_text(identifier))
    kinds = [kind for kind in identifier_fields_matching(value) if kind in IDENTIFIER_KINDS]
    if not kinds:
        raise InvalidMessage("invalid_identifier", _(
            "Type your immatriculation number or your CIN."))
    locked = _locked(conversation)
    _require_live(locked)
    if locked.identify_attempts >= IDENTIFY_ATTEMPTS:
        raise RateLimited("too_many", _("Too many tries to identify yourself in this "
                                        "conversation."))
    if locked.client_ip:
        lock_key(f"chat.identify:{locked.client_ip}")
        if selectors.identify_attempts_from(locked.client_ip,
                                            since=now - IDENTIFY_WINDOW) >= IDENTIFY_PER_ADDRESS:
            raise RateLimited("too_many", _("Too many tries to identify yourself in this "
                                            "conversation."))
    matches = [customer for customer in customer_selectors.customers_matching(value)
               for kind in kinds if getattr(customer, kind) == value]
    customer = matches[0] if len(matches) == 1 else None  # never a guess among several
    kind = next((kind for kind in kinds if customer and getattr(customer, kind) == value), "")
    mobile = customer_selectors.notification_mobile(customer.pk)[0] if customer else ""
    locked.identify_attempts += 1
    locked.pending_customer = customer if mobile else None
    locked.pending_identified_by = kind if mobile else ""
    locked.save(update_fields=["identify_attempts", "pending_customer",
                               "pending_identified_by"])
    _copy(locked, conversation)
    if mobile:
        try:
            code_services.request_code(phone=mobile, client_ip=locked.client_ip,
                                       language=locked.language, require_complaint=False,
                                       now=now)
        except TooManyRequests as refusal:
            raise RateLimited("too_many", str(refusal)) from refusal


def verify_identification(*, conversation: Conversation, code: str, sender: str = "",
                          now: datetime | None = None) -> Conversation:
    """Identify the visitor with the code sent by request_identification: the conversation
    is then the customer's (`sender`: the visitor socket's channel name, which tells the
    visitor itself). Raises InvalidMessage("wrong_code"), WrongState("code_spent",
    "closed"); a wrong try is counted (the code dies after a few)."""
    now = now or timezone.now()
    if not isinstance(code, str) or not code.strip().isdigit() or len(code.strip()) > 12:
        raise InvalidMessage("wrong_code", _("Wrong code."))
    pending = conversation.pending_customer_id
    phone = customer_selectors.notification_mobile(pending)[0] if pending else ""
    if not phone:  # nothing was sent: the same answer as a wrong code
        raise InvalidMessage("wrong_code", _("Wrong code."))
    try:
        code_services.verify_code(phone=phone, code=code.strip(), now=now)
    except WrongCode as refusal:
        raise InvalidMessage("wrong_code", str(refusal)) from refusal
    except CodeSpent as refusal:
        raise WrongState("code_spent", str(refusal)) from refusal
    with transaction.atomic():
        locked = _locked(conversation)
        _require_live(locked)
        customer = customer_selectors.customer_by_id(pending) if pending else None
        if customer is None or locked.pending_customer_id != pending:
            raise InvalidMessage("wrong_code", _("Wrong code."))
        locked.customer = customer
        locked.identified_by = locked.pending_identified_by
        locked.visitor_phone = phone
        locked.pending_customer, locked.pending_identified_by = None, ""
        locked.save(update_fields=["customer", "identified_by", "visitor_phone",
                                   "pending_customer", "pending_identified_by"])
        _copy(locked, conversation)
        live.publish_after_commit([
            live.frame_message(locked.pk, {"type": "identified", "name": customer.first_name},
                               audience="visitor", sender=sender),
            live.frame_message(locked.pk, {"type": "identified", "name": customer.first_name,
                                           "customer": customer.pk}, audience="agents"),
        ])
        if locked.state == State.WAITING and locked.waiting_since is not None:
            _line_changed(locked.queue_id)
    return conversation


@transaction.atomic
def leave_message(*, conversation: Conversation, text: str, phone: str = "",
                  now: datetime | None = None) -> Ticket:
    """Turn a conversation nobody took (out of hours, nobody free) into a complaint: the
    message and what the visitor wrote before. The customer is the identified one, else
    the records of the mobile given (a provisional one for a new number); an unidentified
    visitor must give a mobile (the fund answers by SMS). The usual "received" SMS follows.
    Raises InvalidMessage ("empty", "too_long", "invalid_phone", "phone_required"),
    WrongState("closed", "not_waiting")."""
    now = now or timezone.now()
    cleaned = clean_message(text)
    locked = _locked(conversation)
    _require_live(locked)
    if locked.state != State.WAITING:
        raise WrongState("not_waiting", _("An agent has taken your conversation: write to "
                                          "them here."))
    customer = locked.customer
    given = phone.strip() if isinstance(phone, str) else ""
    e164 = ""
    if given:
        try:
            e164 = customer_services.normalize_contact(ContactPoint.Kind.MOBILE, given)
        except ValidationError as error:
            raise InvalidMessage("invalid_phone", _("This is not a valid mobile number.")
                                 ) from error
    if customer is None:
        if not e164:
            raise InvalidMessage("phone_required", _(
                "Give your mobile number, so that we can answer you."))
        found = customer_services.identify_or_provision(phone=e164).customers
        customer = next((c for c in found if not c.to_identify), found[0])
    earlier = selectors.transcript_text(locked)
    description = cleaned if not earlier else "\n\n".join([
        cleaned, _("Conversation before the message:"), earlier])
    with translation.override(locked.language):
        label = _("Web chat")
    ticket = ticket_services.open_complaint(
        customer=customer, channel=Channel.CHAT, description=description, by=None,
        actor_label=label, now=now)
    ChatMessage.objects.create(conversation=locked, sender=Sender.VISITOR, text=cleaned,
                               sent_at=now)
    locked.state = State.LEFT_MESSAGE
    locked.ticket = ticket
    locked.closed_at = locked.last_activity_at = now
    locked.visitor_phone = locked.visitor_phone or e164
    fields = ["state", "ticket", "closed_at", "last_activity_at", "visitor_phone"]
    if locked.customer is not None and locked.interaction_id is None:
        locked.interaction = _record_on_timeline(locked, now=now)
        fields.append("interaction")
    locked.save(update_fields=fields)
    _copy(locked, conversation)
    if locked.waiting_since is not None:
        _line_changed(locked.queue_id)
    return ticket


def close_abandoned_conversations(*, now: datetime | None = None) -> int:
    """Close the conversations whose visitor left more than RESUME_WITHIN ago, or whose
    page went silent long ago (periodic job; safe to run twice). Returns how many."""
    now = now or timezone.now()
    # The pages opened and left without a word: nobody saw them (not in the line), nothing
    # to record or tell; closed in one statement.
    closed = selectors.empty_abandoned_conversations(
        left_before=now - RESUME_WITHIN, silent_before=now - SILENT_FOR).update(
        state=State.CLOSED, closed_at=now)
    for conversation in selectors.abandoned_conversations(
            left_before=now - RESUME_WITHIN, silent_before=now - SILENT_FOR):
        try:
            close_conversation(conversation=conversation, by=None, now=now)
        except WrongState:
            continue  # closed meanwhile
        closed += 1
    return closed


# --- The agents ------------------------------------------------------------------------------

@transaction.atomic
def accept_conversation(*, conversation: Conversation, agent: Agent,
                        now: datetime | None = None) -> Conversation:
    """Give a waiting conversation to the agent; the first agent to accept wins. Raises
    WrongState("not_waiting"), NotAllowed("not_member": not in the conversation's queue,
    "full": at capacity)."""
    now = now or timezone.now()
    # One agent's acceptances one after the other, so that the capacity holds.
    lock_key(f"chat.agent:{agent.pk}")
    locked = _locked(conversation)
    if locked.state != State.WAITING:
        raise WrongState("not_waiting", _("This conversation is no longer waiting."))
    if not org_selectors.is_member_of(agent, locked.queue_id):
        raise NotAllowed("not_member", _("You are not a member of the chat queue."))
    if selectors.active_count(agent) >= selectors.status_of(agent).capacity:
        raise NotAllowed("full", _("You already hold as many conversations as your "
                                   "capacity allows."))
    locked.state = State.ACTIVE
    locked.agent = agent
    locked.accepted_at = locked.last_activity_at = now
    locked.save(update_fields=["state", "agent", "accepted_at", "last_activity_at"])
    _copy(locked, conversation)
    first_name = agent.user.first_name or org_selectors.short_name(agent)
    live.publish_after_commit([live.frame_message(
        locked.pk, {"type": "joined", "agent": first_name, "agent_id": agent.pk},
        audience="all")])
    _line_changed(locked.queue_id)
    return conversation


@transaction.atomic
def post_agent_message(*, conversation: Conversation, agent: Agent, text: str,
                       now: datetime | None = None) -> ChatMessage:
    """The agent's answer, sent to the visitor and to every console showing the
    conversation. Only `conversation.pk` is read from the instance. Raises InvalidMessage,
    WrongState("closed", "not_active"), NotAllowed("not_yours"),
    Conversation.DoesNotExist.

    The hot path of a conversation: one conditional UPDATE (the conversation's agent or a
    manager, active; it also takes the row's lock) and one INSERT; the row is read only to
    explain a refusal."""
    now = now or timezone.now()
    cleaned = clean_message(text)
    handled = Q() if agent.role in MANAGERS else Q(agent_id=agent.pk)
    touched = Conversation.objects.filter(
        handled, pk=conversation.pk, state=State.ACTIVE).update(last_activity_at=now)
    if not touched:
        _refuse_answer(conversation.pk, agent)
    message = ChatMessage.objects.create(conversation=conversation, sender=Sender.AGENT,
                                         agent=agent, text=cleaned, sent_at=now)
    conversation.last_activity_at = now
    live.publish_after_commit([live.frame_message(conversation.pk, message_frame(message),
                                                  audience="all")])
    return message


def _refuse_answer(pk: int, agent: Agent) -> None:
    """Why the agent may not answer in conversation `pk` (always raises)."""
    found = Conversation.objects.get(pk=pk)
    _require_live(found)
    if found.state != State.ACTIVE:
        raise WrongState("not_active", _("Accept the conversation before answering."))
    _require_handler(found, agent)
    raise WrongState("not_active", _("Accept the conversation before answering."))


def agent_typing(*, conversation: Conversation, agent: Agent) -> None:
    """Tell the visitor (and the other consoles) that the agent is typing (nothing
    stored)."""
    if conversation.agent_id == agent.pk and conversation.state == State.ACTIVE:
        live.publish_after_commit([live.frame_message(conversation.pk, {"type": "typing"},
                                                      audience="visitor")])


@transaction.atomic
def open_complaint_from_conversation(*, conversation: Conversation, agent: Agent,
                                     category: Category | None = None,
                                     description: str | None = None,
                                     now: datetime | None = None) -> Ticket:
    """Open a complaint from the conversation (the transcript by default), linked both
    ways; the customer is the identified one, else the records of the visitor's mobile,
    else a provisional record to identify. The visitor is told its reference. Raises
    WrongState("already_open"), NotAllowed("not_yours"), ValidationError (bad
    description), PermissionDenied."""
    now = now or timezone.now()
    locked = _locked(conversation)
    _require_handler(locked, agent)
    if locked.ticket_id is not None:
        raise WrongState("already_open", _("A complaint was already opened from this "
                                           "conversation."))
    customer = locked.customer or _customer_for_complaint(locked)
    text = description if description is not None else selectors.transcript_text(locked)
    ticket = ticket_services.open_complaint(
        customer=customer, channel=Channel.CHAT, description=text, by=agent,
        category=category, now=now)
    locked.ticket = ticket
    locked.save(update_fields=["ticket"])
    if locked.interaction_id is not None:
        customer_services.attach_ticket(interaction_id=locked.interaction_id, ticket=ticket)
    _copy(locked, conversation)
    if locked.is_live:
        with translation.override(locked.language):
            note = _("A complaint was recorded: its reference is %(reference)s.") % {
                "reference": ticket.reference}
        message = ChatMessage.objects.create(conversation=locked, sender=Sender.SYSTEM,
                                             text=note, sent_at=now)
        live.publish_after_commit([live.frame_message(locked.pk, message_frame(message),
                                                      audience="all")])
    live.publish_after_commit([live.frame_message(
        locked.pk, {"type": "complaint", "reference": ticket.reference}, audience="agents")])
    return ticket


@transaction.atomic
def set_availability(*, agent: Agent, available: bool, capacity: int | None = None,
                     now: datetime | None = None) -> ChatAgentStatus:
    """The agent takes chats (or stops), with how many at once. Raises
    NotAllowed("not_member") for an agent outside the chat queue who asks to take chats,
    InvalidMessage("invalid_capacity")."""
    now = now or timezone.now()
    if capacity is not None and (isinstance(capacity, bool) or not isinstance(capacity, int)
                                 or not 1 <= capacity <= MAX_CAPACITY):
        raise InvalidMessage("invalid_capacity", _(
            "The capacity is a number from 1 to %(limit)s.") % {"limit": MAX_CAPACITY})
    queue = selectors.chat_queue()
    if available and (queue is None or not org_selectors.is_member_of(agent, queue.pk)):
        raise NotAllowed("not_member", _("You are not a member of the chat queue."))
    status, _created = ChatAgentStatus.objects.select_for_update().get_or_create(agent=agent)
    status.available = bool(available)
    if capacity is not None:
        status.capacity = capacity
    status.changed_at = now
    status.save()
    if queue is not None:
        _line_changed(queue.pk)
    return status


# --- Helpers ---------------------------------------------------------------------------------

def asks_satisfaction(conversation: Conversation) -> bool:
    """Whether the visitor is asked the satisfaction question at the end: when an agent
    talked with them."""
    return conversation.accepted_at is not None


def closed_frame(conversation: Conversation, *, by: Agent | None) -> dict[str, Any]:
    """The end of a conversation as the visitor protocol sends it."""
    reference = conversation.ticket.reference if conversation.ticket is not None else None
    return {"type": "closed", "reference": reference,
            "by": "agent" if by is not None else "visitor"}


def message_frame(message: ChatMessage) -> dict[str, Any]:
    """A message as the visitor protocol sends it."""
    frame: dict[str, Any] = {"type": "message", "from": str(message.sender), "text": message.text,
                             "at": live.at(message.sent_at), "id": message.pk}
    if message.agent is not None:
        frame["agent_id"] = message.agent_id
        frame["agent"] = message.agent.user.first_name
    return frame


def _locked(conversation: Conversation) -> Conversation:
    """The conversation's row, read again under a row lock (the caller is atomic)."""
    return (Conversation.objects.select_for_update(of=("self",))
            .select_related("agent__user", "customer", "ticket").get(pk=conversation.pk))


def _copy(source: Conversation, target: Conversation) -> None:
    """Bring the caller's instance up to date with the saved row."""
    if source is not target:
        target.__dict__.update({key: value for key, value in source.__dict__.items()
                                if key != "_state"})
        target._state.fields_cache = dict(source._state.fields_cache)


def _require_live(conversation: Conversation) -> None:
    if not conversation.is_live:
        raise WrongState("closed", _("This conversation has ended."))


def _require_handler(conversation: Conversation, agent: Agent) -> None:
    """The conversation's agent, or a supervisor or administrator."""
    if agent.role not in MANAGERS and conversation.agent_id != agent.pk:
        raise NotAllowed("not_yours", _("This conversation is another agent's."))


def _customer_for_complaint(conversation: Conversation) -> Customer:
    if conversation.visitor_phone:
        found = customer_services.identify_or_provision(phone=conversation.visitor_phone)
        return next((c for c in found.customers if not c.to_identify), found.customers[0])
    return customer_services.create_customer(to_identify=True)


def _record_on_timeline(conversation: Conversation, *, now: datetime) -> Interaction:
    """The transcript as an interaction on the customer's timeline, with its duration and
    agent, in the fund's language."""
    assert conversation.customer is not None
    started = conversation.waiting_since or conversation.created_at
    minutes = max(round((now - started).total_seconds() / 60), 1)
    with translation.override(settings.LANGUAGE_CODE):
        if conversation.agent is not None:
            heading = ngettext(
                "Web chat of %(minutes)s minute with %(agent)s.",
                "Web chat of %(minutes)s minutes with %(agent)s.", minutes) % {
                "minutes": minutes, "agent": org_selectors.short_name(conversation.agent)}
        else:
            heading = ngettext("Web chat of %(minutes)s minute, without an agent.",
                               "Web chat of %(minutes)s minutes, without an agent.",
                               minutes) % {"minutes": minutes}
    transcript = selectors.transcript_text(conversation)
    interaction, _created = customer_services.record_interaction(
        customer=conversation.customer, channel=Channel.CHAT,
        direction=Interaction.Direction.INBOUND,
        summary=f"{heading}\n\n{transcript}" if transcript else heading,
        agent=conversation.agent, occurred_at=started, ticket=conversation.ticket)
    return interaction


def _line_changed(queue_id: int) -> None:
    """Once committed: the new line to every console, the offers to agents with room, and
    each waiting visitor's position."""
    live.publish_built_after_commit(lambda: line_messages(queue_id))


def line_messages(queue_id: int) -> list[tuple[str, dict[str, Any]]]:
    """The live messages describing the queue's waiting line now."""
    waiting = selectors.waiting_line(queue_id=queue_id)
    messages: list[tuple[str, dict[str, Any]]] = [(live.AGENTS_GROUP, {
        "type": "chat.line", "live": selectors.live_count(), "waiting": [
            {"id": conversation.pk, "language": conversation.language,
             "identified": conversation.is_identified,
             "since": live.at(conversation.waiting_since or conversation.created_at)}
            for conversation in waiting]})]
    agents = selectors.agents_with_room(queue_id) if waiting else []
    offered = waiting[:selectors.free_slots(queue_id)] if agents else []
    for conversation in offered:
        messages.append((live.AGENTS_GROUP, {"type": "chat.offer",
                                             "conversation": conversation.pk,
                                             "agents": agents}))
    if offered:
        groups = [live.agent_group(agent_id) for agent_id in agents]
        notice = {"type": "agent.notice", "event": "chat_offer", "groups": groups,
                  "conversation": offered[0].pk, "language": offered[0].language,
                  "url": "/desk/chat/"}
        messages.extend((group, notice) for group in groups)
    for position, conversation in enumerate(waiting, start=1):
        messages.append(live.frame_message(conversation.pk,
                                           {"type": "queued", "position": position},
                                           audience="visitor"))
    return messages
