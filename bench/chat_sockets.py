#!/usr/bin/env python3
"""Benchmark of the web chat's WebSockets: how many idle visitors one daphne process holds,
and the visitor -> agent -> visitor round trip through Redis between two daphne processes.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/chat_sockets.py

In a scratch database `bench_chat_sockets`, with Redis (REDIS_URL, default
redis://127.0.0.1:6379; this script uses database 12 of that server for its channel layer,
emptied of channel-layer keys first). The call centre's calendar is open every hour of
every day there, so that the chat takes visitors whenever the benchmark runs.

Idle visitors (--idle N, default 2,000): one daphne process; N visitors open /ws/chat/
(the `websockets` client, 100 handshakes at a time) and each waits for its welcome
frame; they then stay connected, idle, for --hold seconds (default 30). Reports the daphne
process's resident memory (VmRSS) before (after one warm-up visitor) and after, the memory
per connection, and how many sockets still answer a ping at the end.

Round trip (--rate R messages per second, default 100, for --seconds S, default 30):
daphne A and daphne B on the same Redis channel layer; V visitors (--visitors, default
200) on A, each with a conversation accepted by one of the agents connected to B through
the agents' console socket /ws/desk/chat/ (signed in by session cookie). Each visitor
message is answered by its agent as soon as the agent's socket receives it; the time from
the visitor's send to the answer's arrival on the visitor's socket is the round trip.
Visitors write in turn, R messages per second overall (each visitor one every V/R
seconds, under the chat's per-visitor rate limit). Reports p50/p95/p99/max of the round
trip and of the visitor -> agent leg, the messages lost, and the CPU time per message of
each daphne process, this script's clients, the database's backends and Redis (the steadier
figure when other work shares the machine).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import os
import resource
import statistics
import subprocess
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from scratch import scratch_database
from serve import free_port, start_daphne

# Project code is imported inside the functions: Django is set up, on the scratch
# database, by scratch_database() once the script has started.
SCRATCH = "bench_chat_sockets"
REDIS_DB = 12
TIMEOUT = 30.0
HANDSHAKES_AT_ONCE = 100
AGENT_CAPACITY = 10
IDLE_SECONDS = 5.0


def _redis_url() -> str:
    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    return urlunsplit(urlsplit(url)._replace(path=f"/{REDIS_DB}"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--idle", type=int, default=2000,
                        help="idle visitors on one process (0: skip)")
    parser.add_argument("--hold", type=float, default=30.0,
                        help="seconds the idle visitors stay connected before the count")
    parser.add_argument("--rate", type=float, default=100.0,
                        help="visitor messages per second in the round trip (0: skip)")
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--visitors", type=int, default=200,
                        help="visitors taking part in the round trip")
    args = parser.parse_args()
    os.environ["REDIS_URL"] = _redis_url()
    _raise_file_limit(args.idle + args.visitors + 200)
    with scratch_database(SCRATCH):
        _forget_earlier_runs()
        agents = _populate(agents=-(-args.visitors // AGENT_CAPACITY))
        status = 0
        print(f"load before: {_load()}")
        if args.idle:
            status |= _idle_visitors(args.idle, hold=args.hold)
        if args.rate:
            status |= _round_trip(agents, visitors=args.visitors, rate=args.rate,
                                  seconds=args.seconds)
        print(f"load after: {_load()}")
        return status


# --- Setting up ----------------------------------------------------------------------------

def _raise_file_limit(needed: int) -> None:
    """Each socket is a file descriptor, here and in daphne (which inherits the limit)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = min(hard, max(soft, needed * 2 + 1024))
    resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))


def _forget_earlier_runs() -> None:
    """Database REDIS_DB is this benchmark's own: drop what an interrupted run left."""
    import redis

    client = redis.Redis.from_url(os.environ["REDIS_URL"])
    stale = list(client.scan_iter("asgi*"))
    if stale:
        client.delete(*stale)


def _load() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def _populate(*, agents: int) -> list[str]:
    """The call centre (a direction, its queue, a calendar open at all hours) and its chat
    agents, available with room for AGENT_CAPACITY conversations each. Returns the agents'
    session cookies."""
    # Imported once Django is set up for the scratch database (main() does it).
    from datetime import time as clock

    from django.contrib.auth import get_user_model
    from django.test import Client

    from contactcenter.chat import services as chat_services
    from contactcenter.org.models import Agent, Direction, Queue
    from sla.models import Calendar, WorkingHours

    direction = Direction.objects.create(code="CC", name_fr="Centre d'appels",
                                         name_ar="مركز الاتصال",
                                         kind=Direction.Kind.CALL_CENTRE)
    queue = Queue.objects.create(code="CC-1", name_fr="Centre d'appels",
                                 name_ar="مركز الاتصال", direction=direction)
    calendar, _created = Calendar.objects.get_or_create(
        is_call_centre=True, defaults={"name": "Centre d'appels"})
    calendar.hours.all().delete()
    WorkingHours.objects.bulk_create([
        WorkingHours(calendar=calendar, weekday=weekday, start=clock(0, 0),
                     end=clock(23, 59, 59)) for weekday in range(7)])
    User = get_user_model()
    sessions = []
    for number in range(agents):
        agent = Agent.objects.create(
            user=User.objects.create(username=f"chat{number}", first_name=f"Agent{number}"),
            role=Agent.Role.CALL_CENTRE, direction=direction)
        agent.queues.add(queue)
        chat_services.set_availability(agent=agent, available=True,
                                       capacity=AGENT_CAPACITY)
        client = Client()
        client.force_login(agent.user)
        sessions.append(client.cookies["sessionid"].value)
    return sessions


def _rss_kib(pid: int) -> int:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def _stop(server: subprocess.Popen[bytes]) -> None:
    """Stop daphne; show the end of what it wrote on stderr when something failed in it."""
    server.terminate()
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
    errors = server.stderr.read().decode(errors="replace") if server.stderr else ""
    if "Traceback" in errors or "ERROR" in errors:
        print(f"daphne said (end):\n{errors[-3000:]}")


# --- WebSocket clients ---------------------------------------------------------------------

async def _connect(port: int, path: str, *, session: str | None = None) -> Any:
    from websockets.asyncio.client import connect

    headers = {"Cookie": f"sessionid={session}"} if session else None
    return await connect(f"ws://127.0.0.1:{port}{path}", origin=f"http://127.0.0.1:{port}",
                         additional_headers=headers, open_timeout=TIMEOUT,
                         ping_interval=None, max_queue=None, compression=None)


async def _frame_of_type(socket: Any, kinds: set[str], *, timeout: float = TIMEOUT
                         ) -> dict[str, Any]:
    """The next frame of one of these types (others are skipped)."""
    deadline = time.monotonic() + timeout
    while True:
        frame = json.loads(await asyncio.wait_for(socket.recv(),
                                                  deadline - time.monotonic()))
        if frame.get("type") in kinds:
            return frame


async def _open_visitor(port: int) -> tuple[Any, str]:
    socket = await _connect(port, "/ws/chat/?lang=fr")
    welcome = await _frame_of_type(socket, {"welcome"})
    return socket, welcome["conversation"]


async def _in_batches(count: int, make: Callable[[], Awaitable[Any]]) -> list[Any]:
    opened: list[Any] = []
    for start in range(0, count, HANDSHAKES_AT_ONCE):
        batch = min(HANDSHAKES_AT_ONCE, count - start)
        opened.extend(await asyncio.gather(*(make() for _ in range(batch)),
                                           return_exceptions=True))
    return opened


# --- Idle visitors -------------------------------------------------------------------------

def _idle_visitors(count: int, *, hold: float) -> int:
    port = free_port()
    server = start_daphne(port)
    try:
        held, before, after, seconds = asyncio.run(_hold_idle(port, server.pid, count,
                                                              hold=hold))
    finally:
        _stop(server)
    per_connection = (after - before) / held if held else 0.0
    print(f"\nIdle visitors on one daphne process (Redis channel layer): {held} of {count} "
          f"still open after {hold:g} s, all connected in {seconds:.1f} s")
    print(f"RSS before {before / 1024:.1f} MiB, after {after / 1024:.1f} MiB: "
          f"{per_connection:.1f} KiB per connection")
    ok = held == count
    print("OK" if ok else f"NOT OK: {count - held} refused or dropped")
    return 0 if ok else 1


async def _hold_idle(port: int, pid: int, count: int, *, hold: float
                     ) -> tuple[int, int, int, float]:
    warm, _token = await _open_visitor(port)  # the application loaded, one conversation
    await warm.close()
    await asyncio.sleep(1)
    before = _rss_kib(pid)
    started = time.perf_counter()
    opened = await _in_batches(count, lambda: _open_visitor(port))
    seconds = time.perf_counter() - started
    sockets = [item[0] for item in opened if isinstance(item, tuple)]
    failures = [item for item in opened if not isinstance(item, tuple)]
    for failure in failures[:3]:
        print(f"  refused: {failure!r}")
    await asyncio.sleep(hold)  # held, idle: every socket's receive waits on Redis meanwhile
    after = _rss_kib(pid)
    alive, gone = 0, []
    for socket in sockets:
        try:
            pong = await socket.ping()
            await asyncio.wait_for(pong, TIMEOUT)
            alive += 1
        except Exception as error:  # noqa: BLE001 - counted and shown
            gone.append(f"{error!r} {socket.close_code} {socket.close_reason!r}")
    for reason in gone[:3]:
        print(f"  dropped: {reason}")
    await asyncio.gather(*(socket.close() for socket in sockets), return_exceptions=True)
    return alive, before, after, seconds


# --- Round trip ----------------------------------------------------------------------------

@dataclass
class Trip:
    sent: dict[int, float] = field(default_factory=dict)
    at_agent: dict[int, float] = field(default_factory=dict)
    back: dict[int, float] = field(default_factory=dict)
    errors: list[dict[str, Any]] = field(default_factory=list)
    cpu: dict[str, float] = field(default_factory=dict)  # CPU seconds during the exchange
    idle_cpu: dict[str, float] = field(default_factory=dict)  # CPU share with nobody writing


def _round_trip(sessions: list[str], *, visitors: int, rate: float, seconds: float) -> int:
    port_a, port_b = free_port(), free_port()
    server_a, server_b = start_daphne(port_a), start_daphne(port_b)
    try:
        trip = asyncio.run(_exchange(port_a, port_b, sessions, visitors=visitors, rate=rate,
                                     seconds=seconds,
                                     servers={"daphne A": server_a.pid,
                                              "daphne B": server_b.pid}))
    finally:
        _stop(server_a)
        _stop(server_b)
    sent = len(trip.sent)
    rtt = [trip.back[n] - trip.sent[n] for n in trip.back]
    leg = [trip.at_agent[n] - trip.sent[n] for n in trip.at_agent]
    print(f"\nRound trip visitor -> agent -> visitor, visitors on daphne A, agents on daphne "
          f"B (console socket), Redis channel layer: {sent} messages at {rate:g}/s for "
          f"{seconds:g} s, {visitors} conversations, {len(sessions)} agents")
    print(f"{'measure':>26} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    for label, values in (("visitor -> agent", leg), ("visitor -> agent -> visitor", rtt)):
        if values:
            p50, p95, p99, worst = _percentiles(values)
            print(f"{label:>26} {p50:>8.1f} {p95:>8.1f} {p99:>8.1f} {worst:>8.1f}")
    print("CPU share with the sockets open and nobody writing: " + ", ".join(
        f"{name} {share * 100:.1f} %" for name, share in trip.idle_cpu.items()))
    if sent:
        print("CPU ms per message: " + ", ".join(
            f"{name} {seconds * 1000 / sent:.2f}" for name, seconds in trip.cpu.items()))
    lost = sent - len(rtt)
    print(f"answers lost or late (> {TIMEOUT:g} s): {lost}; refusals: {len(trip.errors)}")
    for error in trip.errors[:5]:
        print(f"  {error}")
    p99 = _percentiles(rtt)[2] if rtt else float("inf")
    ok = p99 <= 150 and lost == 0
    print("OK" if ok else "NOT OK: p99 over 150 ms or answers lost")
    return 0 if ok else 1


def _percentiles(values: list[float]) -> tuple[float, float, float, float]:
    ordered = sorted(values)

    def at(share: float) -> float:
        return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))] * 1000

    return statistics.median(ordered) * 1000, at(0.95), at(0.99), ordered[-1] * 1000


async def _exchange(port_a: int, port_b: int, sessions: list[str], *, visitors: int,
                    rate: float, seconds: float, servers: dict[str, int]) -> Trip:
    from asgiref.sync import sync_to_async

    trip = Trip()
    agents = [await _connect(port_b, "/ws/desk/chat/", session=session)
              for session in sessions]
    # Each agent in turn takes AGENT_CAPACITY visitors who have just written (a short
    # line, as in the call centre; a line of hundreds moves every waiting visitor's place
    # at each acceptance), through the agent's own socket; each visitor sees "joined".
    people: list[tuple[Any, str]] = []
    for number, agent in enumerate(agents):
        share = min(AGENT_CAPACITY, visitors - number * AGENT_CAPACITY)
        opened = await asyncio.gather(*(_open_visitor(port_a) for _ in range(share)))
        for socket, _token in opened:  # the first message puts the conversation in line
            await socket.send(json.dumps({"type": "message", "text": "Bonjour"}))
        ids = await sync_to_async(_conversation_ids)([token for _socket, token in opened])
        for _socket, token in opened:
            await agent.send(json.dumps({"type": "accept", "conversation": ids[token]}))
        for socket, token in opened:
            try:
                await _frame_of_type(socket, {"joined"})
            except TimeoutError:
                raise SystemExit(f"conversation {ids[token]} not accepted: "
                                 f"{await _agent_errors(agent)}") from None
        people.extend(opened)
    readers = [asyncio.create_task(_answer_as_agent(agent, trip)) for agent in agents]
    readers += [asyncio.create_task(_read_as_visitor(socket, trip)) for socket, _ in people]
    # What the processes spend with every socket open and nobody writing, for comparison.
    idle_before = await sync_to_async(_cpu_seconds)(servers)
    await asyncio.sleep(IDLE_SECONDS)
    cpu_before = await sync_to_async(_cpu_seconds)(servers)
    trip.idle_cpu = {name: (cpu_before[name] - idle_before[name]) / IDLE_SECONDS
                     for name in cpu_before}
    started = time.perf_counter()
    total = int(rate * seconds)
    turn = itertools.cycle([socket for socket, _ in people])
    for number in range(total):
        delay = started + number / rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        socket = next(turn)
        trip.sent[number] = time.perf_counter()
        await socket.send(json.dumps({"type": "message", "text": f"m{number}"}))
    deadline = time.perf_counter() + TIMEOUT
    while len(trip.back) < total and time.perf_counter() < deadline:
        await asyncio.sleep(0.1)
    cpu_after = await sync_to_async(_cpu_seconds)(servers)
    trip.cpu = {name: cpu_after[name] - cpu_before.get(name, 0.0) for name in cpu_after}
    for reader in readers:
        reader.cancel()
    await asyncio.gather(*(socket.close() for socket, _ in people), return_exceptions=True)
    await asyncio.gather(*(agent.close() for agent in agents), return_exceptions=True)
    return trip


TICKS = os.sysconf("SC_CLK_TCK")


def _process_cpu(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICKS


def _cpu_seconds(servers: dict[str, int]) -> dict[str, float]:
    """CPU seconds used so far by the daphne processes, this script (the clients), the
    scratch database's PostgreSQL backends and Redis."""
    import redis
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s "
                       "AND pid <> pg_backend_pid()", [SCRATCH])
        backends = [pid for (pid,) in cursor.fetchall()]
    info = redis.Redis.from_url(os.environ["REDIS_URL"]).info("cpu")
    return {**{name: _process_cpu(pid) for name, pid in servers.items()},
            "clients": time.process_time(),
            "PostgreSQL": sum(_process_cpu(pid) for pid in backends),
            "Redis": float(info["used_cpu_sys"]) + float(info["used_cpu_user"])}


async def _agent_errors(agent: Any) -> list[dict[str, Any]]:
    errors = []
    with contextlib.suppress(TimeoutError):
        while True:
            errors.append(await _frame_of_type(agent, {"error"}, timeout=1))
    return errors


def _conversation_ids(tokens: list[str]) -> dict[str, int]:
    from contactcenter.chat.models import Conversation

    return dict(Conversation.objects.filter(token__in=tokens).values_list("token", "pk"))


async def _answer_as_agent(agent: Any, trip: Trip) -> None:
    """The agent answers each visitor message at once, in the same conversation."""
    async for raw in agent:
        frame = json.loads(raw)
        kind = frame.get("type")
        if kind == "message" and frame.get("from") == "visitor":
            text = frame.get("text", "")
            if text.startswith("m"):
                number = int(text[1:])
                trip.at_agent[number] = time.perf_counter()
                await agent.send(json.dumps({"type": "message",
                                             "conversation": frame["conversation"],
                                             "text": f"r{number}"}))
        elif kind == "error":
            trip.errors.append(frame)


async def _read_as_visitor(socket: Any, trip: Trip) -> None:
    async for raw in socket:
        frame = json.loads(raw)
        kind = frame.get("type")
        if kind == "message" and frame.get("from") == "agent":
            text = frame.get("text", "")
            if text.startswith("r"):
                trip.back[int(text[1:])] = time.perf_counter()
        elif kind == "error":
            trip.errors.append(frame)


if __name__ == "__main__":
    raise SystemExit(main())
