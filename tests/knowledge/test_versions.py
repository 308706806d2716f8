"""The text in force on a past date is the one that was published by the end of that day,
whatever was published, edited or drafted since (knowledge.selectors.text_in_force)."""

from __future__ import annotations

from datetime import date, datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest

from knowledge import selectors, services
from knowledge.models import Article, ArticleVersion
from tests.knowledge.articles import texts

pytestmark = pytest.mark.django_db
CASABLANCA = ZoneInfo("Africa/Casablanca")


def at(year: int, month: int, day: int, hour: int = 10, minute: int = 0):
    """services see this moment as now (Casablanca time)."""
    return mock.patch("django.utils.timezone.now",
                      return_value=datetime(year, month, day, hour, minute, tzinfo=CASABLANCA))


def rule(days: str) -> dict[str, str]:
    return texts((f"Retraite anticipée : {days} jours", "Conditions.", f"Il faut {days} jours."),
                 (f"التقاعد المبكر: {days} يوم", "الشروط.", f"يجب {days} يوم."))


@pytest.fixture
def history():
    """Three publications (10 January, 5 March, 4 June at 23:30) and a later draft."""
    with at(2026, 1, 2):
        article = services.create_article(slug="retraite-anticipee", topic="pensions",
                                          audience="public", texts=rule("3 000"),
                                          source="Tests", facts_date=date(2026, 1, 1))
    with at(2026, 1, 10):
        services.publish_now(article)
    with at(2026, 3, 1):
        second = services.edit_article(article, texts=rule("3 240"), note="Nouveau seuil")
    with at(2026, 3, 5):
        services.publish_version(second)
    with at(2026, 6, 1):
        third = services.edit_article(article, texts=rule("3 500"))
        services.submit_for_review(third)
    with at(2026, 6, 4, 23, 30):
        services.publish_version(third)
    with at(2026, 7, 1):
        services.edit_article(article, texts=rule("9 999"), note="Brouillon")
    return Article.objects.get(pk=article.pk)


@pytest.mark.parametrize(("day", "days"), [
    (date(2026, 1, 9), None),            # not yet published
    (date(2026, 1, 10), "3 000"),
    (date(2026, 3, 4), "3 000"),         # the second version was written, not published
    (date(2026, 3, 5), "3 240"),
    (date(2026, 6, 3), "3 240"),
    (date(2026, 6, 4), "3 500"),         # published late that evening, Casablanca time
    (date(2026, 12, 31), "3 500"),       # the later draft is not in force
])
def test_text_in_force_on_a_past_date(history, day, days):
    version = selectors.text_in_force(history, day)
    if days is None:
        assert version is None
    else:
        assert version is not None
        assert version.title_fr == f"Retraite anticipée : {days} jours"
        assert version.body_ar == f"يجب {days} يوم."


def test_the_article_shows_the_last_published_text_and_keeps_every_version(history):
    assert history.title_fr == "Retraite anticipée : 3 500 jours"
    states = list(history.versions.order_by("number").values_list("number", "state"))
    assert states == [(1, ArticleVersion.State.REPLACED), (2, ArticleVersion.State.REPLACED),
                      (3, ArticleVersion.State.PUBLISHED), (4, ArticleVersion.State.DRAFT)]
    second = history.versions.get(number=2)
    assert second.note == "Nouveau seuil"
    assert second.published_at == datetime(2026, 3, 5, 10, tzinfo=CASABLANCA)


def test_the_search_reads_the_text_in_force_only(history):
    from knowledge.search import search_articles

    [hit] = search_articles("retraite anticipee", language="fr")
    assert hit.title == "Retraite anticipée : 3 500 jours"
    assert search_articles("999", language="fr") == []       # only in the later draft


@pytest.mark.parametrize(("asked", "shown", "hidden"), [
    ("", "3 500", "3 240"),                  # today's text
    ("2026-03-04", "3 000", "3 240"),
    ("2026-03-05", "3 240", "3 500"),
])
def test_the_help_page_shows_the_text_in_force_on_the_day_asked(history, client, asked,
                                                                 shown, hidden):
    response = client.get("/aide/retraite-anticipee/", {"date": asked} if asked else {})
    html = response.content.decode()
    assert response.status_code == 200
    assert f"Il faut {shown} jours." in html and f"Il faut {hidden} jours." not in html
    assert "9 999" not in html  # a draft is never shown
    assert ("Le texte en vigueur le" in html) == bool(asked)


def test_before_its_first_publication_the_page_says_so(history, client):
    html = client.get("/aide/retraite-anticipee/", {"date": "2026-01-09"}).content.decode()
    assert "pas encore publié" in html and "Il faut 3 500 jours." in html


@pytest.mark.parametrize("asked", ["hier", "2026-02-30", "2999-01-01", "2026-3-5"])
def test_a_day_not_understood_or_to_come_is_refused_clearly(history, client, asked):
    response = client.get("/aide/retraite-anticipee/", {"date": asked})
    assert response.status_code == 400
    assert "AAAA-MM-JJ" in response.content.decode()
    assert Article.objects.get(pk=history.pk).view_count == 0  # not counted as a read
