"""The visitor's chat page in a real browser (Debian's chromium) against daphne: a
conversation with an agent (acting through the services, as the console does), the
survey, leaving a message when nobody can answer, in French and in Arabic, on a desktop
and on a phone's width. With CHAT_SHOTS_DIR set, screenshots are saved there."""

from __future__ import annotations

import functools
import os
import re
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from contactcenter.chat import services
from contactcenter.chat.models import Conversation
from contactcenter.org.models import Agent
from tests.chat.conftest import call_centre_always_open
from tests.e2e.conftest import browser, new_tab  # noqa: F401 (fixture)
from tests.e2e.server import asgi_live_server  # noqa: F401 (fixture)
from tickets.models import Ticket

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _open_at_any_hour() -> None:
    call_centre_always_open()
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}


def open_page(browser: Browser, *, language: str, viewport: dict[str, int]) -> Page:  # noqa: F811
    return new_tab(browser, locale="fr-FR" if language == "fr" else "ar-MA", viewport=viewport)


def wait_connected(page: Page) -> None:
    """The page says "connecting" until the server's welcome."""
    expect(page.locator("#chat-status")).not_to_have_text(re.compile("^(Connexion|جار)"))


def shot(page: Page, name: str) -> None:
    folder = os.environ.get("CHAT_SHOTS_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def the_conversation() -> Conversation:
    return Conversation.objects.order_by("-pk").first()  # type: ignore[return-value]


@pytest.mark.parametrize(("language", "viewport", "texts"), [
    ("fr", DESKTOP, {"joined": "Karim a rejoint la conversation.",
                     "thanks": "Merci pour votre réponse."}),
    ("ar", PHONE, {"joined": "انضم Karim إلى المحادثة.", "thanks": "شكرًا على جوابك."}),
])
def test_a_visitor_talks_with_an_agent_and_rates_the_chat(
        asgi_live_server: str, browser: Browser, chat_agent: Agent,  # noqa: F811
        language: str, viewport: dict[str, int], texts: dict[str, str]) -> None:
    page = open_page(browser, language=language, viewport=viewport)
    page.goto(f"{asgi_live_server}/chat/?lang={language}")
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
    wait_connected(page)
    text = page.locator("#chat-text")
    text.fill("Bonjour, ma pension de mars n'est pas arrivée.")
    text.press("Enter")
    expect(page.locator(".chat-from-visitor .chat-text")).to_have_text(
        "Bonjour, ma pension de mars n'est pas arrivée.")
    expect(page.locator("#chat-status")).to_contain_text("1")
    shot(page, f"chat-{language}-{'phone' if viewport == PHONE else 'desktop'}-waiting")
    page.locator("#chat-identify summary").click()
    expect(page.locator("#chat-identifier")).to_be_visible()
    shot(page, f"chat-{language}-{'phone' if viewport == PHONE else 'desktop'}-identify")
    page.locator("#chat-identify summary").click()

    conversation = the_conversation()
    services.accept_conversation(conversation=conversation, agent=chat_agent)
    expect(page.locator("#chat-status")).to_have_text(texts["joined"])
    services.post_agent_message(conversation=conversation, agent=chat_agent,
                                text="Bonjour, <b>je regarde</b> votre dossier.")
    answer = page.locator(".chat-from-agent .chat-text")
    expect(answer).to_have_text("Bonjour, <b>je regarde</b> votre dossier.")  # not HTML
    assert page.locator(".chat-from-agent b").count() == 0
    shot(page, f"chat-{language}-{'phone' if viewport == PHONE else 'desktop'}-talking")

    # A reload resumes the same conversation with its history.
    page.reload()
    expect(page.locator(".chat-message")).to_have_count(2)
    expect(page.locator("#chat-status")).to_have_text(texts["joined"])
    assert Conversation.objects.count() == 1

    services.close_conversation(conversation=the_conversation(), by=chat_agent)
    expect(page.locator("#chat-survey")).to_be_visible()
    expect(page.locator("#chat-compose")).to_be_hidden()
    shot(page, f"chat-{language}-{'phone' if viewport == PHONE else 'desktop'}-survey")
    page.locator("#chat-survey [data-score='4']").click()
    expect(page.locator("#chat-status")).to_have_text(texts["thanks"])
    assert the_conversation().satisfaction == 4
    if viewport == PHONE:  # nothing wider than the phone's screen
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.csp_violations == []  # type: ignore[attr-defined]
    page.context.close()


@pytest.mark.parametrize(("language", "viewport"), [("fr", PHONE), ("ar", DESKTOP)])
def test_with_nobody_to_answer_the_visitor_leaves_a_message(
        asgi_live_server: str, browser: Browser, chat_queue,  # noqa: F811
        language: str, viewport: dict[str, int]) -> None:
    page = open_page(browser, language=language, viewport=viewport)
    page.goto(f"{asgi_live_server}/chat/?lang={language}")
    offline = page.locator("#chat-offline")
    expect(offline).to_be_visible()
    shot(page, f"chat-{language}-{'phone' if viewport == PHONE else 'desktop'}-offline")
    page.locator("#chat-leave-text").fill("Merci de me rappeler au sujet de mes allocations.")
    page.locator("#chat-leave-phone").fill("0662000111")
    page.locator("#chat-leave-form button[type=submit]").click()
    status = page.locator("#chat-status")
    expect(status).to_contain_text(re.compile(r"[A-Z0-9]{4,}"))
    ticket = Ticket.objects.get()
    expect(status).to_contain_text(ticket.reference)
    assert ticket.channel == "chat"
    expect(page.locator("#chat-new")).to_be_visible()
    shot(page, f"chat-{language}-{'phone' if viewport == PHONE else 'desktop'}-message-left")
    assert page.csp_violations == []  # type: ignore[attr-defined]
    page.context.close()


def test_a_refused_message_is_explained_and_the_page_stays_usable(
        asgi_live_server: str, browser: Browser, chat_agent: Agent) -> None:  # noqa: F811
    page = open_page(browser, language="fr", viewport=DESKTOP)
    page.goto(f"{asgi_live_server}/chat/")
    wait_connected(page)
    page.evaluate("document.getElementById('chat-text').removeAttribute('maxlength')")
    page.locator("#chat-text").fill("x" * 2500)
    page.locator("#chat-compose button").click()
    expect(page.locator("#chat-error")).to_contain_text("trop long")
    page.locator("#chat-text").fill("Bonjour")
    page.locator("#chat-text").press("Enter")
    expect(page.locator(".chat-from-visitor")).to_have_count(1)
    page.context.close()


@pytest.fixture
def fund_site(monkeypatch, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """The fund's own site: a plain HTTP server on another port of the loopback (another
    origin; Chromium refuses a public page's requests to the loopback). The chat server,
    started after this, lets it frame the chat."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(
        SimpleHTTPRequestHandler, directory=str(tmp_path)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    monkeypatch.setenv("CHAT_EMBEDDING_ORIGINS", origin)
    yield origin, tmp_path
    server.shutdown()


def test_the_snippet_opens_the_chat_in_a_frame_on_the_funds_site(
        fund_site: tuple[str, Path], asgi_live_server: str, browser: Browser,  # noqa: F811
        chat_agent: Agent) -> None:
    origin, folder = fund_site
    (folder / "index.html").write_text(
        '<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<title>Fund</title></head><body><h1>CNSS</h1>'
        f'<script src="{asgi_live_server}/static/chat/widget.js" defer></script>'
        '</body></html>', encoding="utf-8")
    page = open_page(browser, language="ar", viewport=PHONE)
    page.goto(f"{origin}/index.html")
    button = page.locator("#cnss-chat-widget")
    expect(button).to_have_text("تحدث مع مستشار")
    button.click()
    expect(button).to_have_attribute("aria-expanded", "true")
    chat = page.frame_locator("iframe")
    expect(chat.locator("#chat-status")).to_have_text("اكتب سؤالك أدناه: سيجيبك مستشار هنا.")
    expect(chat.locator(".topbar")).to_be_hidden()  # the fund's page is around it
    chat.locator("#chat-text").fill("مرحبا")
    chat.locator("#chat-text").press("Enter")
    expect(chat.locator(".chat-from-visitor .chat-text")).to_have_text("مرحبا")
    shot(page, "chat-ar-phone-widget-on-the-funds-site")
    page.context.close()
