"""The middleware stack under ASGI: adapted to sync once, and still doing its work."""

from __future__ import annotations

import pytest
from asgiref.sync import SyncToAsync, async_to_sync
from django.test import AsyncClient

pytestmark = pytest.mark.django_db


def _switches_to_sync_for_one_request(monkeypatch) -> int:  # type: ignore[no-untyped-def]
    calls = []
    original = SyncToAsync.__call__

    async def counted(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(getattr(self.func, "__qualname__", repr(self.func)))
        return await original(self, *args, **kwargs)

    monkeypatch.setattr(SyncToAsync, "__call__", counted)
    response = async_to_sync(AsyncClient().get)("/accounts/login/")
    monkeypatch.undo()
    assert response.status_code == 200
    return len(calls)


def test_under_asgi_a_request_switches_to_the_sync_thread_a_few_times_not_per_hook(
        monkeypatch, settings) -> None:
    with_sync_stack = _switches_to_sync_for_one_request(monkeypatch)
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if not m.endswith("SyncStack")]
    without = _switches_to_sync_for_one_request(monkeypatch)
    assert with_sync_stack <= 6 < 2 * with_sync_stack <= without


def test_under_asgi_every_middleware_still_runs() -> None:
    response = async_to_sync(AsyncClient().get)("/accounts/login/",
                                                headers={"accept-language": "ar"})
    assert response.status_code == 200
    assert "csrftoken" in response.cookies  # CSRF
    assert response.headers["X-Frame-Options"] == "DENY"  # clickjacking
    assert response.headers["Content-Language"] == "ar"  # locale
    assert 'dir="rtl"' in response.content.decode()
