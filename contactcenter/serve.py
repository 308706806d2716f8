"""The project's web server: daphne, answering oversized request heads instead of dropping
them. `python -m contactcenter.serve` takes daphne's own arguments:

    python -m contactcenter.serve -b 0.0.0.0 -p 8001 contactcenter.asgi:application

Twisted, under daphne, reads a request line and each header up to 16 KiB, and all of them
together up to 16 KiB. Past that it closes the connection without a word (a line too long)
or answers a bare 400. Here the client is told: 414 URI Too Long for the request line, 431
Request Header Fields Too Large for headers, then the connection closes. A declared body
larger than any the project takes (an attachment and its form) is refused with 413 before
it is read, instead of the server waiting for it.

daphne's `--proxy-headers` is refused: it believes any client's X-Forwarded-For. Name the
proxies in TRUSTED_PROXIES instead (contactcenter.client_address).
"""

from __future__ import annotations

# daphne.server installs the asyncio reactor: it must come before anything from Twisted.
import daphne.server  # isort:skip

import logging
import sys
from collections.abc import Sequence
from typing import Any

import daphne.cli
import daphne.http_protocol
from twisted.web import http

logger = logging.getLogger(__name__)

# How long a refused connection may go on sending before it is cut: the client reads the
# answer meanwhile (closing at once, with its bytes still coming, would reset the
# connection and lose the answer).
LINGER_SECONDS = 5


def _answer(status: bytes, text: bytes) -> bytes:
    return (b"HTTP/1.1 " + status + b"\r\nContent-Type: text/plain; charset=utf-8\r\n"
            b"Content-Length: " + str(len(text)).encode() + b"\r\nConnection: close\r\n\r\n"
            + text)


URI_TOO_LONG = _answer(b"414 URI Too Long", b"Request line too long.\n")
HEADERS_TOO_LARGE = _answer(b"431 Request Header Fields Too Large",
                            b"Request headers too large.\n")
BODY_TOO_LARGE = _answer(b"413 Content Too Large", b"Request body too large.\n")


def max_body_bytes() -> int:
    """The largest body the project takes: an attachment, and a megabyte for its form."""
    from django.conf import settings

    return int(settings.ATTACHMENT_MAX_BYTES) + 1024 * 1024


class HeadLimitedChannel(http.HTTPChannel):
    """Twisted's HTTP channel, answering 414 or 431 when a request's head is over the
    limits (MAX_LENGTH per line, totalHeadersSize in all; 16 KiB each), and 413 when the
    body it declares is over max_body_bytes()."""

    _refused = False

    def lineReceived(self, line: bytes) -> None:
        if self._refused:
            return
        # Twisted counts the head's bytes in _receivedHeaderSize, reset for each request.
        if self._receivedHeaderSize + len(line) > self.totalHeadersSize:
            self._refuse(request_line=self._receivedHeaderSize == 0)
            return
        super().lineReceived(line)

    def lineLengthExceeded(self, line: bytes) -> None:
        if not self._refused:
            self._refuse(request_line=self._receivedHeaderSize == 0)

    def allHeadersReceived(self) -> None:
        if self.length is not None and self.length > max_body_bytes():
            self._refuse_with(BODY_TOO_LARGE, "body")
            return
        super().allHeadersReceived()

    def _refuse(self, *, request_line: bool) -> None:
        if request_line:
            self._refuse_with(URI_TOO_LONG, "request line")
        else:
            self._refuse_with(HEADERS_TOO_LARGE, "headers")

    def _refuse_with(self, answer: bytes, what: str) -> None:
        self._refused = True
        self.persistent = False
        self.clearLineBuffer()
        # Twisted's interfaces are zope ones, which mypy cannot read without a plugin.
        transport: Any = self.transport
        transport.write(answer)
        peer = transport.getPeer()
        logger.info("Refused a request from %s: %s too long", getattr(peer, "host", peer),
                    what)
        # Half-close and drop what still comes, for a few seconds at most.
        self.dataReceived = lambda data: None  # type: ignore[method-assign]  # see above
        lose_write = getattr(transport, "loseWriteConnection", None)
        if lose_write is None:
            transport.loseConnection()
        else:
            lose_write()
            self.setTimeout(LINGER_SECONDS)


class HTTPFactory(daphne.http_protocol.HTTPFactory):
    """daphne's factory (its requests, its ALPN), on HeadLimitedChannel."""

    def protocol(self) -> http._GenericHTTPChannelProtocol:
        return http._GenericHTTPChannelProtocol(HeadLimitedChannel())


class Server(daphne.server.Server):
    """daphne's server with HTTPFactory above."""

    @property
    def http_factory(self) -> HTTPFactory:
        return self._http_factory

    @http_factory.setter
    def http_factory(self, factory: daphne.http_protocol.HTTPFactory) -> None:
        # daphne's run() builds its own factory and keeps it here: ours takes its place.
        self._http_factory = (factory if isinstance(factory, HTTPFactory)
                              else HTTPFactory(self))


class CommandLineInterface(daphne.cli.CommandLineInterface):
    """daphne's command line, serving with Server above."""

    server_class = Server

    def run(self, args: Sequence[str]) -> None:
        if any(arg.startswith("--proxy-headers") for arg in args):
            self.parser.error("--proxy-headers believes any client's X-Forwarded-For; "
                              "name the proxies in the TRUSTED_PROXIES setting instead.")
        super().run(list(args))


def main(argv: Sequence[str] | None = None) -> None:
    CommandLineInterface().run(sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":
    main()
