"""Calls, chats and counter visits as charts: volumes, waiting times and abandonment over
time, read from the reports' daily table ContactStats only."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Max, Sum
from django.utils.translation import gettext as _

from contactcenter.reports.charts import Chart, Series
from contactcenter.reports.filters import ReportFilters
from contactcenter.reports.models import ContactStats
from contactcenter.reports.stats_filters import slice_q
from contactcenter.reports.time_axis import TimeAxis, axis_for

COLUMNS = ("day", "channel", "region_id", "agency_id", "queue_id")
CHANNELS = ContactStats.Channel
# The charts of contact_charts(), in their order.
SLUGS = ("contact-volumes", "contact-wait", "contact-longest-wait", "contact-abandonment")


def _channels(filters: ReportFilters) -> list[str]:
    """The sources the filters leave: one channel if asked, none for a channel without
    such figures; the counter has no queue."""
    channels = list(CHANNELS.values)
    if filters.channel:
        channels = [c for c in channels if c == filters.channel]
    if filters.queue_id is not None:
        channels = [c for c in channels if c != CHANNELS.COUNTER]
    return channels


def _note(filters: ReportFilters, text: str) -> str:
    left_out = []
    if filters.category_id is not None:
        left_out.append(_("category"))
    if filters.audience:
        left_out.append(_("audience"))
    if left_out:
        text += " " + _("Not filtered by %(filters)s: calls, chats and visits have none.") % {
            "filters": ", ".join(str(name) for name in left_out)}
    if filters.queue_id is not None and not filters.channel:
        text += " " + _("Counter visits have no queue: they are left out.")
    if filters.channel and filters.channel not in CHANNELS.values:
        text += " " + _("There are no such figures for this channel.")
    return text


def _by_step(filters: ReportFilters) -> tuple[TimeAxis, dict[str, list[dict[str, int]]]]:
    """Per channel, the sums of each step of the time axis."""
    axis = axis_for(filters.start, filters.end)
    channels = _channels(filters)
    steps: dict[str, list[dict[str, int]]] = {
        c: [defaultdict(int) for _label in axis.labels] for c in channels}
    rows = (ContactStats.objects.filter(slice_q(filters, columns=COLUMNS),
                                        channel__in=channels)
            .order_by().values("day", "channel")
            .annotate(offered=Sum("offered"), answered=Sum("answered"),
                      abandoned=Sum("abandoned"), wait_seconds=Sum("wait_seconds"),
                      waits=Sum("waits"), wait_max=Max("wait_max")))
    for row in rows:
        step = steps[row["channel"]][axis.index(row["day"])]
        for name in ("offered", "answered", "abandoned", "wait_seconds", "waits"):
            step[name] += row[name] or 0
        step["wait_max"] = max(step["wait_max"], row["wait_max"] or 0)
    return axis, steps


def _minutes(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds / 60, 1)


def _mean_wait(step: dict[str, Any]) -> float | None:
    return _minutes(step["wait_seconds"] / step["waits"]) if step["waits"] else None


def _abandon_rate(step: dict[str, Any]) -> float | None:
    return round(100 * step["abandoned"] / step["offered"], 1) if step["offered"] else None


def contact_charts(filters: ReportFilters) -> list[Chart]:
    axis, steps = _by_step(filters)
    labels = axis.labels
    names = dict(CHANNELS.choices)

    def series(value: Any) -> list[Series]:
        return [Series(str(names[c]), [value(step) for step in steps[c]]) for c in steps]

    return [
        Chart(slug="contact-volumes", title=_("Calls, chats and counter visits"),
              kind="line", labels=labels, axis=axis.name,
              series=series(lambda step: step["offered"]),
              note=_note(filters, _("Calls put through to an agent, chats whose visitor "
                                    "wrote, visitors who took a number."))),
        Chart(slug="contact-wait", title=_("Average wait before an agent"), kind="line",
              labels=labels, axis=axis.name, unit=_("minutes"), series=series(_mean_wait),
              note=_note(filters, _("Of those taken: until an agent took the call or the "
                                    "chat, until the visitor was called to a desk."))),
        Chart(slug="contact-longest-wait", title=_("Longest wait before an agent"),
              kind="line", labels=labels, axis=axis.name, unit=_("minutes"),
              series=series(lambda step: _minutes(step["wait_max"]) if step["waits"]
                            else None),
              note=_note(filters, _("The longest of the waits of those taken."))),
        Chart(slug="contact-abandonment", title=_("Abandonment rate"), kind="line",
              labels=labels, axis=axis.name, unit="%", series=series(_abandon_rate),
              note=_note(filters, _("Callers who hung up in the queue, chat visitors who "
                                    "left before an agent accepted, counter visitors absent "
                                    "when called."))),
    ]
