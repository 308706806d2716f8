"""Articles for the tests, made through knowledge.services as editors make them."""

from __future__ import annotations

from datetime import date

from knowledge import services
from knowledge.models import Article

FACTS_DATE = date(2026, 1, 15)


def article(slug: str, *, title: str, summary: str = "", body: str = "",
            title_ar: str = "", summary_ar: str = "", body_ar: str = "",
            topic: str = "family", audience: str = Article.Audience.PUBLIC,
            categories: tuple[int, ...] = (), publish: bool = True) -> Article:
    """A published article (unless `publish` is False) with both languages' texts."""
    made = services.create_article(
        slug=slug, topic=topic, audience=audience,
        texts={"title_fr": title, "summary_fr": summary or f"Résumé : {title}",
               "body_fr": body or f"{title}. Ce que dit la règle.",
               "title_ar": title_ar or f"عنوان {slug}",
               "summary_ar": summary_ar or f"ملخص {slug}",
               "body_ar": body_ar or f"نص {slug}"},
        source="Dahir n° 1-72-184, article 40", facts_date=FACTS_DATE,
        category_ids=categories)
    if publish:
        made = services.publish_now(made)
    return made
