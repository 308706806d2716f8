from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.template import TemplateSyntaxError
from django.utils.translation import gettext_lazy as _

from contactcenter.audit.admin import AccessLoggedAdmin, Subject
from contactcenter.audit.models import Kind
from contactcenter.read_only_admin import ReadOnlyAdmin
from contactcenter.sms_segments import SegmentCount, count_segments
from tickets import notification_texts
from tickets.models import Category, SmsTemplate, SurveyAnswer, Ticket


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("code", "label_fr", "label_ar", "audience", "default_queue", "is_active")
    list_filter = ("audience", "is_active")
    list_select_related = ("default_queue",)
    search_fields = ("code", "label_fr", "label_ar")


@admin.register(Ticket)
class TicketAdmin(AccessLoggedAdmin):
    """Complaints are opened, routed, assigned and moved through their states by the services
    only, each change an event in their history: here they are read, never added, changed
    or deleted."""

    access_log_kind = Kind.COMPLAINT

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

    def has_change_permission(self, request: HttpRequest, obj: Ticket | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Ticket | None = None) -> bool:
        return False

    def access_log_subject(self, obj: Ticket) -> Subject:
        return Subject(object_id=obj.pk, customer_id=obj.customer_id, label=obj.reference)


@admin.register(SurveyAnswer)
class SurveyAnswerAdmin(AccessLoggedAdmin, ReadOnlyAdmin):
    """Satisfaction answers are written by the channel that asked the question: here they
    are read (logged, as they name a customer and may carry the customer's words)."""

    access_log_kind = Kind.CUSTOMER

    list_display = ("answered_at", "channel", "score", "ticket", "customer")
    list_filter = ("channel", "score")
    list_select_related = ("ticket", "customer")
    raw_id_fields = ("ticket", "customer")
    date_hierarchy = "answered_at"
    show_full_result_count = False

    def access_log_subject(self, obj: SurveyAnswer) -> Subject:
        return Subject(object_id=obj.pk, customer_id=obj.customer_id,
                       label=obj.ticket.reference if obj.ticket else "")


class SmsTemplateForm(forms.ModelForm):
    """Refuses a text that is not a template, or that a typical complaint would take over
    the maximum number of segments."""

    class Meta:
        model = SmsTemplate
        fields = ["event", "language", "body", "max_segments"]
        widgets = {"body": forms.Textarea(attrs={"rows": 4, "dir": "auto"})}

    def clean(self) -> dict[str, Any]:
        cleaned = cast(dict[str, Any], super().clean())  # ModelForm.clean: cleaned_data
        body, language = cleaned.get("body"), cleaned.get("language")
        max_segments = cleaned.get("max_segments")
        if body is None or not language or not max_segments:
            return cleaned
        try:
            count = sample_segments(body, language)
        except TemplateSyntaxError as exc:
            self.add_error("body", _("This text is not a valid template: %(error)s")
                           % {"error": exc})
            return cleaned
        except Exception as exc:  # noqa: BLE001 - whatever fails is shown to the author
            self.add_error("body", _("This text cannot be filled in: %(error)s")
                           % {"error": exc})
            return cleaned
        if count.segments > max_segments:
            self.add_error("body", _(
                "With a typical complaint this text takes %(segments)s SMS segments "
                "(%(encoding)s, %(units)s characters), more than the maximum of %(max)s. "
                "Shorten it or raise the maximum.") % {
                    "segments": count.segments, "encoding": count.encoding,
                    "units": count.units, "max": max_segments})
        return cleaned


def sample_segments(body: str, language: str) -> SegmentCount:
    """The segments the text takes with a typical complaint. Raises TemplateSyntaxError, or
    what rendering raises."""
    return count_segments(notification_texts.sample_text(body, language))


@admin.register(SmsTemplate)
class SmsTemplateAdmin(admin.ModelAdmin):
    """The customer notifications' texts. An event without a row here sends the built-in
    text; a rendered message longer than its maximum is cut to fit."""

    form = SmsTemplateForm
    list_display = ("event", "language", "body", "segments", "max_segments", "updated_at")
    list_filter = ("event", "language")
    readonly_fields = ("preview", "updated_at")

    @admin.display(description=_("segments (typical complaint)"))
    def segments(self, template: SmsTemplate) -> str:
        try:
            count = sample_segments(template.body, template.language)
        except Exception:  # noqa: BLE001 - a broken text is shown as such, not a crash
            return "—"
        return _("%(segments)s (%(encoding)s, %(units)s characters)") % {
            "segments": count.segments, "encoding": count.encoding, "units": count.units}

    @admin.display(description=_("preview (typical complaint)"))
    def preview(self, template: SmsTemplate) -> str:
        if not template.pk:
            return "—"
        try:
            return notification_texts.sample_text(template.body, template.language)
        except Exception:  # noqa: BLE001 - a broken text is shown as such, not a crash
            return "—"
