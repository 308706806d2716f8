"""Searching the knowledge base: the one function the desk, the public help pages and the
API call (search_articles)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db.models import Q

from knowledge import selectors
from knowledge.models import Language
from tickets.search import words_of


@dataclass(frozen=True)
class ArticleHit:
    slug: str
    title: str
    summary: str
    topic: str
    audience: str
    score: float


def search_articles(query: str, *, language: str, include_internal: bool = False,
                    topic: str | None = None, category_id: int | None = None,
                    limit: int = 10) -> list[ArticleHit]:
    """The published articles in force matching the words, best first, their text in
    `language` ("fr" or "ar"). `category_id`: articles of that complaint category first."""
    lang = Language.ARABIC if language == Language.ARABIC else Language.FRENCH
    words = words_of(query, limit=12)
    articles = selectors.published_articles(include_internal=include_internal)
    if topic:
        articles = articles.filter(topic=topic)
    if not words:
        return []
    config, text = ("simple", words.arabic) if lang == Language.ARABIC else ("french", words.other)
    if not text:
        return []
    vector = SearchVector(f"title_{lang}", weight="A", config=config) + SearchVector(
        f"summary_{lang}", f"body_{lang}", weight="B", config=config)
    search = SearchQuery(text, config=config, search_type="plain")
    ranked = (articles.annotate(score=SearchRank(vector, search))
              .filter(score__gt=0).order_by("-score", "slug"))
    if category_id is not None:
        ranked = ranked.filter(Q(categories=category_id) | Q(score__gt=0)).distinct()
    return [ArticleHit(slug=a.slug, title=a.text_in(lang, "title"),
                       summary=a.text_in(lang, "summary"), topic=a.topic,
                       audience=a.audience, score=float(a.score))
            for a in ranked[:limit]]



