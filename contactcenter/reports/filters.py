"""What a report is asked for: a period and the slice of the fund, within what the agent may
see. Built by the dashboard's form and the summary API, read by the figures."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from contactcenter.org.selectors import Scope


@dataclass(frozen=True)
class ReportFilters:
    """The days from `start` to `end` (both included) and, when set, one region, agency,
    queue, category, channel or audience. `scope` is what the agent may see: the figures
    never count anything outside it, whatever the other filters say."""

    start: date
    end: date
    scope: Scope = field(default_factory=lambda: Scope(everything=True))
    region_id: int | None = None
    agency_id: int | None = None
    queue_id: int | None = None
    category_id: int | None = None
    channel: str = ""
    audience: str = ""

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("The period ends before it starts.")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

