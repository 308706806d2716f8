"""The demo knowledge base: at least 30 articles in French and Arabic (ARTICLES) and the
searches a caller or an agent would type with the article each should find in the top three
(RELEVANCE_QUERIES). knowledge.demo seeds the articles; the relevance tests run the queries.

The articles are grouped by subject in the modules beside this one; spec.py says where their
facts come from.
"""

from __future__ import annotations

from knowledge.demo_articles import (
    benefits,
    complaints,
    contributions,
    health,
    pensions,
    records,
    registration,
    rights,
)
from knowledge.demo_articles.queries import RELEVANCE_QUERIES
from knowledge.demo_articles.spec import ArticleSpec

ARTICLES: list[ArticleSpec] = [
    *benefits.ARTICLES, *pensions.ARTICLES, *health.ARTICLES, *registration.ARTICLES,
    *contributions.ARTICLES, *records.ARTICLES, *complaints.ARTICLES, *rights.ARTICLES,
]

__all__ = ["ARTICLES", "RELEVANCE_QUERIES", "ArticleSpec"]
