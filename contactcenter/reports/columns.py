"""The columns of a complaints export: their headers and each cell's value, in the language
active when the export starts (headers, choice labels, category labels)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from contactcenter.customers.models import Channel
from tickets.models import Category, State, Ticket

Cell = str | datetime | float | None

# Characters that make a spreadsheet read a cell as a formula (or run it): a text cell
# starting with one is prefixed with a quote (OWASP, "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _headers() -> list[str]:
    return [_("Reference"), _("Opened at"), _("Channel"), _("Category"), _("Audience"),
            _("Agency"), _("Regional direction"), _("Queue"), _("State"), _("Priority"),
            _("Assignee"), _("First response due"), _("First response at"),
            _("Answer due"), _("Resolved at"), _("Outcome"), _("Deadline missed"),
            _("Business time used (hours)")]


def _labels(choices: Any) -> dict[str, str]:
    return {value: str(label) for value, label in choices}


@dataclass(frozen=True)
class Columns:
    """Headers and label tables read once, when the export starts: the rows may be written
    later, in another thread, whatever language is active there."""

    headers: list[str]
    arabic: bool
    channels: dict[str, str]
    audiences: dict[str, str]
    states: dict[str, str]
    priorities: dict[str, str]
    outcomes: dict[str, str]
    yes: str
    no: str

    @classmethod
    def for_active_language(cls) -> Columns:
        return cls(headers=_headers(), arabic=(get_language() or "").startswith("ar"),
                   channels=_labels(Channel.choices),
                   audiences=_labels(Category.Audience.choices),
                   states=_labels(State.choices), priorities=_labels(Ticket.Priority.choices),
                   outcomes=_labels(Ticket.Outcome.choices), yes=_("Yes"), no=_("No"))

    def cells(self, row: tuple[Any, ...]) -> list[Cell]:
        """One row of contactcenter.reports.selectors.FIELDS as cells: texts, local
        times (naive, the fund's time zone), hours."""
        (reference, opened, channel, category_fr, category_ar, audience, agency_fr, agency_ar,
         region_fr, region_ar, queue_fr, queue_ar, state, priority, first_name, last_name,
         first_due, first_at, answer_due, resolved, outcome, breached, elapsed) = row
        assignee = f"{first_name or ''} {last_name or ''}".strip()
        return [reference, _local(opened), self.channels.get(channel, channel),
                self._pick(category_fr, category_ar),
                self.audiences.get(audience, audience or ""), self._pick(agency_fr, agency_ar),
                self._pick(region_fr, region_ar), self._pick(queue_fr, queue_ar),
                self.states.get(state, state), self.priorities.get(priority, priority),
                assignee, _local(first_due), _local(first_at), _local(answer_due),
                _local(resolved), self.outcomes.get(outcome, outcome or ""),
                self.yes if breached else self.no, _hours(elapsed)]

    def _pick(self, french: str | None, arabic: str | None) -> str:
        """A bilingual name in the export's language (French when no Arabic is given)."""
        return ((arabic or french) if self.arabic else french) or ""


def _local(moment: datetime | None) -> datetime | None:
    return None if moment is None else timezone.localtime(moment).replace(tzinfo=None)


def _hours(elapsed: timedelta | None) -> float:
    return round(elapsed.total_seconds() / 3600, 2) if elapsed else 0.0
