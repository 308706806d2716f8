from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from contactcenter.read_only_admin import ReadOnlyAdmin
from telephony.models import Call, CallbackRequest, InboundMessage


@admin.register(InboundMessage)
class InboundMessageAdmin(ReadOnlyAdmin):
    """What the carrier delivered, as received: read only (processing is the webhook's and
    the periodic job's)."""

    list_display = ("received_at", "from_number", "command", "status", "attempts", "ticket",
                    "customer")
    list_filter = ("status", "command", "language", "reply_by_sms")
    list_select_related = ("ticket", "customer")
    search_fields = ("=carrier_id", "=from_number")
    date_hierarchy = "received_at"
    ordering = ("-received_at",)
    show_full_result_count = False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [field.name for field in InboundMessage._meta.fields]


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    """Calls as the carrier reported them and what the caller did: read only."""

    list_display = ("started_at", "from_number", "status", "duration", "language",
                    "enqueued_at", "reference", "customer")
    list_filter = ("status", "language")
    list_select_related = ("customer",)
    search_fields = ("=carrier_id", "=from_number", "=reference")
    date_hierarchy = "started_at"
    ordering = ("-started_at",)
    show_full_result_count = False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [field.name for field in Call._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(CallbackRequest)
class CallbackRequestAdmin(admin.ModelAdmin):
    """Callback requests: handled on the desk; here to look one up."""

    list_display = ("created_at", "phone", "customer", "status", "done_by", "done_at")
    list_filter = ("status",)
    list_select_related = ("customer", "done_by__user")
    search_fields = ("=phone",)
    date_hierarchy = "created_at"
    ordering = ("-created_at",)
    raw_id_fields = ("customer", "call", "done_by")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["phone", "customer", "call", "created_at", "done_by", "done_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
