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

Four kinds of work take turns in slices of `--slice` seconds until each has had
`--seconds`, so that the machine speeding up or slowing down weighs on each alike:

1. The service's own rate: `tickets.services.open_complaint` called directly, back to
   back, in `--processes` processes (forked, one connection each, the daphne processes
   idle meanwhile), as bench/tickets_create.py calls it; complaints per second and CPU per
   complaint of those processes and of their PostgreSQL backends.
2. Over HTTP, closed loop: `--connections` clients (threads, keep-alive connections, each
   sticking to one daphne process) send requests back to back:
   - `GET /bench/api/ping/` anonymously: a DRF view with the API's settings that answers
     the request's agent (none here);
   - the same with `Authorization: Token …`: the difference is what authenticating a
     token and finding its agent costs the server;
   - `POST /api/v1/complaints/` with a token, for a random customer of the agent's agency
     and a random category (JSON in, the 201 answer read whole).
   Requests per second, p50 / p99 latency, and CPU per request of the daphne processes
   and of the scratch database's PostgreSQL backends, read from /proc.
3. Before all that, in process: the API's authenticators and `request_agent` on a
   request carrying a token, `--auth-calls` times, microseconds per call, with the cache
   of the quick start (process memory) and with it in Redis (`--redis`, database 11 by
   default, emptied first) as in production.

`--py-spy FILE` then records the first daphne process during `--seconds` of creations;
`--profile FILE` (cProfile, CPU time) and `--show-queries` look at creations in process
instead, through Django's test client.

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
from collections.abc import Callable
from typing import Any

from api_measure import CpuMeter, Run, closed_loop
from scratch import scratch_database
from serve import free_port, start_daphne

# Project code is imported inside the functions: Django is set up, on the scratch
# database, by scratch_database() once the script has started.
SCRATCH = "bench_api_create"
CREATE = "/api/v1/complaints/"
PING = "/bench/api/ping/"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=1,
                        help="daphne processes, and processes calling the service")
    parser.add_argument("--count", type=int, default=1000,
                        help="complaints for --profile")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--slice", type=float, default=1.0)
    parser.add_argument("--auth-calls", type=int, default=5000)
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/11",
                        help="a Redis for timing authentication with the cache there, as "
                             "in production (this database is emptied)")
    parser.add_argument("--profile", metavar="FILE",
                        help="instead: a cProfile of --count creations in process, through "
                             "Django's test client, written to FILE (no daphne)")
    parser.add_argument("--py-spy", metavar="FILE",
                        help="after the runs, record the (first) daphne process with py-spy "
                             "during --seconds of creations: collapsed stacks to FILE, and "
                             "the functions that took the most samples")
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
    auth_redis_us = _authentication_in_process(tokens, args.auth_calls, redis=args.redis)

    connections.close_all()
    for connection in connections.all():
        connection.close_pool()
    service = ServicePool(args.processes)
    ports = [free_port() for _ in range(args.processes)]
    servers = [start_daphne(port, settings_module="bench_site") for port in ports]
    try:
        client = Client(ports, tokens)
        client.warm_up(20 * args.connections)
        service.warm_up()
        meter = CpuMeter([server.pid for server in servers], database=SCRATCH)
        own, anonymous, authenticated, created = _take_turns(meter, args, [
            ("service (open_complaint)", service.run),
            ("ping, anonymous", client.ping_anonymous),
            ("ping, token", client.ping_token),
            ("POST /api/v1/complaints/ (201)", client.create)])
        stored = _complaints_over_api()
        if args.py_spy:
            _py_spy(servers[0].pid, args, client)
    finally:
        service.close()
        for server in servers:
            server.terminate()
            server.wait(timeout=10)

    print(f"\n{args.processes} process(es) for the service and for daphne; HTTP: "
          f"{args.connections} keep-alive connections; {args.seconds:g} s per kind in "
          f"turns of {args.slice:g} s")
    print(f"{'what':<34} {'count':>7} {'per second':>11} {'p50 ms':>8} {'p99 ms':>8} "
          f"{'errors':>7} {'server CPU ms':>14} {'database CPU ms':>16}")
    for run in (own, anonymous, authenticated, created):
        latency = (f"{run.percentile(0.5):>8.1f} {run.percentile(0.99):>8.1f}"
                   if run is not own else f"{'':>8} {'':>8}")
        print(f"{run.label:<34} {run.count:>7,} {run.rate:>11.1f} {latency} "
              f"{len(run.errors):>7} {run.cpu_ms(run.server_cpu):>14.2f} "
              f"{run.cpu_ms(run.database_cpu):>16.2f}")
    runs = (anonymous, authenticated, created)
    for error in sorted(set(itertools.chain(*(r.errors for r in runs))))[:5]:
        print(f"  error: {error}")
    token_ms = (authenticated.cpu_ms(authenticated.server_cpu)
                - anonymous.cpu_ms(anonymous.server_cpu))
    ratio = created.rate / own.rate if own.rate else 0.0
    print(f"\nREST creation at {ratio:.0%} of the service's rate ({created.rate:.1f} / "
          f"{own.rate:.1f} per second); server CPU a creation "
          f"{created.cpu_ms(created.server_cpu):.2f} ms against "
          f"{own.cpu_ms(own.server_cpu):.2f} ms for the service")
    own_cpu = own.cpu_ms(own.server_cpu) + own.cpu_ms(own.database_cpu)
    rest_cpu = created.cpu_ms(created.server_cpu) + created.cpu_ms(created.database_cpu)
    print(f"CPU a complaint, Python or daphne and PostgreSQL: service {own_cpu:.2f} ms, REST "
          f"{rest_cpu:.2f} ms (by CPU alone, REST at {own_cpu / rest_cpu:.0%} of the "
          "service's rate)" if rest_cpu else "")
    print(f"token authentication and its agent: {token_ms:.2f} ms of server CPU a request "
          f"(token ping − anonymous ping); in process {auth_us:.0f} µs a call, "
          + (f"{auth_redis_us:.0f} µs with the cache in Redis" if auth_redis_us is not None
             else "Redis not reachable"))
    print(f"complaints answered 201: {created.count:,}; complaints opened by "
          f"the API's agents over HTTP: {stored:,}")
    checks = {
        "REST creation >= 60 % of the service's rate": ratio >= 0.6,
        "token authentication < 1 ms (server CPU)": token_ms < 1.0,
        "token authentication < 1 ms (in process)": auth_us < 1000 and (
            auth_redis_us is None or auth_redis_us < 1000),
        "no error": not any(r.errors for r in runs),
        "every 201 is a complaint": stored == created.count,
    }
    for label, ok in checks.items():
        print(f"  {'met' if ok else 'MISSED':<7} {label}")
    return 0 if all(checks.values()) else 1


# --- The service, in N processes -------------------------------------------------------------

class ServicePool:
    """`processes` forked processes that call open_complaint for a given time when asked,
    each with its own connection, as tickets_create.py does."""

    def __init__(self, processes: int) -> None:
        import multiprocessing

        context = multiprocessing.get_context("fork")
        self.pipes = []
        self.workers = []
        for number in range(processes):
            parent, child = context.Pipe()
            worker = context.Process(target=_service_worker, args=(child, 100 + number),
                                     daemon=True)
            worker.start()
            self.pipes.append(parent)
            self.workers.append(worker)

    def warm_up(self) -> None:
        self._ask(1.0)

    def run(self, run: Run, seconds: float) -> None:
        """Every process opens complaints for `seconds`; their count and CPU go to `run`."""
        started = time.perf_counter()
        for opened, python, database in self._ask(seconds):
            run.count += opened
            run.server_cpu += python
            run.database_cpu += database
        run.seconds += time.perf_counter() - started

    def _ask(self, seconds: float) -> list[tuple[int, float, float]]:
        for pipe in self.pipes:
            pipe.send(seconds)
        return [pipe.recv() for pipe in self.pipes]

    def close(self) -> None:
        for pipe in self.pipes:
            pipe.send(None)
        for worker in self.workers:
            worker.join(timeout=30)


def _service_worker(pipe: Any, seed: int) -> None:
    """Open complaints as tickets_create.py does, for the seconds asked, until told None."""
    import tickets_create

    open_one = tickets_create.opener(seed)
    while (seconds := pipe.recv()) is not None:
        python, database = time.process_time(), tickets_create._backend_cpu()
        stop, opened = time.monotonic() + seconds, 0
        while time.monotonic() < stop:
            open_one(opened)
            opened += 1
        pipe.send((opened, time.process_time() - python,
                   tickets_create._backend_cpu() - database))


# --- Token authentication, in process --------------------------------------------------------

def _tokens() -> dict[int, list[tuple[str, list[int]]]]:
    """An API token for each front-office agent: agency id -> [(key, customer ids)]."""
    from rest_framework.authtoken.models import Token

    # Django is set up on the scratch database once the script runs.
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
                               calls: int, *, redis: str | None = None) -> float | None:
    """Microseconds per call of the API's authenticators and request_agent, as a view
    runs them, for a request carrying a token; with `redis`, the cache there (emptied of
    this run's entries first), or None when it cannot be reached."""
    if redis is not None:
        import redis as redis_client
        from django.test import override_settings

        try:
            redis_client.Redis.from_url(redis).ping()
        except redis_client.RedisError:
            return None
        with override_settings(CACHES={"default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis,
                "KEY_PREFIX": SCRATCH}}):
            from django.core.cache import cache

            cache.clear()
            return _authentication_in_process(tokens, calls)
    from rest_framework.request import Request
    from rest_framework.settings import api_settings
    from rest_framework.test import APIRequestFactory

    # Django is set up on the scratch database once the script runs.
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
    the API view): with `path`, a cProfile of `count` of them (CPU time), printed by
    cumulative time and written to `path`; else the SQL of one."""
    import cProfile
    import pstats

    from django.test import Client as TestClient

    # Django is set up on the scratch database once the script runs.
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
    profiler = cProfile.Profile(time.process_time)  # CPU time: waits for the database left out
    started = time.process_time()
    profiler.runcall(lambda: [create(n) for n in range(count)])
    print(f"{(time.process_time() - started) / count * 1000:.2f} ms of CPU a creation, "
          "profiled")
    profiler.dump_stats(path)
    pstats.Stats(path).sort_stats("cumulative").print_stats(60)
    return 0


def _py_spy(pid: int, args: argparse.Namespace, client: Client) -> None:
    """Record daphne with py-spy while clients create complaints (only the thread holding
    the GIL: where the CPU goes, not the waits), and print the functions found in the most
    samples (inclusive), by file and name."""
    import shutil
    import subprocess
    import sys
    from collections import Counter
    from pathlib import Path

    py_spy = shutil.which("py-spy", path=str(Path(sys.executable).parent)) or "py-spy"
    recorder = subprocess.Popen(
        [py_spy, "record", "--pid", str(pid), "--format", "raw", "--rate", "250",
         "--duration", str(int(args.seconds)), "--output", args.py_spy, "--gil"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    time.sleep(1)
    closed_loop(Run("profiled"), client.create, args.seconds + 1, args.connections)
    recorder.wait(timeout=60)
    inclusive: Counter[str] = Counter()
    total = 0
    for line in Path(args.py_spy).read_text().splitlines():
        stack, _space, count = line.rpartition(" ")
        total += int(count)
        frames = {frame.rsplit(":", 1)[0] for frame in stack.split(";")}  # without lines
        for frame in frames:
            inclusive[frame] += int(count)
    print(f"\npy-spy: {total:,} samples of daphne while creating (collapsed stacks in "
          f"{args.py_spy}); inclusive share of the functions in the most samples:")
    for frame, count in inclusive.most_common(70):
        print(f"{100 * count / total:>6.1f} %  {frame.replace(str(Path.cwd()) + '/', '')}")


def _complaints_over_api() -> int:
    # Django is set up on the scratch database once the script runs.
    from tickets.models import Ticket

    return Ticket.objects.filter(description__startswith="API ").count()


# --- HTTP client -----------------------------------------------------------------------------

class Client:
    """Keep-alive connections, one per thread, each sticking to one daphne process."""

    CHANNELS = ["phone", "counter", "web", "letter"]

    def __init__(self, ports: list[int], tokens: dict[int, list[tuple[str, list[int]]]]
                 ) -> None:
        # Django is set up on the scratch database once the script runs.
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


# --- Taking turns ----------------------------------------------------------------------------

def _take_turns(meter: CpuMeter, args: argparse.Namespace,
                kinds: list[tuple[str, Callable[..., Any]]]) -> list[Run]:
    """Each kind in turns of `args.slice` seconds until each has had `args.seconds`: the
    service's pool (a bound ServicePool.run) measures itself; HTTP senders run in a closed
    loop of `args.connections` clients, measured by `meter`."""
    runs = [Run(label) for label, _send in kinds]
    turns = max(1, round(args.seconds / args.slice))
    seconds = args.seconds / turns
    for _turn in range(turns):
        for run, (_label, send) in zip(runs, kinds, strict=True):
            if isinstance(getattr(send, "__self__", None), ServicePool):
                send(run, seconds)
            else:
                meter.measure(run, lambda run=run, send=send: closed_loop(
                    run, send, seconds, args.connections))
    return runs


if __name__ == "__main__":
    raise SystemExit(main())
