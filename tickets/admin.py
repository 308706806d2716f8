from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from tickets.models import Category, Ticket


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("code", "label_fr", "label_ar", "audience", "default_queue", "is_active")
    list_filter = ("audience", "is_active")
    list_select_related = ("default_queue",)
    search_fields = ("code", "label_fr", "label_ar")


@admin.register(Ticket)
class TicketAdmin(admin.ModelAdmin):
    """Complaints are opened and moved through their states by the services only: the state
    is read-only here and no complaint is added from the admin."""

    list_display = ("reference", "customer", "category", "channel", "state", "agency", "queue",
                    "created_at")
    list_filter = ("state", "channel", "category__audience", "agency__region")
    list_select_related = ("customer", "category", "agency", "queue")
    search_fields = ("=reference",)
    raw_id_fields = ("customer",)
    autocomplete_fields = ("category", "agency", "queue")
    readonly_fields = ("reference", "state", "created_at")
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
