"""The limit of codes per address counts the client's address: a client's own
X-Forwarded-For buys no more codes, a trusted proxy's is followed."""

from __future__ import annotations

import pytest
from django.test import Client

from contactcenter.selfservice.models import AccessCode
from tests.selfservice.conftest import NUMBER, ask_code

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.5"


def _numbers(count: int) -> list[str]:
    return [f"+2126610000{n:02d}" for n in range(count)]


def test_a_client_spoofing_x_forwarded_for_gets_no_more_codes(settings) -> None:
    settings.TRUSTED_PROXIES = [PROXY]
    for n, number in enumerate(_numbers(10)):
        response = ask_code(Client(), number, REMOTE_ADDR="198.51.100.7",
                            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
        assert response.status_code == 302
    refused = ask_code(Client(), NUMBER, REMOTE_ADDR="198.51.100.7",
                       HTTP_X_FORWARDED_FOR="203.0.113.99")
    assert refused.status_code == 429
    assert set(AccessCode.objects.values_list("client_ip", flat=True)) == {"198.51.100.7"}


def test_behind_a_trusted_proxy_each_client_has_its_own_limit(settings) -> None:
    settings.TRUSTED_PROXIES = [PROXY]
    for number in _numbers(10):
        response = ask_code(Client(), number, REMOTE_ADDR=PROXY,
                            HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9")
        assert response.status_code == 302
    assert ask_code(Client(), NUMBER, REMOTE_ADDR=PROXY,
                    HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 429
    # Another client behind the same proxy is not held back by the first one.
    assert ask_code(Client(), NUMBER, REMOTE_ADDR=PROXY,
                    HTTP_X_FORWARDED_FOR="203.0.113.10").status_code == 302
    assert AccessCode.objects.filter(client_ip="203.0.113.9").count() == 10
    assert AccessCode.objects.get(phone=NUMBER).client_ip == "203.0.113.10"
