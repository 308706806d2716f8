from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from contactcenter.audit.admin import AccessLoggedAdmin, Subject
from contactcenter.audit.models import Kind
from contactcenter.customers.identifiers import normalize_identifier, parse_phone
from contactcenter.customers.models import (
    ContactPoint,
    Customer,
    CustomerEvent,
    CustomerMerge,
    DependantLink,
    Employment,
    Interaction,
)
from contactcenter.customers.text import fold
from contactcenter.read_only_admin import ReadOnlyAdmin

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class RoleFilter(admin.SimpleListFilter):
    title = _("role")
    parameter_name = "role"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, StrOrPromise]]:
        return list(Customer.Role.choices)

    def queryset(self, request: HttpRequest, queryset: QuerySet[Customer]) -> QuerySet[Customer]:
        if self.value():
            return queryset.filter(roles__contains=[self.value()])
        return queryset


class ContactPointInline(admin.TabularInline):
    model = ContactPoint
    extra = 0
    fields = ("kind", "value", "is_primary")


@admin.register(Customer)
class CustomerAdmin(AccessLoggedAdmin):
    list_display = ("__str__", "kind", "immatriculation", "affiliation_number", "cin", "agency",
                    "to_identify", "merged_into")
    list_filter = ("kind", RoleFilter, "to_identify", "preferred_language",
                   ("merged_into", admin.EmptyFieldListFilter), "agency__region")
    list_select_related = ("agency", "merged_into")
    search_fields = ("name_search", "=immatriculation", "=affiliation_number", "=cin")
    search_help_text = _("Name (accents ignored), immatriculation, affiliation number, CIN or "
                         "phone.")
    autocomplete_fields = ("agency",)
    readonly_fields = ("merged_into", "created_at", "updated_at")
    inlines = (ContactPointInline,)
    show_full_result_count = False

    def get_search_results(self, request: HttpRequest, queryset: QuerySet[Customer],
                           search_term: str) -> tuple[QuerySet[Customer], bool]:
        """Names are matched folded (as stored in name_search), identifiers normalised and
        phones in E.164, so the admin finds what the agents' search finds."""
        term = search_term.strip()
        if not term:
            return queryset, False
        identifier = normalize_identifier(term)
        condition = (Q(immatriculation=identifier) | Q(affiliation_number=identifier)
                     | Q(cin=identifier))
        folded = fold(term)
        if folded:
            condition |= Q(name_search__contains=folded)
        e164 = parse_phone(term)
        if e164:
            condition |= Q(Exists(ContactPoint.objects.filter(customer=OuterRef("pk"),
                                                              value=e164)))
        return queryset.filter(condition), False

    def access_log_subject(self, obj: Customer) -> Subject:
        return Subject(object_id=obj.pk, customer_id=obj.pk)


@admin.register(ContactPoint)
class ContactPointAdmin(AccessLoggedAdmin):
    list_display = ("value", "kind", "is_primary", "customer")
    list_filter = ("kind", "is_primary")
    list_select_related = ("customer",)
    search_fields = ("=value",)
    raw_id_fields = ("customer",)

    def access_log_subject(self, obj: ContactPoint) -> Subject:
        return Subject(object_id=obj.pk, customer_id=obj.customer_id, detail="contact point")


@admin.register(Employment)
class EmploymentAdmin(AccessLoggedAdmin):
    list_display = ("person", "employer", "start_date", "end_date")
    list_select_related = ("person", "employer")
    raw_id_fields = ("person", "employer")
    search_fields = ("=person__immatriculation", "=employer__affiliation_number")

    def access_log_subject(self, obj: Employment) -> Subject:
        return Subject(object_id=obj.pk, customer_id=obj.person_id,
                       detail=f"employment at record {obj.employer_id}")


@admin.register(DependantLink)
class DependantLinkAdmin(AccessLoggedAdmin):
    list_display = ("dependant", "relationship", "insured")
    list_filter = ("relationship",)
    list_select_related = ("dependant", "insured")
    raw_id_fields = ("insured", "dependant")
    search_fields = ("=insured__immatriculation", "=dependant__immatriculation")

    def access_log_subject(self, obj: DependantLink) -> Subject:
        return Subject(object_id=obj.pk, customer_id=obj.dependant_id,
                       detail=f"dependant of record {obj.insured_id}")


@admin.register(CustomerMerge)
class CustomerMergeAdmin(ReadOnlyAdmin):
    """The audit log of merges: readable, never written here."""

    list_display = ("__str__", "survivor", "merged", "merged_by", "merged_at")
    list_select_related = ("survivor", "merged", "merged_by")
    date_hierarchy = "merged_at"
    search_fields = ("=survivor__id", "=merged__id", "merged_by__username")


@admin.register(CustomerEvent)
class CustomerEventAdmin(AccessLoggedAdmin, ReadOnlyAdmin):
    """The changes agents made to records (created, contact details added, corrected,
    retired): written by the customers services only, read here with the access logged
    (old and new values are personal data)."""

    list_display = ("at", "kind", "contact_kind", "customer", "agent")
    list_filter = ("kind", "contact_kind")
    list_select_related = ("customer", "agent__user")
    date_hierarchy = "at"
    search_fields = ("=customer__id",)
    show_full_result_count = False

    def access_log_subject(self, obj: CustomerEvent) -> Subject:
        return Subject(object_id=obj.pk, customer_id=obj.customer_id,
                       detail=f"record change {obj.kind}")


@admin.register(Interaction)
class InteractionAdmin(AccessLoggedAdmin):
    access_log_kind = Kind.CONVERSATION

    list_display = ("occurred_at", "channel", "direction", "customer", "agent", "ticket")
    list_filter = ("channel", "direction")
    list_select_related = ("customer", "agent__user", "ticket")
    raw_id_fields = ("customer", "agent", "ticket")
    readonly_fields = ("recording_url",)  # the carrier's, as it reported it
    search_fields = ("=carrier_id", "=ticket__reference")
    show_full_result_count = False

    def access_log_subject(self, obj: Interaction) -> Subject:
        return Subject(object_id=obj.pk, customer_id=obj.customer_id,
                       detail=f"{obj.channel} {obj.direction}")
