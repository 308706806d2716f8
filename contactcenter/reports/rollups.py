"""The satisfaction rows added up by region (SatisfactionRollup), summed again in SQL from
the day rows of the days a recount touched, and of their months."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db import connection
from django.db.models import Q

from contactcenter.reports.models import SatisfactionRollup, SatisfactionStats
from contactcenter.reports.models.satisfaction_stats import SATISFACTION_MEASURES
from contactcenter.reports.time_axis import next_month

_COLUMNS = ", ".join(SATISFACTION_MEASURES)
_SUMS = ", ".join(f"SUM({name})" for name in SATISFACTION_MEASURES)
_SUM_AGAIN = f"""
INSERT INTO {SatisfactionRollup._meta.db_table}
    (grain, day, region_id, audience, channel, {_COLUMNS})
SELECT 'd', day, region_id, audience, channel, {_SUMS}
FROM {SatisfactionStats._meta.db_table}
WHERE day = ANY(%(days)s)
GROUP BY day, region_id, audience, channel
UNION ALL
SELECT 'm', date_trunc('month', day)::date, region_id, audience, channel, {_SUMS}
FROM {SatisfactionStats._meta.db_table}
WHERE day >= %(first)s AND day < %(after)s
  AND date_trunc('month', day)::date = ANY(%(months)s)
GROUP BY 2, region_id, audience, channel
"""


def refresh_satisfaction(days: Sequence[date]) -> None:
    """Sum the rollup rows of these days, and of the months they fall in, again from the
    day rows (run inside the recount's transaction, after its day rows are written)."""
    if not days:
        return
    months = sorted({day.replace(day=1) for day in days})
    SatisfactionRollup.objects.filter(Q(grain="d", day__in=list(days))
                                      | Q(grain="m", day__in=months)).delete()
    with connection.cursor() as cursor:
        cursor.execute(_SUM_AGAIN, {"days": list(days), "months": months,
                                    "first": months[0], "after": next_month(months[-1])})


def clear_satisfaction() -> None:
    SatisfactionRollup.objects.all().delete()
