"""Working calendars and service-level policies."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

WEEKDAYS = [(0, _("Monday")), (1, _("Tuesday")), (2, _("Wednesday")), (3, _("Thursday")),
            (4, _("Friday")), (5, _("Saturday")), (6, _("Sunday"))]


class Calendar(models.Model):
    """The working time of the call centre, a region or an agency. An agency without its
    own falls back to its region's, then to the national calendar (no owner)."""

    name = models.CharField(_("name"), max_length=120)
    agency = models.OneToOneField("org.Agency", on_delete=models.CASCADE, null=True,
                                  blank=True, related_name="calendar",
                                  verbose_name=_("agency"))
    region = models.OneToOneField("org.Region", on_delete=models.CASCADE, null=True,
                                  blank=True, related_name="calendar",
                                  verbose_name=_("regional direction"))
    is_call_centre = models.BooleanField(_("call centre"), default=False)
    time_zone = models.CharField(_("time zone"), max_length=64, default=settings.TIME_ZONE)
    ramadan_start = models.TimeField(_("Ramadan: opening"), null=True, blank=True)
    ramadan_end = models.TimeField(_("Ramadan: closing"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("working calendar")
        verbose_name_plural = _("working calendars")
        constraints = [
            models.UniqueConstraint(
                fields=["is_call_centre"], name="one_national_calendar",
                condition=Q(agency__isnull=True, region__isnull=True, is_call_centre=False)),
            models.UniqueConstraint(fields=["is_call_centre"], name="one_call_centre_calendar",
                                    condition=Q(is_call_centre=True)),
            models.CheckConstraint(
                condition=Q(agency__isnull=True) | Q(region__isnull=True),
                name="calendar_has_one_owner"),
        ]

    def __str__(self) -> str:
        return self.name


class WorkingHours(models.Model):
    calendar = models.ForeignKey(Calendar, on_delete=models.CASCADE, related_name="hours")
    weekday = models.PositiveSmallIntegerField(_("day"), choices=WEEKDAYS)
    start = models.TimeField(_("from"))
    end = models.TimeField(_("to"))

    class Meta:
        verbose_name = _("working hours")
        verbose_name_plural = _("working hours")
        ordering = ["weekday", "start"]
        constraints = [models.CheckConstraint(condition=Q(end__gt=models.F("start")),
                                              name="working_hours_end_after_start")]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start:%H:%M}-{self.end:%H:%M}"


class SpecialPeriod(models.Model):
    """Days with their own hours on working days, e.g. Ramadan as confirmed this year.
    Without a calendar it applies to every calendar."""

    calendar = models.ForeignKey(Calendar, on_delete=models.CASCADE, null=True, blank=True,
                                 related_name="special_periods")
    name = models.CharField(_("name"), max_length=120)
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    start = models.TimeField(_("opening"))
    end = models.TimeField(_("closing"))

    class Meta:
        verbose_name = _("special period")
        verbose_name_plural = _("special periods")
        ordering = ["start_date"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")),
                                   name="special_period_ends_after_start"),
            models.CheckConstraint(condition=Q(end__gt=models.F("start")),
                                   name="special_period_hours_end_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.start_date}–{self.end_date}"


class HolidayOverride(models.Model):
    """A correction to the computed public holidays: Islamic holidays are confirmed by moon
    sighting and often fall a day later than computed. Without a calendar: national."""

    class Action(models.TextChoices):
        ADD = "add", _("Day off")
        REMOVE = "remove", _("Working day after all")

    calendar = models.ForeignKey(Calendar, on_delete=models.CASCADE, null=True, blank=True,
                                 related_name="holiday_overrides")
    date = models.DateField(_("date"))
    action = models.CharField(_("action"), max_length=6, choices=Action.choices)
    name = models.CharField(_("name"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("holiday correction")
        verbose_name_plural = _("holiday corrections")
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["calendar", "date"],
                                               name="one_holiday_override_per_day",
                                               nulls_distinct=False)]

    def __str__(self) -> str:
        return f"{self.date} {self.get_action_display()}"


class SlaPolicy(models.Model):
    """Targets in business time, for the complaints it matches. The most specific active
    policy wins (category, then priority, channel, segment); one with no criteria is the
    national default."""

    class Segment(models.TextChoices):
        INSURED = "insured", _("Insured persons")
        PENSIONER = "pensioner", _("Pensioners")
        EMPLOYER = "employer", _("Employers")

    name = models.CharField(_("name"), max_length=120)
    category = models.ForeignKey("tickets.Category", on_delete=models.CASCADE, null=True,
                                 blank=True, related_name="sla_policies",
                                 verbose_name=_("category"))
    priority = models.CharField(_("priority"), max_length=10, blank=True)
    channel = models.CharField(_("channel"), max_length=10, blank=True)
    segment = models.CharField(_("segment"), max_length=10, choices=Segment.choices,
                               blank=True)
    first_response = models.DurationField(_("first response within (business time)"),
                                          default=timedelta(hours=4))
    resolution = models.DurationField(_("resolution within (business time)"),
                                      default=timedelta(hours=40))
    referral = models.DurationField(_("back-office answer within (business time)"),
                                    null=True, blank=True)
    reopen_restarts_clock = models.BooleanField(_("reopening restarts the resolution clock"),
                                                default=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("service-level policy")
        verbose_name_plural = _("service-level policies")

    def __str__(self) -> str:
        return self.name

    @property
    def specificity(self) -> tuple[int, int, int, int]:
        return (self.category_id is not None, bool(self.priority), bool(self.channel),
                bool(self.segment))


class EscalationLevel(models.Model):
    """What happens when a share of the resolution time has passed (75 %, 100 %, 150 %)."""

    policy = models.ForeignKey(SlaPolicy, on_delete=models.CASCADE, related_name="levels")
    # xgettext:no-python-format
    percent = models.PositiveSmallIntegerField(_("at % of the resolution time"))
    warn_assignee = models.BooleanField(_("warn the assignee"), default=False)
    notify_supervisor = models.BooleanField(_("notify the supervisor"), default=False)
    notify_regional_manager = models.BooleanField(_("notify the regional manager"),
                                                  default=False)
    breach = models.BooleanField(_("mark as breached"), default=False)
    raise_priority = models.BooleanField(_("raise the priority"), default=False)

    class Meta:
        verbose_name = _("escalation level")
        verbose_name_plural = _("escalation levels")
        ordering = ["percent"]
        constraints = [models.UniqueConstraint(fields=["policy", "percent"],
                                               name="one_level_per_percent")]

    def __str__(self) -> str:
        return f"{self.percent} %"
