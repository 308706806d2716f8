"""The knowledge base's answers suggested on the complaint page: the most relevant published
articles for the complaint's category and text (and the reply being typed), internal ones
too (agents are staff). Titles and summaries are shown in the agent's interface language;
what "Insert" puts into the reply is in the customer's language, with the article's public
address (none for an internal article: the public cannot open it).

Rendered with the page (no extra round trip; kept a few minutes per complaint, so that
opening it again costs no search), then refreshed by static/js/suggestions.js
from contactcenter.desk.knowledge_views as the agent types. settings.DESK_ARTICLE_SUGGESTIONS
turns the panel off (bench/complaint_page_suggestions.py measures the page both ways).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation

from contactcenter import public_address
from knowledge import selectors
from knowledge.models import Article, Language
from knowledge.search import search_articles
from tickets.models import Ticket
from tickets.notification_texts import written_language

SUGGESTED = 5
# The words sent to the search: the complaint's description and the reply typed so far,
# each cut (search_articles reads the first words only anyway).
TEXT_LIMIT = 2000
# The list shown with the page is kept this long per complaint (its text, category and the
# languages unchanged): opening the complaint again does not search again. An article
# published meanwhile shows from the next search (typing a reply searches afresh).
CACHE_SECONDS = 300


@dataclass(frozen=True)
class Suggestion:
    slug: str
    title: str  # in the agent's interface language
    summary: str  # in the agent's interface language
    internal: bool
    language: str  # the customer's: that of the text inserted
    insert_text: str  # the customer's-language summary, and the public link of a public one


def enabled() -> bool:
    return bool(settings.DESK_ARTICLE_SUGGESTIONS)


def customer_language(ticket: Ticket) -> str:
    preferred = ticket.customer.preferred_language if ticket.customer_id else ""
    return Language.ARABIC if preferred == Language.ARABIC else Language.FRENCH


def public_url(slug: str, request: HttpRequest | None) -> str:
    """The article's public help page, absolute: under settings.PUBLIC_BASE_URL when set,
    else on the address the desk was opened on."""
    return public_address.absolute(reverse("help:article", kwargs={"slug": slug}), request)


def suggestions_on_page(ticket: Ticket, *,
                        request: HttpRequest | None = None) -> list[Suggestion]:
    """The list rendered with the complaint page: suggestions_for(ticket), kept
    CACHE_SECONDS for the same complaint text, category, languages and public address."""
    if CACHE_SECONDS <= 0:
        return suggestions_for(ticket, request=request)
    base = settings.PUBLIC_BASE_URL or (request.get_host() if request is not None else "")
    parts = [str(ticket.pk), ticket.created_at.isoformat(), str(ticket.category_id),
             customer_language(ticket), translation.get_language() or "", base,
             ticket.description]
    key = "desk-suggestions:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    found: list[Suggestion] | None = cache.get(key)
    if found is None:
        found = suggestions_for(ticket, request=request)
        cache.set(key, found, CACHE_SECONDS)
    return found


def suggestions_for(ticket: Ticket, *, typed: str = "",
                    request: HttpRequest | None = None) -> list[Suggestion]:
    """The SUGGESTED articles best matching the complaint's text and the reply typed so
    far, filled up with its category's articles when the words find fewer."""
    query = f"{ticket.description[:TEXT_LIMIT]} {typed[:TEXT_LIMIT]}".strip()
    search_language = written_language(query) or customer_language(ticket)
    hits = search_articles(query, language=search_language, include_internal=True,
                           category_id=ticket.category_id, limit=SUGGESTED)
    slugs = [hit.slug for hit in hits]
    articles = selectors.articles_by_slugs(slugs, include_internal=True)
    ordered = [articles[slug] for slug in slugs if slug in articles]
    if len(ordered) < SUGGESTED and ticket.category_id:
        for article in selectors.articles_of_category(
                ticket.category_id, include_internal=True, limit=SUGGESTED):
            if len(ordered) < SUGGESTED and article.slug not in slugs:
                ordered.append(article)
                slugs.append(article.slug)
    return [_suggestion(article, ticket=ticket, request=request) for article in ordered]


def _suggestion(article: Article, *, ticket: Ticket,
                request: HttpRequest | None) -> Suggestion:
    shown = Language.ARABIC if (translation.get_language() or "").startswith("ar") \
        else Language.FRENCH
    language = customer_language(ticket)
    internal = article.audience == Article.Audience.INTERNAL
    text = article.text_in(language, "summary")
    if not internal:
        text = f"{text} {public_url(article.slug, request)}"
    return Suggestion(slug=article.slug, title=article.text_in(shown, "title"),
                      summary=article.text_in(shown, "summary"), internal=internal,
                      language=language, insert_text=text)
