"""Searching the knowledge base: the one function the desk, the public help pages and the
API call (search_articles).

Only published articles in force are searched (knowledge.selectors.published_articles),
public ones only unless `include_internal`. The words searched are folded and stemmed
exactly as the articles' text was (knowledge.search_index, through
tickets.search.words_of), then matched against the stored vectors (GIN indexes): words
in Latin script against the French text ('french' configuration: "allocations" finds
"Allocations familiales"), words in Arabic script against the Arabic text ('simple',
after the light stemming: "تعويضات" finds "التَّعْوِيضَات العائلية"); `language` only
chooses the text returned. In up to four steps, each run only when the ones before
found fewer than MIN_HITS articles:

1. every word;
2. every word once corrected: a word that no article holds is replaced by the closest
   word of the articles (SearchWord, trigram similarity at least CORRECTION_SIMILARITY:
   "alocation" → "allocation", "retraitte" → "retraite"), or dropped when none is
   close (a colloquial word, a greeting);
3. at least two of those words (a question of three words or more);
4. any of them, unless the third step found some.

Each step's articles come after the previous step's (their scores are scaled below).
The score is PostgreSQL's ts_rank (title weighs more than summary, summary more than
body; see RANK_NORMALIZATION) plus CATEGORY_BOOST for the articles linked to the
complaint category given.
Only the matches are ranked, and `limit` rows read. The broad steps (3 and 4) rank at
most BROAD_RANK_LIMIT articles, the first PostgreSQL finds: a common word of a long
question would otherwise have most articles ranked. At most five queries (the
corrections take one); one when the words are found as typed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from itertools import combinations
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import Case, Exists, F, FloatField, OuterRef, Q, QuerySet, Value, When

from knowledge import selectors, services
from knowledge.models import Article, Language, SearchWord
from knowledge.search_index import ARABIC_CONFIG, LATIN_CONFIG, MIN_WORD_LENGTH
from tickets.search import Words, words_of

MIN_HITS = 3
# How many of the words an article must hold, step by step.
ALL, TWO, ANY = "all", "two", "any"
# The articles ranked at most in the broad steps (two words, any word): the first found.
BROAD_RANK_LIMIT = 500
# The words of a long text (a complaint's) the broad steps look for: its first ones.
MAX_BROAD_WORDS = 8
MAX_WORDS = 12
MAX_LIMIT = 50
# Trigram similarity (0 to 1) from which a word of the articles is what was meant.
CORRECTION_SIMILARITY = 0.45
# What a link to the complaint's category adds to an article's score (a word in the title
# scores about 0.6, in the summary about 0.25).
CATEGORY_BOOST = 0.5
# ts_rank's normalisation 0: the text's length is not divided out, an article about the
# subject says its words more often than one that mentions it (measured on the demo
# articles among 10,000: 87 of the 117 relevance queries in the top three, against 81
# when divided by the log of the length). Equal scores: the most used article first.
RANK_NORMALIZATION = 0
# Arabic words too common to tell articles apart (folded and stemmed as searched words
# are): kept in the text, dropped from the words searched. French ones are the 'french'
# configuration's stop words.
_ARABIC_STOP_WORDS = frozenset(words_of(
    "في من على الى إلى عن ما لا لم لن هل كيف أن إن او أو مع هذا هذه ذلك التي الذي انا أنا"
    " لي عند كم متى ماذا اريد أريد بغيت واش بعد قبل كل ثم قد هو هي نحن").arabic.split())

# The 'french' configuration's stop words, folded (PostgreSQL's french.stop: "à" is "a"
# once folded, which it would not know), and the words of a question or a greeting, which
# the text does not need to hold: dropped from the words searched, so that "at least two
# of the words" counts words that mean something.
_FRENCH_STOP_WORDS = frozenset("""
a ai aie aient aies ait as au aura aurai auraient aurais aurait auras aurez auriez
aurions aurons auront aux avaient avais avait avec avez aviez avions avons ayant ayante
ayantes ayants ayez ayons c ce ces d dans de des du elle en es est et etaient etais
etait etant etante etantes etants ete etee etees etes etiez etions eu eue eues eumes
eurent eus eusse eussent eusses eussiez eussions eut eutes eux fumes furent fus fusse
fussent fusses fussiez fussions fut futes il j je l la le leur lui m ma mais me meme mes
moi mon n ne nos notre nous on ont ou par pas pour qu que qui s sa se sera serai
seraient serais serait seras serez seriez serions serons seront ses soient sois soit
sommes son sont soyez soyons suis sur t ta te tes toi ton tu un une vos votre vous y
comment pourquoi quand quel quelle quels quelles quoi bonjour bonsoir merci svp stp salut
madame monsieur
""".split())


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
        hits = _search(articles, words, lang=lang, category_id=category_id, limit=limit)
    elif category_id is not None:
        hits = _of_category(articles, category_id, lang=lang, limit=limit)
    else:
        hits = []
    if not hits and place and query.strip():
        services.record_search_without_result(query, language=lang, place=place)
    return hits


def _searched_words(query: str) -> Words:
    words = words_of(query[:MAX_WORDS * 61], limit=MAX_WORDS)
    other = " ".join(word for word in words.other.split() if word not in _FRENCH_STOP_WORDS)
    arabic = " ".join(word for word in words.arabic.split() if word not in _ARABIC_STOP_WORDS)
    return Words(other=other, arabic=arabic)


def _search(articles: QuerySet[Article], words: Words, *, lang: str,
            category_id: int | None, limit: int) -> list[ArticleHit]:
    hits = _ranked(articles, words, ALL, lang=lang, category_id=category_id, limit=limit)
    if len(hits) >= MIN_HITS:
        return hits
    # (a word of an article found is one the articles hold: nothing to correct then)
    corrected = words if hits else _corrected(words)
    steps = [(corrected, ALL)] if corrected and corrected != words else []
    count = len((corrected.other + " " + corrected.arabic).split())
    if count > 2:
        steps.append((corrected, TWO))
    if count > 1:
        steps.append((corrected, ANY))
    two_found = False
    for step_words, operator in steps:
        if len(hits) >= MIN_HITS or (operator == ANY and two_found):
            break
        more = _ranked(articles.exclude(slug__in=[hit.slug for hit in hits]), step_words,
                       operator, lang=lang, category_id=category_id, limit=limit - len(hits))
        two_found = two_found or (operator == TWO and bool(more))
        hits += _below(more, hits[-1].score if hits else None)
    return hits


def _corrected(words: Words) -> Words:
    """The words, each misspelt one replaced by the closest word of the articles, those
    with none close dropped (one query for all)."""
    searched = [word for word in (words.other + " " + words.arabic).split()
                if len(word) >= MIN_WORD_LENGTH and not word.isdigit()]
    closest: dict[str, str | None] = {}
    if searched:
        table = SearchWord._meta.db_table
        with connection.cursor() as cursor:
            # (a word the articles hold is kept without looking further: a primary key)
            cursor.execute(
                f"SELECT q.word, CASE WHEN EXISTS (SELECT FROM {table} k WHERE k.word = "
                f"q.word) THEN q.word ELSE (SELECT w.word FROM {table} w WHERE w.word %% "
                "q.word AND similarity(w.word, q.word) >= %s ORDER BY similarity(w.word, "
                "q.word) DESC, abs(length(w.word) - length(q.word)), w.word LIMIT 1) END "
                "FROM unnest(%s::text[]) AS q(word)", [CORRECTION_SIMILARITY, searched])
            closest = dict(cursor.fetchall())

    def fixed(text: str) -> str:
        kept = (closest.get(word, word) for word in text.split())
        return " ".join(word for word in kept if word)

    return Words(other=fixed(words.other), arabic=fixed(words.arabic))


def _below(hits: list[ArticleHit], ceiling: float | None) -> list[ArticleHit]:
    """A later step's hits scored below the earlier step's last one (same order), so
    that scores always read best first."""
    if ceiling is None or not hits or hits[0].score < ceiling:
        return hits
    scale = ceiling * 0.9 / hits[0].score
    return [replace(hit, score=round(hit.score * scale, 4)) for hit in hits]


def _tsquery(words: str, config: str, operator: str) -> SearchQuery | None:
    """All, any, or at least two of the words (None: fewer than two words for TWO); the
    words are letters and digits only (words_of), so nothing in them means anything to
    to_tsquery."""
    split = words.split()
    if operator != ALL:
        split = split[:MAX_BROAD_WORDS]
    if operator == TWO:
        if len(split) < 2:
            return None
        text = " | ".join(f"({first} & {second})" for first, second in combinations(split, 2))
    else:
        text = f" {'&' if operator == ALL else '|'} ".join(split)
    return SearchQuery(text, config=config, search_type="raw")


def _ranked(articles: QuerySet[Article], words: Words, operator: str, *, lang: str,
            category_id: int | None, limit: int) -> list[ArticleHit]:
    """The articles whose text holds all or any of the words, best first."""
    if limit <= 0:
        return []
    conditions: list[Q] = []
    ranks: list[Any] = []
    for text, column, config in ((words.other, "search_fr", LATIN_CONFIG),
                                 (words.arabic, "search_ar", ARABIC_CONFIG)):
        query = _tsquery(text, config, operator) if text else None
        if query is not None:
            conditions.append(Q(**{column: query}))
            # (the pairs of TWO ranked as any of the words: as telling, far cheaper)
            ranked = query if operator == ALL else (_tsquery(text, config, ANY) or query)
            ranks.append(SearchRank(F(column), ranked,
                                    normalization=Value(RANK_NORMALIZATION)))
    if not conditions:
        return []
    matches = conditions[0]
    for condition in conditions[1:]:
        matches = matches & condition if operator == ALL else matches | condition
    score = ranks[0]
    for rank in ranks[1:]:
        score = score + rank
    found = articles.filter(matches)
    if operator != ALL:  # (the first BROAD_RANK_LIMIT found, see the module's docstring)
        found = articles.filter(pk__in=found.order_by().values("pk")[:BROAD_RANK_LIMIT])
    return _hits(found.annotate(score=score + _boost(category_id)), lang=lang, limit=limit)


def _boost(category_id: int | None) -> Any:
    if category_id is None:
        return Value(0.0)
    linked = Article.categories.through.objects.filter(article_id=OuterRef("pk"),
                                                       category_id=category_id)
    return Case(When(Exists(linked), then=Value(CATEGORY_BOOST)), default=Value(0.0),
                output_field=FloatField())


def _of_category(articles: QuerySet[Article], category_id: int, *, lang: str,
                 limit: int) -> list[ArticleHit]:
    linked = articles.filter(categories=category_id).annotate(
        score=Value(CATEGORY_BOOST, output_field=FloatField()))
    return _hits(linked, lang=lang, limit=limit, order=("-use_count", "slug"))


def _hits(scored: QuerySet[Article], *, lang: str, limit: int,
          order: tuple[str, ...] = ("-score", "-use_count", "slug")) -> list[ArticleHit]:
    title, summary = f"title_{lang}", f"summary_{lang}"
    rows = scored.order_by(*order).values("slug", title, summary, "topic", "audience",
                                          "score")[:limit]
    return [ArticleHit(slug=row["slug"], title=row[title], summary=row[summary],
                       topic=row["topic"], audience=row["audience"],
                       score=round(float(row["score"]), 4))
            for row in rows]
