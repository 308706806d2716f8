"""An export's body for StreamingHttpResponse, served by WSGI (a sync iterator) or ASGI (an
async iterator reading the same generator chunk by chunk in one thread, so that the cursor
stays on its connection: Django would otherwise read a sync iterator whole into memory).

The rows are counted as the server writes them (a chunk counts once the server asks for the
next one, or when the stream ends); when the stream ends, or the client
goes away (the server closes the response), `on_end(rows sent, completed)` runs once."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Generator, Iterator

from asgiref.sync import sync_to_async


class _Stream:
    """The body and its bookkeeping, iterable neither way: Django serves an object that
    has __iter__ as sync, whatever else it has."""

    def __init__(self, chunks: Iterator[tuple[bytes, int]],
                 on_end: Callable[[int, bool], None]) -> None:
        self._chunks = chunks
        self._on_end = on_end
        self._sent = 0
        self._ended = False
        self._body = self._generate()

    def _generate(self) -> Generator[bytes, None, None]:
        completed = False
        try:
            for data, rows in self._chunks:
                yield data
                self._sent += rows
            completed = True
        finally:
            close = getattr(self._chunks, "close", None)
            if close is not None:
                close()
            self._end(completed)

    def _end(self, completed: bool) -> None:
        if not self._ended:
            self._ended = True
            self._on_end(self._sent, completed)

    def close(self) -> None:
        """Called by the response's close(): ends the generator (its `finally` logs), or
        logs a stream that never started."""
        self._body.close()
        self._end(False)


class ExportStream(_Stream):
    """The body for a WSGI server (and Django's test client)."""

    def __iter__(self) -> Iterator[bytes]:
        return self._body


class AsyncExportStream(_Stream):
    """The same body for an ASGI server."""

    def __aiter__(self) -> AsyncIterator[bytes]:
        return self._async_body()

    async def _async_body(self) -> AsyncIterator[bytes]:
        read = sync_to_async(self._next, thread_sensitive=True)
        while (data := await read()) is not None:
            yield data

    def _next(self) -> bytes | None:
        return next(self._body, None)
