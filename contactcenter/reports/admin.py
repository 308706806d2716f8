from django.contrib import admin

from contactcenter.read_only_admin import ReadOnlyAdmin
from contactcenter.reports.models import ExportLog


@admin.register(ExportLog)
class ExportLogAdmin(ReadOnlyAdmin):
    list_display = ("at", "agent", "format", "rows", "completed", "query")
    list_filter = ("format", "completed")
    list_select_related = ("agent__user",)
    date_hierarchy = "at"
