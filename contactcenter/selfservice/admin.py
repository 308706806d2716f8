from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from contactcenter.read_only_admin import ReadOnlyAdmin
from contactcenter.selfservice.models import AccessCode


@admin.register(AccessCode)
class AccessCodeAdmin(ReadOnlyAdmin):
    """Codes asked for on the status page: read only, to look into a complaint about
    them. The hash is never shown."""

    list_display = ("created_at", "phone", "client_ip", "expires_at", "tries", "used_at")
    search_fields = ("=phone", "=client_ip")
    date_hierarchy = "created_at"
    ordering = ("-created_at",)
    exclude = ("code_hash",)
    show_full_result_count = False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [field.name for field in AccessCode._meta.fields if field.name != "code_hash"]
