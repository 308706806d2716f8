"""The charts' time axis: by day up to 62 days, by week up to 26 weeks, else by month, with
labels in the active language."""

from __future__ import annotations

from datetime import date

from django.utils import translation

from contactcenter.reports.time_axis import axis_for


def test_the_grain_follows_the_periods_length() -> None:
    days = axis_for(date(2026, 1, 1), date(2026, 3, 3))  # 62 days
    assert days.grain == "day" and len(days.labels) == 62
    weeks = axis_for(date(2026, 1, 1), date(2026, 3, 4))
    assert weeks.grain == "week"
    # Thursday 1 January: the first step starts on the period's first day, then Mondays.
    assert weeks.starts[:2] == [date(2026, 1, 1), date(2026, 1, 5)]
    assert weeks.index(date(2026, 1, 4)) == 0 and weeks.index(date(2026, 1, 5)) == 1
    months = axis_for(date(2025, 12, 15), date(2026, 12, 3))
    assert months.grain == "month" and len(months.labels) == 13
    assert months.index(date(2026, 1, 31)) == 1


def test_month_labels_are_localised() -> None:
    with translation.override("fr"):
        assert axis_for(date(2026, 1, 1), date(2026, 12, 31)).labels[:2] == [
            "janv. 2026", "févr. 2026"]
    with translation.override("ar"):
        assert axis_for(date(2026, 1, 1), date(2026, 12, 31)).labels[0] == "يناير 2026"


def test_a_month_cut_by_the_period_says_which_days() -> None:
    with translation.override("fr"):
        axis = axis_for(date(2025, 12, 4), date(2026, 12, 3))
    assert axis.labels[0] == "4–31 déc. 2025"
    assert axis.labels[1] == "janv. 2026"
    assert axis.labels[-1] == "1–3 déc. 2026"
    assert axis.index(date(2026, 12, 2)) == len(axis.starts) - 1
