"""The knowledge base: articles in French and Arabic, their versions, how they are used, and
the reply and decision templates agents start their answers from.

An article's own row holds the text in force (its last published version, or its first
draft until it is published): the desk, the public help pages and the API read and search
that. Every change is an ArticleVersion (who, when, which text), and a version's
`published_at` says from when its text was in force, so the text in force on a past date
is found again (knowledge.selectors.text_in_force). Only knowledge.services writes here.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contactcenter.i18n import localized


class Topic(models.TextChoices):
    """The fund's benefits and processes, as the public help pages group them."""

    FAMILY = "family", _("Family allowances")
    SHORT_TERM = "short_term", _("Sickness, maternity and death benefits")
    PENSIONS = "pensions", _("Pensions")
    HEALTH_INSURANCE = "health", _("Health insurance (AMO)")
    REGISTRATION = "registration", _("Registration and affiliation")
    DECLARATIONS = "declarations", _("Salary declarations")
    CONTRIBUTIONS = "contributions", _("Contributions and collection")
    RECORDS = "records", _("Personal details and certificates")
    COMPLAINTS = "complaints", _("Complaints and appeals")
    SERVICES = "services", _("Agencies and services")


class Language(models.TextChoices):
    FRENCH = "fr", "Français"
    ARABIC = "ar", "العربية"


class ArticleText(models.Model):
    """The six texts of an article, on the article (in force) and on each version."""

    SUMMARY_MAX_LENGTH = 300
    TITLE_MAX_LENGTH = 200

    title_fr = models.CharField(_("title (French)"), max_length=TITLE_MAX_LENGTH)
    summary_fr = models.CharField(_("summary (French)"), max_length=SUMMARY_MAX_LENGTH)
    body_fr = models.TextField(_("body (French, Markdown)"))
    title_ar = models.CharField(_("title (Arabic)"), max_length=TITLE_MAX_LENGTH)
    summary_ar = models.CharField(_("summary (Arabic)"), max_length=SUMMARY_MAX_LENGTH)
    body_ar = models.TextField(_("body (Arabic, Markdown)"))

    TEXT_FIELDS = ("title_fr", "summary_fr", "body_fr", "title_ar", "summary_ar", "body_ar")

    class Meta:
        abstract = True

    @property
    def title(self) -> str:
        return localized(fr=self.title_fr, ar=self.title_ar)

    @property
    def summary(self) -> str:
        return localized(fr=self.summary_fr, ar=self.summary_ar)

    def texts(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in self.TEXT_FIELDS}

    def text_in(self, language: str, part: str) -> str:
        """One part ("title", "summary", "body") in one language ("fr", "ar")."""
        return str(getattr(self, f"{part}_{'ar' if language == 'ar' else 'fr'}"))


class Article(ArticleText):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    class Audience(models.TextChoices):
        PUBLIC = "public", _("Public")
        INTERNAL = "internal", _("Internal (staff only)")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    audience = models.CharField(_("audience"), max_length=10, choices=Audience.choices,
                                default=Audience.PUBLIC)
    state = models.CharField(_("state"), max_length=10, choices=State.choices,
                             default=State.DRAFT, editable=False)
    # The complaint categories the article answers: it is suggested first on their
    # complaints (the text decides the rest).
    categories = models.ManyToManyField("tickets.Category", blank=True,
                                        related_name="articles",
                                        verbose_name=_("complaint categories"))
    # The rule's validity: outside these dates the article is neither suggested nor found.
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    # Where its facts come from and their date, so that editors know what to check again.
    source = models.CharField(_("source of the facts"), max_length=300)
    facts_date = models.DateField(_("date of the facts"))
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now, editable=False)
    published_at = models.DateTimeField(_("first published"), null=True, blank=True,
                                        editable=False)
    # Usage, counted as it happens (knowledge.services), for editors and the API.
    view_count = models.PositiveIntegerField(_("views"), default=0, editable=False)
    use_count = models.PositiveIntegerField(_("uses in replies"), default=0, editable=False)
    helpful_count = models.PositiveIntegerField(_("found helpful"), default=0,
                                                editable=False)
    unhelpful_count = models.PositiveIntegerField(_("found unhelpful"), default=0,
                                                  editable=False)
    # What knowledge.search reads, written from the text in force by knowledge.search_index
    # (called by knowledge.services): the words of each language's text, folded and
    # stemmed, weighted title > summary > body.
    search_fr = SearchVectorField(null=True, editable=False)
    search_ar = SearchVectorField(null=True, editable=False)

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["topic", "slug"]
        permissions = [("publish_article", _("Can publish and archive articles"))]
        indexes = [
            GinIndex(fields=["search_fr"], name="article_search_fr"),
            GinIndex(fields=["search_ar"], name="article_search_ar"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        """Its public help page (/aide/<slug>/); internal articles have none to show."""
        return reverse("help:article", kwargs={"slug": self.slug})


class SearchWord(models.Model):
    """A word of the articles' texts, folded as searched (knowledge.search_index): what a
    misspelt word searched is corrected to (trigram similarity)."""

    word = models.CharField(_("word"), max_length=60, primary_key=True)

    class Meta:
        verbose_name = _("searched word")
        verbose_name_plural = _("searched words")
        indexes = [GinIndex(OpClass("word", name="gin_trgm_ops"), name="search_word_trgm")]

    def __str__(self) -> str:
        return self.word


class ArticleVersion(ArticleText):
    """One saved text of an article, with who wrote it; `published_at` is when it came in
    force (None: never published)."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        PUBLISHED = "published", _("Published")
        REPLACED = "replaced", _("Replaced by a later version")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="versions",
                                verbose_name=_("article"))
    number = models.PositiveIntegerField(_("version"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices,
                             default=State.DRAFT)
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("written by"))
    changed_at = models.DateTimeField(_("written"), default=timezone.now)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+",
                                     verbose_name=_("published by"))
    published_at = models.DateTimeField(_("in force from"), null=True, blank=True)

    class Meta:
        verbose_name = _("article version")
        verbose_name_plural = _("article versions")
        ordering = ["article", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["article", "number"],
                                    name="article_version_number"),
        ]

    def __str__(self) -> str:
        return f"{self.article.slug} v{self.number}"


class ArticleUse(models.Model):
    """An article inserted into a reply to a customer (or a chat message) by an agent."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="uses",
                                verbose_name=_("article"))
    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.SET_NULL, null=True,
                               blank=True, related_name="+", verbose_name=_("complaint"))
    agent = models.ForeignKey("org.Agent", on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name=_("agent"))
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    used_at = models.DateTimeField(_("used"), default=timezone.now)

    class Meta:
        verbose_name = _("use of an article")
        verbose_name_plural = _("uses of articles")

    def __str__(self) -> str:
        return f"{self.article_id} @ {self.used_at:%Y-%m-%d %H:%M}"


class ArticleVote(models.Model):
    """A reader's answer to "was this helpful?" on the public help pages."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="votes",
                                verbose_name=_("article"))
    helpful = models.BooleanField(_("helpful"))
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    voted_at = models.DateTimeField(_("voted"), default=timezone.now)

    class Meta:
        verbose_name = _("vote on an article")
        verbose_name_plural = _("votes on articles")

    def __str__(self) -> str:
        return f"{self.article_id}: {'+' if self.helpful else '-'}"


class SearchWithoutResult(models.Model):
    """A search that found nothing, counted once per folded query and language: what
    editors should write next."""

    class Place(models.TextChoices):
        DESK = "desk", _("Agents' desk")
        PUBLIC = "public", _("Public help pages")
        API = "api", _("API")

    query = models.CharField(_("words searched"), max_length=200)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    place = models.CharField(_("where"), max_length=10, choices=Place.choices)
    count = models.PositiveIntegerField(_("times"), default=1)
    first_at = models.DateTimeField(_("first searched"), default=timezone.now)
    last_at = models.DateTimeField(_("last searched"), default=timezone.now)

    class Meta:
        verbose_name = _("search without result")
        verbose_name_plural = _("searches without result")
        ordering = ["-count", "-last_at"]
        constraints = [
            models.UniqueConstraint(fields=["query", "language", "place"],
                                    name="search_without_result_once"),
        ]

    def __str__(self) -> str:
        return self.query


class ReplyTemplate(models.Model):
    """A text agents start a reply or a decision from, with placeholders filled when it is
    inserted (knowledge.templating). `outcome` empty: a reply; otherwise the explanation of
    that resolution outcome. `category` empty: any category."""

    name = models.CharField(_("name"), max_length=120)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    outcome = models.CharField(_("resolution outcome"), max_length=20, blank=True,
                               choices=[("", _("(a reply, not a decision)")),
                                        ("accepted", _("Accepted")),
                                        ("partly_accepted", _("Partly accepted")),
                                        ("rejected", _("Rejected")),
                                        ("no_action", _("No action needed"))])
    category = models.ForeignKey("tickets.Category", on_delete=models.CASCADE, null=True,
                                 blank=True, related_name="+",
                                 verbose_name=_("complaint category"))
    body = models.TextField(_("text"))
    is_active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("reply template")
        verbose_name_plural = _("reply templates")
        ordering = ["outcome", "name"]

    def __str__(self) -> str:
        return self.name
