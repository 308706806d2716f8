"""Typing the code: the right one opens the complaints once, in a new session key; a wrong
one is counted and five of them kill the code; an expired, used or replaced code does not
open anything."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from contactcenter.selfservice import services
from contactcenter.selfservice.exceptions import CodeSpent, WrongCode
from contactcenter.selfservice.forms import CodeForm
from contactcenter.selfservice.models import AccessCode
from contactcenter.selfservice.session import PENDING_KEY, PHONE_KEY, UNTIL_KEY
from tests.selfservice.conftest import (
    CODE,
    LIST,
    NUMBER,
    START,
    UNKNOWN_NUMBER,
    ask_code,
    code_sent_to,
)
from tickets.models import Ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting(holder_complaint: Ticket) -> Client:
    """A visitor who asked for a code for the holder's number."""
    client = Client()
    assert ask_code(client, NUMBER).status_code == 302
    return client


def _wrong(code: str) -> str:
    return f"{(int(code) + 1) % 10**6:06d}"


def _code_error(response) -> list[str]:  # type: ignore[no-untyped-def]
    return response.context["form"].errors.get("code", [])


def test_the_code_page_says_a_code_was_sent_and_asks_for_it(waiting: Client) -> None:
    response = waiting.get(CODE)
    assert response.status_code == 200
    content = response.content.decode()
    assert 'id="code-sent"' in content and 'name="code"' in content
    assert 'autocomplete="one-time-code"' in content
    assert "no-store" in response["Cache-Control"]


def test_the_code_page_without_a_number_waiting_goes_back_to_the_start() -> None:
    client = Client()
    assert client.get(CODE)["Location"] == START
    response = client.post(CODE, {"code": "123456"})
    assert response.status_code == 302 and response["Location"] == START


def test_the_right_code_opens_the_complaints_in_a_new_session(waiting: Client) -> None:
    key_before = waiting.session.session_key
    before = timezone.now()
    response = waiting.post(CODE, {"code": code_sent_to(NUMBER)})
    assert response.status_code == 302 and response["Location"] == LIST
    session = waiting.session
    assert session.session_key != key_before
    assert session[PHONE_KEY] == NUMBER and PENDING_KEY not in session
    until = datetime.fromisoformat(session[UNTIL_KEY])
    assert timedelta(minutes=29) < until - before <= timedelta(minutes=30, seconds=5)
    access = AccessCode.objects.get()
    assert access.used_at is not None and access.tries == 0
    assert waiting.get(LIST).status_code == 200


def test_the_code_may_be_typed_with_spaces_or_arabic_digits() -> None:
    for typed in ("123 456", " 123456 ", "١٢٣٤٥٦", "12-34-56"):
        form = CodeForm({"code": typed})
        assert form.is_valid(), typed
        assert form.cleaned_data["code"] == "123456"


@pytest.mark.parametrize("typed", ["", "12345", "1234567", "abcdef"])
def test_a_malformed_code_is_refused_without_counting_a_try(waiting: Client,
                                                            typed: str) -> None:
    response = waiting.post(CODE, {"code": typed})
    assert response.status_code == 422
    assert response.context["form"].has_error("code")
    assert AccessCode.objects.get().tries == 0
    assert PHONE_KEY not in waiting.session


def test_a_wrong_code_is_refused_and_counted(waiting: Client) -> None:
    response = waiting.post(CODE, {"code": _wrong(code_sent_to(NUMBER))})
    assert response.status_code == 422
    assert response.context["form"].has_error("code", code="wrong")
    assert "4" in _code_error(response)[0]
    assert AccessCode.objects.get().tries == 1
    assert PHONE_KEY not in waiting.session
    assert waiting.get(LIST)["Location"] == START


def test_after_five_wrong_codes_even_the_right_one_is_refused(waiting: Client) -> None:
    code = code_sent_to(NUMBER)
    for attempt in range(1, 6):
        response = waiting.post(CODE, {"code": _wrong(code)})
        assert response.status_code == 422
        expected = "wrong" if attempt < 5 else "dead"
        assert response.context["form"].has_error("code", code=expected), attempt
    assert response.context["needs_new_code"] is True
    response = waiting.post(CODE, {"code": code})
    assert response.status_code == 422
    assert response.context["form"].has_error("code", code="dead")
    access = AccessCode.objects.get()
    assert access.tries == 5 and access.used_at is None
    assert PHONE_KEY not in waiting.session


def test_an_expired_code_is_refused(waiting: Client) -> None:
    AccessCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = waiting.post(CODE, {"code": code_sent_to(NUMBER)})
    assert response.status_code == 422
    assert response.context["form"].has_error("code", code="expired")
    assert response.context["needs_new_code"] is True
    assert AccessCode.objects.get().used_at is None
    assert PHONE_KEY not in waiting.session


def test_a_code_expires_after_ten_minutes(holder_complaint: Ticket) -> None:
    now = timezone.now()
    services.request_code(phone=NUMBER, client_ip=None, language="fr", now=now)
    code = code_sent_to(NUMBER)
    with pytest.raises(CodeSpent) as refused:
        services.verify_code(phone=NUMBER, code=code, now=now + timedelta(minutes=10))
    assert refused.value.code == "expired"
    services.verify_code(phone=NUMBER, code=code, now=now + timedelta(minutes=9, seconds=59))


def test_a_code_works_once(holder_complaint: Ticket) -> None:
    services.request_code(phone=NUMBER, client_ip=None, language="fr")
    code = code_sent_to(NUMBER)
    services.verify_code(phone=NUMBER, code=code)
    with pytest.raises(CodeSpent) as refused:
        services.verify_code(phone=NUMBER, code=code)
    assert refused.value.code == "used"


def test_the_page_does_not_take_the_same_code_twice(waiting: Client) -> None:
    code = code_sent_to(NUMBER)
    assert waiting.post(CODE, {"code": code})["Location"] == LIST
    # The number no longer waits for a code in this session...
    assert waiting.post(CODE, {"code": code})["Location"] == START
    # ...and another session waiting for it cannot use the code again.
    other = Client()
    session = other.session
    session[PENDING_KEY] = NUMBER
    session.save()
    response = other.post(CODE, {"code": code})
    assert response.status_code == 422
    assert response.context["form"].has_error("code", code="used")
    assert PHONE_KEY not in other.session


def test_a_new_code_replaces_the_previous_one(waiting: Client, monkeypatch) -> None:
    first = code_sent_to(NUMBER)
    # The next code differs from the first for sure (random codes could repeat).
    monkeypatch.setattr(services.secrets, "randbelow", lambda _n: (int(first) + 1) % 10**6)
    assert ask_code(waiting, NUMBER).status_code == 302
    second = code_sent_to(NUMBER)
    assert second != first
    response = waiting.post(CODE, {"code": first})
    assert response.status_code == 422
    assert response.context["form"].has_error("code", code="wrong")
    assert waiting.post(CODE, {"code": second})["Location"] == LIST
    assert AccessCode.objects.filter(used_at__isnull=False).count() == 1


def test_a_code_for_an_unknown_number_is_never_accepted_by_guessing() -> None:
    services.request_code(phone=UNKNOWN_NUMBER, client_ip=None, language="fr")
    for guess in range(5):
        with pytest.raises((WrongCode, CodeSpent)):
            services.verify_code(phone=UNKNOWN_NUMBER, code=f"{guess:06d}")
    with pytest.raises(CodeSpent) as refused:
        services.verify_code(phone=UNKNOWN_NUMBER, code="000000")
    assert refused.value.code == "dead"


def test_a_number_without_a_code_is_told_to_ask_for_one() -> None:
    with pytest.raises(CodeSpent) as refused:
        services.verify_code(phone=NUMBER, code="123456")
    assert refused.value.code == "none"


def test_every_form_of_the_page_needs_the_csrf_token(holder_complaint: Ticket) -> None:
    client = Client(enforce_csrf_checks=True)
    for path, data in ((START, {"phone": NUMBER}), (CODE, {"code": "123456"}),
                       ("/suivi/notifications/", {"stop": "1"}), ("/suivi/sortie/", {})):
        assert client.post(path, data).status_code == 403, path
    assert not AccessCode.objects.exists()
