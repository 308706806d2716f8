"""knowledge.search.search_articles on a small knowledge base (tests/knowledge/articles.py):
what each kind of query finds, the filters, the ranking, and what it does with bad input."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from knowledge import search, services
from knowledge.models import Article, SearchWithoutResult
from knowledge.search import search_articles
from tests import factories
from tests.knowledge.articles import texts

pytestmark = pytest.mark.django_db


def slugs(query: str, language: str = "fr", **options) -> list[str]:
    return [hit.slug for hit in search_articles(query, language=language, **options)]


@pytest.mark.parametrize(("query", "expected"), [
    ("allocations", "allocations-familiales"),          # French stemming: plural
    ("allocation familiale", "allocations-familiales"),
    ("l'allocation des enfants", "allocations-familiales"),
    ("PÉNALITÉS", "penalites-retard"),                    # case and accents
    ("penalite", "penalites-retard"),
    ("retraite anticipee", "retraite-anticipee"),
    ("remboursement medicaments", "amo-remboursement"),
    ("indemnite journaliere maladie", "indemnites-maladie"),
])
def test_french_words_find_their_article_first(knowledge_base, query, expected):
    assert slugs(query)[0] == expected


@pytest.mark.parametrize(("query", "expected"), [
    ("تعويضات", "allocations-familiales"),                 # without the article
    ("التَّعْوِيضَاتُ العَائِلِيَّة", "allocations-familiales"),   # with diacritics
    ("بالتعويضات العائلية", "allocations-familiales"),     # attached preposition
    ("شهاده الانخراط", "attestation-affiliation"),         # ta marbuta written as ha
    ("شهادة الإنخراط", "attestation-affiliation"),         # alif with hamza
    ("معاشي", "pension-vieillesse"),                       # possessive ending
    ("التقاعد المبكر", "retraite-anticipee"),
    ("غرامات التاخير", "penalites-retard"),                # alif without hamza
])
def test_arabic_words_find_their_article_first(knowledge_base, query, expected):
    assert slugs(query, "ar")[0] == expected


@pytest.mark.parametrize(("query", "expected"), [
    ("alocation", "allocations-familiales"),
    ("retraitte anticipee", "retraite-anticipee"),
    ("penalites de retar", "penalites-retard"),
    ("atestation dafiliation", "attestation-affiliation"),
    ("التعويضاة العاءلية", "allocations-familiales"),
])
def test_misspelt_words_still_find_the_article(knowledge_base, query, expected):
    assert expected in slugs(query, "ar" if query[0] > "z" else "fr")[:3]


def test_the_text_comes_in_the_language_asked(knowledge_base):
    [hit_fr] = search_articles("allocations", language="fr", limit=1)
    [hit_ar] = search_articles("allocations", language="ar", limit=1)
    assert (hit_fr.title, hit_ar.title) == ("Allocations familiales", "التعويضات العائلية")
    assert hit_ar.summary.startswith("تُصرف")
    assert "allocations-familiales" in slugs("التعويضات", "fr")


def test_scores_read_best_first_even_with_the_typo_step(knowledge_base):
    for query in ("retraite anticipee", "retraitte", "allocation enfant"):
        scores = [hit.score for hit in search_articles(query, language="fr")]
        assert scores == sorted(scores, reverse=True)
        assert all(score > 0 for score in scores)


def test_internal_articles_only_for_staff(knowledge_base):
    assert "procedure-interne-controle" not in slugs("controle des dossiers")
    assert slugs("controle des dossiers", include_internal=True)[0] == (
        "procedure-interne-controle")


def test_topic_filter(knowledge_base):
    assert set(slugs("retraite", topic="pensions")) == {"retraite-anticipee",
                                                         "pension-vieillesse"}
    assert slugs("retraite", topic="family") == []


def test_only_published_articles_in_force_are_found(knowledge_base):
    assert "ancienne-regle-archivee" not in slugs("ancienne regle")
    draft = services.create_article(
        slug="brouillon", topic="pensions", audience="public",
        texts=texts(("Brouillon zebre", "Résumé", "Corps"), ("مسودة", "ملخص", "نص")),
        source="Tests", facts_date=date(2026, 1, 1))
    assert slugs("zebre") == []
    services.publish_now(draft)
    assert slugs("zebre") == ["brouillon"]
    today = timezone.localdate()
    Article.objects.filter(slug="brouillon").update(valid_until=today - timedelta(days=1))
    assert slugs("zebre") == []
    Article.objects.filter(slug="brouillon").update(valid_until=None,
                                                    valid_from=today + timedelta(days=1))
    assert slugs("zebre") == []


def test_a_published_edit_is_searched_once_published(knowledge_base):
    article = knowledge_base["changement-rib"]
    version = services.edit_article(article, texts={
        **article.texts(), "title_fr": "Changer de RIB ou de wallet mobile"})
    assert slugs("wallet") == []            # the draft is not the text in force
    assert slugs("bancaire")[0] == "changement-rib"
    services.publish_version(version)
    assert slugs("wallet") == ["changement-rib"]


def test_a_draft_never_published_is_indexed_as_it_is_edited(db):
    article = services.create_article(
        slug="nouveau", topic="records", audience="public",
        texts=texts(("Girafe", "Résumé", "Corps"), ("زرافة", "ملخص", "نص")),
        source="Tests", facts_date=date(2026, 1, 1))
    services.edit_article(article, texts={**article.texts(), "title_fr": "Okapi"})
    vector = Article.objects.values_list("search_fr", flat=True).get(pk=article.pk)
    assert "okap" in vector and "giraf" not in vector


def test_category_boost_and_category_alone(knowledge_base):
    category = factories.CategoryFactory(code="pension-late")
    knowledge_base["pension-vieillesse"].categories.add(category)
    assert slugs("retraite")[0] == "retraite-anticipee"
    assert slugs("retraite", category_id=category.pk)[0] == "pension-vieillesse"
    assert slugs("", category_id=category.pk) == ["pension-vieillesse"]
    assert slugs("") == []


def test_limit(knowledge_base):
    assert len(search_articles("la", language="fr", limit=1)) <= 1
    assert len(search_articles("tous les droits des salaries", language="fr",
                               limit=2)) <= 2


def test_searches_without_result_are_counted_where_asked(knowledge_base):
    assert search_articles("Xylophone quantique", language="fr", place="desk") == []
    search_articles("xylophone   QUANTIQUE", language="fr", place="desk")
    search_articles("xylophone quantique", language="fr")            # no place: not counted
    search_articles("allocations", language="fr", place="desk")      # found: not counted
    row = SearchWithoutResult.objects.get()
    assert (row.query, row.language, row.place, row.count) == (
        "xylophone quantique", "fr", "desk", 2)


@pytest.mark.parametrize("query", [
    "", "   ", "!!! ??? ---", "a & b | !c", "'; DROP TABLE knowledge_article; --",
    "allocation:* <-> (retraite)", "\x00allocation", "x" * 5000, "allocation " * 500,
])
def test_any_input_is_read_as_words(knowledge_base, query):
    hits = search_articles(query, language="fr")
    assert isinstance(hits, list)
    assert Article.objects.count() == len(knowledge_base)


def test_a_search_costs_one_query_or_at_most_five_with_corrections(knowledge_base):
    with CaptureQueriesContext(connection) as found:
        assert len(search_articles("التعويضات", language="ar")) >= search.MIN_HITS
    with CaptureQueriesContext(connection) as typo:
        search_articles("alocation familliale enfents", language="fr")
    assert len(found) == 1
    # every word, the corrections, every corrected word, two of them, any of them
    assert 2 <= len(typo) <= 5


def test_words_no_article_holds_nor_resembles_are_dropped(knowledge_base):
    assert slugs("salam bghit allocations familiales 3afak")[0] == "allocations-familiales"
    assert slugs("السلام بغيت معاش الشيخوخة")[0] == "pension-vieillesse"
    assert slugs("zxqw") == []


def test_misspelt_words_are_corrected_to_the_articles_words(knowledge_base):
    assert search._corrected(search._searched_words("alocation retraitte zxqw")) == (
        search.Words(other="allocation retraite", arabic=""))


def test_common_arabic_words_alone_find_nothing(knowledge_base):
    assert search.search_articles("في من على", language="ar") == []


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)),
                     max_size=80),
       language=st.sampled_from(["fr", "ar", "en", ""]))
def test_any_text_in_any_language_gives_a_list_best_first(knowledge_base, query, language):
    hits = search_articles(query, language=language, limit=5)
    assert len(hits) <= 5
    assert [hit.score for hit in hits] == sorted((hit.score for hit in hits), reverse=True)
    assert all(hit.audience == "public" for hit in hits)


@pytest.mark.parametrize(("text", "language", "expected"), [
    ("Bonjour, mes allocations familiales ne sont plus versées depuis trois mois pour mes "
     "deux enfants scolarisés, pouvez-vous vérifier mon dossier svp", "fr",
     "allocations-familiales"),
    ("السلام عليكم لم أتوصل بالتعويضات العائلية عن أطفالي منذ ثلاثة أشهر المرجو التحقق",
     "ar", "allocations-familiales"),
    ("Mon employeur n'a pas déclaré tous mes jours de travail l'année dernière", "fr",
     "jours-non-declares"),
])
def test_a_complaints_text_suggests_its_article_first(knowledge_base, text, language,
                                                      expected):
    assert slugs(text, language)[0] == expected
