"""GET /healthz: the state of the database, the channel layer and the task queue."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from contactcenter import background

logger = logging.getLogger(__name__)
TIMEOUT = 2.0


@dataclass
class Check:
    ok: bool
    detail: str


def _unreachable(what: str, exc: Exception) -> Check:
    """A failed check: its kind in the public answer, its message (hosts, ports, user
    names) only in the log."""
    logger.warning("Health check: %s", what, exc_info=exc)
    return Check(False, f"{what}: {exc.__class__.__name__}")


def check_database() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        return _unreachable("unreachable", exc)
    return Check(True, connection.vendor)


def check_channel_layer() -> Check:
    layer = get_channel_layer()
    if layer is None:
        return Check(False, "no channel layer configured")

    async def round_trip() -> bool:
        channel = await layer.new_channel()
        await layer.send(channel, {"type": "health.ping"})
        message = await layer.receive(channel)
        return message.get("type") == "health.ping"

    async def bounded() -> bool:
        return await asyncio.wait_for(round_trip(), TIMEOUT)

    try:
        ok = async_to_sync(bounded)()
    except Exception as exc:
        return _unreachable("unreachable", exc)
    return Check(ok, layer.__class__.__name__)


def check_task_queue() -> Check:
    if settings.BACKGROUND_MODE == "celery":
        # The Celery app only when Celery is in use (the quick start runs without it).
        from contactcenter.celery import app

        try:
            with app.connection_for_write() as conn:
                conn.ensure_connection(max_retries=1, timeout=TIMEOUT)  # type: ignore[arg-type]  # kombu takes a float
        except Exception as exc:
            return _unreachable("broker unreachable", exc)
    age = background.heartbeat_age()
    if age is None:
        return Check(False, f"no worker has run a job ({settings.BACKGROUND_MODE})")
    if age > settings.WORKER_HEARTBEAT_MAX_AGE:
        return Check(False, f"last worker heartbeat {age:.0f}s ago ({settings.BACKGROUND_MODE})")
    return Check(True, f"{settings.BACKGROUND_MODE}, heartbeat {age:.0f}s ago")


CHECKS: dict[str, Callable[[], Check]] = {
    "database": check_database,
    "channel_layer": check_channel_layer,
    "task_queue": check_task_queue,
}


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    results = {name: check() for name, check in CHECKS.items()}
    failing = [name for name, result in results.items() if not result.ok]
    body = {
        "status": "failing" if failing else "ok",
        "failing": failing,
        "checks": {name: {"ok": r.ok, "detail": r.detail} for name, r in results.items()},
    }
    return JsonResponse(body, status=503 if failing else 200)
