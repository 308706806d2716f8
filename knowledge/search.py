"""Searching the knowledge base: the one function the desk, the public help pages and the
API call (search_articles).

Only published articles in force are searched (knowledge.selectors.published_articles),
public ones only unless `include_internal`. The words searched are folded and stemmed
exactly as the articles' text was (knowledge.search_index: tickets.search.words_of), then
matched against each article's stored vectors (GIN indexes), in two steps:

1. every word, in either language's text (a French word in the French text, an Arabic
   word in the Arabic one: "allocations" finds "Allocations familiales", "تعويضات" finds
   "التعويضات العائلية" with or without diacritics);
2. when that finds fewer than MIN_HITS articles (a misspelt word, a colloquial one, a
   complaint's whole text), any of the words, and the articles whose folded title or
   summary is close to what was typed (trigram word similarity at least
   TYPO_SIMILARITY: "alocation", "retraitte anticipee"); these come after the first
   step's.

The score: PostgreSQL's ts_rank (title weighs more than summary, summary more than body;
divided by the log of the text's length so that long articles do not win by length), the
text in the language asked counting fully and the other one half, plus the trigram
similarity in the second step, plus CATEGORY_BOOST for the articles linked to the
complaint category given. Only the matches are ranked, and only `limit` rows are read.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from django.contrib.postgres.search import (
    SearchQuery,
    SearchQueryCombinable,
    SearchRank,
    TrigramWordSimilarity,
)
from django.db import connection, transaction
from django.db.models import Case, Exists, F, FloatField, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import Cast

from contactcenter.customers.text import fold
from knowledge import selectors, services
from knowledge.models import Article, Language
from knowledge.search_index import ARABIC_CONFIG, LATIN_CONFIG
from tickets.search import Words, words_of

MIN_HITS = 3
MAX_WORDS = 12
MAX_LIMIT = 50
# Trigram word similarity (0 to 1) from which a title or summary counts as what was meant.
TYPO_SIMILARITY = 0.45
# What a link to the complaint's category adds to an article's score.
CATEGORY_BOOST = 0.2
# The other language's text counts this much.
OTHER_LANGUAGE_WEIGHT = 0.5
# ts_rank's normalisation 1: divided by 1 + the logarithm of the text's length.
RANK_NORMALIZATION = 1
# Arabic words too common to tell articles apart (folded and stemmed as searched words
# are): kept in the text, dropped from the words searched. French ones are the 'french'
# configuration's stop words.
_ARABIC_STOP_WORDS = frozenset(words_of(
    "في من على الى إلى عن ما لا لم لن هل كيف أن إن او أو مع هذا هذه ذلك التي الذي انا أنا"
    " لي عند كم متى ماذا اريد أريد بغيت واش بعد قبل كل ثم قد هو هي نحن").arabic.split())


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
                    limit: int = 10, place: str | None = None) -> list[ArticleHit]:
    """The published articles in force matching the words, best first, their text in
    `language` ("fr" or "ar"). `category_id`: articles of that complaint category first
    (and, when no word is given, that category's articles, the most used first).
    `place` (a SearchWithoutResult.Place): a search that finds nothing is counted there,
    for the editors."""
    lang = Language.ARABIC if language == Language.ARABIC else Language.FRENCH
    limit = max(1, min(limit, MAX_LIMIT))
    articles = selectors.published_articles(include_internal=include_internal)
    if topic:
        articles = articles.filter(topic=topic)
    words = _searched_words(query)
    if words:
        hits = _search(articles, words, query, lang=lang, category_id=category_id,
                       limit=limit)
    elif category_id is not None:
        hits = _of_category(articles, category_id, lang=lang, limit=limit)
    else:
        hits = []
    if not hits and place and query.strip():
        services.record_search_without_result(query, language=lang, place=place)
    return hits


def _searched_words(query: str) -> Words:
    words = words_of(query[:MAX_WORDS * 61], limit=MAX_WORDS)
    arabic = " ".join(word for word in words.arabic.split() if word not in _ARABIC_STOP_WORDS)
    return Words(other=words.other, arabic=arabic)


def _search(articles: QuerySet[Article], words: Words, query: str, *, lang: str,
            category_id: int | None, limit: int) -> list[ArticleHit]:
    every = _tsquery(words, "&")
    hits = _ranked(articles.filter(Q(search_fr=every) | Q(search_ar=every)), every,
                   lang=lang, category_id=category_id, limit=limit)
    if len(hits) >= MIN_HITS:
        return hits
    found = {hit.slug for hit in hits}
    typed = " ".join(fold(query).split()[:MAX_WORDS])[:200]
    more = _close(articles.exclude(slug__in=found), _tsquery(words, "|"), typed,
                  lang=lang, category_id=category_id, limit=limit - len(hits))
    return hits + _below(more, hits[-1].score if hits else None)


def _below(hits: list[ArticleHit], ceiling: float | None) -> list[ArticleHit]:
    """The second step's hits scored below the first step's last one (same order), so
    that scores always read best first."""
    if ceiling is None or not hits or hits[0].score < ceiling:
        return hits
    scale = ceiling * 0.9 / hits[0].score
    return [replace(hit, score=round(hit.score * scale, 4)) for hit in hits]


def _tsquery(words: Words, operator: str) -> SearchQueryCombinable:
    """All ("&") or any ("|") of the words; the words are letters and digits only
    (words_of), so nothing in them means anything to to_tsquery."""
    parts: list[SearchQuery] = []
    if words.other:
        parts.append(SearchQuery(f" {operator} ".join(words.other.split()),
                                 config=LATIN_CONFIG, search_type="raw"))
    if words.arabic:
        parts.append(SearchQuery(f" {operator} ".join(words.arabic.split()),
                                 config=ARABIC_CONFIG, search_type="raw"))
    combined: SearchQueryCombinable = parts[0]
    for part in parts[1:]:
        combined = combined & part if operator == "&" else combined | part
    return combined


def _text_rank(query: SearchQueryCombinable, *, lang: str) -> Any:
    own, other = ("search_ar", "search_fr") if lang == Language.ARABIC else (
        "search_fr", "search_ar")
    return (SearchRank(F(own), query, normalization=Value(RANK_NORMALIZATION))
            + OTHER_LANGUAGE_WEIGHT * SearchRank(F(other), query,
                                                 normalization=Value(RANK_NORMALIZATION)))


def _boost(category_id: int | None) -> Any:
    if category_id is None:
        return Value(0.0)
    linked = Article.categories.through.objects.filter(article_id=OuterRef("pk"),
                                                       category_id=category_id)
    return Case(When(Exists(linked), then=Value(CATEGORY_BOOST)), default=Value(0.0),
                output_field=FloatField())


def _ranked(matches: QuerySet[Article], query: SearchQueryCombinable, *, lang: str,
            category_id: int | None, limit: int) -> list[ArticleHit]:
    scored = matches.annotate(score=_text_rank(query, lang=lang) + _boost(category_id))
    return _hits(scored, lang=lang, limit=limit)


def _close(articles: QuerySet[Article], any_word: SearchQueryCombinable, typed: str, *,
           lang: str, category_id: int | None, limit: int) -> list[ArticleHit]:
    """The articles holding any of the words or whose titles and summaries are close to
    what was typed (the trigram threshold is set for this transaction only)."""
    if limit <= 0:
        return []
    matches = Q(search_fr=any_word) | Q(search_ar=any_word)
    similarity: Any = Value(0.0)
    if typed:
        matches |= Q(search_titles__trigram_word_similar=typed)
        similarity = Cast(TrigramWordSimilarity(typed, "search_titles"), FloatField())
    scored = articles.filter(matches).annotate(
        score=_text_rank(any_word, lang=lang) + similarity + _boost(category_id))
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('pg_trgm.word_similarity_threshold', %s, true)",
                           [str(TYPO_SIMILARITY)])
        return _hits(scored, lang=lang, limit=limit)


def _of_category(articles: QuerySet[Article], category_id: int, *, lang: str,
                 limit: int) -> list[ArticleHit]:
    linked = articles.filter(categories=category_id).annotate(
        score=Value(CATEGORY_BOOST, output_field=FloatField()))
    return _hits(linked, lang=lang, limit=limit, order=("-use_count", "slug"))


def _hits(scored: QuerySet[Article], *, lang: str, limit: int,
          order: tuple[str, ...] = ("-score", "slug")) -> list[ArticleHit]:
    title, summary = f"title_{lang}", f"summary_{lang}"
    rows = scored.order_by(*order).values("slug", title, summary, "topic", "audience",
                                          "score")[:limit]
    return [ArticleHit(slug=row["slug"], title=row[title], summary=row[summary],
                       topic=row["topic"], audience=row["audience"],
                       score=round(float(row["score"]), 4))
            for row in rows]
