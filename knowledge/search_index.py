"""Keeping the articles' search columns (Article.search_fr, search_ar, search_titles) in
step with their text in force. Called by knowledge.services whenever that text changes
(an article created, its draft edited before it was first published, a version
published) and by the bulk paths; knowledge.search reads the columns.

The words go through tickets.search.words_of, the complaints' search's own folding: case,
accents, Arabic diacritics, the forms of alif, alif maqsura and ta marbuta, tatweel; Arabic
words lightly stemmed (the article, attached prepositions, common endings). The same
function folds the words searched, so both sides always agree. Words in Latin script go
through PostgreSQL's 'french' configuration (stemmed: "allocations" and "allocation" are
one lexeme), words in Arabic script through 'simple' (PostgreSQL has no Arabic stemmer:
the light stemming above stands for it). Each language's vector weighs its title A, its
summary B and its body C.

`search_titles` holds the folded titles and summaries of both languages: the trigram
index on it finds an article whose title a query misspells ("alocation").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connection

from contactcenter.customers.text import fold
from knowledge.models import Article
from tickets.search import words_of

_TABLE = Article._meta.db_table
LATIN_CONFIG, ARABIC_CONFIG = "french", "simple"
# The weight of each part of an article's text in a language's vector.
PART_WEIGHTS = (("title", "A"), ("summary", "B"), ("body", "C"))
LANGUAGES = ("fr", "ar")


def _part_sql(weight: str, latin: str, arabic: str) -> str:
    return (f"setweight(to_tsvector('{LATIN_CONFIG}', {latin}) "
            f"|| to_tsvector('{ARABIC_CONFIG}', {arabic}), '{weight}')")


def _vector_sql(column_prefix: str) -> str:
    """The SQL of one language's vector from six text columns of an unnest()."""
    return " || ".join(_part_sql(weight, f"{column_prefix}{n}l", f"{column_prefix}{n}a")
                       for n, (_part, weight) in enumerate(PART_WEIGHTS))


def titles_text(texts: dict[str, str]) -> str:
    """The folded titles and summaries of both languages (what typos are matched on)."""
    return fold(" ".join(texts[f"{part}_{lang}"] for lang in LANGUAGES
                         for part in ("title", "summary")))


def _columns(rows: Sequence[tuple[int, dict[str, str]]]) -> list[list[object]]:
    """The unnest() arrays: ids, then per language and part the Latin and Arabic words,
    then the titles' text."""
    columns: list[list[object]] = [[pk for pk, _texts in rows]]
    for lang in LANGUAGES:
        for part, _weight in PART_WEIGHTS:
            latin: list[object] = []
            arabic: list[object] = []
            for _pk, texts in rows:
                words = words_of(texts[f"{part}_{lang}"])
                latin.append(words.other)
                arabic.append(words.arabic)
            columns += [latin, arabic]
    columns.append([titles_text(texts) for _pk, texts in rows])
    return columns


def write_vectors(rows: Sequence[tuple[int, dict[str, str]]]) -> None:
    """Write the search columns of these articles from the texts given (id, the six
    texts by field name: Article.TEXT_FIELDS), in one statement."""
    if not rows:
        return
    names = ["id"] + [f"{lang}{n}{script}" for lang in LANGUAGES
                      for n in range(len(PART_WEIGHTS)) for script in "la"] + ["titles"]
    types = ["bigint"] + ["text"] * (len(names) - 1)
    arrays = ", ".join(f"%s::{kind}[]" for kind in types)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {_TABLE} AS a SET search_fr = {_vector_sql('v.fr')}, "
            f"search_ar = {_vector_sql('v.ar')}, search_titles = v.titles "
            f"FROM unnest({arrays}) AS v({', '.join(names)}) WHERE a.id = v.id",
            _columns(rows))


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
