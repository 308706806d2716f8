"""403, 404 and 500 in the site's layout, in French and Arabic (right to left), with a way
back; a 403 is logged in one line, without a traceback."""

from __future__ import annotations

import logging

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.views import defaults

pytestmark = pytest.mark.django_db

BACK = 'href="/"'


def _client(language: str) -> Client:
    client = Client()
    client.cookies["django_language"] = language
    return client


@pytest.mark.parametrize(("language", "title", "direction"), [
    ("fr", "Page introuvable", 'dir="ltr"'), ("ar", "الصفحة غير موجودة", 'dir="rtl"')])
def test_a_missing_page_is_told_in_the_page_language(language, title, direction) -> None:
    response = _client(language).get("/no/such/page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert title in html and direction in html and BACK in html
    assert 'class="topbar"' in html  # the site's layout


def test_the_api_still_answers_json_when_missing() -> None:
    response = _client("ar").get("/api/v1/no-such-resource/")
    assert response.status_code == 404 and response["Content-Type"] == "application/json"


def _no_agent_profile_client(language: str) -> Client:
    user = get_user_model().objects.create_user("sans-profil", password="x")
    client = _client(language)
    client.force_login(user)
    return client


@pytest.mark.parametrize(("language", "title", "direction"), [
    ("fr", "Accès refusé", 'dir="ltr"'), ("ar", "الدخول مرفوض", 'dir="rtl"')])
def test_a_refused_page_is_told_in_the_page_language(language, title, direction) -> None:
    response = _no_agent_profile_client(language).get("/")
    html = response.content.decode()
    assert response.status_code == 403
    assert title in html and direction in html and BACK in html
    assert "agent profile" not in html  # the internal reason is not shown


def test_a_refusal_writes_one_warning_line_without_traceback(caplog) -> None:
    client = _no_agent_profile_client("fr")
    with caplog.at_level(logging.WARNING, logger="django.request"):
        client.get("/")
    records = [r for r in caplog.records if r.name == "django.request"]
    assert len(records) == 1
    record = records[0]
    assert record.levelno == logging.WARNING and record.exc_info is None
    assert record.getMessage() == "Forbidden: sans-profil on GET /"
    assert "Traceback" not in caplog.text


def test_other_errors_keep_their_traceback(caplog) -> None:
    logger = logging.getLogger("django.request")
    with caplog.at_level(logging.ERROR, logger="django.request"):
        try:
            raise ValueError("boom")
        except ValueError:
            logger.error("Internal Server Error: /x", exc_info=True,
                         extra={"status_code": 500})
    assert caplog.records[-1].exc_info is not None


@pytest.mark.parametrize(("language", "title", "direction"), [
    ("fr", "Une erreur s'est produite", 'dir="ltr"'), ("ar", "حدث خطأ", 'dir="rtl"')])
def test_the_server_error_page_needs_no_database(language, title, direction) -> None:
    request = RequestFactory().get("/desk/")
    with translation.override(language), CaptureQueriesContext(connection) as queries:
        response = defaults.server_error(request)
    html = response.content.decode()
    assert response.status_code == 500 and len(queries) == 0
    assert title in html.replace("&#x27;", "'") and direction in html and BACK in html
