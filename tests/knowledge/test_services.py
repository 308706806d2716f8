"""knowledge.services: the review workflow, who may publish and archive, and bad input
refused with a clear message and nothing saved."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError

from knowledge import selectors, services
from knowledge.models import (
    Article,
    ArticleUse,
    ArticleVersion,
    ArticleVote,
    SearchWithoutResult,
)
from tests import factories
from tests.knowledge.articles import texts

pytestmark = pytest.mark.django_db

GOOD = texts(("Attestation de salaire", "Comment l'obtenir.", "En agence ou en ligne."),
             ("شهادة الأجر", "كيف تحصل عليها.", "في الوكالة أو عبر الإنترنت."))


def create(slug: str = "attestation-salaire", **overrides) -> Article:
    options = {"slug": slug, "topic": "records", "audience": "public", "texts": GOOD,
               "source": "Tests", "facts_date": date(2026, 1, 1), **overrides}
    return services.create_article(**options)


@pytest.fixture
def editor():
    user = factories.UserFactory(username="editrice")
    user.user_permissions.add(Permission.objects.get(codename="publish_article"))
    return user


@pytest.fixture
def writer():
    return factories.UserFactory(username="redacteur")


def test_the_review_workflow(writer, editor):
    article = create(by=writer)
    assert article.state == Article.State.DRAFT
    [first] = article.versions.all()
    assert (first.number, first.state, first.changed_by) == (1, "draft", writer)
    assert selectors.article_by_slug(article.slug) is None
    services.submit_for_review(first, by=writer)
    article.refresh_from_db()
    assert article.state == Article.State.IN_REVIEW
    services.publish_version(first, by=editor)
    article.refresh_from_db()
    first.refresh_from_db()
    assert (article.state, first.state, first.published_by) == ("published", "published",
                                                                editor)
    assert selectors.article_by_slug(article.slug) == article
    services.archive_article(article, by=editor)
    assert selectors.article_by_slug(article.slug) is None
    # published again from a new version
    second = services.edit_article(article, texts=GOOD, by=writer, note="Remise en ligne")
    services.publish_version(second, by=editor)
    assert selectors.article_by_slug(article.slug) is not None


def test_only_editors_publish_and_archive(writer, editor):
    article = create(by=writer)
    version = article.versions.get()
    services.submit_for_review(version, by=writer)
    with pytest.raises(PermissionDenied):
        services.publish_version(version, by=writer)
    with pytest.raises(PermissionDenied):
        services.publish_now(article, by=writer)
    version.refresh_from_db()
    article.refresh_from_db()
    assert (version.state, version.published_at, article.state) == (
        "in_review", None, "in_review")
    services.publish_version(version, by=editor)
    with pytest.raises(PermissionDenied):
        services.archive_article(article, by=writer)
    article.refresh_from_db()
    assert article.state == Article.State.PUBLISHED


def test_a_version_is_published_once(editor):
    article = create()
    version = article.versions.get()
    services.publish_version(version, by=editor)
    with pytest.raises(ValidationError):
        services.publish_version(version, by=editor)
    with pytest.raises(ValidationError):
        services.submit_for_review(version)


@pytest.mark.parametrize(("change", "message"), [
    ({"title_ar": ""}, "title_ar"),
    ({"body_ar": "   "}, "body_ar"),
    ({"summary_fr": ""}, "summary_fr"),
    ({"summary_fr": "x" * 301}, "300"),
    ({"summary_ar": "ب" * 301}, "300"),
    ({"title_fr": "x" * 201}, "200"),
])
def test_bad_texts_are_refused_with_nothing_saved(change, message):
    with pytest.raises(ValidationError, match=message):
        create(texts={**GOOD, **change})
    assert not Article.objects.exists() and not ArticleVersion.objects.exists()
    article = services.publish_now(create())
    with pytest.raises(ValidationError, match=message):
        services.edit_article(article, texts={**GOOD, **change})
    assert article.versions.count() == 1
    article.refresh_from_db()
    assert article.texts() == GOOD


def test_a_missing_text_key_is_refused():
    partial = {name: value for name, value in GOOD.items() if name != "body_ar"}
    with pytest.raises(ValidationError, match="body_ar"):
        create(texts=partial)
    assert not Article.objects.exists()


def test_a_summary_of_exactly_300_characters_is_accepted():
    article = create(texts={**GOOD, "summary_fr": "x" * 300})
    assert len(article.summary_fr) == 300


def test_other_bad_input_is_refused_with_nothing_saved():
    with pytest.raises(ValidationError):
        create(valid_from=date(2026, 6, 1), valid_until=date(2026, 5, 1))
    with pytest.raises(ValidationError):
        create(topic="astrology")
    with pytest.raises(ValidationError):
        create(slug="pas un slug !")
    create()
    with pytest.raises(ValidationError):
        create()                                # the slug is taken
    assert Article.objects.count() == 1 and ArticleVersion.objects.count() == 1


def test_usage_is_counted():
    article = services.publish_now(create())
    services.record_view(article)
    services.record_use(article, language="ar", ticket_id=None, agent_id=None)
    services.record_vote(article, helpful=True, language="fr")
    services.record_vote(article, helpful=False, language="xx")
    article.refresh_from_db()
    assert (article.view_count, article.use_count, article.helpful_count,
            article.unhelpful_count) == (1, 1, 1, 1)
    assert ArticleUse.objects.get().language == "ar"
    assert sorted(ArticleVote.objects.values_list("language", flat=True)) == ["fr", "fr"]


def test_searches_without_result_are_counted_once_per_words():
    services.record_search_without_result("  Pension   ORPHELIN ", language="fr", place="public")
    services.record_search_without_result("pension orphelin", language="fr", place="public")
    services.record_search_without_result("pension orphelin", language="ar", place="public")
    services.record_search_without_result("   ", language="fr", place="public")
    assert sorted(SearchWithoutResult.objects.values_list("query", "language", "count")) == [
        ("pension orphelin", "ar", 1), ("pension orphelin", "fr", 2)]


def test_bulk_publishing_writes_searchable_articles_with_their_versions():
    from knowledge.generated import generated_articles, publish_generated
    from knowledge.search import search_articles

    assert publish_generated(40) == 40
    assert Article.objects.filter(state=Article.State.PUBLISHED).count() == 40
    assert ArticleVersion.objects.filter(state="published", number=1).count() == 40
    assert list(generated_articles(3)) == list(generated_articles(3))  # the same each time
    slug, _topic, audience, texts_of = next(generated_articles(1))
    title_word = texts_of["title_fr"].split()[0]
    found = search_articles(title_word, language="fr", include_internal=True, limit=50)
    assert slug in {hit.slug for hit in found}
    assert search_articles(texts_of["title_ar"].split()[0], language="ar",
                           include_internal=True, limit=50)


def test_bulk_publishing_refuses_a_bad_article_and_saves_none():
    rows = [("un", "records", "public", GOOD),
            ("deux", "records", "public", {**GOOD, "body_ar": ""})]
    with pytest.raises(ValidationError, match="body_ar"):
        services.bulk_publish_articles(rows, source="Tests", facts_date=date(2026, 1, 1))
    assert not Article.objects.exists() and not ArticleVersion.objects.exists()


def test_reindexing_writes_the_vectors_again_from_the_text():
    from knowledge import search_index

    article = services.publish_now(create())
    Article.objects.filter(pk=article.pk).update(search_fr=None, search_ar=None)
    assert search_index.reindex() == 1
    vectors = Article.objects.values_list("search_fr", "search_ar").get(pk=article.pk)
    assert "'salair':3A" in vectors[0] and "اجر" in vectors[1]
