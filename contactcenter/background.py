"""Periodic background jobs, run by Celery beat in production and by a thread in the quick start.

settings.PERIODIC_JOBS names each job's function and period once; both runners read it, so
the quick start and production run the same code on the same schedule.
"""

from __future__ import annotations

import logging
import os
import queue
import threading
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import close_old_connections
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)
HEARTBEAT_KEY = "contactcenter:worker-heartbeat"
# Jobs asked for now (in-process mode): the runner wakes and runs them before their period.
_requested: set[str] = set()
_requested_lock = threading.Lock()
_wake_up = threading.Event()


def record_heartbeat() -> None:
    """Mark the background worker as alive (read by /healthz)."""
    cache.set(HEARTBEAT_KEY, time.time(), timeout=None)


def heartbeat_age() -> float | None:
    """Seconds since the worker last ran a job, or None if it never did."""
    beat = cache.get(HEARTBEAT_KEY)
    return None if beat is None else time.time() - beat


def run_job(name: str) -> None:
    path, _period = settings.PERIODIC_JOBS[name]
    import_string(path)()


def celery_beat_schedule() -> dict[str, dict[str, object]]:
    return {
        name: {"task": "contactcenter.run_job", "schedule": float(period), "args": (name,)}
        for name, (_path, period) in settings.PERIODIC_JOBS.items()
    }


# Task-queue publishes handed over by requests (see publish_later), per process.
_publications: queue.Queue[Callable[[], object]] = queue.Queue()
_publisher_pid: int | None = None
_publisher_lock = threading.Lock()


def publish_later(publish: Callable[[], object]) -> None:
    """Run a task-queue publish (e.g. `task.delay(...)`) in this process's publisher thread
    instead of the caller's: a slow or frozen broker then delays a delivery, never the
    request that caused it. A publish that fails is logged; the outbox's periodic job
    delivers what it missed."""
    global _publisher_pid
    with _publisher_lock:
        if _publisher_pid != os.getpid():  # none yet in this process (or we were forked)
            threading.Thread(target=_publish_forever, name="task-publisher",
                             daemon=True).start()
            _publisher_pid = os.getpid()
    _publications.put(publish)


def wait_for_publications() -> None:
    """Block until every publish handed over so far has run (tests, shutdown)."""
    _publications.join()


def _publish_forever() -> None:
    while True:
        publish = _publications.get()
        try:
            publish()
        except Exception:  # the broker is down: the periodic job catches up
            logger.exception("Publishing a background task failed")
        finally:
            _publications.task_done()


def run_soon(name: str) -> None:
    """Ask the in-process runner to run a job now instead of at its next period (e.g. the
    outbox right after a commit). Does nothing visible where no runner runs."""
    with _requested_lock:
        _requested.add(name)
    _wake_up.set()


class InProcessRunner(threading.Thread):
    """Runs every periodic job on its period in a daemon thread (embedded default only)."""

    def __init__(self, *, tick: float = 1.0) -> None:
        super().__init__(name="background-jobs", daemon=True)
        self.tick = tick
        self.stopping = threading.Event()

    def run(self) -> None:
        next_run = {name: 0.0 for name in settings.PERIODIC_JOBS}
        while not self.stopping.is_set():
            with _requested_lock:
                requested = set(_requested)
                _requested.clear()
            for name, (_path, period) in settings.PERIODIC_JOBS.items():
                if name not in requested and time.monotonic() < next_run[name]:
                    continue
                next_run[name] = time.monotonic() + period
                try:
                    run_job(name)
                except Exception:  # a failing job must not stop the others
                    logger.exception("Background job %s failed", name)
                finally:
                    close_old_connections()
            _wake_up.wait(self.tick)
            _wake_up.clear()

    def stop(self) -> None:
        self.stopping.set()
        _wake_up.set()
