"""Every write of the reports: the export log, the figures of complaints, satisfaction
answers, calls, chats and counter visits."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from contactcenter.org.models import Agent
from contactcenter.reports import day_upkeep, figure_tables, upkeep
from contactcenter.reports.models import ExportLog

QUERY_MAX = 2000  # characters of the filter kept: the filter form bounds its own fields


def log_export(*, agent: Agent, format: str, query: str, rows: int,
               completed: bool) -> ExportLog:
    """Record that `agent` exported `rows` complaints in `format` with this filter (its
    query string); `completed` is False when the client went away before the end."""
    if format not in ExportLog.Format.values:
        raise ValueError(f"unknown export format {format!r}")
    if rows < 0:
        raise ValueError("a negative row count")
    return ExportLog.objects.create(agent=agent, format=format, query=query[:QUERY_MAX],
                                    rows=rows, completed=completed)


def update_figures(*, now: datetime | None = None) -> int:
    """Bring the complaints' figures up to date with what changed since the last run (the
    periodic job `report_figures`); returns how many complaints changed."""
    return upkeep.update_figures(now=now or timezone.now())


def rebuild_figures(*, now: datetime | None = None) -> int:
    """Count every complaint again (after loading data in bulk, or to check the figures);
    returns how many complaints were counted."""
    return upkeep.rebuild_figures(now=now or timezone.now())


def update_satisfaction_figures(*, now: datetime | None = None) -> int:
    """Count again the days that got satisfaction answers since the last run (the periodic
    job `satisfaction_figures`); returns how many days were counted."""
    return day_upkeep.update(figure_tables.SATISFACTION, now=now or timezone.now())


def rebuild_satisfaction_figures(*, now: datetime | None = None) -> int:
    """Count every day's satisfaction answers again."""
    return day_upkeep.rebuild(figure_tables.SATISFACTION, now=now or timezone.now())


def update_contact_figures(*, now: datetime | None = None) -> int:
    """Count again the days whose calls, chats or counter visits changed since the last run
    (the periodic job `contact_figures`); returns how many days were counted."""
    return day_upkeep.update(figure_tables.CONTACTS, now=now or timezone.now())


def rebuild_contact_figures(*, now: datetime | None = None) -> int:
    """Count every day's calls, chats and counter visits again."""
    return day_upkeep.rebuild(figure_tables.CONTACTS, now=now or timezone.now())


def rebuild_all_figures(*, now: datetime | None = None) -> None:
    """Count everything the reports keep again: complaints, satisfaction answers, calls,
    chats and counter visits (after loading data in bulk)."""
    now = now or timezone.now()
    rebuild_figures(now=now)
    rebuild_satisfaction_figures(now=now)
    rebuild_contact_figures(now=now)
