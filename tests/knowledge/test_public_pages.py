"""The public help pages (/aide/): topics, articles in French and in Arabic, search, "was
this helpful?", and the links to them from the status page and the chat page."""

from __future__ import annotations

import pytest
from django.test import Client

from knowledge import public_views
from knowledge import services as knowledge_services
from knowledge.models import Article, ArticleVote, SearchWithoutResult
from tests.knowledge.sample_articles import article

pytestmark = pytest.mark.django_db


def arabic_client() -> Client:
    client = Client()
    client.cookies["django_language"] = "ar"
    return client


@pytest.fixture
def family():
    return article(
        "allocations-familiales", title="Allocations familiales",
        summary="Les allocations familiales sont versées chaque mois pour vos enfants.",
        body="Les **allocations** sont versées par enfant.\n\n- jusqu'à six enfants",
        title_ar="التعويضات العائلية", summary_ar="تصرف التعويضات العائلية كل شهر.",
        body_ar="تصرف **التعويضات** عن كل طفل.")


@pytest.fixture
def others(family):
    return {
        "birth": article("conge-naissance", title="Congé de naissance", topic="family"),
        "internal": article("controle-interne", title="Contrôle interne des allocations",
                            audience=Article.Audience.INTERNAL),
        "pension": article("pension-vieillesse", title="Pension de vieillesse",
                           topic="pensions"),
        "draft": article("projet-aide", title="Projet d'aide familiale", publish=False),
    }


def test_the_home_page_lists_the_topics_holding_public_articles(others) -> None:
    article("procedure-agents", title="Procédure des agents", topic="records",
            audience=Article.Audience.INTERNAL)
    html = Client().get("/aide/").content.decode()
    assert 'href="/aide/themes/family/"' in html and 'href="/aide/themes/pensions/"' in html
    assert "/aide/themes/records/" not in html  # only an internal article there
    assert 'action="/aide/recherche/"' in html and 'type="search"' in html


def test_a_topic_lists_its_public_articles_only(others) -> None:
    response = Client().get("/aide/themes/family/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Allocations familiales" in html and "Congé de naissance" in html
    assert "Contrôle interne" not in html and "Projet d" not in html
    assert "Pension de vieillesse" not in html
    assert Client().get("/aide/themes/nothing/").status_code == 404


def test_the_article_page_shows_its_rendered_body_its_source_and_dates(family,
                                                                        others) -> None:
    response = Client().get("/aide/allocations-familiales/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<strong>allocations</strong>" in html and "<li>jusqu" in html
    assert "Dahir n° 1-72-184, article 40" in html
    assert 'datetime="2026-01-15"' in html  # the date of its facts
    assert 'href="/aide/conge-naissance/"' in html  # the same topic's
    assert "pension-vieillesse" not in html and "controle-interne" not in html
    family.refresh_from_db()
    assert family.view_count == 1


def test_the_arabic_page_is_right_to_left_with_the_arabic_text(family) -> None:
    html = arabic_client().get("/aide/allocations-familiales/").content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "التعويضات العائلية" in html and "<strong>التعويضات</strong>" in html
    assert "Les allocations familiales sont versées" not in html


def test_script_in_a_body_is_never_rendered() -> None:
    article("piege", title="Piège", body="Texte <script>alert(1)</script> "
            "[lien](javascript:alert(2)) <img src=x onerror=alert(3)>")
    html = Client().get("/aide/piege/").content.decode()
    body = html[html.index('class="help-article-body"'):]
    body = body[:body.index("</div>")]
    assert "<script" not in body and "javascript:" not in body and "onerror" not in body


def test_internal_draft_archived_and_unknown_articles_are_not_found(others) -> None:
    knowledge_services.archive_article(others["pension"])
    for slug in ("controle-interne", "projet-aide", "pension-vieillesse", "inconnu"):
        assert Client().get(f"/aide/{slug}/").status_code == 404
    assert Article.objects.filter(view_count__gt=0).count() == 0


def test_a_vote_is_counted_once_per_session_with_thanks(family) -> None:
    client = Client()
    response = client.post("/aide/allocations-familiales/vote/", {"helpful": "yes"},
                           follow=True)
    assert response.status_code == 200
    assert "Merci" in response.content.decode()
    client.post("/aide/allocations-familiales/vote/", {"helpful": "no"})
    family.refresh_from_db()
    assert (family.helpful_count, family.unhelpful_count) == (1, 0)
    assert ArticleVote.objects.get().helpful is True
    # The page no longer offers the buttons in that session.
    html = client.get("/aide/allocations-familiales/").content.decode()
    assert 'name="helpful"' not in html


def test_a_vote_without_a_clear_answer_is_refused_and_nothing_saved(family) -> None:
    response = Client().post("/aide/allocations-familiales/vote/", {"helpful": "maybe"})
    assert response.status_code == 422
    assert not ArticleVote.objects.exists()
    family.refresh_from_db()
    assert family.helpful_count == family.unhelpful_count == 0


def test_votes_need_the_csrf_token(family) -> None:
    client = Client(enforce_csrf_checks=True)
    assert client.post("/aide/allocations-familiales/vote/",
                       {"helpful": "yes"}).status_code == 403
    assert not ArticleVote.objects.exists()


def test_votes_from_one_address_are_limited(family, others, monkeypatch) -> None:
    from django.core.cache import cache

    cache.clear()
    monkeypatch.setattr(public_views, "VOTES_PER_ADDRESS", 2)
    answers = [Client().post(f"/aide/{slug}/vote/", {"helpful": "yes"}).status_code
               for slug in ("allocations-familiales", "conge-naissance", "pension-vieillesse")]
    assert answers == [302, 302, 429]
    assert ArticleVote.objects.count() == 2
    cache.clear()


def test_search_finds_public_articles_and_notes_searches_without_result(others) -> None:
    html = Client().get("/aide/recherche/", {"q": "pension vieillesse"}).content.decode()
    assert 'href="/aide/pension-vieillesse/"' in html
    assert "controle-interne" not in Client().get(
        "/aide/recherche/", {"q": "contrôle interne"}).content.decode()
    Client().get("/aide/recherche/", {"q": "Chameau  volant"})
    Client().get("/aide/recherche/", {"q": "chameau volant"})
    missed = SearchWithoutResult.objects.get(query="chameau volant")
    assert (missed.place, missed.language, missed.count) == ("public", "fr", 2)


def test_an_arabic_search_reads_the_arabic_texts(family) -> None:
    html = arabic_client().get("/aide/recherche/", {"q": "طفل"}).content.decode()
    assert 'href="/aide/allocations-familiales/"' in html and "التعويضات العائلية" in html


def test_the_status_page_and_the_chat_page_link_to_the_help_pages() -> None:
    assert 'href="/aide/"' in Client().get("/suivi/").content.decode()
    assert 'href="/aide/"' in Client().get("/chat/").content.decode()


def test_an_article_knows_its_public_address(family) -> None:
    assert family.get_absolute_url() == "/aide/allocations-familiales/"
