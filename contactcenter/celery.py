"""The Celery application: workers and beat run the same services as the in-process runner."""

from __future__ import annotations

import os

from celery import Celery
from celery.signals import worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "contactcenter.settings")

app = Celery("contactcenter")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_configure.connect
def _schedule_periodic_jobs(sender: Celery, **kwargs: object) -> None:
    # Read once Django's settings are loaded (this module is imported before them).
    from contactcenter.background import celery_beat_schedule

    sender.conf.beat_schedule = celery_beat_schedule()


@worker_init.connect
def _no_pool_across_fork(**kwargs: object) -> None:
    """Close the main process's database pools before the worker forks its children: a
    child must open its own connections, never share the parent's sockets."""
    from django.db import connections

    connections.close_all()
    for connection in connections.all(initialized_only=True):
        connection.close_pool()  # type: ignore[attr-defined]  # PostgreSQL backend only
