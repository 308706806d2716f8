"""The help article an SMS reply may point to: the best matching public article, if it
matches well enough, by its short public address (settings.PUBLIC_BASE_URL + /aide/<slug>/).
Registered as telephony.hooks.help_link_for by the wiring (contactcenter/desk/apps.py)."""

from __future__ import annotations

from django.conf import settings

from knowledge import selectors
from knowledge.search import search_articles

# A rank at least this high: the article's words, not one word in passing (see
# tests/knowledge/test_sms_links.py for what passes and what does not).
MIN_SCORE = 0.3


def public_link_for(text: str, language: str) -> str | None:
    """None without a public base address (an SMS cannot carry a relative link), or when
    no public article in force matches the text well enough."""
    base = settings.PUBLIC_BASE_URL.rstrip("/")
    if not base or not text.strip():
        return None
    hits = search_articles(text, language=language, limit=1)
    if not hits or hits[0].score < MIN_SCORE:
        return None
    article = selectors.article_by_slug(hits[0].slug)
    return base + article.get_absolute_url() if article is not None else None
