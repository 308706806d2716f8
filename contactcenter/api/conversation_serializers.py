"""What the API reads and writes of the web chat's conversations. The chat's own rules
(who may accept, message limits, states) stay in contactcenter.chat.services: these check
the shape of a request only."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from contactcenter.api.representation import BuiltOnce
from contactcenter.api.serializers import CategoryField, ErrorSerializer
from contactcenter.chat import selectors as chat_selectors
from contactcenter.chat.models import MAX_MESSAGE_CHARACTERS, ChatMessage, Conversation
from contactcenter.org.models import Queue
from tickets import selectors as ticket_selectors
from tickets.models import Ticket


class ChatRefusalSerializer(ErrorSerializer):
    """The chat refused the request; nothing was changed."""

    code = serializers.CharField(help_text=_(
        "Why, for programs: empty, too_long, rate_limited, closed, not_waiting, full, "
        "not_yours, not_member..."))


class ConversationQuerySerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=Conversation.State.choices, required=False,
                                    help_text=_("Only the conversations in this state."))


class ChatMessageSerializer(BuiltOnce, serializers.ModelSerializer):
    """One message of a conversation: from the visitor, an agent, or the system."""

    agent_name = serializers.CharField(source="agent.display_name", read_only=True,
                                       allow_null=True, default=None)

    class Meta:
        model = ChatMessage
        fields = ["id", "sender", "agent", "agent_name", "text", "sent_at"]
        read_only_fields = fields


class ConversationSerializer(BuiltOnce, serializers.ModelSerializer):
    """A visitor's conversation, without its messages (the visitor's token is never
    shown: it is the visitor's key to the conversation)."""

    queue: serializers.SlugRelatedField[Queue] = serializers.SlugRelatedField(
        slug_field="code", read_only=True)
    agent_name = serializers.CharField(source="agent.display_name", read_only=True,
                                       allow_null=True, default=None)
    identified = serializers.SerializerMethodField(help_text=_(
        "Whether the visitor proved who they are (a code sent to the mobile on record)."))
    # Empty while the visitor is not identified: a read-only model field loses allow_blank.
    identified_by = serializers.ChoiceField(
        choices=Conversation.IdentifiedBy.choices, allow_blank=True, read_only=True)
    complaint: serializers.SlugRelatedField[Ticket] = serializers.SlugRelatedField(
        source="ticket", slug_field="reference", read_only=True, allow_null=True,
        help_text=_("The complaint opened from the conversation."))

    class Meta:
        model = Conversation
        fields = ["id", "state", "language", "queue", "agent", "agent_name", "customer",
                  "identified", "identified_by", "visitor_phone", "created_at",
                  "accepted_at", "closed_at", "last_activity_at", "complaint", "satisfaction"]
        read_only_fields = fields

    def get_identified(self, conversation: Conversation) -> bool:
        return bool(conversation.customer_id and conversation.identified_by)


class ConversationDetailSerializer(ConversationSerializer):
    """A conversation with its messages in order and, while it waits, its place in line."""

    queue_position = serializers.SerializerMethodField(help_text=_(
        "1 for the next to be taken; null when not waiting."))
    # The view sets `transcript` (chat.selectors.messages_of): the messages with their agents.
    messages = ChatMessageSerializer(many=True, read_only=True, source="transcript")

    class Meta(ConversationSerializer.Meta):
        fields = [*ConversationSerializer.Meta.fields, "queue_position", "messages"]
        read_only_fields = fields

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_queue_position(self, conversation: Conversation) -> int | None:
        return chat_selectors.queue_position(conversation)


class ChatMessageInputSerializer(serializers.Serializer):
    # Blank passes here: the chat refuses it with its own code ("empty").
    text = serializers.CharField(allow_blank=True, trim_whitespace=False,
                                 max_length=MAX_MESSAGE_CHARACTERS,
                                 help_text=_("Plain text, sent to the visitor."))


class ConversationComplaintSerializer(serializers.Serializer):
    category = CategoryField(slug_field="code", queryset=ticket_selectors.all_categories(),
                             required=False, allow_null=True, default=None,
                             help_text=_("A category code (see /api/v1/categories/)."))
    description = serializers.CharField(
        required=False, allow_blank=True, trim_whitespace=False,
        max_length=Ticket.DESCRIPTION_MAX_LENGTH,
        help_text=_("The conversation's transcript when not given or blank."))

    def validate_description(self, value: str) -> str | None:
        return value if value.strip() else None

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs.setdefault("description", None)
        return attrs


class ConversationComplaintAnswerSerializer(serializers.Serializer):
    reference = serializers.CharField(help_text=_("The complaint's reference."))
    conversation = serializers.IntegerField()
