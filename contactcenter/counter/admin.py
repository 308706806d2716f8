"""The visitor line in the administration: read only (the services keep it and its figures)."""

from __future__ import annotations

from django.contrib import admin

from contactcenter.counter.models import HourlyLineStats, Visit
from contactcenter.read_only_admin import ReadOnlyAdmin


@admin.register(Visit)
class VisitAdmin(ReadOnlyAdmin):
    # The mobile (personal data) stays out of the administration.
    fields = ["agency", "day", "reason", "sequence", "state", "taken_at", "first_called_at",
              "last_called_at", "calls", "served_at", "absent_at", "agent", "desk"]
    list_display = ["__str__", "agency", "day", "reason", "state", "taken_at", "desk"]
    list_filter = ["state", "reason", "day"]
    list_select_related = ["agency"]
    date_hierarchy = "day"


@admin.register(HourlyLineStats)
class HourlyLineStatsAdmin(ReadOnlyAdmin):
    list_display = ["agency", "reason", "date", "hour", "visitors", "served", "absent",
                    "total_wait_seconds", "max_wait_seconds", "total_service_seconds"]
    list_filter = ["reason", "date"]
    list_select_related = ["agency"]
