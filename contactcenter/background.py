"""Periodic background jobs, run by Celery beat in production and by a thread in the quick start.

settings.PERIODIC_JOBS names each job's function and period once; both runners read it, so
the quick start and production run the same code on the same schedule.
"""

from __future__ import annotations

import logging
import threading
import time

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
