"""The knowledge base through the API: search (anonymous callers find the public articles,
agents the internal ones too; bad input answers 400 by field; anonymous callers are
throttled; a search finding nothing is counted), usage (agents only), and template
placeholders refused in what the API sends to customers."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.cache import cache
from django.utils import translation
from rest_framework.test import APIClient

from contactcenter.api import knowledge_views
from contactcenter.org.models import Agent
from knowledge import services as knowledge_services
from knowledge.models import Article, SearchWithoutResult
from tests.api.conftest import api_client_for
from tickets import services
from tickets.models import Category, OutboxMessage, State, Ticket

pytestmark = pytest.mark.django_db
SEARCH = "/api/v1/knowledge/search/"
USAGE = "/api/v1/knowledge/usage/"


@pytest.fixture(autouse=True)
def _fresh_throttle():
    """The anonymous throttle counts in the cache (Redis, shared by test runs)."""
    cache.clear()
    yield
    cache.clear()


def _article(slug: str, title_fr: str, *, audience: str = Article.Audience.PUBLIC,
             topic: str = "family", title_ar: str = "التعويضات العائلية") -> Article:
    article = knowledge_services.create_article(
        slug=slug, topic=topic, audience=audience, source="Étude 2026",
        facts_date=date(2026, 1, 1),
        texts={"title_fr": title_fr, "summary_fr": f"Résumé : {title_fr}.",
               "body_fr": f"{title_fr}. Pièces à fournir et délais.",
               "title_ar": title_ar, "summary_ar": f"ملخص {title_ar}",
               "body_ar": f"{title_ar} الوثائق والآجال"})
    return knowledge_services.publish_now(article)


@pytest.fixture
def articles() -> None:
    _article("allocations-familiales", "Allocations familiales")
    _article("allocation-deces", "Allocation au décès", topic="short_term",
             title_ar="منحة الوفاة")
    _article("allocations-bareme-interne", "Barème interne des allocations familiales",
             audience=Article.Audience.INTERNAL)
    draft = knowledge_services.create_article(
        slug="allocations-brouillon", topic="family", audience="public", source="x",
        facts_date=date(2026, 1, 1),
        texts={name: "Allocations brouillon" for name in Article.TEXT_FIELDS})
    assert draft.state == Article.State.DRAFT


# --- Search ----------------------------------------------------------------------------------

def test_anonymous_callers_find_public_published_articles_best_first(articles) -> None:
    response = APIClient().get(SEARCH, {"q": "allocations familiales", "language": "fr"})
    assert response.status_code == 200
    hits = response.json()
    assert [hit["slug"] for hit in hits][:1] == ["allocations-familiales"]
    assert {hit["slug"] for hit in hits} <= {"allocations-familiales", "allocation-deces"}
    assert set(hits[0]) == {"slug", "title", "summary", "score"}
    assert hits[0]["title"] == "Allocations familiales"
    scores = [hit["score"] for hit in hits]
    assert scores == sorted(scores, reverse=True) and scores[0] > 0


def test_agents_also_find_internal_articles(articles, agent: Agent) -> None:
    response = api_client_for(agent).get(SEARCH, {"q": "barème allocations"})
    assert "allocations-bareme-interne" in [hit["slug"] for hit in response.json()]
    anonymous = APIClient().get(SEARCH, {"q": "barème allocations"}).json()
    assert "allocations-bareme-interne" not in [hit["slug"] for hit in anonymous]


def test_arabic_search_answers_in_arabic(articles) -> None:
    hits = APIClient().get(SEARCH, {"q": "ملخص", "language": "ar"}).json()
    titles = {hit["slug"]: hit["title"] for hit in hits}
    assert titles == {"allocations-familiales": "التعويضات العائلية",
                      "allocation-deces": "منحة الوفاة"}
    assert hits[0]["summary"].startswith("ملخص")


def test_the_topic_filter(articles) -> None:
    hits = APIClient().get(SEARCH, {"q": "allocation", "topic": "short_term"}).json()
    assert [hit["slug"] for hit in hits] == ["allocation-deces"]


@pytest.mark.parametrize(("params", "field"), [
    ({}, "q"), ({"q": "   "}, "q"), ({"q": "x" * 201}, "q"),
    ({"q": "allocation", "language": "en"}, "language"),
    ({"q": "allocation", "topic": "nowhere"}, "topic"),
])
def test_bad_input_answers_400_by_field(params: dict[str, str], field: str) -> None:
    response = APIClient().get(SEARCH, params)
    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert not SearchWithoutResult.objects.exists()


def test_a_search_finding_nothing_is_counted_for_the_editors() -> None:
    for _ in range(2):
        assert APIClient().get(SEARCH, {"q": "  Vignette   AUTO "}).json() == []
    row = SearchWithoutResult.objects.get()
    assert (row.query, row.language, row.place, row.count) == ("vignette auto", "fr", "api", 2)


def test_a_search_finding_something_is_not_counted(articles) -> None:
    assert APIClient().get(SEARCH, {"q": "allocations"}).json()
    assert not SearchWithoutResult.objects.exists()


def test_anonymous_callers_are_throttled_agents_are_not(articles, agent: Agent,
                                                        monkeypatch) -> None:
    monkeypatch.setattr(knowledge_views.AnonymousSearchThrottle, "rate", "3/min")
    anonymous = APIClient()
    answers = [anonymous.get(SEARCH, {"q": "allocations"}).status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    assert "detail" in anonymous.get(SEARCH, {"q": "allocations"}).json()
    staff = api_client_for(agent)
    assert {staff.get(SEARCH, {"q": "allocations"}).status_code for _ in range(5)} == {200}


def test_a_bad_token_is_refused_rather_than_served_as_anonymous() -> None:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    assert client.get(SEARCH, {"q": "allocations"}).status_code == 401


# --- Usage -----------------------------------------------------------------------------------

def test_usage_is_for_agents_only() -> None:
    assert APIClient().get(USAGE).status_code == 401


def test_usage_per_article_and_searches_without_result(articles, agent: Agent) -> None:
    article = Article.objects.get(slug="allocation-deces")
    for _ in range(3):
        knowledge_services.record_view(article)
    knowledge_services.record_use(article, language="fr")
    knowledge_services.record_vote(article, helpful=True, language="ar")
    knowledge_services.record_vote(article, helpful=False, language="fr")
    knowledge_services.record_search_without_result("vignette", language="fr", place="desk")
    knowledge_services.record_search_without_result("vignette", language="fr", place="desk")
    knowledge_services.record_search_without_result("رخصة", language="ar", place="public")
    body = api_client_for(agent).get(USAGE).json()
    assert body["articles"][0] == {"slug": "allocation-deces", "views": 3, "uses": 1,
                                   "helpful": 1, "unhelpful": 1}
    assert len(body["articles"]) == Article.objects.count()
    assert [(row["query"], row["place"], row["count"])
            for row in body["searches_without_result"]] == [("vignette", "desk", 2),
                                                             ("رخصة", "public", 1)]
    limited = api_client_for(agent).get(USAGE, {"limit": 1}).json()
    assert len(limited["articles"]) == len(limited["searches_without_result"]) == 1


@pytest.mark.parametrize("limit", ["0", "1001", "many"])
def test_usage_refuses_a_bad_limit(agent: Agent, limit: str) -> None:
    response = api_client_for(agent).get(USAGE, {"limit": limit})
    assert response.status_code == 400 and list(response.json()) == ["limit"]


# --- Placeholders in what the API sends to customers --------------------------------------

@pytest.fixture
def ticket(mobile_customer, handler, category: Category) -> Ticket:
    opened = services.open_complaint(customer=mobile_customer, channel="counter", by=handler,
                                     category=category, description="AF non reçues")
    return services.start_ticket(ticket=opened, by=handler)


@pytest.mark.parametrize(("action", "payload", "field", "named"), [
    ("resolve", {"outcome": "rejected", "explanation": "Refusé car {rule}."},
     "explanation", "{rule}"),
    ("resolve", {"outcome": "partly_accepted", "rule": "décret",
                 "explanation": "Versé {amount}, le reste refusé car {rule}."},
     "explanation", "{amount}"),
    ("reply", {"text": "Apportez {document}."}, "text", "{document}"),
    ("ask_customer", {"request": "Merci d'envoyer {document}."}, "request", "{document}"),
])
def test_a_placeholder_left_is_refused_and_nothing_is_sent(
        ticket: Ticket, handler: Agent, action: str, payload: dict[str, str], field: str,
        named: str) -> None:
    before = OutboxMessage.objects.count()
    with translation.override("fr"):
        response = api_client_for(handler).post(
            f"/api/v1/complaints/{ticket.reference}/{action}/", payload, format="json",
            HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 400
    assert response.json() == {field: [f"Remplacez {named} avant d'envoyer."]}
    assert OutboxMessage.objects.count() == before
    assert Ticket.objects.get(pk=ticket.pk).state == State.IN_PROGRESS


def test_the_rule_given_fills_the_explanation(ticket: Ticket, handler: Agent) -> None:
    response = api_client_for(handler).post(
        f"/api/v1/complaints/{ticket.reference}/resolve/",
        {"outcome": "rejected", "rule": "l'enfant a plus de 21 ans",
         "explanation": "Refusé car {rule}."}, format="json")
    assert response.status_code == 200, response.json()
    assert Ticket.objects.get(pk=ticket.pk).explanation == "Refusé car l'enfant a plus de 21 ans."
