"""Login lockout: five wrong passwords for one username from one client address, and that
pair is refused, the right password included, until the cool-off has passed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client

from contactcenter.org.models import Agent

pytestmark = pytest.mark.django_db

LOGIN, ADMIN_LOGIN = "/accounts/login/", "/admin/login/"
PASSWORD = "pass-for-tests"
PROXY = "10.0.0.5"


def _sign_in(username: str, password: str, *, path: str = LOGIN, **extra: str) -> Client:
    client = Client(**extra)
    client.response = client.post(path, {"username": username, "password": password})
    return client


def _signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def _fail(username: str, times: int, **extra: str) -> list[int]:
    return [_sign_in(username, "wrong", **extra).response.status_code for _ in range(times)]


@pytest.fixture
def user(agent: Agent):  # type: ignore[no-untyped-def]
    agent.user.set_password(PASSWORD)
    agent.user.save()
    return agent.user


def test_after_five_failures_even_the_right_password_is_refused(user) -> None:
    # The fifth failure is answered with the lockout.
    assert _fail(user.username, 5) == [200] * 4 + [429]
    client = _sign_in(user.username, PASSWORD)
    assert client.response.status_code == 429
    assert not _signed_in(client)
    page = client.response.content.decode()
    assert "Connexion bloquée" in page and "15 minutes" in page


def test_the_right_password_works_again_after_the_cool_off(user) -> None:
    _fail(user.username, 5)
    assert _sign_in(user.username, PASSWORD).response.status_code == 429
    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.get().attempt_time
                                 - timedelta(minutes=16))
    client = _sign_in(user.username, PASSWORD)
    assert client.response.status_code == 302 and _signed_in(client)


def test_four_failures_then_a_success_start_the_count_again(user) -> None:
    _fail(user.username, 4)
    assert _signed_in(_sign_in(user.username, PASSWORD))
    _fail(user.username, 4)
    assert _signed_in(_sign_in(user.username, PASSWORD))


def test_the_lockout_holds_one_username_from_one_address_only(user, supervisor) -> None:
    supervisor.user.set_password(PASSWORD)
    supervisor.user.save()
    _fail(user.username, 5, REMOTE_ADDR="198.51.100.7")
    assert _sign_in(user.username, PASSWORD, REMOTE_ADDR="198.51.100.7").response \
        .status_code == 429
    # A colleague at the same address, and the same agent elsewhere, still sign in.
    assert _signed_in(_sign_in(supervisor.user.username, PASSWORD,
                               REMOTE_ADDR="198.51.100.7"))
    assert _signed_in(_sign_in(user.username, PASSWORD, REMOTE_ADDR="198.51.100.8"))


def test_the_admin_login_is_locked_out_too(user) -> None:
    _fail(user.username, 5, path=ADMIN_LOGIN)
    assert _sign_in(user.username, PASSWORD, path=ADMIN_LOGIN).response.status_code == 429
    assert _sign_in(user.username, PASSWORD).response.status_code == 429


def test_a_spoofed_x_forwarded_for_does_not_escape_the_lockout(user, settings) -> None:
    settings.TRUSTED_PROXIES = [PROXY]
    for n in range(5):
        _fail(user.username, 1, REMOTE_ADDR="198.51.100.7",
              HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    client = _sign_in(user.username, PASSWORD, REMOTE_ADDR="198.51.100.7",
                      HTTP_X_FORWARDED_FOR="203.0.113.99")
    assert client.response.status_code == 429


def test_behind_a_trusted_proxy_the_lockout_holds_the_client_not_the_proxy(
        user, settings) -> None:
    settings.TRUSTED_PROXIES = [PROXY]
    _fail(user.username, 5, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert _sign_in(user.username, PASSWORD, REMOTE_ADDR=PROXY,
                    HTTP_X_FORWARDED_FOR="203.0.113.9").response.status_code == 429
    assert _signed_in(_sign_in(user.username, PASSWORD, REMOTE_ADDR=PROXY,
                               HTTP_X_FORWARDED_FOR="203.0.113.10"))
    assert AccessAttempt.objects.get().ip_address == "203.0.113.9"
