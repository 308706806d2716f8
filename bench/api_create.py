#!/usr/bin/env python3
"""Benchmark of opening complaints over the REST API, against the service's own rate.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/api_create.py

In a scratch database `bench_api_create`: the organisation, categories and 10,000 customers
of bench/tickets_create.py (12 agencies with a queue of 5 front-office agents each, 2
headquarters queues, 10 categories, 3 of them routed to headquarters), and an API token for
each front-office agent. The assignment cap is lifted, SMS_GATEWAY is "fake" and there is
no Redis (in-memory channel layer, outbox rows written, not delivered), as in
bench/tickets_create.py. daphne serves the project (settings `bench_site`: the project's
plus `/bench/trivial/` and `/bench/api/ping/`) on loopback, `--processes` processes.

1. The service's own rate: `tickets.services.open_complaint` called directly, `--count`
   complaints split between `--processes` processes (forked, one connection each),
   before the HTTP runs and again after them; complaints per second and CPU per complaint
   of the Python processes and their PostgreSQL backends.
2. Over HTTP, closed loop: `--connections` clients (threads, keep-alive connections, each
   sticking to one daphne process) send back to back, for `--seconds` in all per kind,
   the kinds taking turns in slices of `--slice` seconds:
   - `GET /bench/api/ping/` anonymously: a DRF view with the API's settings that answers
     the request's agent (none here);
   - the same with `Authorization: Token …`: the difference is what authenticating a
     token and finding its agent costs the server;
   - `POST /api/v1/complaints/` with a token, for a random customer of the agent's agency
     and a random category (JSON in, the 201 answer read whole).
   Requests per second, p50 / p99 latency, and CPU per request of the daphne processes
   and of the scratch database's PostgreSQL backends, read from /proc.
3. In process: the API's authenticators and `request_agent` on a request carrying a
   token, `--auth-calls` times, microseconds per call.

Targets: REST creation at least 60 % of the service's rate with the same number of
processes; token authentication under 1 ms.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import os
import random
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from scratch import scratch_database
from serve import free_port, start_daphne

SCRATCH = "bench_api_create"
CREATE = "/api/v1/complaints/"
PING = "/bench/api/ping/"


@dataclass
class Run:
    label: str
    latencies: list[float] = field(default_factory=list)
    numbers: Iterator[int] = field(default_factory=itertools.count)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    server_cpu: float = 0.0  # CPU seconds of the daphne processes
    database_cpu: float = 0.0  # CPU seconds of the scratch database's backends

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def cpu_ms(self, seconds: float) -> float:
        return seconds / len(self.latencies) * 1000 if self.latencies else 0.0

    def percentile(self, share: float) -> float:
        if not self.latencies:
            return 0.0
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=1,
                        help="daphne processes, and processes calling the service")
    parser.add_argument("--count", type=int, default=3000,
                        help="complaints per run of the service")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--slice", type=float, default=1.0)
    parser.add_argument("--auth-calls", type=int, default=5000)
    parser.add_argument("--profile", metavar="FILE",
                        help="instead: a cProfile of --count creations in process, through "
                             "Django's test client, written to FILE (no daphne)")
    parser.add_argument("--show-queries", action="store_true",
                        help="instead: print the SQL of one creation through Django's test "
                             "client")
    args = parser.parse_args()
    os.environ.pop("REDIS_URL", None)
    os.environ["SMS_GATEWAY"] = "fake"
    os.environ["TICKET_ASSIGNMENT_CAP"] = "1000000"
    with scratch_database(SCRATCH):
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    import tickets_create
    from django.db import connections

    tickets_create._populate()
    tokens = _tokens()
    tickets_create._open_many(tickets_create.WARM_UP, seed=0)
    if args.profile or args.show_queries:
        return _in_process(tokens, args.count, args.profile)
    auth_us = _authentication_in_process(tokens, args.auth_calls)

    connections.close_all()
    for connection in connections.all():
        connection.close_pool()
    ports = [free_port() for _ in range(args.processes)]
    servers = [start_daphne(port, settings_module="bench_site") for port in ports]
    try:
        service_before = _service(args.count, args.processes, seed=1)
        client = Client(ports, tokens)
        client.warm_up(20 * args.connections)
        meter = CpuMeter([server.pid for server in servers])
        anonymous, authenticated, created = _take_turns(meter, args, [
            ("ping, anonymous", client.ping_anonymous),
            ("ping, token", client.ping_token),
            ("POST /api/v1/complaints/ (201)", client.create)])
        service_after = _service(args.count, args.processes, seed=2)
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=10)

    service_rate = (service_before.rate + service_after.rate) / 2
    print(f"\n{args.processes} process(es); service: {args.count:,} complaints a run, "
          f"HTTP: {args.connections} keep-alive connections, {args.seconds:g} s per kind")
    print(f"{'what':<34} {'count':>7} {'per second':>11} {'p50 ms':>8} {'p99 ms':>8} "
          f"{'errors':>7} {'server CPU ms':>14} {'database CPU ms':>16}")
    for run in (service_before, service_after):
        print(f"{run.label:<34} {run.opened:>7,} {run.rate:>11.1f} {'':>8} {'':>8} "
              f"{0:>7} {run.python_ms:>14.2f} {run.database_ms:>16.2f}")
    for run in (anonymous, authenticated, created):
        print(f"{run.label:<34} {len(run.latencies):>7,} {run.rate:>11.1f} "
              f"{run.percentile(0.5):>8.1f} {run.percentile(0.99):>8.1f} "
              f"{len(run.errors):>7} {run.cpu_ms(run.server_cpu):>14.2f} "
              f"{run.cpu_ms(run.database_cpu):>16.2f}")
    for error in sorted(set(itertools.chain(*(r.errors for r in (anonymous, authenticated,
                                                                  created)))))[:5]:
        print(f"  error: {error}")
    token_ms = (authenticated.cpu_ms(authenticated.server_cpu)
                - anonymous.cpu_ms(anonymous.server_cpu))
    ratio = created.rate / service_rate if service_rate else 0.0
    stored = _complaints_over_api()
    print(f"\nREST creation at {ratio:.0%} of the service's rate ({created.rate:.1f} / "
          f"{service_rate:.1f} per second)")
    print(f"token authentication and its agent: {token_ms:.2f} ms of server CPU a request "
          f"(token ping − anonymous ping); in process {auth_us:.0f} µs a call")
    print(f"complaints answered 201: {len(created.latencies):,}; complaints opened by "
          f"the API's agents over HTTP: {stored:,}")
    checks = {
        "REST creation >= 60 % of the service's rate": ratio >= 0.6,
        "token authentication < 1 ms (server CPU)": token_ms < 1.0,
        "token authentication < 1 ms (in process)": auth_us < 1000,
        "no error": not any(r.errors for r in (anonymous, authenticated, created)),
        "every 201 is a complaint": stored == len(created.latencies),
    }
    for label, ok in checks.items():
        print(f"  {'met' if ok else 'MISSED':<7} {label}")
    return 0 if all(checks.values()) else 1


# --- The service, in N processes -------------------------------------------------------------

@dataclass
class ServiceRun:
    label: str
    opened: int
    seconds: float
    python_ms: float
    database_ms: float

    @property
    def rate(self) -> float:
        return self.opened / self.seconds


def _service(count: int, processes: int, *, seed: int) -> ServiceRun:
    import multiprocessing

    import tickets_create
    from django.db import connections

    shares = [count // processes + (i < count % processes) for i in range(processes)]
    connections.close_all()
    for connection in connections.all():
        connection.close_pool()
    started = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        parts = pool.starmap(tickets_create._open_many,
                             [(n, 100 * seed + i) for i, n in enumerate(shares)])
    seconds = time.perf_counter() - started
    work = sum(parts, tickets_create.Work(0, 0.0, 0.0))
    return ServiceRun(f"service, {'before' if seed == 1 else 'after'} HTTP", work.opened,
                      seconds, 1000 * work.python_seconds / work.opened,
                      1000 * work.database_seconds / work.opened)


# --- Token authentication, in process --------------------------------------------------------

def _tokens() -> dict[int, list[tuple[str, list[int]]]]:
    """An API token for each front-office agent: agency id -> [(key, customer ids)]."""
    from rest_framework.authtoken.models import Token

    from contactcenter.customers.models import Customer
    from contactcenter.org.models import Agent

    customers: dict[int, list[int]] = {}
    for pk, agency_id in Customer.objects.values_list("pk", "agency_id"):
        customers.setdefault(agency_id, []).append(pk)
    tokens: dict[int, list[tuple[str, list[int]]]] = {}
    for agent in Agent.objects.filter(role=Agent.Role.FRONT_OFFICE).select_related("user"):
        token, _created = Token.objects.get_or_create(user=agent.user)
        tokens.setdefault(agent.agency_id, []).append((token.key, customers[agent.agency_id]))
    return tokens


def _authentication_in_process(tokens: dict[int, list[tuple[str, list[int]]]],
                               calls: int) -> float:
    """Microseconds per call of the API's authenticators and request_agent, as a view
    runs them, for a request carrying a token."""
    from rest_framework.request import Request
    from rest_framework.settings import api_settings
    from rest_framework.test import APIRequestFactory

    from contactcenter.org.selectors import request_agent

    keys = [key for agency in tokens.values() for key, _customers in agency]
    factory = APIRequestFactory()
    authenticators = [cls() for cls in api_settings.DEFAULT_AUTHENTICATION_CLASSES]
    requests = [factory.get(PING, HTTP_AUTHORIZATION=f"Token {keys[n % len(keys)]}")
                for n in range(calls)]
    for warm in requests[:len(keys)]:
        assert request_agent(Request(warm, authenticators=authenticators)) is not None
    started = time.process_time()
    for raw in requests:
        request = Request(raw, authenticators=authenticators)
        request.user  # noqa: B018 (runs the authenticators)
        request_agent(request)
    return (time.process_time() - started) / calls * 1e6


def _in_process(tokens: dict[int, list[tuple[str, list[int]]]], count: int,
                path: str | None) -> int:
    """Creations through Django's test client (the sync handler, the project's middleware,
    the API view): with `path`, a cProfile of `count` of them, printed by cumulative time
    and written to `path`; else the SQL of one."""
    import cProfile
    import pstats

    from django.test import Client as TestClient

    from tickets.models import Category

    agents = [entry for agency in tokens.values() for entry in agency]
    categories = list(Category.objects.order_by("pk").values_list("code", flat=True))
    rng = random.Random(3)
    client = TestClient()

    def create(n: int) -> None:
        key, customers = agents[n % len(agents)]
        response = client.post(CREATE, json.dumps({
            "customer": rng.choice(customers), "channel": "phone",
            "category": rng.choice(categories), "description": f"API {n}: profil"}),
            content_type="application/json", HTTP_ACCEPT="application/json",
            HTTP_AUTHORIZATION=f"Token {key}")
        assert response.status_code == 201, response.content

    for n in range(50):
        create(n)
    if path is None:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            create(50)
        for number, query in enumerate(queries.captured_queries, 1):
            print(f"{number:>3} {query['time']:>6} {query['sql'][:400]}")
        return 0
    profiler = cProfile.Profile()
    started = time.process_time()
    profiler.runcall(lambda: [create(n) for n in range(count)])
    print(f"{(time.process_time() - started) / count * 1000:.2f} ms of CPU a creation, "
          "profiled")
    profiler.dump_stats(path)
    pstats.Stats(path).sort_stats("cumulative").print_stats(60)
    return 0


def _complaints_over_api() -> int:
    from tickets.models import Ticket

    return Ticket.objects.filter(description__startswith="API ").count()


# --- HTTP client -----------------------------------------------------------------------------

class Client:
    """Keep-alive connections, one per thread, each sticking to one daphne process."""

    CHANNELS = ["phone", "counter", "web", "letter"]

    def __init__(self, ports: list[int], tokens: dict[int, list[tuple[str, list[int]]]]
                 ) -> None:
        from tickets.models import Category

        self.ports = ports
        self.agents = [entry for agency in tokens.values() for entry in agency]
        self.categories = list(Category.objects.order_by("pk").values_list("code", flat=True))
        self.connections_made = 0
        self.local = threading.local()
        self.lock = threading.Lock()

    def _connection(self) -> http.client.HTTPConnection:
        if not hasattr(self.local, "connection"):
            with self.lock:
                port = self.ports[self.connections_made % len(self.ports)]
                self.local.random = random.Random(self.connections_made)
                self.connections_made += 1
            self.local.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        return self.local.connection

    def _send(self, method: str, path: str, *, body: bytes | None = None,
              token: str | None = None) -> tuple[int, bytes]:
        headers = {"Accept": "application/json"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        if token:
            headers["Authorization"] = f"Token {token}"
        connection = self._connection()
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException):
            del self.local.connection
            raise
        return response.status, content

    def ping_anonymous(self, _n: int) -> tuple[bool, str]:
        status, content = self._send("GET", PING)
        return status == 200 and json.loads(content) == {"agent": None}, f"{status}"

    def ping_token(self, n: int) -> tuple[bool, str]:
        key, _customers = self.agents[n % len(self.agents)]
        status, content = self._send("GET", PING, token=key)
        return status == 200 and json.loads(content)["agent"] is not None, f"{status}"

    def create(self, n: int, *, prefix: str = "API") -> tuple[bool, str]:
        self._connection()
        rng = self.local.random
        key, customers = self.agents[n % len(self.agents)]
        body = json.dumps({
            "customer": rng.choice(customers), "channel": rng.choice(self.CHANNELS),
            "category": rng.choice(self.categories),
            "description": f"{prefix} {n}: prestation non versée depuis deux mois"}).encode()
        status, content = self._send("POST", CREATE, body=body, token=key)
        ok = status == 201 and json.loads(content)["reference"]
        return bool(ok), f"{status} {content[:200]!r}"

    def warm_up(self, requests: int) -> None:
        """Every process has loaded its code and connections before anything is timed
        (the complaints opened here are not counted as the API's)."""
        threads = [threading.Thread(target=lambda: [
            (self.ping_token(n), self.create(n, prefix="Warm-up"))
            for n in range(requests // 4)]) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()


# --- CPU and the closed loop -----------------------------------------------------------------

class CpuMeter:
    """CPU time of the daphne processes and of the scratch database's PostgreSQL backends
    (those in pg_stat_activity for it), read from /proc."""

    TICKS = os.sysconf("SC_CLK_TCK")

    def __init__(self, server_pids: list[int]) -> None:
        self.server_pids = server_pids

    def measure(self, run: Run, run_it: Callable[[], object]) -> None:
        servers, database = self._servers(), self._database()
        run_it()
        run.server_cpu += self._servers() - servers
        after = self._database()
        run.database_cpu += sum(cpu - database.get(pid, 0.0) for pid, cpu in after.items())

    def _cpu(self, pid: int) -> float:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / self.TICKS

    def _servers(self) -> float:
        return sum(self._cpu(pid) for pid in self.server_pids)

    def _database(self) -> dict[int, float]:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s "
                           "AND pid <> pg_backend_pid()", [SCRATCH])
            return {pid: self._cpu(pid) for (pid,) in cursor.fetchall()}


def _take_turns(meter: CpuMeter, args: argparse.Namespace,
                kinds: list[tuple[str, Callable[[int], tuple[bool, str]]]]) -> list[Run]:
    runs = [Run(label) for label, _send in kinds]
    turns = max(1, round(args.seconds / args.slice))
    for _turn in range(turns):
        for run, (_label, send) in zip(runs, kinds, strict=True):
            meter.measure(run, lambda run=run, send=send: _closed_loop(
                run, send, args.seconds / turns, args.connections))
    return runs


def _closed_loop(run: Run, send: Callable[[int], tuple[bool, str]], seconds: float,
                 connections: int) -> None:
    stop = time.monotonic() + seconds
    lock = threading.Lock()

    def worker() -> None:
        while time.monotonic() < stop:
            with lock:
                n = next(run.numbers)
            began = time.perf_counter()
            try:
                ok, detail = send(n)
            except (OSError, http.client.HTTPException) as error:
                ok, detail = False, repr(error)
            elapsed = time.perf_counter() - began
            with lock:
                if ok:
                    run.latencies.append(elapsed)
                else:
                    run.errors.append(detail)

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    run.seconds += time.perf_counter() - started


if __name__ == "__main__":
    raise SystemExit(main())
