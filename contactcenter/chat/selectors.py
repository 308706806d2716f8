"""Reads of the web chat: the waiting line, who may see which conversation, transcripts."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, F, Max, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, Extract
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from contactcenter.chat.models import CannedReply, ChatAgentStatus, ChatMessage, Conversation
from contactcenter.local_days import local_date, within_days
from contactcenter.org import selectors as org_selectors
from contactcenter.org.models import Agent, Queue

LIVE_STATES = (Conversation.State.WAITING, Conversation.State.ACTIVE)
SEES_EVERY_CONVERSATION = {Agent.Role.SUPERVISOR, Agent.Role.ADMINISTRATOR}


def chat_queue() -> Queue | None:
    """The queue whose members take chats: the call centre's first queue."""
    return org_selectors.call_centre_queues().order_by("pk").first()


def conversation_by_token(token: str) -> Conversation | None:
    """The conversation a visitor holds the token of, if any."""
    if not token or len(token) > 64:
        return None
    return Conversation.objects.filter(token=token).select_related("agent__user").first()


def conversation_by_id(pk: int) -> Conversation | None:
    if not 0 < pk < 2**63:
        return None
    return (Conversation.objects.select_related("agent__user", "customer", "ticket")
            .filter(pk=pk).first())


def conversations_for_agent(agent: Agent, *, state: str | None = None
                            ) -> QuerySet[Conversation]:
    """What the agent may see: the waiting ones of their queues and their own (any state);
    supervisors and administrators see every conversation. Newest first."""
    found = Conversation.objects.select_related("agent__user", "customer", "ticket")
    if agent.role not in SEES_EVERY_CONVERSATION:
        queue_ids = org_selectors.queue_ids_of(agent)
        found = found.filter(Q(agent=agent)
                             | Q(state=Conversation.State.WAITING, queue_id__in=queue_ids))
    if state:
        found = found.filter(state=state)
    return found.order_by("-created_at", "-pk")


def conversation_for_agent(*, agent: Agent, pk: int) -> Conversation:
    """The conversation, if the agent may see it; raises Conversation.DoesNotExist."""
    if not 0 < pk < 2**63:
        raise Conversation.DoesNotExist
    return conversations_for_agent(agent).get(pk=pk)


def waiting_line(*, queue_id: int | None = None) -> list[Conversation]:
    """The conversations waiting for an agent (the visitor has written), oldest first."""
    found = Conversation.objects.filter(state=Conversation.State.WAITING,
                                        waiting_since__isnull=False)
    if queue_id is not None:
        found = found.filter(queue_id=queue_id)
    return list(found.order_by("waiting_since", "pk"))


def identify_attempts_from(client_ip: str, *, since: datetime) -> int:
    """How many identifications the conversations started from this address since
    `since` tried."""
    total = (Conversation.objects.filter(client_ip=client_ip, created_at__gte=since,
                                         identify_attempts__gt=0)
             .aggregate(total=Sum("identify_attempts"))["total"])
    return int(total or 0)


def live_conversations() -> QuerySet[Conversation]:
    """Waiting and active conversations, for supervisors, oldest first."""
    return (Conversation.objects.filter(state__in=LIVE_STATES)
            .select_related("agent__user", "customer").order_by("created_at", "pk"))


def live_count() -> int:
    return Conversation.objects.filter(state__in=LIVE_STATES).count()


def queue_position(conversation: Conversation) -> int | None:
    """1 for the next to be taken; None when not in the line."""
    if conversation.state != Conversation.State.WAITING or conversation.waiting_since is None:
        return None
    ahead = Conversation.objects.filter(
        Q(waiting_since__lt=conversation.waiting_since)
        | Q(waiting_since=conversation.waiting_since, pk__lt=conversation.pk),
        state=Conversation.State.WAITING, queue_id=conversation.queue_id).count()
    return ahead + 1


def messages_of(conversation: Conversation) -> list[ChatMessage]:
    """The conversation's messages in order, with their agents."""
    return list(conversation.messages.select_related("agent__user").order_by("sent_at", "pk"))


def transcript_text(conversation: Conversation) -> str:
    """The conversation as plain text, one message per paragraph: for the customer's
    timeline and a complaint's description."""
    lines = []
    for message in messages_of(conversation):
        moment = formats.time_format(timezone.localtime(message.sent_at), "H:i")
        if message.sender == ChatMessage.Sender.AGENT:
            who = (org_selectors.short_name(message.agent) if message.agent is not None
                   else _("Agent"))
        elif message.sender == ChatMessage.Sender.VISITOR:
            who = _("Visitor")
        else:
            who = _("System")
        lines.append(f"[{moment}] {who}: {message.text}")
    return "\n".join(lines)


def status_of(agent: Agent) -> ChatAgentStatus:
    """The agent's chat availability; an unsaved default (away, capacity 3) without one."""
    status = ChatAgentStatus.objects.filter(agent=agent).first()
    return status if status is not None else ChatAgentStatus(agent=agent)


def active_count(agent: Agent) -> int:
    """How many conversations the agent holds now."""
    return Conversation.objects.filter(agent=agent, state=Conversation.State.ACTIVE).count()


def agents_with_room(queue_id: int) -> list[int]:
    """The ids of the agents available for chats, members of the queue, holding fewer
    conversations than their capacity: the ones a waiting conversation is offered to."""
    statuses = (ChatAgentStatus.objects
                .filter(available=True, agent__queues=queue_id, agent__user__is_active=True)
                .annotate(held=Count("agent__chat_conversations", filter=Q(
                    agent__chat_conversations__state=Conversation.State.ACTIVE)))
                .values_list("agent_id", "capacity", "held").order_by("changed_at", "pk"))
    return [agent_id for agent_id, capacity, held in statuses if held < capacity]


def free_slots(queue_id: int) -> int:
    """How many more conversations the queue's available agents can take now."""
    statuses = (ChatAgentStatus.objects
                .filter(available=True, agent__queues=queue_id, agent__user__is_active=True)
                .annotate(held=Count("agent__chat_conversations", filter=Q(
                    agent__chat_conversations__state=Conversation.State.ACTIVE)))
                .values_list("capacity", "held"))
    return sum(max(capacity - held, 0) for capacity, held in statuses)


def anyone_available(queue_id: int) -> bool:
    """Whether an agent of the queue is available for chats now (room or not)."""
    return ChatAgentStatus.objects.filter(available=True, agent__queues=queue_id,
                                          agent__user__is_active=True).exists()


def canned_replies() -> QuerySet[CannedReply]:
    return CannedReply.objects.order_by("position", "pk")


def _abandoned(*, left_before: datetime, silent_before: datetime) -> QuerySet[Conversation]:
    return Conversation.objects.filter(
        Q(visitor_left_at__lt=left_before)
        | Q(visitor_left_at__isnull=True, last_activity_at__lt=silent_before),
        state__in=LIVE_STATES)


def empty_abandoned_conversations(*, left_before: datetime, silent_before: datetime
                                  ) -> QuerySet[Conversation]:
    """The abandoned conversations (below) in which nobody wrote and nobody identified."""
    return _abandoned(left_before=left_before, silent_before=silent_before).filter(
        state=Conversation.State.WAITING, waiting_since__isnull=True, customer__isnull=True,
        pending_customer__isnull=True)


def abandoned_conversations(*, left_before: datetime, silent_before: datetime
                            ) -> list[Conversation]:
    """The live conversations whose visitor left before `left_before`, or whose page has
    shown no sign of life since `silent_before` (its process died without recording it)."""
    return list(_abandoned(left_before=left_before, silent_before=silent_before)
                .order_by("pk")[:500])


# --- Figures for the reports ---------------------------------------------------------------

# No conversation lasts longer: one ended since a moment started at most this long before.
LONGEST_CONVERSATION = timedelta(days=2)


def conversation_days_since(moment: datetime) -> set[date]:
    """The local days (of their start) of the conversations started, accepted or ended
    since `moment`."""
    recent = Q(created_at__gte=moment - LONGEST_CONVERSATION)
    changed = Conversation.objects.filter(
        Q(created_at__gte=moment) | (recent & Q(accepted_at__gte=moment))
        | (recent & Q(closed_at__gte=moment)))
    return set(changed.order_by().annotate(day=local_date("created_at"))
               .values_list("day", flat=True).distinct())


def conversation_days() -> list[date]:
    """Every local day with a conversation, in order."""
    return sorted(Conversation.objects.order_by().annotate(day=local_date("created_at"))
                  .values_list("day", flat=True).distinct())


def conversation_figures(days: Iterable[date]) -> list[dict[str, Any]]:
    """Per local day (of the start), region, agency and queue (0 for none), the
    conversations whose visitor wrote: `offered`, `answered` (accepted by an agent),
    `abandoned` (ended before any agent accepted them), `wait_seconds` and `waits` (from
    the first message to the acceptance) and `wait_max`; and `ended`, those accepted that
    have ended (the satisfaction question is asked then)."""
    days = list(days)
    if not days:
        return []
    waited = Extract(F("accepted_at") - F("waiting_since"), "epoch")
    accepted = Q(accepted_at__isnull=False)
    over = Q(state__in=[Conversation.State.CLOSED, Conversation.State.LEFT_MESSAGE])
    rows = (Conversation.objects.filter(within_days("created_at", days),
                                        waiting_since__isnull=False)
            .order_by()
            .annotate(day=local_date("created_at"),
                      at_region=Coalesce("queue__agency__region_id", Value(0)),
                      at_agency=Coalesce("queue__agency_id", Value(0)))
            .values("day", "at_region", "at_agency", "queue_id")
            .annotate(offered=Count("id"), answered=Count("id", filter=accepted),
                      abandoned=Count("id", filter=~accepted & over),
                      ended=Count("id", filter=accepted & over),
                      wait_seconds=Sum(waited, filter=accepted),
                      waits=Count("id", filter=accepted),
                      wait_max=Max(waited, filter=accepted)))
    return [{"day": row["day"], "region_id": row["at_region"], "agency_id": row["at_agency"],
             "queue_id": row["queue_id"], "offered": row["offered"],
             "answered": row["answered"], "abandoned": row["abandoned"],
             "ended": row["ended"], "wait_seconds": round(row["wait_seconds"] or 0),
             "waits": row["waits"], "wait_max": round(row["wait_max"] or 0)} for row in rows]
