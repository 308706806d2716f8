"""In the browser: the complaint page suggests the knowledge base's articles, follows the
reply being typed, and "Insérer" puts the article's summary in the customer's language and
its public link into the reply at the cursor (the use is counted); the public help page of
that article reads in Arabic, right to left, and takes a "was this helpful?" answer."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import Browser, Page, expect

from knowledge.models import Article, ArticleUse
from tests import factories
from tests.e2e.conftest import new_tab
from tests.e2e.server import sign_in, signs_in_on_the_server
from tests.knowledge.sample_articles import article
from tickets import services

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SUMMARY_AR = "تصرف التعويضات العائلية كل شهر عن كل طفل."


def _complaint(agency):  # type: ignore[no-untyped-def]
    queue = factories.QueueFactory(agency=agency, code="FO-A")
    category = factories.CategoryFactory(code="af-late", label_fr="Allocations familiales",
                                         label_ar="التعويضات العائلية", default_queue=queue)
    agent = signs_in_on_the_server(factories.AgentFactory(user__username="guichet",
                                                          agency=agency))
    agent.queues.add(queue)
    customer = factories.CustomerFactory(agency=agency, preferred_language="ar")
    factories.ContactPointFactory(customer=customer, value="+212661234567", is_primary=True)
    article("allocations-familiales", title="Allocations familiales",
            summary="Les allocations familiales sont versées chaque mois.",
            body="Les allocations familiales sont versées pour chaque enfant.",
            title_ar="التعويضات العائلية", summary_ar=SUMMARY_AR,
            body_ar="تصرف **التعويضات العائلية** عن كل طفل.")
    article("pension-retraite", title="Pension de retraite", topic="pensions",
            summary="La pension de retraite est versée chaque mois.",
            body="Les allocations ne remplacent pas la pension de retraite.")
    article("controle-interne", title="Contrôle interne des dossiers",
            audience=Article.Audience.INTERNAL, categories=(category.pk,))
    ticket = services.open_complaint(customer=customer, channel="counter", by=agent,
                                     description="Allocations", category=category)
    return services.start_ticket(ticket=ticket, by=agent)


def test_an_agent_inserts_a_suggested_article_and_the_public_reads_it_in_arabic(
        asgi_live_server: str, page: Page, browser: Browser, agency_a) -> None:
    base = asgi_live_server
    ticket = _complaint(agency_a)
    sign_in(page, base, "guichet")
    page.goto(f"{base}/desk/tickets/{ticket.reference}/")

    panel = page.locator("#suggestions")
    titles = panel.locator(".suggestion-title")
    expect(titles.first).to_contain_text("Allocations familiales")  # with the page
    expect(panel).to_contain_text("Contrôle interne des dossiers")
    expect(panel).to_contain_text("Interne")

    # Typed after some text, inserted at the cursor, in Arabic (the customer's language).
    box = page.locator("#id_reply_text")
    box.fill("Bonjour, ")
    panel.locator(".suggestion").first.locator(".suggestion-insert").click()
    expect(box).to_have_value(
        f"Bonjour, {SUMMARY_AR} {base}/aide/allocations-familiales/")
    expect(page.locator("#suggestion-status")).to_contain_text("Inséré dans la réponse")
    for _ in range(50):
        if ArticleUse.objects.exists():
            break
        time.sleep(0.1)
    use = ArticleUse.objects.get()
    assert (use.article.slug, use.ticket_id, use.language) == (
        "allocations-familiales", ticket.pk, "ar")

    # The list follows what the agent types, about 400 ms after the last key.
    box.fill("")
    box.press_sequentially("pension", delay=30)
    expect(titles.first).to_contain_text("Pension de retraite")

    # The public page, in Arabic.
    reader = new_tab(browser, locale="ar-MA", viewport={"width": 375, "height": 800})
    try:
        reader.goto(f"{base}/aide/allocations-familiales/")
        expect(reader.locator("html")).to_have_attribute("dir", "rtl")
        expect(reader.locator("h1")).to_have_text("التعويضات العائلية")
        expect(reader.locator(".help-article-body strong")).to_have_text("التعويضات العائلية")
        reader.get_by_role("button", name="نعم").click()
        expect(reader.locator(".messages")).to_contain_text("شكرًا على جوابك")
        expect(reader.get_by_role("button", name="نعم")).to_have_count(0)
        assert reader.csp_violations == []  # type: ignore[attr-defined]
    finally:
        reader.context.close()
    Article.objects.get(slug="allocations-familiales").refresh_from_db()
    assert Article.objects.get(slug="allocations-familiales").helpful_count == 1
