from __future__ import annotations

from celery import shared_task

from contactcenter import background


@shared_task(name="contactcenter.run_job")
def run_job(name: str) -> None:
    """Run one periodic job of settings.PERIODIC_JOBS (scheduled by Celery beat)."""
    background.run_job(name)
