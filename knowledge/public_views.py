"""The public help pages (/aide/): topics, public articles in force, search, and "was this
helpful?". No sign-in; French by default, Arabic with the site's language switch (the
article's Arabic text, right to left)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from contactcenter import client_address
from knowledge import rendering, selectors, services
from knowledge.models import Article, Language, SearchWithoutResult, Topic
from knowledge.search import search_articles

RESULTS = 20
QUERY_MAX_LENGTH = 200
# Votes from one address: at most this many an hour (the session stops a second vote on
# the same article; this stops a script voting from fresh sessions).
VOTES_PER_ADDRESS, VOTE_WINDOW_SECONDS = 30, 3600
VOTED_KEY = "help_votes"


def _language() -> str:
    return Language.ARABIC if (translation.get_language() or "").startswith("ar") \
        else Language.FRENCH


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    counts = selectors.topics_with_public_articles()
    topics = [(value, label, counts[value]) for value, label in Topic.choices
              if counts.get(value)]
    return render(request, "help/home.html", {"topics": topics})


@require_GET
def topic(request: HttpRequest, topic: str) -> HttpResponse:
    if topic not in Topic.values:
        raise Http404("No such topic.")
    language = _language()
    articles = [_listed(article, language)
                for article in selectors.public_articles_of_topic(topic)]
    return render(request, "help/topic.html",
                  {"topic": topic, "topic_label": Topic(topic).label, "articles": articles})


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    query = " ".join(request.GET.get("q", "").split())[:QUERY_MAX_LENGTH]
    language = _language()
    hits = (search_articles(query, language=language, limit=RESULTS,
                            place=SearchWithoutResult.Place.PUBLIC) if query else [])
    return render(request, "help/search.html", {"query": query, "hits": hits})


@require_GET
def article(request: HttpRequest, slug: str) -> HttpResponse:
    """The article's text in force; with `?date=YYYY-MM-DD` (a past day), the text that
    was in force that day, as a decision taken then rested on it."""
    found = _public_article(slug)
    context = _article_context(request, found)
    asked = request.GET.get("date", "").strip()
    if not asked:
        services.record_view(found)
        return render(request, "help/article.html", context)
    try:
        day = parse_date(asked) if len(asked) == len("YYYY-MM-DD") else None
    except ValueError:  # a well-formed day that does not exist (30 February)
        day = None
    if day is None or day >= timezone.localdate():
        context["date_error"] = _("Give a past day as YYYY-MM-DD, e.g. 2025-01-31.")
        return render(request, "help/article.html", context, status=400)
    context["on_day"] = day
    version = selectors.text_in_force(found, day)
    if version is None:
        context["not_yet_published"] = True
        return render(request, "help/article.html", context)
    language = _language()
    context.update(title=version.text_in(language, "title"),
                   summary=version.text_in(language, "summary"),
                   body=rendering.render_body(version.text_in(language, "body")))
    return render(request, "help/article.html", context)


@require_POST
def vote(request: HttpRequest, slug: str) -> HttpResponse:
    """"Was this article helpful?": once per article and session, a few an hour per
    address; a thank-you message on the article's page."""
    found = _public_article(slug)
    answer = request.POST.get("helpful", "")
    if answer not in ("yes", "no"):
        context = _article_context(request, found)
        context["vote_error"] = _("Choose Yes or No.")
        return render(request, "help/article.html", context, status=422)
    voted = list(request.session.get(VOTED_KEY, []))
    if found.slug in voted:
        messages.info(request, _("You have already answered for this article. Thank you."))
        return redirect(found.get_absolute_url() + "#vote")
    if not _within_vote_limit(request):
        context = _article_context(request, found)
        context["vote_error"] = _("Too many answers from your connection. Try again later.")
        return render(request, "help/article.html", context, status=429)
    services.record_vote(found, helpful=answer == "yes", language=_language())
    request.session[VOTED_KEY] = [*voted, found.slug][-200:]
    messages.success(request, _("Thank you for your answer: it helps us improve this page."))
    return redirect(found.get_absolute_url() + "#vote")


def _public_article(slug: str) -> Article:
    found = selectors.article_by_slug(slug)
    if found is None:
        raise Http404("No such article.")
    return found


def _within_vote_limit(request: HttpRequest) -> bool:
    address = client_address.of_request(request) or "unknown"
    key = f"help-votes:{address}"
    cache.add(key, 0, timeout=VOTE_WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=VOTE_WINDOW_SECONDS)
        count = 1
    return count <= VOTES_PER_ADDRESS


def _listed(article: Article, language: str) -> dict[str, str]:
    return {"slug": article.slug, "title": article.text_in(language, "title"),
            "summary": article.text_in(language, "summary")}


def _article_context(request: HttpRequest, found: Article) -> dict[str, Any]:
    language = _language()
    return {
        "article": found,
        "title": found.text_in(language, "title"),
        "summary": found.text_in(language, "summary"),
        "body": rendering.render_body(found.text_in(language, "body")),
        "topic_label": Topic(found.topic).label,
        "related": [_listed(other, language) for other in selectors.related_articles(found)],
        "voted": found.slug in request.session.get(VOTED_KEY, []),
    }
