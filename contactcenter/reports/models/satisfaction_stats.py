"""The satisfaction answers counted per day and slice: one row per local day, region,
agency, category, audience and channel (0 or "" for none), with how many answers gave each
score and how many came with a comment. Rebuilt day by day from tickets' answers by
contactcenter.reports.day_upkeep (its only writer).

`SatisfactionRollup` adds those rows up by day and by month for each region, audience and
channel, for the views that filter by neither agency nor category: a year of the whole
fund is then about 1,300 rows instead of some 80,000 (contactcenter.reports.rollups)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from contactcenter.reports.models.complaint_stats import Grain

SCORE_FIELDS = ("score_1", "score_2", "score_3", "score_4", "score_5")
SATISFACTION_KEY = ("day", "region_id", "agency_id", "category_id", "audience", "channel")
SATISFACTION_MEASURES = (*SCORE_FIELDS, "commented")
ROLLUP_KEY = ("grain", "day", "region_id", "audience", "channel")


class ScoreCounts(models.Model):
    """How many answers gave each score (1 to 5), and how many came with a comment."""

    score_1 = models.IntegerField(default=0)
    score_2 = models.IntegerField(default=0)
    score_3 = models.IntegerField(default=0)
    score_4 = models.IntegerField(default=0)
    score_5 = models.IntegerField(default=0)
    commented = models.IntegerField(default=0)

    class Meta:
        abstract = True

    @property
    def answers(self) -> int:
        return sum(getattr(self, name) for name in SCORE_FIELDS)


class SatisfactionStats(ScoreCounts):
    day = models.DateField()
    region_id = models.IntegerField()
    agency_id = models.IntegerField()
    category_id = models.IntegerField()
    audience = models.CharField(max_length=10, blank=True)
    channel = models.CharField(max_length=10)

    class Meta:
        verbose_name = _("satisfaction figures")
        verbose_name_plural = _("satisfaction figures")
        constraints = [models.UniqueConstraint(fields=list(SATISFACTION_KEY),
                                               name="satisfaction_stats_key")]
        indexes = [models.Index(name="satisfaction_stats_day", fields=["day"]),
                   # The views of an agency, or of a category, read those rows only.
                   models.Index(name="satisfaction_stats_agency", fields=["agency_id", "day"]),
                   models.Index(name="satisfaction_stats_category",
                                fields=["category_id", "day"])]

    def __str__(self) -> str:
        return f"{self.day} {self.agency_id or self.region_id} {self.channel}"


class SatisfactionRollup(ScoreCounts):
    """SatisfactionStats added up over agencies and categories, by day (grain "d") and by
    month (grain "m", on the month's first day)."""

    grain = models.CharField(max_length=1, choices=Grain.choices)
    day = models.DateField()
    region_id = models.IntegerField()
    audience = models.CharField(max_length=10, blank=True)
    channel = models.CharField(max_length=10)

    class Meta:
        verbose_name = _("satisfaction figures by region")
        verbose_name_plural = _("satisfaction figures by region")
        constraints = [models.UniqueConstraint(fields=list(ROLLUP_KEY),
                                               name="satisfaction_rollup_key")]

    def __str__(self) -> str:
        return f"{self.grain} {self.day} {self.region_id} {self.channel}"
