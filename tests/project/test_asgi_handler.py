"""The HTTP handler (contactcenter.asgi_handler): each request's sync work in one switch to
one of a fixed set of threads, waiting its turn when they are all busy; Django's request
signals, bodies, errors and streaming unchanged."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from asgiref.sync import SyncToAsync, async_to_sync
from asgiref.testing import ApplicationCommunicator
from django.core import signals
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from contactcenter.asgi_handler import PooledThreadsASGIHandler

running = {"now": 0, "most": 0}
running_lock = threading.Lock()
streamed = {"chunks": 0}


def where(request: HttpRequest) -> HttpResponse:
    return HttpResponse(threading.current_thread().name)


def busy(request: HttpRequest) -> HttpResponse:
    with running_lock:
        running["now"] += 1
        running["most"] = max(running["most"], running["now"])
    time.sleep(0.1)
    with running_lock:
        running["now"] -= 1
    return HttpResponse("done")


@csrf_exempt
def echo(request: HttpRequest) -> HttpResponse:
    return HttpResponse(request.body[::-1])


def broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("broken view")


def three_parts(request: HttpRequest) -> StreamingHttpResponse:
    return StreamingHttpResponse(iter([b"one,", b"two,", b"three"]))


def endless(request: HttpRequest) -> StreamingHttpResponse:
    async def parts() -> AsyncIterator[bytes]:
        while True:
            streamed["chunks"] += 1
            yield b"part,"
            await asyncio.sleep(0.01)

    return StreamingHttpResponse(parts())


urlpatterns = [path("where/", where), path("busy/", busy), path("echo/", echo),
               path("broken/", broken), path("three-parts/", three_parts),
               path("endless/", endless)]


@pytest.fixture
def handler(settings) -> PooledThreadsASGIHandler:  # type: ignore[no-untyped-def]
    settings.ROOT_URLCONF = __name__
    return PooledThreadsASGIHandler(threads=2)


def scope(method: str, url: str) -> dict[str, Any]:
    return {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
            "method": method, "scheme": "http", "path": url, "raw_path": url.encode(),
            "query_string": b"", "root_path": "", "client": ("127.0.0.1", 50000),
            "server": ("testserver", 80), "headers": [(b"host", b"testserver")]}


async def exchange(handler: PooledThreadsASGIHandler, method: str, url: str,
                   body: bytes = b"") -> tuple[int, bytes]:
    communicator = ApplicationCommunicator(handler, scope(method, url))
    await communicator.send_input({"type": "http.request", "body": body})
    start = await communicator.receive_output(5)
    content = b""
    while True:
        message = await communicator.receive_output(5)
        content += message.get("body", b"")
        if not message.get("more_body"):
            break
    await communicator.wait(5)
    return start["status"], content


def request(handler: PooledThreadsASGIHandler, method: str, url: str,
            body: bytes = b"") -> tuple[int, bytes]:
    return async_to_sync(exchange)(handler, method, url, body)


@pytest.fixture
def request_signals() -> Iterator[list[str]]:
    sent: list[str] = []

    def started(**kwargs: object) -> None:
        sent.append("started")

    def finished(**kwargs: object) -> None:
        sent.append("finished")

    signals.request_started.connect(started)
    signals.request_finished.connect(finished)
    yield sent
    signals.request_started.disconnect(started)
    signals.request_finished.disconnect(finished)


def test_requests_run_on_the_handlers_threads_again_and_again(handler) -> None:
    names = {request(handler, "GET", "/where/")[1].decode() for _ in range(8)}
    assert names <= {"http-0_0", "http-1_0"}


def test_a_request_switches_to_its_thread_once(handler, monkeypatch) -> None:
    switches = []
    original = SyncToAsync.__call__

    async def counted(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        switches.append(getattr(self.func, "__qualname__", repr(self.func)))
        return await original(self, *args, **kwargs)

    monkeypatch.setattr(SyncToAsync, "__call__", counted)
    assert request(handler, "GET", "/where/")[0] == 200
    assert switches == ["PooledThreadsASGIHandler.respond"]


def test_requests_beyond_the_threads_wait_their_turn_and_all_get_answers(handler) -> None:
    running.update(now=0, most=0)

    async def five_at_once() -> list[tuple[int, bytes]]:
        return await asyncio.gather(*(exchange(handler, "GET", "/busy/") for _ in range(5)))

    began = time.monotonic()
    answers = async_to_sync(five_at_once)()
    assert answers == [(200, b"done")] * 5
    assert running["most"] == 2
    assert time.monotonic() - began >= 0.25  # three turns of 0.1 s, two at a time


def test_the_body_is_read_and_the_request_signals_are_sent_once(
        handler, request_signals) -> None:
    assert request(handler, "POST", "/echo/", b"abc") == (200, b"cba")
    assert request_signals == ["started", "finished"]


def test_an_error_in_a_view_is_a_500_answer(handler, request_signals) -> None:
    assert request(handler, "GET", "/broken/")[0] == 500
    assert request_signals == ["started", "finished"]


@pytest.mark.filterwarnings("ignore:StreamingHttpResponse must consume synchronous")
def test_a_streaming_answer_is_sent_whole_then_closed(handler, request_signals) -> None:
    assert request(handler, "GET", "/three-parts/") == (200, b"one,two,three")
    assert request_signals == ["started", "finished"]


def test_a_streaming_answer_stops_when_the_client_goes_away(handler, request_signals) -> None:
    async def leave_after_the_first_part() -> None:
        communicator = ApplicationCommunicator(handler, scope("GET", "/endless/"))
        await communicator.send_input({"type": "http.request", "body": b""})
        assert (await communicator.receive_output(5))["status"] == 200
        assert (await communicator.receive_output(5))["body"] == b"part,"
        await communicator.send_input({"type": "http.disconnect"})
        await communicator.wait(5)

    streamed["chunks"] = 0
    async_to_sync(leave_after_the_first_part)()
    sent = streamed["chunks"]
    time.sleep(0.1)
    assert streamed["chunks"] == sent < 10
    assert request_signals == ["started", "finished"]


def test_only_http_is_handled(handler) -> None:
    async def websocket() -> None:
        await handler({"type": "websocket"}, None, None)

    with pytest.raises(ValueError, match="websocket"):
        async_to_sync(websocket)()


@pytest.mark.django_db
def test_the_projects_middleware_all_run(settings) -> None:
    project = PooledThreadsASGIHandler(threads=1)  # the project's URLs and middleware
    communicator_scope = scope("GET", "/accounts/login/")
    communicator_scope["headers"].append((b"accept-language", b"ar"))

    async def login_page() -> tuple[dict[str, Any], bytes]:
        communicator = ApplicationCommunicator(project, communicator_scope)
        await communicator.send_input({"type": "http.request", "body": b""})
        start = await communicator.receive_output(5)
        body = (await communicator.receive_output(5))["body"]
        await communicator.wait(5)
        return start, body

    start, body = async_to_sync(login_page)()
    headers = {name.decode().lower(): value.decode() for name, value in start["headers"]}
    assert start["status"] == 200
    assert "csrftoken=" in headers["set-cookie"]  # CSRF
    assert headers["x-frame-options"] == "DENY"  # clickjacking
    assert headers["content-language"] == "ar"  # locale
    assert "content-security-policy" in headers  # CSP
    assert 'dir="rtl"' in body.decode()
