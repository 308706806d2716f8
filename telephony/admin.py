from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from telephony.models import InboundMessage


@admin.register(InboundMessage)
class InboundMessageAdmin(admin.ModelAdmin):
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

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
