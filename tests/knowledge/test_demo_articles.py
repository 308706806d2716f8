"""The demo knowledge base (knowledge.demo_articles): its articles, their sources and the
relevance queries; and its seeding (knowledge.demo)."""

from __future__ import annotations

import re

import pytest

from contactcenter.org.demo_data import CATEGORIES
from knowledge import services
from knowledge.demo import seed_articles
from knowledge.demo_articles import ARTICLES, RELEVANCE_QUERIES, ArticleSpec
from knowledge.demo_articles.spec import CONFIRM_AR, CONFIRM_FR
from knowledge.models import Article, ArticleText, ArticleVersion, Topic
from tests import factories

REQUIRED_SLUGS = [
    "allocations-familiales", "aide-sanitaire-familiale", "indemnites-maladie",
    "indemnites-maternite", "conge-naissance", "allocation-deces", "pension-vieillesse",
    "retraite-anticipee", "pension-invalidite", "pension-survivants", "amo-ayants-droit",
    "amo-remboursement", "immatriculation-salarie", "affiliation-employeur",
    "declaration-salaires", "jours-non-declares", "cotisations-paiement", "penalites-retard",
    "changement-coordonnees", "changement-rib", "attestation-affiliation", "releve-carriere",
    "suivre-reclamation-sms", "delai-reclamation", "contester-decision", "documents-dossier",
    "agences-horaires", "conventions-internationales", "recouvrement-dette",
    "donnees-personnelles",
]
SLUGS = [spec.slug for spec in ARTICLES]
SOURCE_MAX_LENGTH = 300  # Article.source
ARABIC_LETTER = re.compile(r"[\u0621-\u064a]")
# A figure with a unit of money or a rate: the sources are from 2007, so the fund must
# confirm every such figure today.
# A list item followed by a plain line, without the blank line that ends the list.
LIST_THEN_TEXT = re.compile(r"^(?:- |\d+\. ).*\n(?![-#\s]|\d+\. )", re.M)
MONEY_OR_RATE_FR = re.compile(r"\d[\d\s,.]*\s?(?:DH|dirhams|%)")
MONEY_OR_RATE_AR = re.compile(r"\d[\d\s,.]*\s?(?:درهم|%)")


def test_every_required_article_is_there_once_among_at_least_thirty() -> None:
    assert sorted(set(REQUIRED_SLUGS) - set(SLUGS)) == []
    assert len(SLUGS) == len(set(SLUGS)) >= 30
    assert sum(spec.audience == "internal" for spec in ARTICLES) >= 3


@pytest.mark.parametrize("spec", ARTICLES, ids=SLUGS)
def test_an_article_is_complete_in_french_and_in_arabic(spec: ArticleSpec) -> None:
    assert spec.topic in Topic.values and spec.audience in Article.Audience.values
    for name in ArticleText.TEXT_FIELDS:
        assert getattr(spec, name).strip(), name
    for name in ("summary_fr", "summary_ar"):
        assert len(getattr(spec, name)) <= ArticleText.SUMMARY_MAX_LENGTH, name
    for name in ("title_fr", "title_ar"):
        assert len(getattr(spec, name)) <= ArticleText.TITLE_MAX_LENGTH, name
    assert len(spec.source) <= SOURCE_MAX_LENGTH
    for name in ("title_fr", "summary_fr"):  # (a body may quote an Arabic SMS keyword)
        assert not ARABIC_LETTER.search(getattr(spec, name)), name
    for name in ("title_ar", "summary_ar"):
        assert len(ARABIC_LETTER.findall(getattr(spec, name))) > len(getattr(spec, name)) / 2
    for body in (spec.body_fr, spec.body_ar):
        assert 80 <= len(body.split()) <= 250
        assert "\n## " in body  # short headed sections
        assert not LIST_THEN_TEXT.search(body)  # Markdown would fold it into the last item


@pytest.mark.parametrize("spec", ARTICLES, ids=SLUGS)
def test_a_body_ends_with_the_source_and_the_date_of_its_facts(spec: ArticleSpec) -> None:
    day = spec.facts_date.strftime("%d/%m/%Y")

    assert spec.body_fr.splitlines()[-1] == (
        f"*Source : {spec.source}. Date des faits les plus anciens : {day}.*")
    assert spec.body_ar.splitlines()[-1].startswith("*المصدر: ")
    assert spec.body_ar.splitlines()[-1].endswith(f"تاريخ أقدم المعطيات: {day}.*")


@pytest.mark.parametrize("spec", ARTICLES, ids=SLUGS)
def test_an_amount_or_a_rate_is_either_absent_or_to_be_confirmed(spec: ArticleSpec) -> None:
    """No article gives today's amount: a figure from the sources in DH or % is said to be
    confirmed by the fund, and so is an amount ("montant") given without a figure."""
    text_fr = spec.body_fr.rsplit("\n", 1)[0]  # without the source line
    text_ar = spec.body_ar.rsplit("\n", 1)[0]
    if MONEY_OR_RATE_FR.search(text_fr) or re.search(r"\bmontant", text_fr, re.I):
        assert CONFIRM_FR in text_fr
    if MONEY_OR_RATE_AR.search(text_ar) or "مبلغ" in text_ar:
        assert "تأكيد" in text_ar


def test_the_confirmation_phrases_are_the_ones_the_articles_use() -> None:
    assert sum(CONFIRM_FR in spec.body_fr for spec in ARTICLES) >= 25
    assert sum(CONFIRM_AR.split()[0] in spec.body_ar for spec in ARTICLES) >= 25


def test_every_category_of_an_article_is_a_demo_complaint_category() -> None:
    codes = {category.code for category in CATEGORIES}

    for spec in ARTICLES:
        assert spec.categories and set(spec.categories) <= codes, spec.slug


def test_relevance_queries_are_enough_in_both_languages_and_name_existing_articles() -> None:
    languages = [language for _, language, _ in RELEVANCE_QUERIES]

    assert len(RELEVANCE_QUERIES) >= 80 and languages.count("ar") >= 30
    assert set(languages) == {"fr", "ar"}
    assert {slug for _, _, slug in RELEVANCE_QUERIES} <= set(SLUGS)
    assert all(query.strip() for query, _, _ in RELEVANCE_QUERIES)
    assert len({(query, language) for query, language, _ in RELEVANCE_QUERIES}) == len(
        RELEVANCE_QUERIES)
    # The searches of the README's first tour.
    assert ("allocation", "fr", "allocations-familiales") in RELEVANCE_QUERIES
    assert ("retraite anticipee", "fr", "retraite-anticipee") in RELEVANCE_QUERIES
    assert ("تعويضات", "ar", "allocations-familiales") in RELEVANCE_QUERIES


def test_relevance_queries_try_the_forms_people_type() -> None:
    queries = [query for query, _, _ in RELEVANCE_QUERIES]

    assert any(re.search(r"[\u064b-\u0652]", query) for query in queries)  # harakat
    assert any(query.endswith(("ه", "ه ")) for query in queries)  # ta marbuta as ha
    assert "alocation familliale" in queries and "indemnite maternite" in queries
    assert "فلوس التقاعد ما وصلوش" in queries and "smiya" in queries


def _demo_categories() -> dict[str, int]:
    return {spec.code: factories.CategoryFactory(code=spec.code, audience=spec.audience).pk
            for spec in CATEGORIES}


@pytest.mark.django_db
def test_seeding_publishes_every_article_with_its_categories_and_twice_creates_none() -> None:
    category_ids = _demo_categories()

    assert seed_articles() == len(ARTICLES)
    assert seed_articles() == 0

    assert Article.objects.count() == len(ARTICLES)
    assert ArticleVersion.objects.count() == len(ARTICLES)
    assert set(Article.objects.values_list("state", flat=True)) == {Article.State.PUBLISHED}
    for spec in ARTICLES:
        article = Article.objects.get(slug=spec.slug)
        assert article.title_ar == spec.title_ar and article.body_fr == spec.body_fr
        assert (article.source, article.facts_date) == (spec.source, spec.facts_date)
        assert set(article.categories.values_list("pk", flat=True)) == {
            category_ids[code] for code in spec.categories}


@pytest.mark.django_db
def test_seeding_again_leaves_an_edited_article_as_its_editors_left_it() -> None:
    _demo_categories()
    seed_articles()
    article = Article.objects.get(slug="allocations-familiales")
    texts = dict(article.texts(), title_fr="Allocations familiales (revu)")
    services.publish_version(services.edit_article(article, texts=texts), by=None)

    assert seed_articles() == 0

    article.refresh_from_db()
    assert article.title_fr == "Allocations familiales (revu)"
    assert article.versions.count() == 2


@pytest.mark.django_db
def test_seeding_refuses_an_unknown_category_and_creates_nothing() -> None:
    _demo_categories()
    stray = ARTICLES[0]._replace(slug="stray", categories=("no-such-category",))

    with pytest.raises(ValueError, match="no-such-category"):
        seed_articles([ARTICLES[1], stray])

    assert not Article.objects.exists()


@pytest.mark.django_db
def test_seeding_without_the_categories_says_to_seed_them_first() -> None:
    with pytest.raises(ValueError, match="seed the categories first"):
        seed_articles()

    assert not Article.objects.exists()
