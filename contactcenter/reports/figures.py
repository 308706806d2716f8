"""The managers' figures: every chart of the dashboard and the headline figures of the
summary API, read from the complaints' daily figures (contactcenter.reports.stats), never
from the complaints themselves."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contactcenter.customers.models import Channel
from contactcenter.reports import buckets, contact_figures, labels, satisfaction_figures, stats
from contactcenter.reports.charts import Baseline, Chart, Series
from contactcenter.reports.filters import ReportFilters
from contactcenter.reports.stats import Row
from contactcenter.reports.time_axis import TimeAxis, axis_for

# The study's baseline (2007): complaints answered in 3 months on average; 51 % of customers
# satisfied with the information on their complaint's progress.
STUDY_DAYS = 90.0
STUDY_TOLD_PERCENT = 51.0
AGE_BUCKETS = ((0, 7), (8, 30), (31, 90), (91, None))
# What the charts of each grouping read, asked together so that a page reads each grouping
# once (stats.one_reading): over time; by category; by region or agency.
OVER_TIME = ("received", "resolved", "within_sla", "escalated_1", "escalated_2",
             "escalated_3", "reopened", "told_every_step", "resolution_days")
BY_CATEGORY = ("resolved", "accepted", "partly_accepted", "rejected", "no_action",
               "resolution_days", "resolution_hours", "first_response_hours")
BY_PLACE = ("resolved", "within_sla", "resolution_days", "resolution_hours",
            "first_response_hours")


def _share(part: float, whole: float) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def median_and_p90(row: Row, measure: str) -> tuple[float | None, float | None]:
    edges = buckets.DAY_EDGES if measure.endswith("days") else buckets.HOUR_EDGES
    counts = row[measure]
    return (_round(buckets.percentile(counts, edges, 0.5)),
            _round(buckets.percentile(counts, edges, 0.9)))


def _over_time(filters: ReportFilters, measures: Sequence[str] = OVER_TIME, *,
               by: tuple[str, ...] = ()) -> tuple[TimeAxis, dict[tuple[Any, ...], list[Row]]]:
    """The period's time axis, and for each value of `by` (none: one) the measures' sums at
    each step of the axis (zeros where nothing happened)."""
    axis = axis_for(filters.start, filters.end)
    steps: dict[tuple[Any, ...], list[Row]] = {}
    for row in stats.sums(filters, measures, by=[axis.grain, *by]):
        key = tuple(row[name] for name in by)
        series = steps.setdefault(key, [stats.sums_zero(measures) for _s in axis.starts])
        index = axis.index(max(row[axis.grain], filters.start))
        for name in measures:
            series[index][name] = _plus(series[index][name], row[name])
    if not by:
        steps.setdefault((), [stats.sums_zero(measures) for _s in axis.starts])
    return axis, steps


def _plus(total: Any, value: Any) -> Any:
    if isinstance(total, list):
        return [a + b for a, b in zip(total, value, strict=True)]
    return total + value


def _timed(slug: str, title: str, kind: str, axis: TimeAxis, series: list[Series],
           **more: Any) -> Chart:
    return Chart(slug, title, kind, axis.labels, series, axis=axis.name, in_time=True, **more)


def received_and_resolved(filters: ReportFilters) -> Chart:
    axis, steps = _over_time(filters)
    rows = steps[()]
    return _timed("received-resolved", _("Complaints received and resolved"), "line", axis,
                  [Series(_("Received"), [row["received"] for row in rows]),
                   Series(_("Resolved"), [row["resolved"] for row in rows])],
                  unit=_("complaints"))


def received_by_channel(filters: ReportFilters) -> Chart:
    axis, steps = _over_time(filters, ("received",), by=("channel",))
    series = [Series(str(name), [row["received"] for row in steps[(channel,)]])
              for channel, name in Channel.choices if (channel,) in steps]
    return _timed("received-by-channel", _("Complaints received by channel"), "stacked-bar",
                  axis, series, unit=_("complaints"))


def resolution_over_time(filters: ReportFilters) -> Chart:
    axis, steps = _over_time(filters)
    pairs = [median_and_p90(row, "resolution_days") for row in steps[()]]
    return _timed("resolution-over-time", _("Time to resolution (calendar days)"), "line", axis,
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
               title: str, axis: str) -> list[Chart]:
    measures = BY_CATEGORY if group == "category_id" else BY_PLACE
    rows = [row for row in stats.sums(filters, measures, by=[group])
            if row[group] and sum(row["resolution_days"]) + sum(row["first_response_hours"])]
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
              unit=_("days"), baseline=Baseline(_("2007 study: 3 months"), STUDY_DAYS),
              axis=axis),
        Chart(f"business-time-{slug}", _("Time to first response and to resolution "
                                          "(business hours) %(by)s") % {"by": title},
              "horizontal-bar", places,
              [Series(_("First response, median"), [m for m, _p in first]),
               Series(_("First response, 90th percentile"), [p for _m, p in first]),
               Series(_("Resolution, median"), [m for m, _p in hours]),
               Series(_("Resolution, 90th percentile"), [p for _m, p in hours])],
              unit=_("business hours"), axis=axis,
              note=_("Working hours of the complaint's calendar, holidays excluded.")),
    ]


def delays_by_category(filters: ReportFilters) -> list[Chart]:
    return _delays_by(filters, "category_id", labels.category_names(), "by-category",
                      _("by category"), _("Category"))


def delays_by_place(filters: ReportFilters) -> list[Chart]:
    group, names, title = _places(filters)
    return _delays_by(filters, group, names, "by-place", title,
                      _("Regional direction") if group == "region_id" else _("Agency"))


def within_sla_over_time(filters: ReportFilters) -> Chart:
    axis, steps = _over_time(filters)
    rows = steps[()]
    return _timed("within-sla", _("Share resolved within the service level"), "line", axis,
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
    axis, steps = _over_time(filters)
    rows = steps[()]
    return _timed("escalations", _("Complaints escalated, by level reached"), "stacked-bar",
                 axis, [Series(_("Level %(level)s") % {"level": level},
                                [row[f"escalated_{level}"] for row in rows])
                         for level in (1, 2, 3)],
                 unit=_("complaints"), note=_("Counted on the day the complaint was opened."))


OUTCOMES = (("accepted", gettext_lazy("Accepted")),
            ("partly_accepted", gettext_lazy("Partly accepted")),
            ("rejected", gettext_lazy("Rejected")),
            ("no_action", gettext_lazy("No action needed")))


def outcomes_by_category(filters: ReportFilters) -> Chart:
    names = labels.category_names()
    rows = [row for row in stats.sums(filters, BY_CATEGORY,
                                      by=["category_id"]) if row["resolved"]]
    rows.sort(key=lambda row: names.get(row["category_id"], ""))
    return Chart("outcomes", _("Outcomes by category"), "stacked-horizontal-bar",
                 [names.get(row["category_id"], _("Not triaged")) for row in rows],
                 [Series(str(label), [_share(row[outcome], row["resolved"]) for row in rows])
                  for outcome, label in OUTCOMES], unit="%", axis=_("Category"))


def reopen_rate(filters: ReportFilters) -> Chart:
    axis, steps = _over_time(filters)
    rows = steps[()]
    return _timed("reopened", _("Share of resolved complaints reopened"), "line", axis,
                 [Series(_("Reopened"), [_share(row["reopened"], row["resolved"])
                                         for row in rows])], unit="%")


def told_every_step(filters: ReportFilters) -> Chart:
    axis, steps = _over_time(filters)
    rows = steps[()]
    return _timed("told-every-step", _("Customers told of every step"), "line", axis,
                 [Series(_("Every step's SMS delivered"),
                         [_share(row["told_every_step"], row["resolved"]) for row in rows])],
                 unit="%", baseline=Baseline(
                     _("2007 study: %(share)s satisfied with the information")
                     % {"share": "51 %"}, STUDY_TOLD_PERCENT),
                 note=_("Resolved complaints whose every step notice was delivered by SMS."))


def places_ranked(filters: ReportFilters) -> Chart:
    """The regions (or the agencies of one region) from the most complaints resolved within
    the service level to the fewest."""
    group, names, _title = _places(filters)
    rows = [row for row in stats.sums(filters, BY_PLACE, by=[group])
            if row["resolved"] and row[group]]
    ranked = sorted(rows, key=lambda row: -(row["within_sla"] / row["resolved"]))
    title = (_("Regions ranked by share resolved within the service level")
             if group == "region_id" else
             _("Agencies ranked by share resolved within the service level"))
    return Chart("ranking", title, "horizontal-bar",
                 [names.get(row[group], "?") for row in ranked],
                 [Series(_("Within the service level"),
                         [_share(row["within_sla"], row["resolved"]) for row in ranked])],
                 unit="%", axis=_("Regional direction") if group == "region_id"
                 else _("Agency"))


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
    (("ranking",), places_ranked),
    (satisfaction_figures.SLUGS, satisfaction_figures.satisfaction_charts),
    (contact_figures.SLUGS, contact_figures.contact_charts),
]


def _made(make: Maker, filters: ReportFilters) -> list[Chart]:
    made = make(filters)
    return made if isinstance(made, list) else [made]


def dashboard(filters: ReportFilters) -> list[Chart]:
    """Every chart of the dashboard, in page order."""
    with stats.one_reading():
        return [one for _slugs, make in CHARTS for one in _made(make, filters)]


def chart(slug: str, filters: ReportFilters) -> Chart:
    """One chart of the dashboard; KeyError when there is none by that name."""
    for slugs, make in CHARTS:
        if slug in slugs:
            with stats.one_reading():
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
        "satisfaction": {
            audience: {"mean": scores.mean, "count": scores.answers}
            for audience, scores in sorted(
                satisfaction_figures.scores_by(filters, "audience").items()) if audience},
    }
