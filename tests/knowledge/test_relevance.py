"""Relevance on the demo knowledge base: every query of
knowledge.demo_articles.RELEVANCE_QUERIES (French and Arabic, typos, no accents, with and
without Arabic diacritics, plurals, colloquial words) finds its article in the top three,
as a member of the public (public articles only) and as staff."""

from __future__ import annotations

import pytest

from contactcenter.org.demo_data import CATEGORIES
from knowledge.demo import seed_articles
from knowledge.demo_articles import ARTICLES, RELEVANCE_QUERIES
from knowledge.search import search_articles
from tests import factories

TOP = 3


@pytest.fixture(scope="module")
def demo_knowledge_base(django_db_setup, django_db_blocker):
    """The demo articles, seeded once for the module (and removed after it)."""
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            for spec in CATEGORIES:
                factories.CategoryFactory(code=spec.code, audience=spec.audience,
                                          label_fr=spec.label_fr, label_ar=spec.label_ar)
            seed_articles()
            yield
            transaction.set_rollback(True)


def test_the_demo_queries_cover_the_issue():
    languages = {language for _query, language, _slug in RELEVANCE_QUERIES}
    assert len(RELEVANCE_QUERIES) >= 40 and languages == {"fr", "ar"}
    slugs = {spec.slug for spec in ARTICLES}
    assert {slug for _query, _language, slug in RELEVANCE_QUERIES} <= slugs


@pytest.mark.parametrize(("query", "language", "slug"), RELEVANCE_QUERIES,
                         ids=[f"{language}-{query}" for query, language, _slug
                              in RELEVANCE_QUERIES])
def test_query_finds_its_article_in_the_top_three(demo_knowledge_base, query, language,
                                                  slug):
    audience = {spec.slug: spec.audience for spec in ARTICLES}[slug]
    found = [hit.slug for hit in search_articles(
        query, language=language, include_internal=audience == "internal")]
    assert slug in found[:TOP], found
