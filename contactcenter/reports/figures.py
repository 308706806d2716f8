"""The managers' figures: every chart of the dashboard and the headline figures of the
summary API, read from the complaints' daily figures (contactcenter.reports.stats), never
from the complaints themselves."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contactcenter.customers.models import Channel
from contactcenter.reports import buckets, labels, stats
from contactcenter.reports.charts import Baseline, Chart, Series
from contactcenter.reports.filters import ReportFilters
from contactcenter.reports.stats import Row

# The study's baseline (2007): complaints answered in 3 months on average; 51 % of customers
# satisfied with the information on their complaint's progress.
STUDY_DAYS = 90.0
STUDY_TOLD_PERCENT = 51.0
AGE_BUCKETS = ((0, 7), (8, 30), (31, 90), (91, None))


def _share(part: float, whole: float) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def median_and_p90(row: Row, measure: str) -> tuple[float | None, float | None]:
    edges = buckets.DAY_EDGES if measure.endswith("days") else buckets.HOUR_EDGES
    counts = row[measure]
    return (_round(buckets.percentile(counts, edges, 0.5)),
            _round(buckets.percentile(counts, edges, 0.9)))


def _over_time(filters: ReportFilters, measures: list[str]) -> tuple[list[str], list[Row]]:
    """Labels of the period's time steps, and the measures' sums for each (zeros when
    nothing happened)."""
    step = stats.time_step(filters)
    found = {row[step]: row for row in stats.sums(filters, measures, by=[step])}
    steps = list(labels.time_labels(filters))
    empty = stats.sums_zero(measures)
    return [label for _day, label in steps], [found.get(day, empty) for day, _label in steps]


def received_and_resolved(filters: ReportFilters) -> Chart:
    names, rows = _over_time(filters, ["received", "resolved"])
    return Chart("received-resolved", _("Complaints received and resolved"), "line", names,
                 [Series(_("Received"), [row["received"] for row in rows]),
                  Series(_("Resolved"), [row["resolved"] for row in rows])],
                 unit=_("complaints"))


def received_by_channel(filters: ReportFilters) -> Chart:
    step = stats.time_step(filters)
    found = {(row[step], row["channel"]): row["received"]
             for row in stats.sums(filters, ["received"], by=[step, "channel"])}
    steps = list(labels.time_labels(filters))
    series = [Series(str(name), [found.get((day, channel), 0) for day, _l in steps])
              for channel, name in Channel.choices
              if any((day, channel) in found for day, _l in steps)]
    return Chart("received-by-channel", _("Complaints received by channel"), "stacked-bar",
                 [label for _day, label in steps], series, unit=_("complaints"))


def resolution_over_time(filters: ReportFilters) -> Chart:
    names, rows = _over_time(filters, ["resolution_days"])
    pairs = [median_and_p90(row, "resolution_days") for row in rows]
    return Chart("resolution-over-time", _("Time to resolution (calendar days)"), "line", names,
                 [Series(_("Median"), [m for m, _p in pairs]),
                  Series(_("90th percentile"), [p for _m, p in pairs])],
                 unit=_("days"), baseline=Baseline(_("2007 study: 3 months"), STUDY_DAYS),
                 note=_("Complaints resolved in each period; values are estimated within "
                        "the day ranges they fall in."))


def _places(filters: ReportFilters) -> tuple[str, dict[int, str], str]:
    """Regions for a view over several regions, else the agencies."""
    scope = filters.scope
    one_region = bool(filters.region_id or filters.agency_id or filters.queue_id
                      or (not scope.everything and len(scope.region_ids) <= 1))
    if one_region:
        return "agency_id", labels.agency_names(), _("by agency")
    return "region_id", labels.region_names(), _("by region")


def _delays_by(filters: ReportFilters, group: str, names: dict[int, str], slug: str,
               title: str) -> list[Chart]:
    rows = [row for row in stats.sums(
        filters, ["resolution_days", "resolution_hours", "first_response_hours", "resolved"],
        by=[group]) if row[group] and sum(row["resolution_days"]) + sum(
            row["first_response_hours"])]
    rows.sort(key=lambda row: names.get(row[group], ""))
    places = [names.get(row[group], "?") for row in rows]
    days = [median_and_p90(row, "resolution_days") for row in rows]
    hours = [median_and_p90(row, "resolution_hours") for row in rows]
    first = [median_and_p90(row, "first_response_hours") for row in rows]
    return [
        Chart(f"resolution-days-{slug}", _("Time to resolution (calendar days) %(by)s")
              % {"by": title}, "horizontal-bar", places,
              [Series(_("Median"), [m for m, _p in days]),
               Series(_("90th percentile"), [p for _m, p in days])],
              unit=_("days"), baseline=Baseline(_("2007 study: 3 months"), STUDY_DAYS)),
        Chart(f"business-time-{slug}", _("Time to first response and to resolution "
                                          "(business hours) %(by)s") % {"by": title},
              "horizontal-bar", places,
              [Series(_("First response, median"), [m for m, _p in first]),
               Series(_("First response, 90th percentile"), [p for _m, p in first]),
               Series(_("Resolution, median"), [m for m, _p in hours]),
               Series(_("Resolution, 90th percentile"), [p for _m, p in hours])],
              unit=_("business hours"),
              note=_("Working hours of the complaint's calendar, holidays excluded.")),
    ]


def delays_by_category(filters: ReportFilters) -> list[Chart]:
    return _delays_by(filters, "category_id", labels.category_names(), "by-category",
                      _("by category"))


def delays_by_place(filters: ReportFilters) -> list[Chart]:
    group, names, title = _places(filters)
    return _delays_by(filters, group, names, "by-place", title)


def within_sla_over_time(filters: ReportFilters) -> Chart:
    names, rows = _over_time(filters, ["resolved", "within_sla"])
    return Chart("within-sla", _("Share resolved within the service level"), "line", names,
                 [Series(_("Within the service level"),
                         [_share(row["within_sla"], row["resolved"]) for row in rows])],
                 unit="%")


def backlog_by_age(filters: ReportFilters) -> Chart:
    today = timezone.localdate()
    counts = [0] * len(AGE_BUCKETS)
    for day, number in stats.open_by_day(filters):
        age = (today - day).days
        for index, (low, high) in enumerate(AGE_BUCKETS):
            if age >= low and (high is None or age <= high):
                counts[index] += number
    names = [_("%(low)s–%(high)s days") % {"low": low, "high": high} if high is not None
             else _("over %(days)s days") % {"days": low - 1} for low, high in AGE_BUCKETS]
    return Chart("backlog", _("Open complaints by age"), "bar", names,
                 [Series(_("Open complaints"), [float(n) for n in counts])],
                 unit=_("complaints"), note=_("Today, whatever the period chosen."))


def escalations(filters: ReportFilters) -> Chart:
    names, rows = _over_time(filters, ["escalated_1", "escalated_2", "escalated_3"])
    return Chart("escalations", _("Complaints escalated, by level reached"), "stacked-bar",
                 names, [Series(_("Level %(level)s") % {"level": level},
                                [row[f"escalated_{level}"] for row in rows])
                         for level in (1, 2, 3)],
                 unit=_("complaints"), note=_("Counted on the day the complaint was opened."))


OUTCOMES = (("accepted", gettext_lazy("Accepted")),
            ("partly_accepted", gettext_lazy("Partly accepted")),
            ("rejected", gettext_lazy("Rejected")),
            ("no_action", gettext_lazy("No action needed")))


def outcomes_by_category(filters: ReportFilters) -> Chart:
    names = labels.category_names()
    rows = [row for row in stats.sums(filters, ["resolved", *(o for o, _l in OUTCOMES)],
                                      by=["category_id"]) if row["resolved"]]
    rows.sort(key=lambda row: names.get(row["category_id"], ""))
    return Chart("outcomes", _("Outcomes by category"), "stacked-bar",
                 [names.get(row["category_id"], _("Not triaged")) for row in rows],
                 [Series(str(label), [_share(row[outcome], row["resolved"]) for row in rows])
                  for outcome, label in OUTCOMES], unit="%")


def reopen_rate(filters: ReportFilters) -> Chart:
    names, rows = _over_time(filters, ["resolved", "reopened"])
    return Chart("reopened", _("Share of resolved complaints reopened"), "line", names,
                 [Series(_("Reopened"), [_share(row["reopened"], row["resolved"])
                                         for row in rows])], unit="%")


def told_every_step(filters: ReportFilters) -> Chart:
    names, rows = _over_time(filters, ["resolved", "told_every_step"])
    return Chart("told-every-step", _("Customers told of every step"), "line", names,
                 [Series(_("Every step's SMS delivered"),
                         [_share(row["told_every_step"], row["resolved"]) for row in rows])],
                 unit="%", baseline=Baseline(_("2007 study: 51 % satisfied with the "
                                               "information"), STUDY_TOLD_PERCENT),
                 note=_("Resolved complaints whose every step notice was delivered by SMS."))


def regions_ranked(filters: ReportFilters) -> Chart:
    names = labels.region_names()
    rows = [row for row in stats.sums(filters, ["resolved", "within_sla", "resolution_days"],
                                      by=["region_id"]) if row["resolved"]]
    ranked = sorted(rows, key=lambda row: -(row["within_sla"] / row["resolved"]))
    return Chart("regions", _("Regions ranked by share resolved within the service level"),
                 "horizontal-bar", [names.get(row["region_id"], "?") for row in ranked],
                 [Series(_("Within the service level"),
                         [_share(row["within_sla"], row["resolved"]) for row in ranked]),
                  Series(_("Median time to resolution (days)"),
                         [median_and_p90(row, "resolution_days")[0] for row in ranked])])


Maker = Callable[[ReportFilters], "Chart | list[Chart]"]
# Each maker with the slugs of the charts it makes, in page order.
CHARTS: list[tuple[tuple[str, ...], Maker]] = [
    (("received-resolved",), received_and_resolved),
    (("received-by-channel",), received_by_channel),
    (("resolution-over-time",), resolution_over_time),
    (("resolution-days-by-category", "business-time-by-category"), delays_by_category),
    (("resolution-days-by-place", "business-time-by-place"), delays_by_place),
    (("within-sla",), within_sla_over_time),
    (("backlog",), backlog_by_age),
    (("escalations",), escalations),
    (("outcomes",), outcomes_by_category),
    (("reopened",), reopen_rate),
    (("told-every-step",), told_every_step),
    (("regions",), regions_ranked),
]


def _made(make: Maker, filters: ReportFilters) -> list[Chart]:
    made = make(filters)
    return made if isinstance(made, list) else [made]


def dashboard(filters: ReportFilters) -> list[Chart]:
    """Every chart of the dashboard, in page order."""
    return [one for _slugs, make in CHARTS for one in _made(make, filters)]


def chart(slug: str, filters: ReportFilters) -> Chart:
    """One chart of the dashboard; KeyError when there is none by that name."""
    for slugs, make in CHARTS:
        if slug in slugs:
            return next(one for one in _made(make, filters) if one.slug == slug)
    raise KeyError(slug)


def summary(filters: ReportFilters) -> dict[str, Any]:
    """The headline figures of the period and slice."""
    row = stats.sums(filters, ["received", "resolved", "within_sla", "told_every_step",
                               "resolution_days", "resolution_hours"])[0]
    days = median_and_p90(row, "resolution_days")
    hours = median_and_p90(row, "resolution_hours")
    return {
        "from": filters.start.isoformat(), "to": filters.end.isoformat(),
        "received": row["received"], "resolved": row["resolved"],
        "resolution_business_hours": {"median": hours[0], "p90": hours[1]},
        "resolution_calendar_days": {"median": days[0], "p90": days[1]},
        "within_sla_percent": _share(row["within_sla"], row["resolved"]),
        "told_every_step_percent": _share(row["told_every_step"], row["resolved"]),
    }
