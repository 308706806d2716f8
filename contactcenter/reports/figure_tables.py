"""The day-by-day tables of the reports and where their rows come from (day_upkeep)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from contactcenter.chat import selectors as chat_selectors
from contactcenter.counter import selectors as counter_selectors
from contactcenter.reports import rollups
from contactcenter.reports.day_upkeep import DayTable, Rollup, Source
from contactcenter.reports.models import ContactStats, SatisfactionStats
from telephony import selectors as telephony_selectors
from tickets import reporting


def _answer_days(since: datetime, now: datetime) -> Iterable[date]:
    return reporting.survey_days_since(since)


def _call_days(since: datetime, now: datetime) -> Iterable[date]:
    return telephony_selectors.call_days_since(since)


def _chat_days(since: datetime, now: datetime) -> Iterable[date]:
    return chat_selectors.conversation_days_since(since)


def _line_days(since: datetime, now: datetime) -> Iterable[date]:
    return counter_selectors.line_days_since(since, now=now)


def _without_ended(figures: Any) -> Any:
    def read(days: Sequence[date]) -> list[dict[str, Any]]:
        return [{**row, "ended": row.get("ended", 0)} for row in figures(days)]
    return read


SATISFACTION = DayTable(
    model=SatisfactionStats, mark="satisfaction", lock="reports:satisfaction-figures",
    sources=(Source(where={}, changed_days=_answer_days, all_days=reporting.survey_days,
                    figures=reporting.survey_figures),),
    rollup=Rollup(refresh=rollups.refresh_satisfaction, clear=rollups.clear_satisfaction))

CONTACTS = DayTable(
    model=ContactStats, mark="contacts", lock="reports:contact-figures",
    sources=(
        Source(where={"channel": ContactStats.Channel.PHONE}, changed_days=_call_days,
               all_days=telephony_selectors.call_days,
               figures=_without_ended(telephony_selectors.call_figures)),
        Source(where={"channel": ContactStats.Channel.CHAT}, changed_days=_chat_days,
               all_days=chat_selectors.conversation_days,
               figures=chat_selectors.conversation_figures),
        Source(where={"channel": ContactStats.Channel.COUNTER}, changed_days=_line_days,
               all_days=counter_selectors.line_days,
               figures=_without_ended(counter_selectors.line_figures)),
    ))
