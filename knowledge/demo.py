"""The demo knowledge base of the quick start: the articles of knowledge.demo_articles,
created and published through the services (as the system: no editor), each linked to its
complaint categories. Building again creates only the articles missing; an article already
there (perhaps edited since) is left as it is."""

from __future__ import annotations

from django.db import transaction

from knowledge import services
from knowledge.demo_articles import ARTICLES, ArticleSpec
from knowledge.models import Article, ArticleText
from tickets.selectors import all_categories


@transaction.atomic
def seed_articles(articles: list[ArticleSpec] | None = None) -> int:
    """Create and publish every article missing; returns how many were created. Raises
    ValueError, before creating any, when an article names a complaint category that does
    not exist (the categories are seeded first)."""
    specs = ARTICLES if articles is None else articles
    existing = set(Article.objects.filter(slug__in=[spec.slug for spec in specs])
                   .values_list("slug", flat=True))
    missing = [spec for spec in specs if spec.slug not in existing]
    category_ids = _category_ids(missing)
    for spec in missing:
        article = services.create_article(
            slug=spec.slug, topic=spec.topic, audience=spec.audience, texts=_texts(spec),
            source=spec.source, facts_date=spec.facts_date, by=None,
            category_ids=[category_ids[code] for code in spec.categories])
        services.publish_now(article, by=None)
    return len(missing)


def _category_ids(specs: list[ArticleSpec]) -> dict[str, int]:
    codes = {code for spec in specs for code in spec.categories}
    found = dict(all_categories().filter(code__in=codes).values_list("code", "pk"))
    unknown = sorted(codes - found.keys())
    if unknown:
        raise ValueError(f"Unknown complaint categories in the demo articles: "
                         f"{', '.join(unknown)}; seed the categories first.")
    return found


def _texts(spec: ArticleSpec) -> dict[str, str]:
    return {name: getattr(spec, name) for name in ArticleText.TEXT_FIELDS}
