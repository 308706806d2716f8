"""Django's ASGI handler for HTTP, with each request's sync work done in one go on one of a
fixed set of threads.

Django's own ASGI handler starts a thread for each request's sync code and another to join
it at the end, and goes between the event loop and that thread five times a request (the
request_started signal, the sync middleware, back to the loop for the view's adapter, the
view, closing the response). A request here borrows one of `settings.HTTP_THREADS`
long-lived threads, as a WSGI server's are, and in it: request_started, the request built
from the scope, the middleware chain and the view (Django's sync `get_response`), and,
for an answer already in memory, closing the response (request_finished: the database
connection goes back to its pool). The event loop reads the body before and sends the
answer after. A streaming answer is closed once sent, and stops when the client goes away.

A request waits, in arrival order, while every thread is busy. Each thread runs one
request at a time, so the sync code of a request stays on one thread as Django expects
(asgiref's thread-sensitive mode, given the borrowed thread as its executor, also for
any sync_to_async the request's code makes).
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from typing import IO, Any, cast

from asgiref.sync import ThreadSensitiveContext, sync_to_async
from django.conf import settings
from django.core import signals
from django.core.exceptions import RequestAborted
from django.core.handlers.asgi import ASGIHandler, get_script_prefix
from django.core.handlers.base import BaseHandler
from django.http import FileResponse, HttpResponseBase
from django.urls import set_script_prefix


class PooledThreadsASGIHandler(ASGIHandler):
    def __init__(self, threads: int | None = None) -> None:
        BaseHandler.__init__(self)
        self.load_middleware(is_async=False)  # run whole, in the borrowed thread
        self.threads = threads or settings.HTTP_THREADS
        self._idle: asyncio.Queue[ThreadPoolExecutor] | None = None

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            raise ValueError(f"Django can only handle ASGI/HTTP connections, not {scope['type']}.")
        idle = self._idle_threads()
        thread = await idle.get()
        try:
            async with ThreadSensitiveContext(executor=thread):
                await self.handle(scope, receive, send)
        finally:
            idle.put_nowait(thread)

    async def handle(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        try:
            body_file = await self.read_body(receive)
        except RequestAborted:
            return
        try:
            response = await sync_to_async(self.respond, thread_sensitive=True)(scope, body_file)
            if response.streaming:
                await self.stream(response, receive, send)
            else:
                await self.send_response(response, send)
        finally:
            body_file.close()

    def respond(self, scope: dict[str, Any], body_file: IO[bytes]) -> HttpResponseBase:
        """The answer to the request, in the borrowed thread: closed already unless it
        streams."""
        set_script_prefix(get_script_prefix(scope))
        signals.request_started.send(sender=self.__class__, scope=scope)
        request, response = self.create_request(scope, body_file)
        if request is not None:
            response = self.get_response(request)
            response._handler_class = self.__class__  # type: ignore[attr-defined]  # as Django's
        # create_request answers by itself whenever it builds no request.
        response = cast(HttpResponseBase, response)
        if isinstance(response, FileResponse):
            response.block_size = self.chunk_size
        if not response.streaming:
            response.close()
        return response

    async def stream(self, response: HttpResponseBase, receive: Any, send: Any) -> None:
        """Send a streaming answer, stopping if the client disconnects; then close it."""
        sending = asyncio.ensure_future(self.send_response(response, send))
        listening = asyncio.ensure_future(self.listen_for_disconnect(receive))
        try:
            await asyncio.wait([sending, listening], return_when=asyncio.FIRST_COMPLETED)
            for task in (listening, sending):
                task.cancel()
                try:
                    await task
                except (asyncio.CancelledError, RequestAborted):
                    pass
        finally:
            await sync_to_async(response.close, thread_sensitive=True)()

    def _idle_threads(self) -> asyncio.Queue[ThreadPoolExecutor]:
        # Made on the first request, in the server's event loop.
        if self._idle is None:
            self._idle = asyncio.Queue()
            for number in range(self.threads):
                self._idle.put_nowait(
                    ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"http-{number}"))
        return self._idle
