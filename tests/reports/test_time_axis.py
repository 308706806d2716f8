"""The time axis of the charts: days, weeks or months by the period's length, and months cut
by the period named with their days."""

from __future__ import annotations

from datetime import date

from django.utils import translation

from contactcenter.reports.time_axis import axis_for


def test_the_step_follows_the_period() -> None:
    assert axis_for(date(2026, 6, 1), date(2026, 6, 30)).grain == "day"
    weeks = axis_for(date(2026, 3, 4), date(2026, 6, 30))
    assert weeks.grain == "week" and weeks.starts[0] == date(2026, 3, 4)
    assert weeks.starts[1] == date(2026, 3, 9)  # the Monday after
    assert axis_for(date(2025, 1, 1), date(2026, 6, 30)).grain == "month"


def test_a_month_cut_by_the_period_says_which_days() -> None:
    with translation.override("fr"):
        axis = axis_for(date(2025, 12, 4), date(2026, 12, 3))
    assert axis.labels[0] == "4–31 déc. 2025"
    assert axis.labels[1] == "jan. 2026"
    assert axis.labels[-1] == "1–3 déc. 2026"
    assert axis.index(date(2026, 12, 2)) == len(axis.starts) - 1
