"""What bench/api_create.py measures with: a run's requests and latencies, the CPU of
the server processes and of the database, and a closed loop of keep-alive clients."""

from __future__ import annotations

import http.client
import itertools
import os
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field


@dataclass
class Run:
    label: str
    count: int = 0  # requests answered as expected (complaints opened, for the service)
    latencies: list[float] = field(default_factory=list)
    numbers: Iterator[int] = field(default_factory=itertools.count)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    server_cpu: float = 0.0  # CPU seconds of the daphne processes
    database_cpu: float = 0.0  # CPU seconds of the scratch database's backends

    @property
    def rate(self) -> float:
        return self.count / self.seconds if self.seconds else 0.0

    def cpu_ms(self, seconds: float) -> float:
        return seconds / self.count * 1000 if self.count else 0.0

    def percentile(self, share: float) -> float:
        if not self.latencies:
            return 0.0
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000



class CpuMeter:
    """CPU time of the daphne processes and of `database`'s PostgreSQL backends (those in
    pg_stat_activity for it), read from /proc."""

    TICKS = os.sysconf("SC_CLK_TCK")

    def __init__(self, server_pids: list[int], *, database: str) -> None:
        self.server_pids = server_pids
        self.database = database

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
                           "AND pid <> pg_backend_pid()", [self.database])
            return {pid: self._cpu(pid) for (pid,) in cursor.fetchall()}


def closed_loop(run: Run, send: Callable[[int], tuple[bool, str]], seconds: float,
                 connections: int) -> None:
    """`connections` clients sending back to back for `seconds`, into `run`."""
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
                    run.count += 1
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
