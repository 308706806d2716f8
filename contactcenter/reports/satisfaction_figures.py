"""The satisfaction barometer as charts and headline figures, read from the reports' daily
tables only (SatisfactionStats, and ComplaintStats and ContactStats for the share of
customers who answered): never a scan of the answers themselves."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from django.db.models import DateField, QuerySet, Sum
from django.db.models.functions import Trunc
from django.utils.translation import gettext as _

from contactcenter.customers.models import Channel
from contactcenter.reports import labels, stats
from contactcenter.reports.charts import Chart, Series
from contactcenter.reports.filters import ReportFilters
from contactcenter.reports.models import ContactStats, SatisfactionRollup, SatisfactionStats
from contactcenter.reports.models.satisfaction_stats import SCORE_FIELDS
from contactcenter.reports.stats_filters import fields_q, slice_q, unused
from contactcenter.reports.time_axis import axis_for
from tickets.models import Category

# The study's 2007 figures: the share satisfied with the handling of their complaint, per
# audience, and with the information on its progress.
STUDY_SATISFIED: dict[str, float] = {Category.Audience.EMPLOYER: 45.0,
                                      Category.Audience.INSURED: 64.0,
                                      Category.Audience.PENSIONER: 51.0}
STUDY_INFORMED = 51.0
# The charts of satisfaction_charts(), in their order.
SLUGS = ("satisfaction-mean", "satisfaction-share", "satisfaction-audience",
         "satisfaction-channel", "satisfaction-region", "satisfaction-response")
COLUMNS = ("day", "region_id", "agency_id", "category_id", "audience", "channel")
_SUMS = {name: Sum(name) for name in (*SCORE_FIELDS, "commented")}


@dataclass(frozen=True)
class Scores:
    """Answers counted per score (1 to 5)."""

    counts: tuple[int, int, int, int, int] = (0, 0, 0, 0, 0)
    commented: int = 0

    @classmethod
    def of(cls, row: Mapping[str, Any]) -> Scores:
        counts = tuple(int(row.get(name) or 0) for name in SCORE_FIELDS)
        return cls(counts, int(row.get("commented") or 0))  # type: ignore[arg-type]

    def __add__(self, other: Scores) -> Scores:
        counts = tuple(a + b for a, b in zip(self.counts, other.counts, strict=True))
        return Scores(counts, self.commented + other.commented)  # type: ignore[arg-type]

    @property
    def answers(self) -> int:
        return sum(self.counts)

    @property
    def mean(self) -> float | None:
        if not self.answers:
            return None
        return round(sum(s * n for s, n in enumerate(self.counts, 1)) / self.answers, 2)

    @property
    def satisfied(self) -> float | None:
        """The share of answers scoring 4 or 5, in %."""
        if not self.answers:
            return None
        return round(100 * (self.counts[3] + self.counts[4]) / self.answers, 1)


# The rows by region's columns, also the finest grouping the charts need: a page reads
# them once and folds them for each chart.
GROUPING = ("day", "region_id", "audience", "channel")


def _by_region(filters: ReportFilters) -> bool:
    """Whether the rows added up by region answer: no agency or category asked for, and a
    scope of the whole fund or of regions."""
    return not (filters.agency_id or filters.category_id or stats.scoped_to_agencies(filters))


def _read(filters: ReportFilters, group: tuple[str, ...]) -> list[dict[str, Any]]:
    """The answers counted per group, each row with its Scores; "day" is the first day of
    the time axis' step (within the period)."""
    rows: QuerySet[Any]
    grain = axis_for(filters.start, filters.end).grain
    if _by_region(filters):
        months = "day" not in group or grain == "month"
        rows = SatisfactionRollup.objects.filter(
            stats.period_q(filters.start, filters.end, months_allowed=months)
            & fields_q(filters, columns=GROUPING))
    else:
        rows = SatisfactionStats.objects.filter(slice_q(filters, columns=COLUMNS))
    if "day" in group and grain != "day":
        rows = rows.annotate(step=Trunc("day", grain, output_field=DateField()))
        group = tuple("step" if name == "day" else name for name in group)
    found = []
    for row in rows.order_by().values(*group).annotate(**_SUMS):
        if "step" in row:
            row["day"] = max(row.pop("step"), filters.start)
        row["scores"] = Scores.of(row)
        found.append(row)
    return found


def _rows(filters: ReportFilters, group: tuple[str, ...]) -> list[dict[str, Any]]:
    """The answers counted per group; within a page's reading, folded from one read by
    GROUPING."""
    if not stats.reading():
        return _read(filters, group)
    return stats.remembered(("satisfaction", filters), lambda: _read(filters, GROUPING))


def scores_by(filters: ReportFilters, *columns: str) -> dict[Any, Scores]:
    """The scores per value of a column (per tuple of values for several); "day" is the
    first day of the time axis' step."""
    found: dict[Any, Scores] = {}
    for row in _rows(filters, columns):
        key = row[columns[0]] if len(columns) == 1 else tuple(row[c] for c in columns)
        found[key] = found[key] + row["scores"] if key in found else row["scores"]
    return found


def total(filters: ReportFilters) -> Scores:
    return sum(scores_by(filters, "channel").values(), Scores())


def _note(filters: ReportFilters, text: str) -> str:
    missing = unused(filters, columns=COLUMNS)
    if missing:
        text += " " + _("Not filtered by queue: an answer is counted by its complaint's "
                        "agency (else its customer's).")
    return text


def over_time(filters: ReportFilters) -> tuple[list[str], list[Scores]]:
    axis = axis_for(filters.start, filters.end)
    steps = [Scores() for _label in axis.labels]
    for day, scores in scores_by(filters, "day").items():
        steps[axis.index(day)] += scores
    return axis.labels, steps


@dataclass(frozen=True)
class ResponseShare:
    """How many answered the question of those asked it: answers about complaints over the
    complaints resolved (the SMS question goes at closing), chat answers over the chats
    ended after an agent accepted them."""

    complaint_answers: int
    resolved: int
    chat_answers: int
    chats_ended: int

    @staticmethod
    def share(part: int, whole: int) -> float | None:
        return round(100 * part / whole, 1) if whole else None

    @property
    def complaints(self) -> float | None:
        return self.share(self.complaint_answers, self.resolved)

    @property
    def chats(self) -> float | None:
        return self.share(self.chat_answers, self.chats_ended)


def _resolved_by_day(filters: ReportFilters) -> dict[date, int]:
    """The complaints resolved, by the first day of each step of the time axis (read from
    the complaints' figures at the coarsest level that answers). The channel filter is the
    answers' channel, not the complaints'."""
    grain = axis_for(filters.start, filters.end).grain
    rows = stats.sums(replace(filters, channel=""), ("resolved",), by=[grain])
    return {max(row[grain], filters.start): row["resolved"] for row in rows}


def _chats_ended_by_day(filters: ReportFilters) -> dict[date, int]:
    if filters.category_id or filters.audience or filters.channel not in ("", Channel.CHAT):
        return {}
    columns = ("day", "region_id", "agency_id", "queue_id")
    rows = (ContactStats.objects.filter(slice_q(filters, columns=columns),
                                        channel=ContactStats.Channel.CHAT)
            .order_by().values("day").annotate(n=Sum("ended")))
    return {row["day"]: row["n"] or 0 for row in rows}


def _answers_by_day(filters: ReportFilters) -> tuple[dict[date, int], dict[date, int]]:
    complaints: dict[date, int] = defaultdict(int)
    chats: dict[date, int] = defaultdict(int)
    for (day, channel), scores in scores_by(filters, "day", "channel").items():
        target = chats if channel == Channel.CHAT else complaints
        target[day] += scores.answers
    return complaints, chats


def response_share(filters: ReportFilters) -> ResponseShare:
    complaints, chats = _answers_by_day(filters)
    return ResponseShare(sum(complaints.values()), sum(_resolved_by_day(filters).values()),
                         sum(chats.values()), sum(_chats_ended_by_day(filters).values()))


def _response_chart(filters: ReportFilters) -> Chart:
    axis = axis_for(filters.start, filters.end)
    sums = [[0] * len(axis.labels) for _n in range(4)]
    complaints, chats = _answers_by_day(filters)
    for index, by_day in enumerate((complaints, _resolved_by_day(filters), chats,
                                    _chats_ended_by_day(filters))):
        for day, count in by_day.items():
            sums[index][axis.index(day)] += count
    steps = [ResponseShare(*(sums[n][i] for n in range(4))) for i in range(len(axis.labels))]
    return Chart(
        slug="satisfaction-response", title=_("Share of customers who answered"),
        kind="line", labels=axis.labels, unit="%", axis=axis.name,
        series=[Series(_("Complaints"), [s.complaints for s in steps]),
                Series(_("Chats"), [s.chats for s in steps])],
        note=_("Answers about complaints over the complaints resolved in the period (the "
               "question is sent when a complaint is closed); chat answers over the chats "
               "ended after an agent took them."))


def _audience_chart(filters: ReportFilters) -> Chart:
    by_audience = scores_by(filters, "audience")
    audiences = Category.Audience
    return Chart(
        slug="satisfaction-audience",
        title=_("Satisfied with the handling of their complaint, by audience"),
        kind="bar", labels=[str(label) for label in audiences.labels], unit="%",
        series=[Series(_("Now (4 or 5 out of 5)"),
                       [by_audience.get(a, Scores()).satisfied for a in audiences.values]),
                Series(_("Study (2007)"), [STUDY_SATISFIED[a] for a in audiences.values])],
        note=_note(filters, _("The study found %(employers)s %% of employers, %(insured)s "
                              "%% of insured persons and %(pensioners)s %% of pensioners "
                              "satisfied.") % {
            "employers": 45, "insured": 64, "pensioners": 51}))


def _channel_chart(filters: ReportFilters) -> Chart:
    by_channel = scores_by(filters, "channel")
    names = dict(Channel.choices)
    channels = [c for c in Channel.values if by_channel.get(c, Scores()).answers]
    return Chart(
        slug="satisfaction-channel", title=_("Scores by channel of the question"),
        kind="stacked-bar", labels=[str(names[c]) for c in channels], unit="%",
        series=[Series(_("%(score)d out of 5") % {"score": score},
                       [_percent(by_channel[c].counts[score - 1], by_channel[c].answers)
                        for c in channels]) for score in range(1, 6)],
        note=_note(filters, _("Each bar splits the answers given on that channel.")))


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _region_chart(filters: ReportFilters) -> Chart:
    by_region = {pk: s for pk, s in scores_by(filters, "region_id").items()
                 if pk and s.answers}
    known = labels.region_names()
    names = {pk: known.get(pk, str(pk)) for pk in by_region}
    ranked = sorted(by_region, key=lambda pk: (-(by_region[pk].satisfied or 0), names[pk]))
    return Chart(
        slug="satisfaction-region", title=_("Satisfied customers by regional direction"),
        kind="horizontal-bar", labels=[names[pk] for pk in ranked], unit="%",
        series=[Series(_("Satisfied (4 or 5 out of 5)"),
                       [by_region[pk].satisfied for pk in ranked])],
        note=_note(filters, _("Ranked from the most satisfied; the regions without "
                              "answers are left out.")))


def satisfaction_charts(filters: ReportFilters) -> list[Chart]:
    labels, steps = over_time(filters)
    axis = axis_for(filters.start, filters.end).name
    note = _note(filters, _("Scores from 1 to 5 given after a complaint is closed (SMS), "
                            "at the end of a chat and on the status page."))
    return [
        Chart(slug="satisfaction-mean", title=_("Mean satisfaction score"), kind="line",
              labels=labels, unit=_("out of 5"),
              series=[Series(_("Mean score"), [s.mean for s in steps])], note=note,
              axis=axis),
        Chart(slug="satisfaction-share", title=_("Share of satisfied customers (4 or 5)"),
              kind="line", labels=labels, unit="%",
              series=[Series(_("Satisfied"), [s.satisfied for s in steps])],
              note=note, axis=axis),
        _audience_chart(filters),
        _channel_chart(filters),
        _region_chart(filters),
        _response_chart(filters),
    ]
