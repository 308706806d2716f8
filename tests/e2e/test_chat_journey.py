"""The web chat in real browsers, on daphne, the test database and Redis: a visitor writes
on the public page, a call-centre agent accepts and answers from the console, each sees
the other typing, the agent turns the conversation into a complaint and ends it, and the
visitor sees the end and the satisfaction question. Also the console itself, in French and
Arabic, with an identified visitor's 360 panel, and the supervisor's view."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from contactcenter.chat import services as chat_services
from contactcenter.chat.models import CannedReply, Conversation
from contactcenter.customers.models import Customer
from contactcenter.org.models import Agent, Direction, Queue
from tests import factories
from tests.e2e.conftest import _REPORT_VIOLATIONS
from tests.e2e.server import sign_in, signs_in_on_the_server
from tests.selfservice.conftest import code_sent_to
from tickets import services as ticket_services

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
MOBILE = "+212661234567"


def _chat_queue() -> Queue:
    direction = factories.DirectionFactory(code="CRC", kind=Direction.Kind.CALL_CENTRE,
                                           name_fr="Centre de relation client",
                                           name_ar="مركز العلاقة مع الزبناء")
    return factories.QueueFactory(agency=None, direction=direction, code="CRC-CHAT")


def _call_centre_agent(queue: Queue) -> Agent:
    """Like the demo's `callcentre`: a call-centre agent in the chat queue, available."""
    agent = signs_in_on_the_server(factories.AgentFactory(
        user__username="callcentre", user__first_name="Yassine", user__last_name="Alami",
        role=Agent.Role.CALL_CENTRE, agency=None, direction=queue.direction))
    agent.queues.add(queue)
    chat_services.set_availability(agent=agent, available=True)
    return agent


def _canned_replies() -> None:
    CannedReply.objects.create(
        title_fr="Salutation", title_ar="تحية", position=1,
        text_fr="Bonjour, je suis à votre écoute.", text_ar="مرحبا، أنا رهن إشارتك.")
    CannedReply.objects.create(
        title_fr="Délai de traitement", title_ar="أجل المعالجة", position=2,
        text_fr="Votre demande sera traitée sous 48 heures ouvrées.",
        text_ar="ستتم معالجة طلبك في أجل 48 ساعة عمل.")


def _context(browser: Browser, language: str) -> tuple[BrowserContext, Page]:
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    context.add_init_script(_REPORT_VIOLATIONS)
    page = context.new_page()
    page.set_default_timeout(10_000)
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    page.csp_violations = violations  # type: ignore[attr-defined]
    return context, page


def _set_language(page: Page, base: str, language: str) -> None:
    page.context.add_cookies([{"name": "django_language", "value": language, "url": base}])


def _identified_customer(agency) -> Customer:  # type: ignore[no-untyped-def]
    customer = factories.CustomerFactory(agency=agency, first_name="Fatima",
                                         last_name="Benali", immatriculation="123456789",
                                         cin="BE123456")
    factories.ContactPointFactory(customer=customer, value=MOBILE, is_primary=True)
    return customer


def _conversation(agent: Agent | None, language: str, lines: list[tuple[str, str]],
                  customer: Customer | None = None) -> Conversation:
    """A conversation as the services make it: the visitor's first line puts it in the
    line; an agent accepts it; the others alternate."""
    conversation = chat_services.start_conversation(language=language)
    first, *rest = lines
    chat_services.post_visitor_message(conversation=conversation, text=first[1])
    if customer is not None:
        chat_services.request_identification(conversation=conversation,
                                             identifier=customer.immatriculation)
        chat_services.verify_identification(conversation=conversation,
                                            code=code_sent_to(MOBILE))
    if agent is not None:
        chat_services.accept_conversation(conversation=conversation, agent=agent)
    for sender, text in rest:
        if sender == "agent":
            assert agent is not None
            chat_services.post_agent_message(conversation=conversation, agent=agent, text=text)
        else:
            chat_services.post_visitor_message(conversation=conversation, text=text)
    return conversation


def test_the_console_in_french_and_arabic_and_the_supervisors_view(
        asgi_live_server: str, browser: Browser, agency_a, tmp_path: Path) -> None:
    base = asgi_live_server
    queue = _chat_queue()
    agent = _call_centre_agent(queue)
    _canned_replies()
    customer = _identified_customer(agency_a)
    ticket_services.open_complaint(customer=customer, channel="phone", by=None,
                                   description="Pension de mars non versée")
    _conversation(agent, "fr", [
        ("visitor", "Bonjour, ma pension de retraite du mois de mars n'est pas arrivée."),
        ("agent", "Bonjour madame Benali, je regarde votre dossier."),
        ("visitor", "Merci. J'ai changé de banque en février, je vous ai envoyé mon RIB."),
    ], customer=customer)
    _conversation(agent, "ar", [
        ("visitor", "السلام عليكم، أريد معرفة وضعية ملف التعويضات العائلية."),
        ("agent", "وعليكم السلام، هل يمكنك إعطائي رقم التسجيل؟"),
    ])
    _conversation(None, "fr", [("visitor", "Bonjour, il y a quelqu'un ?")])
    _conversation(None, "ar", [("visitor", "مرحبا")])

    context, page = _context(browser, "fr")
    sign_in(page, base, "callcentre")
    for language in ("fr", "ar"):
        _set_language(page, base, language)
        page.goto(f"{base}/desk/chat/")
        expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar"
                                                       else "ltr")
        expect(page.locator("#chat-cards .chat-card")).to_have_count(2)
        expect(page.locator(".chat-card-identified .customer-360")).to_contain_text(
            "123456789")
        expect(page.locator("#chat-line-list .chat-line-item")).to_have_count(2)
        expect(page.locator("#chat-availability")).to_have_attribute("aria-pressed", "true")
        page.wait_for_function("document.querySelector('#chat-console')"
                               ".classList.contains('chat-connected')")
        page.screenshot(path=str(tmp_path / f"console-{language}.png"), full_page=True)
    assert page.csp_violations == []  # type: ignore[attr-defined]
    context.close()

    supervisor = signs_in_on_the_server(factories.AgentFactory(
        user__username="superviseur", user__first_name="Nadia", user__last_name="Idrissi",
        role=Agent.Role.SUPERVISOR, agency=agency_a))
    context, page = _context(browser, "fr")
    sign_in(page, base, supervisor.user.username)
    for language in ("fr", "ar"):
        _set_language(page, base, language)
        page.goto(f"{base}/desk/chat/")
        rows = page.locator("#chat-live-table tbody tr")
        expect(rows).to_have_count(4)
        expect(rows.first).to_contain_text("Yassine")
        rows.first.locator("[data-read]").click()
        card = page.locator("#chat-cards .chat-card")
        expect(card).to_have_count(1)
        expect(card.locator(".chat-reply")).to_have_count(0)
        page.wait_for_function("document.querySelector('#chat-console')"
                               ".classList.contains('chat-connected')")
        page.screenshot(path=str(tmp_path / f"supervisor-{language}.png"), full_page=True)
    assert page.csp_violations == []  # type: ignore[attr-defined]
    context.close()
