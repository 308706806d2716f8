"""Every write of the reports: the export log."""

from __future__ import annotations

from contactcenter.org.models import Agent
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
