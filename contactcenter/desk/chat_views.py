"""The agents' chat console (`/desk/chat/`): the waiting line, the conversations an agent
holds side by side (each with the customer's 360 panel once the visitor is identified),
and, for supervisors, every live conversation. Live changes come through /ws/desk/chat/
(chat_consumers.py); these views render the page and its parts, and open a complaint
from a conversation."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from contactcenter.audit import services as audit
from contactcenter.chat import selectors as chat_selectors
from contactcenter.chat import services as chat_services
from contactcenter.chat.exceptions import ChatRefusal
from contactcenter.chat.models import (
    MAX_MESSAGE_CHARACTERS,
    CannedReply,
    ChatMessage,
    Conversation,
)
from contactcenter.customers import selectors as customer_selectors
from contactcenter.org.decorators import AgentRequest, agent_required
from contactcenter.org.models import Agent
from tickets import customer_scope, timeline

# Who opens the console: the call centre answers chats; supervisors and administrators
# watch them. Back-office handlers and counter agents have their own channels.
CHAT_ROLES = frozenset({Agent.Role.CALL_CENTRE, Agent.Role.SUPERVISOR,
                        Agent.Role.ADMINISTRATOR})
OVERSEER_ROLES = frozenset({Agent.Role.SUPERVISOR, Agent.Role.ADMINISTRATOR})
RECENT_CONTACTS = 5
OTHER_OPEN_COMPLAINTS = 5


def may_chat(agent: Agent | None) -> bool:
    """Whether the agent opens the chat console (by role: no query, the menu asks on every
    page)."""
    return agent is not None and agent.role in CHAT_ROLES


def oversees_chats(agent: Agent) -> bool:
    """Supervisors and administrators see every live conversation, read-only."""
    return agent.role in OVERSEER_ROLES


def _chat_agent(request: AgentRequest) -> Agent:
    agent = request.agent
    if not may_chat(agent):
        raise PermissionDenied(_("Only the call centre and its supervisors use the chat "
                                 "console."))
    return agent


def _conversation(agent: Agent, pk: int) -> Conversation:
    try:
        return chat_selectors.conversation_for_agent(agent=agent, pk=pk)
    except Conversation.DoesNotExist:
        raise Http404("No such conversation.") from None


def _canned(conversation: Conversation, replies: list[CannedReply]) -> list[tuple[str, str]]:
    """(title, text) of each canned reply, in the conversation's language (the visitor's,
    whatever the console's)."""
    language = conversation.language
    return [(reply.title(language), reply.text(language)) for reply in replies]


def _card(agent: Agent, conversation: Conversation, replies: list[CannedReply]
          ) -> dict[str, Any]:
    """What one conversation's card shows: its messages, whether the agent may write in it,
    and the customer's 360 panel when the visitor is identified and in the agent's scope."""
    customer = None
    if conversation.is_identified and conversation.customer_id is not None:
        customer = customer_scope.customer_for_agent_or_none(agent=agent,
                                                             pk=conversation.customer_id)
    card: dict[str, Any] = {
        "conversation": conversation,
        "messages": chat_selectors.messages_of(conversation),
        "mine": conversation.agent_id == agent.pk,
        "live": conversation.is_live,
        "canned": _canned(conversation, replies),
        "customer": customer,
        "panel_id": f"chat-{conversation.pk}-customer",
        "max_length": MAX_MESSAGE_CHARACTERS,
    }
    if customer is not None:
        recent = timeline.customer_timeline(customer=customer, limit=RECENT_CONTACTS)
        card.update({
            "contact_points": customer_selectors.contact_points_by_rank(customer),
            "other_open_tickets": timeline.open_tickets_of(customer)[:OTHER_OPEN_COMPLAINTS],
            "recent_interactions": [entry.item for entry in recent.entries
                                    if entry.kind == "interaction"],
        })
    return card


def _record_access(request: AgentRequest, conversation: Conversation) -> None:
    """A card shows the transcript, and the record of an identified visitor: logged like a
    call's screen pop."""
    audit.record_access(request=request, channel=audit.Channel.DESK,
                        kind=audit.Kind.CONVERSATION, object_id=conversation.pk,
                        customer_id=conversation.customer_id, detail="chat console",
                        agent=request.agent)


@require_GET
@agent_required
def console(request: AgentRequest) -> HttpResponse:
    """The console: the agent's availability and load, the waiting line, the conversations
    they hold; a supervisor's overview of every live conversation."""
    agent = _chat_agent(request)
    overseer = oversees_chats(agent)
    replies = list(chat_selectors.canned_replies())
    held = list(chat_selectors.conversations_for_agent(
        agent, state=Conversation.State.ACTIVE).filter(agent=agent).order_by("accepted_at"))
    for conversation in held:
        _record_access(request, conversation)
    status = chat_selectors.status_of(agent)
    return render(request, "desk/chat.html", {
        "overseer": overseer,
        "status": status,
        "held": len(held),
        "cards": [_card(agent, conversation, replies) for conversation in held],
        "waiting": chat_selectors.waiting_line(),
        "live_rows": _live_rows(overseer),
        "now": timezone.now(),
        "utc_offset": _utc_offset_minutes(),
        "not_identified": Conversation.IdentifiedBy.NONE.label,
        "senders": dict(ChatMessage.Sender.choices),
    })


def _utc_offset_minutes() -> int:
    """The fund's offset from UTC now: the console shows the times of live messages as the
    server renders the others, whatever the browser's own time zone."""
    offset = timezone.localtime().utcoffset()
    return int(offset.total_seconds() // 60) if offset is not None else 0


def _live_rows(overseer: bool) -> list[Conversation]:
    if not overseer:
        return []
    return list(chat_selectors.live_conversations().select_related("agent__user", "customer"))


@require_GET
@agent_required
def card(request: AgentRequest, pk: int) -> HttpResponse:
    """One conversation's card, fetched by the console when the agent accepts it, when the
    visitor is identified, or when a supervisor opens it."""
    agent = _chat_agent(request)
    conversation = _conversation(agent, pk)
    _record_access(request, conversation)
    replies = list(chat_selectors.canned_replies())
    return render(request, "desk/partials/_chat_card.html",
                  {"card": _card(agent, conversation, replies)})


@require_GET
@agent_required
def live(request: AgentRequest) -> HttpResponse:
    """The supervisors' table of live conversations, refreshed when the line changes."""
    agent = _chat_agent(request)
    if not oversees_chats(agent):
        raise PermissionDenied(_("Only supervisors see every conversation."))
    return render(request, "desk/partials/_chat_live.html",
                  {"live_rows": _live_rows(True), "now": timezone.now()})


@require_POST
@agent_required
def complaint(request: AgentRequest, pk: int) -> HttpResponse:
    """Open a complaint from the conversation, its transcript as the description; the
    card then links to it."""
    agent = _chat_agent(request)
    conversation = _conversation(agent, pk)
    error = ""
    status = 200
    ticket = None
    try:
        ticket = chat_services.open_complaint_from_conversation(conversation=conversation,
                                                                agent=agent)
    except ChatRefusal as exc:
        error, status = exc.detail, 409
    except PermissionDenied as exc:
        error, status = str(exc) or _("Your role does not allow opening a complaint."), 403
    except ValidationError as exc:
        error, status = " ".join(exc.messages), 422
    if not request.htmx:
        if ticket is not None:
            return redirect(ticket)
        messages.error(request, error)
        return redirect("desk:chat")
    # Refused because one was opened meanwhile (another click, another console): link it.
    shown = ticket or (conversation.ticket if conversation.ticket_id else None)
    return render(request, "desk/partials/_chat_complaint.html",
                  {"conversation": conversation, "ticket": shown, "error": error},
                  status=status)
