"""The Celery application: workers and beat run the same services as the in-process runner."""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "contactcenter.settings")

app = Celery("contactcenter")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_configure.connect
def _schedule_periodic_jobs(sender: Celery, **kwargs: object) -> None:
    from contactcenter.background import celery_beat_schedule

    sender.conf.beat_schedule = celery_beat_schedule()
