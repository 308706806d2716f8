from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from contactcenter.chat.models import CannedReply, ChatAgentStatus, ChatMessage, Conversation
from contactcenter.read_only_admin import ReadOnlyAdmin


class ChatMessageInline(admin.TabularInline):
    model = ChatMessage
    fields = ("sent_at", "sender", "agent", "text")
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ("sent_at", "pk")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Conversation)
class ConversationAdmin(ReadOnlyAdmin):
    """Conversations are written by the chat only: read here, to look into a complaint
    about one. The visitor's token is never shown."""

    list_display = ("pk", "created_at", "state", "language", "agent", "customer",
                    "identified_by", "ticket", "satisfaction")
    list_filter = ("state", "language", "identified_by")
    date_hierarchy = "created_at"
    ordering = ("-created_at",)
    raw_id_fields = ("agent", "customer", "ticket", "interaction")
    exclude = ("token",)
    inlines = [ChatMessageInline]
    show_full_result_count = False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [field.name for field in Conversation._meta.fields if field.name != "token"]


@admin.register(ChatAgentStatus)
class ChatAgentStatusAdmin(ReadOnlyAdmin):
    """Set by the agents themselves from the chat console."""

    list_display = ("agent", "available", "capacity", "changed_at")
    list_filter = ("available",)


@admin.register(CannedReply)
class CannedReplyAdmin(admin.ModelAdmin):
    list_display = ("position", "title_fr", "title_ar")
    list_display_links = ("title_fr",)
    ordering = ("position", "pk")
