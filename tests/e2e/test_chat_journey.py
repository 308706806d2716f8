"""The web chat in real browsers, on daphne, the test database and Redis: a visitor writes
on the public page (/chat/), a call-centre agent accepts and answers from the console, each
sees the other typing, the agent turns the conversation into a complaint and ends it, and
the visitor sees the end and the satisfaction question. Also the console itself, in French and
Arabic, with an identified visitor's 360 panel, and the supervisor's view."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from contactcenter.chat import services as chat_services
from contactcenter.chat.models import CannedReply, Conversation
from contactcenter.customers.models import Customer
from contactcenter.org.models import Agent, Direction, Queue
from tests import factories
from tests.chat.conftest import call_centre_always_open
from tests.e2e.conftest import new_tab
from tests.e2e.server import sign_in, signs_in_on_the_server
from tests.selfservice.conftest import code_sent_to
from tickets import services as ticket_services
from tickets.models import Ticket

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


def _context(browser: Browser) -> tuple[BrowserContext, Page]:
    """A French browser at a desk's width (each test asserts no Content-Security-Policy
    violation)."""
    page = new_tab(browser)
    return page.context, page


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

    context, page = _context(browser)
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
        expect(page.locator("#chat-console")).to_have_class(re.compile("chat-connected"))
        page.screenshot(path=str(tmp_path / f"console-{language}.png"), full_page=True)
    assert page.csp_violations == []  # type: ignore[attr-defined]
    context.close()

    supervisor = signs_in_on_the_server(factories.AgentFactory(
        user__username="superviseur", user__first_name="Nadia", user__last_name="Idrissi",
        role=Agent.Role.SUPERVISOR, agency=agency_a))
    context, page = _context(browser)
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
        expect(page.locator("#chat-console")).to_have_class(re.compile("chat-connected"))
        page.screenshot(path=str(tmp_path / f"supervisor-{language}.png"), full_page=True)
    assert page.csp_violations == []  # type: ignore[attr-defined]
    context.close()


def test_a_visitor_and_an_agent_chat_and_the_conversation_becomes_a_complaint(
        asgi_live_server: str, browser: Browser, tmp_path: Path) -> None:
    base = asgi_live_server
    queue = _chat_queue()
    agent = _call_centre_agent(queue)
    chat_services.set_availability(agent=agent, available=False)
    _canned_replies()
    call_centre_always_open()

    # The agent opens the console and makes themself available.
    agent_context, console = _context(browser)
    sign_in(console, base, "callcentre")
    console.goto(f"{base}/desk/chat/")
    expect(console.locator("#chat-console")).to_have_class(re.compile("chat-connected"))
    switch = console.locator("#chat-availability")
    expect(switch).to_have_attribute("aria-pressed", "false")
    expect(switch).to_have_text("Absent")
    switch.click()
    expect(switch).to_have_attribute("aria-pressed", "true")
    expect(switch).to_have_text("Disponible")
    expect(console.locator("#chat-line-empty")).to_be_visible()

    # They go back to their complaints; a visitor opens the chat and writes.
    console.goto(f"{base}/desk/")
    expect(console.locator("#desk-toasts")).to_be_attached()
    console.wait_for_load_state("load")
    visitor_context, visitor = _context(browser)
    visitor.goto(f"{base}/chat/")
    status = visitor.locator("#chat-status")
    expect(status).not_to_have_text(re.compile("^Connexion"))
    words = visitor.locator("#chat-text")
    words.fill("Bonjour, ma pension de mars n'est pas arrivée.")
    words.press("Enter")
    expect(visitor.locator(".chat-from-visitor .chat-text")).to_have_text(
        "Bonjour, ma pension de mars n'est pas arrivée.")
    expect(status).to_contain_text("1")

    # A notice on the agent's page leads to the console.
    toast = console.locator("#desk-toasts .desk-toast")
    expect(toast).to_have_count(1)
    expect(toast).to_contain_text("Un visiteur attend sur le chat web.")
    toast.get_by_role("link", name="Ouvrir la console de chat").click()
    expect(console).to_have_url(f"{base}/desk/chat/")

    # The agent sees them in the line, offered to them, and accepts.
    item = console.locator("#chat-line-list .chat-line-item")
    expect(item).to_have_count(1)
    expect(console).to_have_title(re.compile(r"^\(1\) Chat web"))
    expect(item).to_contain_text("Pour vous")
    item.get_by_role("button", name="Accepter").click()
    card = console.locator("#chat-cards .chat-card")
    expect(card).to_have_count(1)
    expect(card.locator(".chat-messages")).to_contain_text("ma pension de mars")
    expect(console.locator("#chat-line-list .chat-line-item")).to_have_count(0)
    expect(console).to_have_title(re.compile(r"^Chat web"))
    expect(console.locator("#chat-held")).to_have_text("1")
    expect(status).to_have_text("Yassine a rejoint la conversation.")

    # The agent types (the box has the focus): the visitor sees it; Enter sends the answer.
    box = card.locator("textarea")
    expect(box).to_be_focused()
    box.press_sequentially("Bonjour madame, je regarde", delay=20)
    expect(visitor.locator("#chat-typing")).to_have_text("Yassine écrit…")
    box.press("Shift+Enter")
    box.press_sequentially("votre dossier.", delay=5)
    box.press("Enter")
    expect(box).to_have_value("")
    answer = "Bonjour madame, je regarde\nvotre dossier."
    expect(visitor.locator(".chat-from-agent .chat-text")).to_have_text(answer)
    expect(visitor.locator("#chat-typing")).to_be_hidden()
    expect(card.locator(".chat-msg-agent")).to_have_count(1)

    # The visitor types and answers: the agent sees both. (Typing is passed on at most
    # every 2 s, and the visitor typed their first message moments ago.)
    visitor.wait_for_timeout(2100)
    words.press_sequentially("Mon immatriculation est 123456789.", delay=20)
    expect(card.locator(".chat-typing")).to_be_visible()
    words.press("Enter")
    expect(card.locator(".chat-msg-visitor").last).to_have_text(re.compile("123456789"))
    expect(card.locator(".chat-typing")).to_be_hidden()

    # A canned reply, in the visitor's language, goes into the box.
    card.locator(".chat-canned").select_option(label="Délai de traitement")
    expect(box).to_have_value("Votre demande sera traitée sous 48 heures ouvrées.")
    box.press("Enter")
    expect(visitor.locator(".chat-from-agent .chat-text").last).to_have_text(
        "Votre demande sera traitée sous 48 heures ouvrées.")

    # One click opens the complaint from the conversation.
    card.get_by_role("button", name="Ouvrir une réclamation depuis cette conversation").click()
    link = card.locator(".chat-complaint a.ref")
    expect(link).to_be_visible()
    ticket = Ticket.objects.get()
    expect(link).to_have_text(ticket.reference)
    assert "ma pension de mars" in ticket.description
    assert "Votre demande sera traitée" in ticket.description
    conversation = Conversation.objects.get()
    assert conversation.ticket_id == ticket.pk
    expect(visitor.locator(".chat-from-system .chat-text")).to_contain_text(ticket.reference)
    console.screenshot(path=str(tmp_path / "journey-fr.png"), full_page=True)
    visitor.screenshot(path=str(tmp_path / "journey-visitor-fr.png"), full_page=True)

    # The agent ends it: the visitor sees the end, with the reference, and the survey.
    card.get_by_role("button", name="Terminer la conversation").click()
    expect(card.locator(".chat-ended-note")).to_be_visible()
    expect(box).to_be_disabled()
    expect(console.locator("#chat-held")).to_have_text("0")
    expect(status).to_have_text(
        f"La conversation est terminée. Référence de votre réclamation : {ticket.reference}.")
    expect(visitor.locator("#chat-survey")).to_be_visible()
    expect(visitor.locator("#chat-compose")).to_be_hidden()
    visitor.locator("#chat-survey [data-score='5']").click()
    expect(status).to_have_text("Merci pour votre réponse.")
    assert Conversation.objects.get().satisfaction == 5
    assert Conversation.objects.get().state == Conversation.State.CLOSED

    card.get_by_role("button", name="Retirer de la console").click()
    expect(console.locator("#chat-none")).to_be_visible()
    for page in (console, visitor):
        assert page.csp_violations == []  # type: ignore[attr-defined]
    visitor_context.close()
    agent_context.close()
