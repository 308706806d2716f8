"""Reading the knowledge base, for the other apps (the desk, the API, the public pages).
Searching is knowledge.search."""

from __future__ import annotations

from datetime import date, datetime, time

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from knowledge.models import Article, ArticleVersion, SearchWithoutResult


def in_force(on: date | None = None) -> Q:
    """Published articles whose validity covers the day (today by default)."""
    day = on or timezone.localdate()
    return (Q(state=Article.State.PUBLISHED)
            & (Q(valid_from__isnull=True) | Q(valid_from__lte=day))
            & (Q(valid_until__isnull=True) | Q(valid_until__gte=day)))


def published_articles(*, include_internal: bool = False) -> QuerySet[Article]:
    articles = Article.objects.filter(in_force())
    if not include_internal:
        articles = articles.filter(audience=Article.Audience.PUBLIC)
    return articles


def article_by_slug(slug: str, *, include_internal: bool = False) -> Article | None:
    return published_articles(include_internal=include_internal).filter(slug=slug).first()


def text_in_force(article: Article, on: date) -> ArticleVersion | None:
    """The version whose text was in force at the end of that day: the last published by
    then (a later replacement does not change what was said that day). None: the article
    was not yet published."""
    end_of_day = timezone.make_aware(datetime.combine(on, time.max))
    return (article.versions.filter(published_at__isnull=False, published_at__lte=end_of_day)
            .order_by("-published_at").first())


def usage_by_article(*, limit: int) -> QuerySet[Article]:
    """Articles with their usage counters, the most read first (every state: editors
    want to know what an archived article still draws)."""
    return (Article.objects.only("slug", "view_count", "use_count", "helpful_count",
                                 "unhelpful_count")
            .order_by("-view_count", "-use_count", "slug")[:limit])


def top_searches_without_result(*, limit: int) -> QuerySet[SearchWithoutResult]:
    """The searches that found nothing, the most repeated first: what to write next."""
    return SearchWithoutResult.objects.order_by("-count", "-last_at", "pk")[:limit]
def articles_by_slugs(slugs: list[str], *,
                      include_internal: bool = False) -> dict[str, Article]:
    """The published articles in force among these slugs, by slug (one query)."""
    if not slugs:
        return {}
    articles = published_articles(include_internal=include_internal).filter(slug__in=slugs)
    return {article.slug: article for article in articles}


def articles_of_category(category_id: int, *, include_internal: bool = False,
                         limit: int = 5) -> list[Article]:
    """The published articles in force that answer complaints of this category, the most
    used first."""
    return list(published_articles(include_internal=include_internal)
                .filter(categories=category_id).order_by("-use_count", "slug")[:limit])


def public_articles_of_topic(topic: str) -> QuerySet[Article]:
    """A topic's public articles in force, as the help pages list them."""
    return published_articles().filter(topic=topic).order_by("slug")


def topics_with_public_articles() -> dict[str, int]:
    """How many public articles in force each topic holds (topics without any left out)."""
    counts = (published_articles().values("topic").annotate(count=Count("pk"))
              .order_by())
    return {row["topic"]: row["count"] for row in counts}


def related_articles(article: Article, *, limit: int = 5) -> list[Article]:
    """Other public articles in force of the same topic, the most viewed first."""
    return list(published_articles().filter(topic=article.topic).exclude(pk=article.pk)
                .order_by("-view_count", "slug")[:limit])
