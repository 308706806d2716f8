"""The complaints' figures by day and by month, kept up to date from their changes.

`ComplaintFact` keeps, per complaint, what it last added to the figures; a change is applied
as the difference between the new contribution and that one (contactcenter.reports.upkeep).
`ComplaintStats` holds the sums, one row per period and slice: a day or a month, and the
agency, queue, category, audience and channel. Rows "by region" (agency and queue 0) add up
the agencies of a region, rows of region NATIONAL the whole fund, so that wide views read
fewer rows; both also over every category and channel (ALL_CATEGORIES, ALL_CHANNELS).

Each measure counts on the day it belongs to: received, open now, escalations and first
responses on the day the complaint was opened; resolutions, outcomes, reopenings, delays to
resolution and notices on the day it was resolved.
"""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

from contactcenter.reports.buckets import SIZE

# The counted measures, in the order the upkeep adds them (see COUNTS and SUMS below).
COUNTS = ("received", "open_now", "escalated_1", "escalated_2", "escalated_3",
          "first_responded", "resolved", "within_sla", "accepted", "partly_accepted",
          "rejected", "no_action", "reopened", "told_every_step")
SUMS = ("first_response_hours_sum", "resolution_hours_sum", "resolution_days_sum")
HISTOGRAMS = ("first_response_hours", "resolution_hours", "resolution_days")
MEASURES = COUNTS + SUMS + HISTOGRAMS
# The region of the rows that add up the whole fund (no region's id is negative).
NATIONAL = -1
# The category and channel of the rows that add up every category and channel (of a region,
# or of the whole fund): what the views that neither filter nor group by them read.
ALL_CATEGORIES, ALL_CHANNELS = -1, "*"
KEY = ("grain", "day", "by_agency", "region_id", "agency_id", "queue_id", "category_id",
       "audience", "channel")


class ComplaintFact(models.Model):
    """What one complaint adds to the figures, as last applied."""

    ticket_id = models.BigIntegerField(primary_key=True)
    created_on = models.DateField()
    resolved_on = models.DateField(null=True)
    # Ids of the org and tickets rows, 0 for none (plain integers: the figures outlive a
    # renamed agency and never hold a row of another app back).
    region_id = models.IntegerField(default=0)
    agency_id = models.IntegerField(default=0)
    queue_id = models.IntegerField(default=0)
    category_id = models.IntegerField(default=0)
    audience = models.CharField(max_length=10, blank=True)
    channel = models.CharField(max_length=10)
    is_open = models.BooleanField()
    sla_level = models.PositiveSmallIntegerField(default=0)
    first_response_hours = models.FloatField(null=True)
    resolution_hours = models.FloatField(null=True)
    resolution_days = models.FloatField(null=True)
    within_sla = models.BooleanField(null=True)
    outcome = models.CharField(max_length=20, blank=True)
    reopened = models.BooleanField(default=False)
    told_every_step = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("complaint's contribution to the figures")

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.created_on}"


def _histogram() -> ArrayField:
    return ArrayField(models.IntegerField(), size=SIZE, default=list)


class Grain(models.TextChoices):
    """The period a row of figures covers: a day, or a month (on its first day)."""

    DAY = "d", _("day")
    MONTH = "m", _("month")


class ComplaintStats(models.Model):
    grain = models.CharField(max_length=1, choices=Grain.choices)
    day = models.DateField()  # the day, or the month's first day
    by_agency = models.BooleanField()  # False: the region's total (agency and queue 0)
    region_id = models.IntegerField()
    agency_id = models.IntegerField()
    queue_id = models.IntegerField()
    category_id = models.IntegerField()
    audience = models.CharField(max_length=10)
    channel = models.CharField(max_length=10)

    received = models.IntegerField(default=0)
    open_now = models.IntegerField(default=0)
    escalated_1 = models.IntegerField(default=0)
    escalated_2 = models.IntegerField(default=0)
    escalated_3 = models.IntegerField(default=0)
    first_responded = models.IntegerField(default=0)
    resolved = models.IntegerField(default=0)
    within_sla = models.IntegerField(default=0)
    accepted = models.IntegerField(default=0)
    partly_accepted = models.IntegerField(default=0)
    rejected = models.IntegerField(default=0)
    no_action = models.IntegerField(default=0)
    reopened = models.IntegerField(default=0)
    told_every_step = models.IntegerField(default=0)
    first_response_hours_sum = models.FloatField(default=0)
    resolution_hours_sum = models.FloatField(default=0)
    resolution_days_sum = models.FloatField(default=0)
    first_response_hours = _histogram()
    resolution_hours = _histogram()
    resolution_days = _histogram()

    class Meta:
        verbose_name = _("complaint figures")
        verbose_name_plural = _("complaint figures")
        constraints = [models.UniqueConstraint(fields=list(KEY), name="complaint_stats_key")]
        indexes = [
            # Reads pick a grain and a level (an agency, or 0 for the rows by region), then a
            # period (then filter the slice).
            models.Index(name="complaint_stats_period",
                         fields=["grain", "by_agency", "agency_id", "day"]),
            # The rows over every category and channel, a few dozen a day.
            models.Index(name="complaint_stats_every_slice", fields=["grain", "day"],
                         condition=models.Q(category_id=ALL_CATEGORIES)),
            # The backlog: the few days that still have open complaints.
            models.Index(name="complaint_stats_backlog",
                         fields=["by_agency", "agency_id", "region_id", "category_id", "day"],
                         condition=models.Q(grain="d") & ~models.Q(open_now=0)),
        ]

    def __str__(self) -> str:
        return f"{self.grain} {self.day} {self.agency_id or self.region_id}"


class UpkeepMark(models.Model):
    """Where the figures' upkeep got to: the start of its last run."""

    name = models.CharField(max_length=40, primary_key=True)
    moment = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} {self.moment:%Y-%m-%d %H:%M}"
