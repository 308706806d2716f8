from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import BooleanField, ExpressionWrapper, F, Q
from django.http import HttpRequest
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from sla.models import (
    Calendar,
    EscalationLevel,
    HolidayOverride,
    SlaPolicy,
    SpecialPeriod,
    WorkingHours,
)

_CACHE_NOTE = _(
    "Deadlines are computed on this calendar from the next change of each complaint. This "
    "server process uses the change at once; the other processes (web servers, workers, the "
    "sweep) pick it up within 5 minutes. Deadlines already stored stay as they are until "
    "their complaint changes.")


def _with_cache_note(text: Any) -> Any:
    return format_lazy("{} {}", text, _CACHE_NOTE)


CALENDAR_HELP = _with_cache_note(_(
    "The working time of the call centre, a regional direction or an agency; an agency "
    "without its own uses its region's, then the national one (no owner)."))
HOLIDAY_HELP = _with_cache_note(_(
    "Islamic holidays are computed and may fall a day later after the moon sighting: add "
    "the observed day off and remove the computed one. Without a calendar, the correction "
    "applies everywhere."))
SPECIAL_PERIOD_HELP = _with_cache_note(_(
    "Days with their own opening hours, e.g. Ramadan as confirmed this year. Without a "
    "calendar, the period applies everywhere."))


class WorkingHoursInline(admin.TabularInline):
    model = WorkingHours
    extra = 0


class SpecialPeriodInline(admin.TabularInline):
    model = SpecialPeriod
    extra = 0
    fields = ("name", "start_date", "end_date", "start", "end")


class HolidayOverrideInline(admin.TabularInline):
    model = HolidayOverride
    extra = 0
    fields = ("date", "action", "name")


@admin.register(Calendar)
class CalendarAdmin(admin.ModelAdmin):
    list_display = ("name", "scope", "agency", "region", "is_call_centre", "time_zone",
                    "updated_at")
    list_filter = ("is_call_centre", "region")
    list_select_related = ("agency", "region")
    search_fields = ("name", "agency__code", "agency__name_fr", "region__code",
                     "region__name_fr")
    autocomplete_fields = ("agency", "region")
    inlines = (WorkingHoursInline, SpecialPeriodInline, HolidayOverrideInline)

    def get_ordering(self, request: HttpRequest) -> list[Any]:
        # The national calendar first, then the call centre's, then the others by name.
        owned = ExpressionWrapper(Q(agency__isnull=False) | Q(region__isnull=False),
                                  output_field=BooleanField())
        return [owned.asc(), F("is_call_centre").asc(), "name"]

    @admin.display(description=_("applies to"))
    def scope(self, calendar: Calendar) -> str:
        if calendar.is_call_centre:
            return str(_("the call centre's complaints"))
        if calendar.agency_id is None and calendar.region_id is None:
            return str(_("national: every agency without its own calendar or its region's"))
        return str(calendar.agency or calendar.region)
    fieldsets = (
        (None, {"fields": ("name", "agency", "region", "is_call_centre", "time_zone"),
                "description": CALENDAR_HELP}),
        (_("Ramadan"), {"fields": ("ramadan_start", "ramadan_end"),
                        "description": _("Opening hours during Ramadan, whose dates are "
                                         "computed (correct them with a special period).")}),
    )


@admin.register(HolidayOverride)
class HolidayOverrideAdmin(admin.ModelAdmin):
    list_display = ("date", "action", "name", "calendar")
    list_filter = ("action", "calendar")
    list_select_related = ("calendar",)
    search_fields = ("name",)
    date_hierarchy = "date"
    fieldsets = ((None, {"fields": ("date", "action", "name", "calendar"),
                         "description": HOLIDAY_HELP}),)


@admin.register(SpecialPeriod)
class SpecialPeriodAdmin(admin.ModelAdmin):
    list_display = ("name", "start_date", "end_date", "start", "end", "calendar")
    list_filter = ("calendar",)
    list_select_related = ("calendar",)
    search_fields = ("name",)
    fieldsets = ((None, {"fields": ("name", "start_date", "end_date", "start", "end",
                                    "calendar"),
                         "description": SPECIAL_PERIOD_HELP}),)


class EscalationLevelInline(admin.TabularInline):
    model = EscalationLevel
    extra = 0


@admin.register(SlaPolicy)
class SlaPolicyAdmin(admin.ModelAdmin):
    list_display = ("name", "category", "priority", "channel", "segment", "first_response",
                    "resolution", "is_active")
    list_filter = ("is_active", "segment", "channel", "priority")
    list_select_related = ("category",)
    search_fields = ("name",)
    autocomplete_fields = ("category",)
    inlines = (EscalationLevelInline,)
    fieldsets = (
        (None, {"fields": ("name", "is_active"),
                "description": _("The most specific active policy matching a complaint "
                                 "applies (category first, then priority, channel, "
                                 "segment); one with no criteria is the national default. "
                                 "Changes apply to complaints from their next change.")}),
        (_("Applies to"), {"fields": ("category", "priority", "channel", "segment")}),
        (_("Targets, in business time"), {"fields": ("first_response", "resolution",
                                                     "referral", "reopen_restarts_clock")}),
    )
