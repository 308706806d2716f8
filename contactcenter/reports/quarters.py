"""Quarters of the year as the quarterly satisfaction report names them: "2026-Q3"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _

_PATTERN = re.compile(r"(\d{4})-Q([1-4])")
FIRST_YEAR = 2000


class BadQuarter(ValueError):
    """The quarter asked for is not one the report can show (the message says why)."""


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int  # 1 to 4

    @property
    def start(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> date:
        return self.following.start - timedelta(days=1)

    @property
    def following(self) -> Quarter:
        return Quarter(self.year + 1, 1) if self.number == 4 else Quarter(
            self.year, self.number + 1)

    @property
    def previous(self) -> Quarter:
        return Quarter(self.year - 1, 4) if self.number == 1 else Quarter(
            self.year, self.number - 1)

    def __str__(self) -> str:
        return f"{self.year}-Q{self.number}"

    @property
    def label(self) -> str:
        return _("Quarter %(number)d of %(year)d") % {"number": self.number,
                                                      "year": self.year}


def quarter_of(day: date) -> Quarter:
    return Quarter(day.year, (day.month - 1) // 3 + 1)


def last_full_quarter(today: date) -> Quarter:
    return quarter_of(today).previous


def parse_quarter(text: str, *, today: date) -> Quarter:
    """The quarter written "YYYY-Qn" (n from 1 to 4), begun by `today`. Raises BadQuarter."""
    match = _PATTERN.fullmatch(text.strip().upper())
    if match is None:
        raise BadQuarter(_("“%(text)s” is not a quarter: write it as 2026-Q3 (the year, "
                           "then Q1 to Q4).") % {"text": text[:20]})
    quarter = Quarter(int(match[1]), int(match[2]))
    if quarter.year < FIRST_YEAR:
        raise BadQuarter(_("There are no figures before %(year)d.") % {"year": FIRST_YEAR})
    if quarter.start > today:
        raise BadQuarter(_("The quarter %(quarter)s has not begun yet.")
                         % {"quarter": str(quarter)})
    return quarter
