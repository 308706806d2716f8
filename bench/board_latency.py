#!/usr/bin/env python3
"""Benchmark of the live SLA board: from a transition's commit to the WebSocket message on
an open board, through daphne and the Redis channel layer.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/board_latency.py

In a scratch database `bench_board_latency`, with Redis (REDIS_URL, default
redis://127.0.0.1:6379; this script uses database 11 of that server for its channel layer,
away from other users' groups): daphne serves the project on a free loopback port; a
WebSocket client (a minimal one, see Listener) signs in as an agency supervisor and
listens on /ws/board/. The script then makes N transitions through the services (each
`start_ticket` commits its own transaction), and after each commit delivers the board
update as the background worker does (`tickets.outbox.deliver`), and waits for the
message. It reports, from commit to message received, p50 / p95 / max; the duration of the
`deliver` call (it marks the row sent after the send, so it ends after the message
arrives); and the time of the refresh the page then makes (GET of the board's htmx partial
from daphne).

With --celery, the delivery is the production path instead: the commit queues the Celery
task, and a worker (in this process, on the same Redis) runs it.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import json
import os
import queue
import statistics
import struct
import threading
import time
import urllib.request
from urllib.parse import urlsplit, urlunsplit

from scratch import scratch_database
from serve import free_port, start_daphne

# Project code is imported inside the functions: Django is set up, on the scratch
# database, by scratch_database() once the script has started.
SCRATCH = "bench_board_latency"
REDIS_DB = 11
TIMEOUT = 5.0


def _redis_url() -> str:
    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    return urlunsplit(urlsplit(url)._replace(path=f"/{REDIS_DB}"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--transitions", type=int, default=300)
    parser.add_argument("--celery", action="store_true",
                        help="deliver through a Celery worker instead of calling deliver()")
    args = parser.parse_args()
    os.environ["REDIS_URL"] = _redis_url()
    with scratch_database(SCRATCH):
        return _run(transitions=args.transitions, celery=args.celery)


def _forget_earlier_runs() -> None:
    """Database REDIS_DB is this benchmark's own: drop the group members and tasks an
    interrupted run may have left (a dead board in the group, tasks naming rows of a
    dropped database)."""
    import redis

    client = redis.Redis.from_url(os.environ["REDIS_URL"])
    stale = list(client.scan_iter("asgi*")) + [b"celery"]
    client.delete(*stale)


def _percentiles(values: list[float]) -> tuple[float, float, float]:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * len(ordered)) - 1)]
    return statistics.median(ordered) * 1000, p95 * 1000, ordered[-1] * 1000


def _run(*, transitions: int, celery: bool) -> int:
    from django.conf import settings

    # Django is set up on the scratch database once the script runs.
    from tickets import outbox

    _forget_earlier_runs()
    settings.BACKGROUND_MODE = "in-process"  # the openings' outbox: delivered, not measured
    settings.TICKET_ASSIGNMENT_CAP = transitions + 1
    supervisor, tickets, handler = _populate(transitions)
    outbox.deliver_due(limit=100_000)
    settings.BACKGROUND_MODE = "celery" if celery else "in-process"
    session = _session_of(supervisor)
    port = free_port()
    server = start_daphne(port)
    worker = _start_worker() if celery else None
    try:
        listener = Listener(port, session)
        listener.start()
        kind, _ = listener.next()
        assert kind == "ready", kind
        latencies, delivering = _measure(tickets, handler, listener, celery=celery)
        refresh = _refresh_times(port, session, count=min(200, transitions))
        listener.stop()
    finally:
        if worker is not None:
            worker.__exit__(None, None, None)
        server.terminate()
        server.wait(timeout=10)
    print(f"{len(latencies)} transitions, delivery by "
          f"{'a Celery worker' if celery else 'tickets.outbox.deliver after commit'}")
    print(f"{'measure':>36} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    rows = [("commit -> board message received", latencies)]
    if delivering:
        rows.append(("deliver() call (claim, send, mark)", delivering))
    rows.append(("page refresh (GET partial)", refresh))
    for label, values in rows:
        p50, p95, worst = _percentiles(values)
        print(f"{label:>36} {p50:>8.1f} {p95:>8.1f} {worst:>8.1f}")
    p95 = _percentiles(latencies)[1]
    print("OK" if p95 < 1000 else "NOT OK: p95 over one second")
    return 0 if p95 < 1000 else 1


def _measure(tickets: list, handler: object, listener: Listener, *,
             celery: bool) -> tuple[list[float], list[float]]:
    # Django is set up on the scratch database once the script runs.
    from tickets import outbox, services
    from tickets.models import OutboxMessage

    latencies, delivering = [], []
    for ticket in tickets:
        services.start_ticket(ticket=ticket, by=handler)  # commits on return
        committed = time.perf_counter()
        if not celery:
            pending = OutboxMessage.objects.filter(
                ticket=ticket, kind=OutboxMessage.Kind.BOARD,
                status=OutboxMessage.Status.PENDING).values_list("pk", flat=True)
            for pk in pending:
                outbox.deliver(pk)
            delivering.append(time.perf_counter() - committed)
        kind, received = listener.next()
        assert kind == "update", kind
        latencies.append(received - committed)
    return latencies, delivering


def _populate(count: int) -> tuple[object, list, object]:
    from django.contrib.auth import get_user_model

    # Django is set up on the scratch database once the script runs.
    from contactcenter.customers.models import Customer
    from contactcenter.org.models import Agency, Agent, Queue, Region
    from tickets import services
    from tickets.models import Category

    User = get_user_model()
    region = Region.objects.create(code="DR-A", name_fr="Région A", name_ar="جهة أ")
    agency = Agency.objects.create(code="AG-A", name_fr="Agence A", name_ar="وكالة أ",
                                   region=region)
    desk = Queue.objects.create(code="Q-A", name_fr="File A", name_ar="طابور أ", agency=agency)
    category = Category.objects.create(code="af", audience="insured", label_fr="AF",
                                       label_ar="تعويضات", default_queue=desk)
    handler = Agent.objects.create(user=User.objects.create(username="guichet"),
                                   role=Agent.Role.FRONT_OFFICE, agency=agency)
    handler.queues.add(desk)
    supervisor = Agent.objects.create(user=User.objects.create(username="superviseur"),
                                      role=Agent.Role.SUPERVISOR, agency=agency)
    customer = Customer.objects.create(kind=Customer.Kind.PERSON, first_name="Fatima",
                                       last_name="Benali", agency=agency,
                                       roles=[Customer.Role.INSURED])
    tickets = [services.open_complaint(customer=customer, channel="counter", by=handler,
                                       category=category, description=f"AF {n}")
               for n in range(count)]
    return supervisor, tickets, handler


def _session_of(agent: object) -> str:
    from django.test import Client

    client = Client()
    client.force_login(agent.user)  # type: ignore[attr-defined]
    return client.cookies["sessionid"].value


def _start_worker() -> object:
    import logging

    from celery.contrib.testing.worker import start_worker

    logging.getLogger("celery").setLevel(logging.WARNING)

    # Django is set up on the scratch database once the script runs.
    from contactcenter.celery import app

    worker = start_worker(app, perform_ping_check=False, pool="solo", loglevel="WARNING")
    worker.__enter__()
    return worker


def _refresh_times(port: int, session: str, *, count: int) -> list[float]:
    """What the page does on a message: fetch the board's partial."""
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/sla/board/",
        headers={"Cookie": f"sessionid={session}", "HX-Request": "true", "HX-Target": "board"})
    times = []
    for _ in range(count):
        started = time.perf_counter()
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            assert response.status == 200 and b'id="board"' in response.read()
        times.append(time.perf_counter() - started)
    return times


class Listener:
    """A board page's WebSocket, in a thread with its own event loop: the time each message
    arrives (perf_counter, the clock the measuring thread reads too). A minimal RFC 6455
    client: the `websockets` package is not installed, and autobahn's asyncio flavour cannot
    load once Django has loaded daphne (txaio is then bound to Twisted)."""

    def __init__(self, port: int, session: str) -> None:
        self.port, self.session = port, session
        self.messages: queue.Queue[tuple[str, float]] = queue.Queue()
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.writer: asyncio.StreamWriter | None = None

    def start(self) -> None:
        self.thread.start()
        asyncio.run_coroutine_threadsafe(self._open(), self.loop).result(timeout=TIMEOUT)

    async def _open(self) -> None:
        self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        key = base64.b64encode(os.urandom(16)).decode()
        self.writer.write((
            f"GET /ws/board/ HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\n"
            "Upgrade: websocket\r\nConnection: Upgrade\r\n"
            f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
            f"Origin: http://127.0.0.1:{self.port}\r\nCookie: sessionid={self.session}\r\n"
            "\r\n").encode())
        answer = await self.reader.readuntil(b"\r\n\r\n")
        if b" 101 " not in answer.split(b"\r\n", 1)[0]:
            raise SystemExit(f"WebSocket refused: {answer[:200]!r}")
        self.reading = asyncio.get_running_loop().create_task(self._read())

    async def _read(self) -> None:
        while True:
            head = await self.reader.readexactly(2)
            opcode, length = head[0] & 0x0F, head[1] & 0x7F
            if length == 126:
                length = struct.unpack("!H", await self.reader.readexactly(2))[0]
            elif length == 127:
                length = struct.unpack("!Q", await self.reader.readexactly(8))[0]
            payload = await self.reader.readexactly(length)  # a server never masks
            arrived = time.perf_counter()
            if opcode == 0x1:
                self.messages.put((json.loads(payload)["type"], arrived))
            elif opcode == 0x9:  # daphne's keep-alive ping
                self._send(0xA, payload)
            elif opcode == 0x8:
                self.messages.put(("closed", arrived))
                return

    def _send(self, opcode: int, payload: bytes) -> None:
        """A client frame: masked, as RFC 6455 requires."""
        assert self.writer is not None and len(payload) < 126
        mask = os.urandom(4)
        masked = bytes(byte ^ mask[n % 4] for n, byte in enumerate(payload))
        self.writer.write(bytes([0x80 | opcode, 0x80 | len(payload)]) + mask + masked)

    def next(self) -> tuple[str, float]:
        return self.messages.get(timeout=TIMEOUT)

    async def _close(self) -> None:
        self._send(0x8, struct.pack("!H", 1000))
        self.reading.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self.reading
        assert self.writer is not None
        self.writer.close()

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self._close(), self.loop).result(timeout=TIMEOUT)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=TIMEOUT)
        self.loop.close()


if __name__ == "__main__":
    raise SystemExit(main())
