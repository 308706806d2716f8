"""The knowledge base on the complaint page: the articles suggested for the complaint's text
and category, refreshed for the reply being typed, and inserting one counted on it."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contactcenter.desk import suggestions
from contactcenter.org.models import Agent
from knowledge import services as knowledge_services
from knowledge.models import Article, ArticleUse
from tests.conftest import client_for
from tests.knowledge.sample_articles import article
from tickets import services
from tickets.models import Category, Ticket

pytestmark = pytest.mark.django_db

INTERNAL = Article.Audience.INTERNAL


def _ticket(customer, agent: Agent, category: Category | None,
            description: str = "Retard des allocations familiales") -> Ticket:
    return services.open_complaint(customer=customer, channel="counter", by=agent,
                                   description=description, category=category)


def _page(agent: Agent, ticket: Ticket) -> str:
    response = client_for(agent).get(f"/desk/tickets/{ticket.reference}/")
    assert response.status_code == 200
    return response.content.decode()


def _panel(html: str) -> str:
    start = html.index('id="suggestions"')
    return html[start:html.index("</section>", start)]


@pytest.fixture
def articles(category):
    return {
        "af": article("allocations-familiales", title="Allocations familiales",
                      summary="Les allocations familiales sont versées chaque mois.",
                      summary_ar="تصرف التعويضات العائلية كل شهر."),
        "guide": article("guide-af-interne", title="Procédure interne de contrôle",
                         summary="Vérifier les jours déclarés avant de répondre.",
                         audience=INTERNAL, categories=(category.pk,)),
        "pension": article("retraite-anticipee", title="Retraite anticipée",
                           summary="La retraite anticipée est possible dès 55 ans.",
                           topic="pensions"),
        "draft": article("allocations-brouillon", title="Allocations familiales (projet)",
                         publish=False),
    }


def test_the_page_shows_the_articles_of_the_complaint_text_and_category(
        customer, handler, category, articles) -> None:
    ticket = _ticket(customer, handler, category)
    panel = _panel(_page(handler, ticket))
    assert "Allocations familiales" in panel
    assert "Procédure interne de contrôle" in panel  # its category's, internal: staff see it
    assert "Retraite anticipée" not in panel  # neither its words nor its category
    assert "(projet)" not in panel  # a draft is never suggested
    assert panel.count('class="suggestion"') == 2


def test_insert_carries_the_summary_in_the_customers_language_and_the_public_link(
        customer, handler, category, articles, settings) -> None:
    settings.PUBLIC_BASE_URL = "https://cnss.example.ma"
    customer.preferred_language = "ar"
    customer.save()
    panel = _panel(_page(handler, _ticket(customer, handler, category)))
    # Shown in the agent's language (French), inserted in the customer's (Arabic).
    assert "Les allocations familiales sont versées chaque mois." in panel
    assert ('data-insert="تصرف التعويضات العائلية كل شهر. '
            'https://cnss.example.ma/aide/allocations-familiales/"') in panel
    assert 'data-lang="ar"' in panel
    # An internal article: its summary only, the public cannot open it.
    guide = panel[panel.index("Procédure interne"):]
    insert = guide[guide.index('data-insert="'):]
    assert "http" not in insert[:insert.index('" ')]


def test_without_a_public_address_the_link_is_on_the_desks_own_host(
        customer, handler, category, articles) -> None:
    panel = _panel(_page(handler, _ticket(customer, handler, category)))
    assert "Les allocations familiales sont versées chaque mois. " \
           "http://testserver/aide/allocations-familiales/" in panel


def test_at_most_five_articles_are_suggested(customer, handler, category) -> None:
    for number in range(8):
        article(f"allocations-{number}", title=f"Allocations familiales cas {number}",
                categories=(category.pk,))
    panel = _panel(_page(handler, _ticket(customer, handler, category)))
    assert panel.count('class="suggestion"') == suggestions.SUGGESTED == 5


def test_the_list_follows_the_reply_being_typed(customer, handler, category,
                                                articles) -> None:
    ticket = _ticket(customer, handler, None, description="Bonjour, merci de me rappeler")
    client = client_for(handler)
    url = f"/desk/tickets/{ticket.reference}/suggestions/"
    response = client.get(url, {"q": "retraite possible"})
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html  # the list alone
    assert "Retraite anticipée" in html and "Allocations familiales" not in html
    nothing = client.get(url, {"q": "chameau"}).content.decode()
    assert "Retraite anticipée" not in nothing
    assert "No article matches" in nothing or "Aucun article" in nothing


def test_inserting_records_the_use_with_the_complaint_the_agent_and_the_language(
        customer, handler, category, articles) -> None:
    customer.preferred_language = "ar"
    customer.save()
    ticket = _ticket(customer, handler, category)
    client = client_for(handler)
    url = f"/desk/tickets/{ticket.reference}/suggestions/allocations-familiales/use/"
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 204
    use = ArticleUse.objects.get()
    assert (use.article, use.ticket, use.agent, use.language) == (
        articles["af"], ticket, handler, "ar")
    articles["af"].refresh_from_db()
    assert articles["af"].use_count == 1


def test_an_unknown_draft_or_archived_article_is_not_counted(customer, handler, category,
                                                             articles) -> None:
    ticket = _ticket(customer, handler, category)
    client = client_for(handler)
    knowledge_services.archive_article(articles["pension"])
    for slug in ("nope", "allocations-brouillon", "retraite-anticipee"):
        url = f"/desk/tickets/{ticket.reference}/suggestions/{slug}/use/"
        assert client.post(url).status_code == 404
    assert not ArticleUse.objects.exists()
    assert Article.objects.filter(use_count__gt=0).count() == 0


def test_an_agent_who_may_not_see_the_complaint_gets_nothing(
        customer, handler, category, articles, other_agency_agent) -> None:
    ticket = _ticket(customer, handler, category)
    client = client_for(other_agency_agent)
    base = f"/desk/tickets/{ticket.reference}/suggestions/"
    assert client.get(base, {"q": "allocations"}).status_code == 404
    assert client.post(base + "allocations-familiales/use/").status_code == 404
    assert not ArticleUse.objects.exists()


def test_the_use_needs_the_csrf_token(customer, handler, category, articles) -> None:
    from django.test import Client

    ticket = _ticket(customer, handler, category)
    client = Client(enforce_csrf_checks=True)
    client.force_login(handler.user)
    url = f"/desk/tickets/{ticket.reference}/suggestions/allocations-familiales/use/"
    assert client.post(url).status_code == 403
    assert not ArticleUse.objects.exists()


def test_turned_off_the_page_has_no_panel(customer, handler, category, articles,
                                          settings) -> None:
    settings.DESK_ARTICLE_SUGGESTIONS = False
    ticket = _ticket(customer, handler, category)
    assert 'id="suggestions"' not in _page(handler, ticket)
    url = f"/desk/tickets/{ticket.reference}/suggestions/"
    assert client_for(handler).get(url).status_code == 404


def test_the_panel_costs_a_few_queries(customer, handler, category, articles,
                                       settings) -> None:
    ticket = _ticket(customer, handler, category)
    client = client_for(handler)
    url = f"/desk/tickets/{ticket.reference}/"
    client.get(url)
    with CaptureQueriesContext(connection) as on:
        client.get(url)
    settings.DESK_ARTICLE_SUGGESTIONS = False
    with CaptureQueriesContext(connection) as off:
        client.get(url)
    assert len(on) - len(off) <= 3  # the search, the articles, their category's


def test_opening_the_complaint_again_reads_the_list_kept(customer, handler, category,
                                                         articles, settings) -> None:
    settings.PUBLIC_BASE_URL = "https://cnss.example.ma"
    ticket = _ticket(customer, handler, category)
    assert "Allocations familiales" in _panel(_page(handler, ticket))
    article("allocations-nouvelles", title="Allocations nouvelles",
            categories=(category.pk,))
    with CaptureQueriesContext(connection) as again:
        html = _page(handler, ticket)
    assert "Allocations nouvelles" not in _panel(html)  # kept a few minutes
    assert not any("knowledge_article" in query["sql"] for query in again.captured_queries)
    # Another text is another search.
    ticket.description = "Retard des allocations familiales, encore"
    found = suggestions.suggestions_on_page(ticket)
    assert "allocations-nouvelles" in [suggestion.slug for suggestion in found]
