"""The web chat's conversations through the API, for bots and partners: the same selectors
and services as the agents' console, so the same rules (an agent sees the waiting
conversations of their queues and their own; supervisors see all) and the same live
frames (a message sent here reaches the visitor's page like one typed in the console).

The chat's refusals (contactcenter.chat.exceptions.ChatRefusal) answer 400 when the input
is at fault (empty, too long, too fast) and 409 when the conversation's state is (closed,
no longer waiting, the agent at capacity or not in the chat queue), with
{"detail": sentence, "code": the chat's code}; nothing is changed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.pagination import CursorPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import set_rollback

from contactcenter.api import conversation_serializers as cs
from contactcenter.api import serializers as s
from contactcenter.api.errors import handle_exception
from contactcenter.api.views import ACTION_ERRORS, BAD_CURSOR, ERRORS, AgentAPIView
from contactcenter.audit import services as audit
from contactcenter.chat import selectors as chat_selectors
from contactcenter.chat import services as chat_services
from contactcenter.chat.exceptions import ChatRefusal, InvalidMessage, RateLimited
from contactcenter.chat.models import Conversation

# The refusals that are the request's fault (400); the others concern the conversation's
# state or the agent's place (409).
INPUT_REFUSALS = (InvalidMessage, RateLimited)

REFUSED = OpenApiResponse(cs.ChatRefusalSerializer, description=(
    "The chat refused: the conversation is closed or no longer waiting, the agent is "
    "not in the chat queue or at capacity; `code` says which."))
CHAT_ERRORS = {
    400: OpenApiResponse(OpenApiTypes.OBJECT, description=(
        "Invalid input, by field; or the chat refused the text (`code`: empty, too_long, "
        "rate_limited).")),
    403: ERRORS[403],
    404: ERRORS[404],
    409: REFUSED,
}


def handle_chat_exception(exc: Exception, context: dict[str, Any]) -> Response | None:
    """The API's mapping (contactcenter/api/errors.py), and the chat's refusals."""
    if isinstance(exc, ChatRefusal):
        set_rollback()
        answer = (status.HTTP_400_BAD_REQUEST if isinstance(exc, INPUT_REFUSALS)
                  else status.HTTP_409_CONFLICT)
        return Response({"detail": exc.detail, "code": exc.code}, status=answer)
    if isinstance(exc, Conversation.DoesNotExist):
        exc = Http404()
    return handle_exception(exc, context)


class ConversationPagination(CursorPagination):
    ordering = ("-created_at", "-id")
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


CONVERSATION_ID = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH,
                                   description=_("The conversation's number."))


def _action_schema(summary: str, description: str, *, request: Any = None,
                   answer: Any = cs.ConversationDetailSerializer,
                   answer_status: int = 200) -> Callable[..., Any]:
    return extend_schema(summary=summary, description=description, request=request,
                         parameters=[CONVERSATION_ID],
                         responses={answer_status: answer, **CHAT_ERRORS})


@extend_schema_view(
    list=extend_schema(
        summary="Conversations the agent may see, newest first",
        description=("Agents see the waiting conversations of their queues and their own; "
                     "supervisors and administrators see every conversation."),
        parameters=[cs.ConversationQuerySerializer],
        responses={200: cs.ConversationSerializer(many=True), 400: ERRORS[400],
                   404: BAD_CURSOR}),
    retrieve=extend_schema(
        summary="A conversation with its messages",
        description=("With its place in the waiting line while it waits. Reading it is "
                     "recorded in the access log."),
        parameters=[CONVERSATION_ID],
        responses={200: cs.ConversationDetailSerializer, 400: ERRORS[400],
                   404: ERRORS[404]}),
)
@extend_schema(tags=["conversations"])
class ConversationViewSet(AgentAPIView, mixins.ListModelMixin, viewsets.GenericViewSet):
    """The web chat's conversations in the agent's view (others answer 404), changed only
    through the chat's services: accept a waiting one, write to the visitor, close it, open
    a complaint from it. Actions answer the conversation as it is afterwards."""

    serializer_class = cs.ConversationSerializer
    pagination_class = ConversationPagination
    lookup_value_regex = r"[0-9]+"

    def get_exception_handler(self) -> Callable[..., Response | None]:
        return handle_chat_exception

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return Conversation.objects.none()
        query = cs.ConversationQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return chat_selectors.conversations_for_agent(
            self.agent, state=query.validated_data.get("state")).select_related("queue")

    def retrieve(self, request: Request, pk: str) -> Response:
        conversation = self._conversation(pk)
        audit.record_access(request=request, channel=audit.Channel.API,
                            kind=audit.Kind.CONVERSATION, object_id=conversation.pk,
                            customer_id=conversation.customer_id, agent=self.agent)
        return self._answer(conversation)

    @_action_schema(
        "Accept a waiting conversation (an agent of the chat queue with room)",
        "The first agent to accept has it; the others then get 409 `not_waiting`. 409 "
        "`not_member` for an agent outside the chat queue, `full` for one holding as many "
        "conversations as their capacity. The visitor is told the agent's first name.")
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str) -> Response:
        conversation = chat_services.accept_conversation(
            conversation=self._conversation(pk), agent=self.agent)
        return self._answer(conversation)

    @_action_schema(
        "Write to the visitor",
        "Shown at once on the visitor's page and on the consoles showing the conversation; "
        "stored as plain text, cleaned. 400 `empty`; 409 `not_active` before the "
        "conversation is accepted, `closed` once it has ended, `not_yours` for another "
        "agent's.", request=cs.ChatMessageInputSerializer, answer=cs.ChatMessageSerializer,
        answer_status=201)
    @action(detail=True, methods=["post"])
    def messages(self, request: Request, pk: str) -> Response:
        conversation = self._conversation(pk)
        form = cs.ChatMessageInputSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        message = chat_services.post_agent_message(
            conversation=conversation, agent=self.agent, text=form.validated_data["text"])
        return Response(cs.ChatMessageSerializer(message).data,
                        status=status.HTTP_201_CREATED)

    @_action_schema(
        "Close the conversation",
        "The visitor is asked the satisfaction question; the transcript goes on the "
        "timeline of an identified customer, with its duration and agent. 409 `closed` "
        "when it has already ended.")
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str) -> Response:
        conversation = chat_services.close_conversation(
            conversation=self._conversation(pk), by=self.agent)
        return self._answer(conversation)

    @extend_schema(
        summary="Open a complaint from the conversation",
        description=("The description defaults to the transcript; the complaint's customer "
                     "is the identified visitor, or a provisional record. Answers the "
                     "complaint's reference (see /api/v1/complaints/{reference}/)."),
        request=cs.ConversationComplaintSerializer, parameters=[CONVERSATION_ID],
        responses={201: cs.ConversationComplaintAnswerSerializer, **CHAT_ERRORS,
                   422: ACTION_ERRORS[422]})
    @action(detail=True, methods=["post"])
    def complaint(self, request: Request, pk: str) -> Response:
        conversation = self._conversation(pk)
        form = cs.ConversationComplaintSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        category = form.validated_data["category"]
        if conversation.customer is not None:
            s.require_fitting_category(category, conversation.customer)
        ticket = chat_services.open_complaint_from_conversation(
            conversation=conversation, agent=self.agent, category=category,
            description=form.validated_data["description"])
        location = request.build_absolute_uri(
            reverse("api:complaint-detail", kwargs={"reference": ticket.reference}))
        return Response({"reference": ticket.reference, "conversation": conversation.pk},
                        status=status.HTTP_201_CREATED, headers={"Location": location})

    # --- Helpers -----------------------------------------------------------------------

    def _conversation(self, pk: str) -> Conversation:
        """The conversation if the agent may see it (404 otherwise, as for no such one)."""
        return chat_selectors.conversation_for_agent(agent=self.agent, pk=int(pk))

    def _answer(self, conversation: Conversation) -> Response:
        conversation.transcript = chat_selectors.messages_of(  # type: ignore[attr-defined]  # read by the serializer
            conversation)
        return Response(cs.ConversationDetailSerializer(
            conversation, context=self.get_serializer_context()).data)
