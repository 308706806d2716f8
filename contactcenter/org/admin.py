from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from contactcenter.org.models import Agency, Agent, Direction, Queue, Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("code", "name_fr", "name_ar")
    search_fields = ("code", "name_fr", "name_ar")


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("code", "name_fr", "name_ar", "city", "region")
    list_filter = ("region",)
    list_select_related = ("region",)
    search_fields = ("code", "name_fr", "name_ar", "city")


@admin.register(Direction)
class DirectionAdmin(admin.ModelAdmin):
    list_display = ("code", "name_fr", "name_ar", "kind")
    list_filter = ("kind",)
    search_fields = ("code", "name_fr", "name_ar")


@admin.register(Queue)
class QueueAdmin(admin.ModelAdmin):
    list_display = ("code", "name_fr", "name_ar", "agency", "direction")
    list_filter = ("direction",)
    list_select_related = ("agency", "direction")
    search_fields = ("code", "name_fr", "name_ar")
    autocomplete_fields = ("agency",)


@admin.register(Agent)
class AgentAdmin(admin.ModelAdmin):
    list_display = ("__str__", "user", "role", "agency", "region", "direction", "is_available")
    list_filter = ("role", "is_available", "region", "direction")
    list_select_related = ("user", "agency", "region", "direction")
    search_fields = ("user__username", "user__first_name", "user__last_name", "agency__code",
                     "agency__name_fr")
    autocomplete_fields = ("user", "agency")
    filter_horizontal = ("queues",)


class AgentInline(admin.StackedInline):
    model = Agent
    can_delete = False
    autocomplete_fields = ("agency",)
    filter_horizontal = ("queues",)


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    """Accounts with their agent profile on the same page."""

    inlines = (AgentInline,)
