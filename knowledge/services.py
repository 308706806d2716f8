"""Every change to the knowledge base: articles and their review workflow, usage, votes,
searches without result, reply templates. Each public function is one transaction.

The workflow: an article is created as a draft (version 1). Any later edit is a new
version; a version goes draft → in review → published, and publishing it (editors only:
the `knowledge.publish_article` permission) makes its text the article's text in force
and the previous published version "replaced". An article is archived (editors only) when
its rule no longer applies; it is then neither searched nor shown, and can be published
again from a new version.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.contrib.auth.models import User as DjangoUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from knowledge import search_index, templating
from knowledge.models import (
    Article,
    ArticleText,
    ArticleUse,
    ArticleVersion,
    ArticleVote,
    Language,
    ReplyTemplate,
    SearchWithoutResult,
)

PUBLISH_PERMISSION = "knowledge.publish_article"
User = AbstractBaseUser | AnonymousUser


def _check_texts(texts: Mapping[str, str]) -> dict[str, str]:
    missing = [name for name in ArticleText.TEXT_FIELDS if not (texts.get(name) or "").strip()]
    if missing:
        raise ValidationError(_("An article needs its title, summary and body in French and "
                                "in Arabic; missing: %(fields)s.") % {"fields": ", ".join(missing)})
    cleaned = {name: texts[name].strip() for name in ArticleText.TEXT_FIELDS}
    for name in ("summary_fr", "summary_ar"):
        if len(cleaned[name]) > ArticleText.SUMMARY_MAX_LENGTH:
            raise ValidationError(_("A summary holds at most %(limit)d characters.")
                                  % {"limit": ArticleText.SUMMARY_MAX_LENGTH})
    for name in ("title_fr", "title_ar"):
        if len(cleaned[name]) > ArticleText.TITLE_MAX_LENGTH:
            raise ValidationError(_("A title holds at most %(limit)d characters.")
                                  % {"limit": ArticleText.TITLE_MAX_LENGTH})
    return cleaned


def _require_editor(by: User | None) -> None:
    if by is not None and not by.has_perm(PUBLISH_PERMISSION):  # type: ignore[union-attr]
        raise PermissionDenied(_("Only editors publish or archive articles."))


def _copy_text(target: ArticleText, source: Mapping[str, str]) -> None:
    for name in ArticleText.TEXT_FIELDS:
        setattr(target, name, source[name])


@transaction.atomic
def create_article(*, slug: str, topic: str, audience: str, texts: Mapping[str, str],
                   source: str, facts_date: date, by: User | None = None,
                   category_ids: Iterable[int] = (), valid_from: date | None = None,
                   valid_until: date | None = None) -> Article:
    """A new article, a draft, with its first version."""
    cleaned = _check_texts(texts)
    if valid_from and valid_until and valid_until < valid_from:
        raise ValidationError(_("The end of validity comes before its start."))
    article = Article(slug=slug, topic=topic, audience=audience, source=source,
                      facts_date=facts_date, valid_from=valid_from, valid_until=valid_until)
    _copy_text(article, cleaned)
    article.full_clean()
    article.save()
    search_index.index_article(article)
    article.categories.set(list(category_ids))
    version = ArticleVersion(article=article, number=1, changed_by=_user(by),
                             note=_("First version"))
    _copy_text(version, cleaned)
    version.save()
    return article


@transaction.atomic
def update_article_details(article: Article, *, topic: str, audience: str,
                           category_ids: Iterable[int], source: str, facts_date: date,
                           valid_from: date | None = None, valid_until: date | None = None,
                           by: User | None = None) -> Article:
    """Change what is not the article's text (topic, audience, categories, validity, the
    facts' source and date): takes effect at once, with no new version. Raises
    ValidationError."""
    if valid_from and valid_until and valid_until < valid_from:
        raise ValidationError(_("The end of validity comes before its start."))
    article = Article.objects.select_for_update().get(pk=article.pk)
    article.topic, article.audience, article.source = topic, audience, source
    article.facts_date, article.valid_from, article.valid_until = (facts_date, valid_from,
                                                                   valid_until)
    article.full_clean()
    article.updated_at = timezone.now()
    article.save(update_fields=["topic", "audience", "source", "facts_date", "valid_from",
                                "valid_until", "updated_at"])
    article.categories.set(list(category_ids))
    return article


@transaction.atomic
def edit_article(article: Article, *, texts: Mapping[str, str], by: User | None = None,
                 note: str = "") -> ArticleVersion:
    """A new draft version of the article. Until the article is first published, its text
    follows its drafts; once published, its text in force stays until a version is
    published."""
    cleaned = _check_texts(texts)
    article = Article.objects.select_for_update().get(pk=article.pk)
    last = article.versions.order_by("-number").values_list("number", flat=True).first() or 0
    version = ArticleVersion(article=article, number=last + 1, changed_by=_user(by),
                             note=note[:300])
    _copy_text(version, cleaned)
    version.save()
    if article.published_at is None:
        _copy_text(article, cleaned)
        article.updated_at = timezone.now()
        article.save()
        search_index.index_article(article)
    return version


@transaction.atomic
def submit_for_review(version: ArticleVersion, *, by: User | None = None) -> ArticleVersion:
    version = ArticleVersion.objects.select_for_update().get(pk=version.pk)
    if version.state != ArticleVersion.State.DRAFT:
        raise ValidationError(_("Only a draft can be sent for review."))
    version.state = ArticleVersion.State.IN_REVIEW
    version.save(update_fields=["state"])
    Article.objects.filter(pk=version.article_id, state=Article.State.DRAFT).update(
        state=Article.State.IN_REVIEW)
    return version


@transaction.atomic
def publish_version(version: ArticleVersion, *, by: User | None = None) -> Article:
    """Make the version's text the article's text in force (editors only; `by` None is the
    system: the demo data)."""
    _require_editor(by)
    version = ArticleVersion.objects.select_for_update().get(pk=version.pk)
    if version.state not in (ArticleVersion.State.DRAFT, ArticleVersion.State.IN_REVIEW):
        raise ValidationError(_("This version is already published or replaced."))
    article = Article.objects.select_for_update().get(pk=version.article_id)
    now = timezone.now()
    article.versions.filter(state=ArticleVersion.State.PUBLISHED).update(
        state=ArticleVersion.State.REPLACED)
    version.state = ArticleVersion.State.PUBLISHED
    version.published_at, version.published_by = now, _user(by)
    version.save(update_fields=["state", "published_at", "published_by"])
    _copy_text(article, version.texts())
    article.state = Article.State.PUBLISHED
    article.published_at = article.published_at or now
    article.updated_at = now
    article.save()
    search_index.index_article(article)
    return article


@transaction.atomic
def archive_article(article: Article, *, by: User | None = None) -> Article:
    _require_editor(by)
    article = Article.objects.select_for_update().get(pk=article.pk)
    article.state = Article.State.ARCHIVED
    article.updated_at = timezone.now()
    article.save(update_fields=["state", "updated_at"])
    return article


def publish_now(article: Article, *, by: User | None = None) -> Article:
    """Publish the article's latest version (the demo data, an editor's one click)."""
    version = article.versions.order_by("-number").first()
    assert version is not None  # every article has its first version
    return publish_version(version, by=by)


# --- Usage ---------------------------------------------------------------------------------

def record_view(article: Article) -> None:
    Article.objects.filter(pk=article.pk).update(view_count=F("view_count") + 1)


@transaction.atomic
def record_use(article: Article, *, language: str, ticket_id: int | None = None,
               agent_id: int | None = None) -> ArticleUse:
    """An agent inserted the article into a reply (of complaint `ticket_id`)."""
    use = ArticleUse.objects.create(article=article, ticket_id=ticket_id, agent_id=agent_id,
                                    language=_language(language))
    Article.objects.filter(pk=article.pk).update(use_count=F("use_count") + 1)
    return use


@transaction.atomic
def record_vote(article: Article, *, helpful: bool, language: str) -> ArticleVote:
    vote = ArticleVote.objects.create(article=article, helpful=helpful,
                                      language=_language(language))
    counter = "helpful_count" if helpful else "unhelpful_count"
    Article.objects.filter(pk=article.pk).update(**{counter: F(counter) + 1})
    return vote


def record_search_without_result(query: str, *, language: str, place: str) -> None:
    """Count a search that found nothing (the query as typed, trimmed and lower-cased)."""
    words = " ".join(query.lower().split())[:200]
    if not words:
        return
    now = timezone.now()
    updated = SearchWithoutResult.objects.filter(
        query=words, language=_language(language), place=place).update(
        count=F("count") + 1, last_at=now)
    if not updated:
        SearchWithoutResult.objects.bulk_create(
            [SearchWithoutResult(query=words, language=_language(language), place=place,
                                 first_at=now, last_at=now)],
            ignore_conflicts=True)


# --- Reply and decision templates ------------------------------------------------------------

@transaction.atomic
def save_reply_template(template: ReplyTemplate) -> ReplyTemplate:
    """Create or change a template (editors in the admin, the demo data). Raises
    ValidationError for an invalid row or a placeholder nobody fills (knowledge.templating)."""
    template.body = template.body.strip()
    template.name = template.name.strip()
    template.full_clean()
    try:
        templating.check_known(template.body)
    except ValidationError as exc:
        raise ValidationError({"body": exc.messages}) from exc
    template.updated_at = timezone.now()
    template.save()
    return template


def _language(language: str) -> str:
    return Language.ARABIC if language == Language.ARABIC else Language.FRENCH


def _user(by: User | None) -> DjangoUser | None:
    return by if isinstance(by, DjangoUser) else None


# --- Bulk: generated knowledge bases (the benchmarks) --------------------------------------

@transaction.atomic
def bulk_publish_articles(articles: Iterable[tuple[str, str, str, Mapping[str, str]]], *,
                          source: str, facts_date: date) -> int:
    """Create and publish many articles at once, each (slug, topic, audience, texts), with
    their first version and their search columns; the number created. Every text is
    checked as create_article checks it; one bad article and none is saved."""
    now = timezone.now()
    rows = []
    for slug, topic, audience, texts in articles:
        article = Article(slug=slug, topic=topic, audience=audience, source=source,
                          facts_date=facts_date, state=Article.State.PUBLISHED,
                          published_at=now, created_at=now, updated_at=now)
        _copy_text(article, _check_texts(texts))
        rows.append(article)
    created = Article.objects.bulk_create(rows, batch_size=1000)
    versions = []
    for article in created:
        version = ArticleVersion(article=article, number=1, state=ArticleVersion.State.PUBLISHED,
                                 published_at=now, changed_at=now)
        _copy_text(version, article.texts())
        versions.append(version)
    ArticleVersion.objects.bulk_create(versions, batch_size=1000)
    for start in range(0, len(created), 500):
        search_index.write_vectors([(article.pk, article.texts())
                                    for article in created[start:start + 500]])
    return len(created)
