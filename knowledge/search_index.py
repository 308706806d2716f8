"""Keeping the articles' search columns (Article.search_fr, search_ar) and the words
misspellings are corrected to (SearchWord) in step with their text in force. Called by
knowledge.services whenever that text changes (an article created, its draft edited
before it was first published, a version published) and by the bulk paths;
knowledge.search reads them.

The words go through tickets.search.words_of, the complaints' search's own folding: case,
accents, Arabic diacritics, the forms of alif, alif maqsura and ta marbuta, tatweel; Arabic
words lightly stemmed (the article, attached prepositions, common endings). The same
function folds the words searched, so both sides always agree. Words in Latin script go
through PostgreSQL's 'french' configuration (stemmed: "allocations" and "allocation" are
one lexeme), words in Arabic script through 'simple' (PostgreSQL has no Arabic stemmer:
the light stemming above stands for it). Each language's vector weighs its title A, its
summary B and its body C.

Every word written there is also kept in SearchWord (knowledge_searchword, a trigram
index on it): a misspelt word searched ("alocation") is corrected to the closest word of
the articles ("allocation"). Words are added, never removed: a word no article holds any
more only corrects a typo to a word that then finds nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connection

from knowledge.models import Article, SearchWord
from tickets.search import words_of

_TABLE = Article._meta.db_table
LATIN_CONFIG, ARABIC_CONFIG = "french", "simple"
# The weight of each part of an article's text in a language's vector.
PART_WEIGHTS = (("title", "A"), ("summary", "B"), ("body", "C"))
LANGUAGES = ("fr", "ar")
_WORDS_TABLE = SearchWord._meta.db_table
# The words kept for corrections: long enough for trigrams to tell them apart.
MIN_WORD_LENGTH, MAX_WORD_LENGTH = 3, 60


def _part_sql(weight: str, latin: str, arabic: str) -> str:
    return (f"setweight(to_tsvector('{LATIN_CONFIG}', {latin}) "
            f"|| to_tsvector('{ARABIC_CONFIG}', {arabic}), '{weight}')")


def _vector_sql(column_prefix: str) -> str:
    """The SQL of one language's vector from six text columns of an unnest()."""
    return " || ".join(_part_sql(weight, f"{column_prefix}{n}l", f"{column_prefix}{n}a")
                       for n, (_part, weight) in enumerate(PART_WEIGHTS))


def _columns(rows: Sequence[tuple[int, dict[str, str]]]
             ) -> tuple[list[list[object]], set[str]]:
    """The unnest() arrays (ids, then per language and part the Latin and Arabic words),
    and every word met."""
    columns: list[list[object]] = [[pk for pk, _texts in rows]]
    seen: set[str] = set()
    for lang in LANGUAGES:
        for part, _weight in PART_WEIGHTS:
            latin: list[object] = []
            arabic: list[object] = []
            for _pk, texts in rows:
                words = words_of(texts[f"{part}_{lang}"])
                latin.append(words.other)
                arabic.append(words.arabic)
                seen.update(words.other.split(), words.arabic.split())
            columns += [latin, arabic]
    return columns, seen


def write_vectors(rows: Sequence[tuple[int, dict[str, str]]]) -> None:
    """Write the search columns of these articles from the texts given (id, the six
    texts by field name: Article.TEXT_FIELDS), in one statement."""
    if not rows:
        return
    names = ["id"] + [f"{lang}{n}{script}" for lang in LANGUAGES
                      for n in range(len(PART_WEIGHTS)) for script in "la"]
    types = ["bigint"] + ["text"] * (len(names) - 1)
    arrays = ", ".join(f"%s::{kind}[]" for kind in types)
    columns, seen = _columns(rows)
    words = sorted(word for word in seen
                   if MIN_WORD_LENGTH <= len(word) <= MAX_WORD_LENGTH and not word.isdigit())
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {_TABLE} AS a SET search_fr = {_vector_sql('v.fr')}, "
            f"search_ar = {_vector_sql('v.ar')} "
            f"FROM unnest({arrays}) AS v({', '.join(names)}) WHERE a.id = v.id", columns)
        cursor.execute(f"INSERT INTO {_WORDS_TABLE} (word) SELECT unnest(%s::text[]) "
                       "ON CONFLICT DO NOTHING", [words])


def index_article(article: Article) -> None:
    """Write one article's search columns from its text in force (on the instance)."""
    write_vectors([(article.pk, article.texts())])


def reindex(article_ids: Iterable[int] | None = None, *, batch: int = 500) -> int:
    """Write the search columns again from the stored text (all articles by default);
    the number of articles indexed."""
    queryset = Article.objects.order_by("pk")
    if article_ids is not None:
        queryset = queryset.filter(pk__in=list(article_ids))
    done = 0
    rows: list[tuple[int, dict[str, str]]] = []
    for values in queryset.values("pk", *Article.TEXT_FIELDS).iterator(chunk_size=batch):
        rows.append((values.pop("pk"), values))
        if len(rows) >= batch:
            write_vectors(rows)
            done, rows = done + len(rows), []
    write_vectors(rows)
    return done + len(rows)
