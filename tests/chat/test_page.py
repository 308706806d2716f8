"""The public chat page /chat/: in French and Arabic (right to left), its texts for the
script, who may show it in a frame, and the snippet for the fund's site."""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

pytestmark = pytest.mark.django_db
PAGE = "/chat/"


def test_the_page_is_public_and_in_french_by_default(chat_queue) -> None:
    response = Client().get(PAGE)
    assert response.status_code == 200
    content = response.content.decode()
    assert '<html lang="fr" dir="ltr">' in content
    assert 'id="chat"' in content and 'data-language="fr"' in content
    assert "Discuter avec un conseiller" in content
    assert "chat/chat.js" in content and "chat/chat.css" in content
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]


@pytest.mark.parametrize(("how", "extra"), [
    ("?lang=ar", {}),
    ("", {"HTTP_ACCEPT_LANGUAGE": "ar-MA,ar;q=0.9"}),
])
def test_the_page_is_in_arabic_right_to_left(chat_queue, how: str, extra: dict) -> None:
    content = Client().get(PAGE + how, **extra).content.decode()
    assert '<html lang="ar" dir="rtl">' in content and 'data-language="ar"' in content
    assert "تحدث مع مستشار" in content


def test_the_cookie_chooses_the_language_too(chat_queue) -> None:
    client = Client()
    client.cookies["django_language"] = "ar"
    assert 'data-language="ar"' in client.get(PAGE).content.decode()


def test_the_page_has_no_inline_script_or_style(chat_queue) -> None:
    content = Client().get(PAGE).content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", content)
    assert "<style" not in content and " style=" not in content
    assert not re.search(r"\son[a-z]+=", content)


def test_only_this_site_and_the_listed_ones_may_frame_the_page(chat_queue, settings) -> None:
    response = Client().get(PAGE)
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    assert "X-Frame-Options" not in response
    settings.CHAT_EMBEDDING_ORIGINS = ["https://www.example.ma"]
    response = Client().get(PAGE + "?embed=1")
    assert "frame-ancestors 'self' https://www.example.ma" in \
        response["Content-Security-Policy"]
    assert "chat-embedded" in response.content.decode()
    other = Client().get("/suivi/")
    assert other["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in other["Content-Security-Policy"]


def test_the_page_is_read_only(chat_queue) -> None:
    assert Client().post(PAGE).status_code == 405


def test_the_snippet_and_the_script_are_static_files() -> None:
    for name in ("chat/widget.js", "chat/chat.js", "chat/chat.css"):
        assert finders.find(name), name
    script = open(finders.find("chat/chat.js"), encoding="utf-8").read()
    assert "innerHTML" not in script and "insertAdjacentHTML" not in script
    assert "textContent" in script and "sessionStorage" in script
