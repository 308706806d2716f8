#!/usr/bin/env python3
"""Benchmark of the inbound SMS webhook served by daphne on loopback, next to a trivial view.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/sms_webhook.py

In a scratch database `bench_sms_webhook`: the demo organisation with 2,000 insured persons
and 100 employers (mobile numbers included), and 300 open complaints of customers with a
mobile, opened through the services. daphne serves the project (settings `bench_site`: the
project's, plus `/bench/trivial/`, a view that answers a constant text) on a free loopback
port, without Redis (in-memory channel layer), as one process (`--servers 2`: two, as in
production, one per core; each client connection sticks to one). Every webhook request is
signed as the carrier signs it (`telephony.gateway.sign`).

1. Throughput, closed loop: `--connections` clients (threads, keep-alive) send requests
   back to back for `--seconds` in all per kind: the trivial view (POST of a form like the
   webhook's), status look-ups (`SUIVI <reference>` from the complaint's customer's
   number) and new complaints (a new MessageSid each, half from customers' numbers, half
   from numbers not on record). The kinds take turns in slices of `--slice` seconds, so
   that a machine slowing down or speeding up during the run weighs on each alike.
   Requests per second and p50 / p99 latency.
2. Sustained load, open loop: new complaints sent on a fixed schedule of `--rate`
   requests per second for `--sustain` seconds (each request leaves at its planned time,
   from a pool of threads), one in ten a replay of an earlier MessageSid sent again;
   p50 / p99 latency, and after it the counts of stored messages and of complaints
   opened by SMS against the distinct MessageSids sent.

Targets: status look-ups at least 50 % of the trivial view's throughput; p99 under 300 ms
at 50 new complaints per second; replays create no duplicates.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode

from api_measure import Run, closed_loop
from scratch import scratch_database
from serve import free_port, start_daphne

# Project code is imported inside the functions: Django is set up, on the scratch
# database, by scratch_database() once the script has started.
SCRATCH = "bench_sms_webhook"
INBOUND = "/telephony/sms/inbound/"
TRIVIAL = "/bench/trivial/"
OUR_NUMBER = "+212520000000"
TOKEN = "bench-signing-token"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--slice", type=float, default=1.0)
    parser.add_argument("--rate", type=float, default=50.0)
    parser.add_argument("--sustain", type=float, default=20.0)
    parser.add_argument("--servers", type=int, default=1,
                        help="daphne processes (production runs one per core), each "
                             "connection sticking to one")
    args = parser.parse_args()
    os.environ.pop("REDIS_URL", None)
    os.environ["SMS_GATEWAY"] = "console"
    os.environ["TELEPHONY_SIGNING_TOKEN"] = TOKEN
    os.environ["TELEPHONY_PUBLIC_BASE_URL"] = ""
    # The bench opens thousands of complaints from its few hundred numbers: the limit of
    # complaints per number (3 a day by default) would refuse most, and the duplicate
    # check would count the refusals as lost.
    os.environ["SMS_COMPLAINTS_PER_NUMBER"] = "1000000"
    with scratch_database(SCRATCH):
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    targets = _populate()
    ports = [free_port() for _ in range(args.servers)]
    servers = [start_daphne(port, settings_module="bench_site") for port in ports]
    try:
        client = Client(ports, [phone for _reference, phone in targets])
        meter = CpuMeter([server.pid for server in servers])
        trivial, status, created = _take_turns(meter, args, [
            ("trivial view", client.trivial),
            ("status look-up (SUIVI <reference>)",
             lambda n: client.status(*targets[n % len(targets)])),
            ("new complaint", client.new_complaint)])
        sustained, sent, distinct = _open_loop(client, args)
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=10)
    print(f"{'requests':<34} {'count':>7} {'per second':>11} {'p50 ms':>8} "
          f"{'p99 ms':>8} {'errors':>7} {'server CPU ms':>14} {'database CPU ms':>16}")
    for run in (trivial, status, created, sustained):
        cpu = (f"{run.cpu_ms(run.server_cpu):>14.1f} {run.cpu_ms(run.database_cpu):>16.1f}"
               if run.server_cpu else "")
        print(f"{run.label:<34} {run.count:>7,} {run.rate:>11.1f} "
              f"{run.percentile(0.5):>8.1f} {run.percentile(0.99):>8.1f} {len(run.errors):>7} "
              f"{cpu}")
    stored, complaints = _counts()
    print(f"\nsustained run: {sent:,} requests, {distinct:,} distinct MessageSids. In all: "
          f"{len(client.sent):,} distinct MessageSids sent ({len(client.complaints):,} new "
          f"complaints), {stored:,} messages stored, {complaints:,} complaints opened by SMS")
    checks = {
        "status look-ups at >= 50 % of the trivial view": status.rate >= 0.5 * trivial.rate,
        f"p99 < 300 ms at {args.rate:g}/s new complaints": sustained.percentile(0.99) < 300,
        "no error": not any(r.errors for r in (trivial, status, created, sustained)),
        "replays created no duplicate": (stored, complaints) == (len(client.sent),
                                                                 len(client.complaints)),
    }
    for label, ok in checks.items():
        print(f"  {'met' if ok else 'MISSED':<7} {label}")
    return 0 if all(checks.values()) else 1


class Client:
    """Signed webhook requests, one keep-alive connection per thread."""

    def __init__(self, ports: list[int], known: list[str]) -> None:
        self.ports = ports
        self.known = known
        self.connections_made = 0
        self.local = threading.local()
        self.numbers = iter(range(10**9))
        self.lock = threading.Lock()
        self.sent: set[str] = set()  # every MessageSid sent
        self.complaints: set[str] = set()  # those of new complaints

    def _connection(self) -> http.client.HTTPConnection:
        if not hasattr(self.local, "connection"):
            with self.lock:  # each connection sticks to one server, in turn
                self.local.port = self.ports[self.connections_made % len(self.ports)]
                self.connections_made += 1
            self.local.connection = http.client.HTTPConnection("127.0.0.1", self.local.port,
                                                               timeout=30)
        return self.local.connection

    def _post(self, path: str, params: dict[str, str], *, sign: bool = True) -> int:
        # Django is set up on the scratch database once the script runs.
        from telephony.gateway import sign as signature

        body = urlencode(params)
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        connection = self._connection()
        if sign:
            headers["X-Twilio-Signature"] = signature(
                f"http://127.0.0.1:{self.local.port}{path}", params)
        try:
            connection.request("POST", path, body=body, headers=headers)
            response = connection.getresponse()
            response.read()
        except (OSError, http.client.HTTPException):
            del self.local.connection
            raise
        return response.status

    def next_sid(self) -> str:
        with self.lock:
            return f"SMbench{next(self.numbers):026d}"

    def message(self, sid: str, sender: str, body: str, *, complaint: bool = False) -> int:
        with self.lock:
            self.sent.add(sid)
            if complaint:
                self.complaints.add(sid)
        return self._post(INBOUND, {"MessageSid": sid, "AccountSid": "ACbench", "From": sender,
                                    "To": OUR_NUMBER, "Body": body, "NumMedia": "0"})

    def trivial(self, _n: int) -> int:
        return self._post(TRIVIAL, {"MessageSid": "SMx", "From": "+212600000000",
                                    "To": OUR_NUMBER, "Body": "SUIVI 1234567890"}, sign=False)

    def status(self, reference: str, phone: str) -> int:
        return self.message(self.next_sid(), phone, f"SUIVI {reference}")

    def new_complaint(self, n: int) -> int:
        """Half from customers' numbers, half from numbers not on record."""
        sender = (self.known[n % len(self.known)] if n % 2
                  else f"+21277{random.randrange(10**7):07d}")
        return self.message(self.next_sid(), sender,
                            f"Je n'ai pas reçu mes allocations familiales ({n}).",
                            complaint=True)


class CpuMeter:
    """CPU time spent by the daphne processes and by PostgreSQL's (every process of the
    machine named postgres) while a run lasts, read from /proc (Linux)."""

    TICKS = os.sysconf("SC_CLK_TCK")

    def __init__(self, server_pids: list[int]) -> None:
        self.server_pids = server_pids

    def measure(self, run: Run, run_it: Callable[[], object]) -> None:
        """Run `run_it` and add the CPU time it took to `run`."""
        servers, database = self._servers(), self._database()
        run_it()
        run.server_cpu += self._servers() - servers
        run.database_cpu += self._database() - database

    def _cpu(self, pid: int | str) -> float:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:  # the process ended
            return 0.0
        return (int(fields[11]) + int(fields[12])) / self.TICKS  # utime + stime

    def _servers(self) -> float:
        return sum(self._cpu(pid) for pid in self.server_pids)

    def _database(self) -> float:
        total = 0.0
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                with open(f"/proc/{pid}/comm") as comm:
                    if comm.read().strip() != "postgres":
                        continue
            except OSError:
                continue
            total += self._cpu(pid)
        return total


def _take_turns(meter: CpuMeter, args: argparse.Namespace,
                kinds: list[tuple[str, Callable[[int], int]]]) -> list[Run]:
    """A closed loop for each kind, in turns of `args.slice` seconds until each has had
    `args.seconds`."""
    runs = [Run(label) for label, _send in kinds]
    turns = max(1, round(args.seconds / args.slice))
    for _turn in range(turns):
        for run, (_label, send) in zip(runs, kinds, strict=True):
            meter.measure(run, lambda run=run, send=send: closed_loop(
                run, lambda n, send=send: _answered(send(n)), args.seconds / turns,
                args.connections))
    return runs


def _answered(status: int) -> tuple[bool, str]:
    return status == 200, f"HTTP {status}"


def _open_loop(client: Client, args: argparse.Namespace) -> tuple[Run, int, int]:
    """New complaints at a fixed rate, one in ten a replay; returns the run, the requests
    sent and the distinct MessageSids among them."""
    run = Run(f"sustained {args.rate:g}/s, 10 % replays")
    total = int(args.rate * args.sustain)
    rng = random.Random(5)
    plan: list[tuple[str, str, str]] = []
    for n in range(total):
        if plan and n % 10 == 9:
            plan.append(plan[rng.randrange(len(plan))])  # the carrier delivers it again
        else:
            plan.append((client.next_sid(), f"+21277{rng.randrange(10**7):07d}",
                         f"Ma pension n'est pas arrivée ce mois-ci ({n})."))
    lock = threading.Lock()
    started = time.perf_counter()

    def send(n: int) -> None:
        delay = started + n / args.rate - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        began = time.perf_counter()
        try:
            ok, detail = _answered(client.message(*plan[n], complaint=True))
        except (OSError, http.client.HTTPException) as error:
            ok, detail = False, repr(error)
        elapsed = time.perf_counter() - began
        with lock:
            if ok:
                run.count += 1
                run.latencies.append(elapsed)
            else:
                run.errors.append(detail)

    with ThreadPoolExecutor(max_workers=32) as pool:
        list(pool.map(send, range(total)))
    run.seconds = time.perf_counter() - started
    return run, total, len({sid for sid, _, _ in plan})


def _counts() -> tuple[int, int]:
    # Django is set up on the scratch database once the script runs.
    from telephony.models import InboundMessage
    from tickets.models import Ticket

    return InboundMessage.objects.count(), Ticket.objects.filter(channel="sms").count()


def _populate() -> list[tuple[str, str]]:
    """The demo organisation and customers, and open complaints to look up: returns
    (reference, the customer's mobile) pairs."""
    from django.db import connection

    # Django is set up on the scratch database once the script runs.
    from contactcenter.customers.models import ContactPoint
    from contactcenter.demo import seed_demo
    from tickets import services

    seed_demo(persons=2000, employers=100)
    mobiles = list(ContactPoint.objects.filter(kind=ContactPoint.Kind.MOBILE, is_primary=True)
                   .select_related("customer").order_by("pk")[:300])
    targets = []
    for contact in mobiles:
        ticket = services.open_complaint(customer=contact.customer, channel="phone", by=None,
                                         actor_label="bench",
                                         description="Attestation de salaires demandée.")
        targets.append((ticket.reference, contact.value))
    with connection.cursor() as cursor:  # statistics, as autovacuum keeps them in production
        cursor.execute("ANALYZE")
    return targets


if __name__ == "__main__":
    raise SystemExit(main())
