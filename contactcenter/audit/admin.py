"""The access log in the administration, read-only for everyone (superusers included) and
readable only by administrators and auditors; and the mixin that logs what the other admin
pages show of customers, complaints and conversations."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import admin
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from contactcenter.audit import selectors, services
from contactcenter.audit.models import AccessLogEntry, Action, Channel, Kind
from contactcenter.org.models import Agent
from contactcenter.read_only_admin import ReadOnlyAdmin

MAX_BIGINT_DIGITS = 18
# Lists of the log count at most this many rows: counting all of it would read all of it.
COUNT_CAP = 10_000


class CappedPaginator(Paginator):
    @cached_property
    def count(self) -> int:
        return self.object_list[:COUNT_CAP].count()  # type: ignore[attr-defined]  # a QuerySet


@dataclass(frozen=True)
class Subject:
    """What an admin page shows, as the log names it (no personal data)."""

    object_id: object
    customer_id: int | None
    label: str = ""
    detail: str = ""


class AccessLoggedAdmin(admin.ModelAdmin):
    """Logs each change page shown (`access_log_subject` names it) and each list page, with
    the number of rows it found and never the words searched."""

    access_log_kind: Kind = Kind.CUSTOMER

    def access_log_subject(self, obj: Any) -> Subject:
        raise NotImplementedError

    def change_view(self, request: HttpRequest, object_id: str, form_url: str = "",
                    extra_context: dict[str, Any] | None = None) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)
        shown = getattr(response, "context_data", None) or {}
        if response.status_code == 200 and shown.get("original") is not None:
            subject = self.access_log_subject(shown["original"])
            services.record_access(
                request=request, channel=Channel.ADMIN, kind=self.access_log_kind,
                object_id=subject.object_id, customer_id=subject.customer_id,
                label=subject.label, detail=subject.detail)
        return response

    def changelist_view(self, request: HttpRequest,
                        extra_context: dict[str, Any] | None = None) -> HttpResponse:
        response = super().changelist_view(request, extra_context)
        changelist = (getattr(response, "context_data", None) or {}).get("cl")
        if response.status_code == 200 and changelist is not None:
            searched = bool(changelist.query)
            services.record_access(
                request=request, channel=Channel.ADMIN, kind=self.access_log_kind,
                action=Action.SEARCH if searched else Action.LIST,
                detail=f"{self.model._meta.model_name}: {changelist.result_count} found, "
                       f"page {changelist.page_num}")
        return response


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(ReadOnlyAdmin):
    list_display = ("at", "user_link", "role_label", "channel", "action", "kind", "shown",
                    "customer_link", "address", "detail")
    # Dates by filter links rather than date_hierarchy, whose year and month lists read
    # every row; any range also works as ?at__gte=2026-01-01&at__lt=2026-07-01.
    list_filter = ("at", "kind", "action", "channel", "role")
    search_fields = ("username",)  # the search itself is get_search_results
    search_help_text = _("A user name, a complaint reference or a customer record number.")
    show_full_result_count = False
    paginator = CappedPaginator
    list_per_page = 100
    actions = ["export_csv"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return selectors.may_read_access_log(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return selectors.may_read_access_log(request)

    def get_search_results(self, request: HttpRequest, queryset: QuerySet[AccessLogEntry],
                           search_term: str) -> tuple[QuerySet[AccessLogEntry], bool]:
        """Exact matches through the indexes: user name, reference, customer record."""
        term = search_term.strip()
        if not term:
            return queryset, False
        condition = Q(username=term) | Q(label=term)
        if term.isdigit() and len(term) <= MAX_BIGINT_DIGITS:
            condition |= Q(customer_id=int(term))
        return queryset.filter(condition), False

    @admin.display(description=_("user"), ordering="username")
    def user_link(self, entry: AccessLogEntry) -> str:
        return format_html('<a href="?{}">{}</a>', urlencode({"q": entry.username}),
                           entry.username)

    @admin.display(description=_("role"), ordering="role")
    def role_label(self, entry: AccessLogEntry) -> str:
        """The role in words (the entry keeps its code, which outlives a renamed label)."""
        if entry.role in Agent.Role.values:
            return str(Agent.Role(entry.role).label)
        return entry.role or "—"

    @admin.display(description=_("object"))
    def shown(self, entry: AccessLogEntry) -> str:
        return entry.label or entry.object_id

    @admin.display(description=_("customer record"), ordering="customer_id")
    def customer_link(self, entry: AccessLogEntry) -> str:
        if entry.customer_id is None:
            return "—"
        return format_html('<a href="?{}">{}</a>', urlencode({"q": entry.customer_id}),
                           entry.customer_id)

    @admin.action(description=_("Export the selected entries (CSV)"), permissions=["view"])
    def export_csv(self, request: HttpRequest,
                   queryset: QuerySet[AccessLogEntry]) -> HttpResponse:
        customers = list(queryset.order_by().values_list("customer_id", flat=True)
                         .distinct()[:2])
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="access-log.csv"'
        services.export_access_log(
            entries=queryset.order_by("at", "id").iterator(), out=response,
            customer_id=customers[0] if len(customers) == 1 else None, request=request,
            detail="selected in the administration")
        return response
