"""The editors' administration of the knowledge base: articles and their review workflow,
reply and decision templates, and how the base is used (read only).

Every write goes through knowledge.services: creating an article is create_article, saving
changed texts is edit_article (a new draft version: the text in force stays until a
version is published), the rest of an article is update_article_details; "send for
review", "publish" and "archive" are actions on the list, publishing and archiving for
editors only (the knowledge.publish_article permission).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from contactcenter.read_only_admin import ReadOnlyAdmin
from knowledge import services, templating
from knowledge.models import (
    Article,
    ArticleText,
    ArticleUse,
    ArticleVersion,
    ArticleVote,
    ReplyTemplate,
    SearchWithoutResult,
)

_DETAILS = ("topic", "audience", "source", "facts_date", "valid_from", "valid_until")


class ArticleForm(forms.ModelForm):
    note = forms.CharField(label=_("What changed"), max_length=300, required=False,
                           help_text=_("Kept with the new version, for the reviewers."))

    class Meta:
        model = Article
        fields = ["slug", *ArticleText.TEXT_FIELDS, "note", "topic", "audience",
                  "categories", "source", "facts_date", "valid_from", "valid_until"]
        widgets = {name: forms.Textarea(attrs={"rows": 3, "dir": "auto"})
                   for name in ("summary_fr", "summary_ar")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["slug"].disabled = True  # public links point to it
        for name in ArticleText.TEXT_FIELDS:  # each text in its own direction
            self.fields[name].widget.attrs["dir"] = "rtl" if name.endswith("_ar") else "ltr"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("valid_from"), data.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", gettext("The end of validity comes before its "
                                                  "start."))
        return data


class VersionInline(admin.TabularInline):
    """Who wrote which version, and when it came in force (read only)."""

    model = ArticleVersion
    fields = ("number", "state", "note", "changed_by", "changed_at", "published_by",
              "published_at")
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ("-number",)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleForm
    list_display = ("slug", "title_fr", "topic", "audience", "state", "valid_from",
                    "valid_until", "view_count", "use_count", "helpful_count",
                    "unhelpful_count")
    list_filter = ("state", "topic", "audience", "categories")
    search_fields = ("slug", "title_fr", "title_ar", "summary_fr", "summary_ar")
    filter_horizontal = ("categories",)
    readonly_fields = ("state", "published_at", "updated_at", "view_count", "use_count",
                       "helpful_count", "unhelpful_count")
    inlines = [VersionInline]
    actions = ["send_for_review", "publish", "archive"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # an article whose rule ends is archived: its versions stay

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(services.PUBLISH_PERMISSION)

    def get_object(self, request: HttpRequest, object_id: str,
                   from_field: str | None = None) -> Article | None:
        """The article with its latest version's texts: an editor goes on from the last
        draft, not from the text in force (which stays until that draft is published)."""
        article = super().get_object(request, object_id, from_field)
        if article is not None:
            latest = article.versions.order_by("-number").first()
            if latest is not None:
                for name, text in latest.texts().items():
                    setattr(article, name, text)
        return article

    def save_model(self, request: HttpRequest, obj: Article, form: forms.ModelForm,
                   change: bool) -> None:
        data = form.cleaned_data
        texts = {name: data[name] for name in ArticleText.TEXT_FIELDS}
        categories = [category.pk for category in data["categories"]]
        try:
            if not change:
                article = services.create_article(
                    slug=data["slug"], texts=texts, category_ids=categories, by=request.user,
                    **{name: data[name] for name in _DETAILS})
                obj.pk, obj._state.adding = article.pk, False
                return
            if any(name in form.changed_data for name in ArticleText.TEXT_FIELDS):
                services.edit_article(obj, texts=texts, by=request.user,
                                      note=data.get("note", ""))
            services.update_article_details(obj, category_ids=categories, by=request.user,
                                            **{name: data[name] for name in _DETAILS})
        except ValidationError as exc:  # checked by the form first: a race, or a new rule
            raise PermissionDenied(" ".join(exc.messages)) from exc

    def save_related(self, request: HttpRequest, form: forms.ModelForm, formsets: Any,
                     change: bool) -> None:
        """The categories were set by the service (no form.save_m2m()); the versions'
        inline is read only: saving it changes nothing."""
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    # --- Actions ---------------------------------------------------------------------------

    def _each(self, request: HttpRequest, queryset: QuerySet[Article],
              do: Callable[[Article], Any], done: Callable[[int], str]) -> None:
        count = 0
        for article in queryset:
            try:
                do(article)
            except (ValidationError, PermissionDenied) as exc:
                messages.error(request, f"{article.slug}: {' '.join(_messages(exc))}")
            else:
                count += 1
        if count:
            self.message_user(request, done(count), messages.SUCCESS)

    @admin.action(description=_("Send the latest version for review"))
    def send_for_review(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        def send(article: Article) -> None:
            latest = article.versions.order_by("-number").first()
            if latest is None:
                raise ValidationError(gettext("Only a draft can be sent for review."))
            services.submit_for_review(latest, by=request.user)
        self._each(request, queryset, send, lambda count: ngettext(
            "%(count)d article sent for review.", "%(count)d articles sent for review.",
            count) % {"count": count})

    @admin.action(description=_("Publish the latest version"), permissions=["publish"])
    def publish(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        self._each(request, queryset,
                   lambda article: services.publish_now(article, by=request.user),
                   lambda count: ngettext("%(count)d article published.",
                                          "%(count)d articles published.",
                                          count) % {"count": count})

    @admin.action(description=_("Archive"), permissions=["publish"])
    def archive(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        self._each(request, queryset,
                   lambda article: services.archive_article(article, by=request.user),
                   lambda count: ngettext("%(count)d article archived.",
                                          "%(count)d articles archived.",
                                          count) % {"count": count})


def _messages(exc: Exception) -> list[str]:
    return exc.messages if isinstance(exc, ValidationError) else [str(exc)]


class ReplyTemplateForm(forms.ModelForm):
    class Meta:
        model = ReplyTemplate
        fields = ["name", "language", "outcome", "category", "body", "is_active"]
        widgets = {"body": forms.Textarea(attrs={"rows": 5, "dir": "auto"})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].help_text = gettext(
            "Placeholders, filled when an agent inserts the template: %(keys)s. {amount}, "
            "{rule} and {document} stay for the agent to replace before sending."
        ) % {"keys": ", ".join(f"{{{key}}}" for key in templating.KEYS)}

    def clean_body(self) -> str:
        body: str = self.cleaned_data["body"]
        templating.check_known(body)
        return body


@admin.register(ReplyTemplate)
class ReplyTemplateAdmin(admin.ModelAdmin):
    form = ReplyTemplateForm
    list_display = ("name", "language", "outcome", "category", "is_active", "updated_at")
    list_filter = ("language", "outcome", "is_active", "category")
    search_fields = ("name", "body")
    readonly_fields = ("updated_at",)

    def save_model(self, request: HttpRequest, obj: ReplyTemplate, form: forms.ModelForm,
                   change: bool) -> None:
        services.save_reply_template(obj)


@admin.register(ArticleUse)
class ArticleUseAdmin(ReadOnlyAdmin):
    list_display = ("article", "ticket", "agent", "language", "used_at")
    list_filter = ("language",)
    list_select_related = ("article", "ticket", "agent__user")
    search_fields = ("article__slug",)


@admin.register(ArticleVote)
class ArticleVoteAdmin(ReadOnlyAdmin):
    list_display = ("article", "helpful", "language", "voted_at")
    list_filter = ("helpful", "language")
    list_select_related = ("article",)
    search_fields = ("article__slug",)


@admin.register(SearchWithoutResult)
class SearchWithoutResultAdmin(ReadOnlyAdmin):
    """What readers looked for and the base does not answer: what to write next."""

    list_display = ("query", "language", "place", "count", "first_at", "last_at")
    list_filter = ("language", "place")
    search_fields = ("query",)
