"""The visitor line of an agency: each visitor's numbered turn, and the hourly figures kept
for the reports.

A visitor takes a number at the kiosk (R-042: the letter says the reason), waits, is called
to a desk, and is then served or marked absent. An absent visitor who turns up later may be
called back by an agent (never put back in the line by themselves): the others keep their
place. Recalling a number keeps it called.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from contactcenter.org.models import Agency, Agent


class Reason(models.TextChoices):
    """Why the visitor came; the first letter of the French word prefixes the number."""

    COMPLAINT = "complaint", _("Complaint")
    INFORMATION = "information", _("Information")
    DOCUMENT = "document", _("Document")
    BENEFIT_CLAIM = "benefit_claim", _("Benefit claim")


# Réclamation, Information, Document, Prestation: the words on the kiosk's French buttons.
REASON_LETTERS: dict[str, str] = {
    Reason.COMPLAINT: "R",
    Reason.INFORMATION: "I",
    Reason.DOCUMENT: "D",
    Reason.BENEFIT_CLAIM: "P",
}


class Visit(models.Model):
    """A visitor's numbered turn in an agency's line on one day."""

    class State(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        CALLED = "called", _("Called")
        SERVED = "served", _("Served")
        ABSENT = "absent", _("Absent")

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("agency"))
    day = models.DateField(_("day"))
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    # Per agency, day and reason: R-001, I-001... each morning.
    sequence = models.PositiveIntegerField(_("sequence"))
    # Only to send the number by SMS (and count the numbers sent to it in a day); blanked
    # after the day (services.forget_mobiles, a periodic job).
    mobile = models.CharField(_("mobile"), max_length=20, blank=True)
    state = FSMField(_("state"), choices=State.choices, default=State.WAITING, protected=True)
    taken_at = models.DateTimeField(_("taken at"))
    first_called_at = models.DateTimeField(_("first called at"), null=True, blank=True)
    last_called_at = models.DateTimeField(_("last called at"), null=True, blank=True)
    calls = models.PositiveSmallIntegerField(_("times called"), default=0)
    served_at = models.DateTimeField(_("served at"), null=True, blank=True)
    absent_at = models.DateTimeField(_("marked absent at"), null=True, blank=True)
    agent = models.ForeignKey(Agent, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name=_("called by"))
    desk = models.PositiveSmallIntegerField(_("desk"), null=True, blank=True)

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        constraints = [
            models.UniqueConstraint(fields=["agency", "day", "reason", "sequence"],
                                    name="visit_number_once_a_day"),
            models.CheckConstraint(condition=models.Q(sequence__gte=1),
                                   name="visit_sequence_positive"),
        ]
        indexes = [
            # The line: the oldest waiting visitor of an agency today, and the counts.
            models.Index(name="visit_line", fields=["agency", "day", "state", "taken_at"]),
            # Recent service times and the desks at work (wait estimate).
            models.Index(name="visit_agency_called", fields=["agency", "last_called_at"]),
            # The numbers sent to one mobile in a day (the kiosk's SMS limit).
            models.Index(name="visit_mobile_day", fields=["mobile", "day"],
                         condition=~models.Q(mobile="")),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def letter(self) -> str:
        return REASON_LETTERS[self.reason]

    @property
    def number(self) -> str:
        """What the visitor reads on their ticket and the hall display: "R-042"."""
        return f"{self.letter}-{self.sequence:03d}"

    # --- Transitions: no I/O, no save; counter.services does the rest --------------------------

    @transition(field=state, source=State.WAITING, target=State.CALLED)
    def call(self) -> None:
        """Called to a desk for the first time."""

    @transition(field=state, source=State.CALLED, target=State.CALLED)
    def recall(self) -> None:
        """Called again (the visitor has not come to the desk yet)."""

    @transition(field=state, source=State.ABSENT, target=State.CALLED)
    def call_back(self) -> None:
        """An absent visitor turned up after all."""

    @transition(field=state, source=State.CALLED, target=State.SERVED)
    def serve(self) -> None:
        """The visitor was served."""

    @transition(field=state, source=State.CALLED, target=State.ABSENT)
    def mark_absent(self) -> None:
        """Nobody came to the desk."""


class HourlyLineStats(models.Model):
    """The line's figures per agency, reason, day and hour of arrival (local time), kept by
    counter.services in the transaction of each change, for the reports: every figure is
    that of the visitors who took a number in that hour."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("agency"))
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    date = models.DateField(_("date"))
    hour = models.PositiveSmallIntegerField(_("hour"))
    visitors = models.PositiveIntegerField(_("visitors"), default=0)
    called = models.PositiveIntegerField(_("called"), default=0)
    served = models.PositiveIntegerField(_("served"), default=0)
    absent = models.PositiveIntegerField(_("absent"), default=0)
    # From taking the number to the first call, of those called.
    total_wait_seconds = models.PositiveBigIntegerField(_("total waiting seconds"), default=0)
    max_wait_seconds = models.PositiveIntegerField(_("longest wait (seconds)"), default=0)
    # From the last call to "served", of those served.
    total_service_seconds = models.PositiveBigIntegerField(_("total service seconds"),
                                                           default=0)

    class Meta:
        verbose_name = _("hourly line figures")
        verbose_name_plural = _("hourly line figures")
        constraints = [
            models.UniqueConstraint(fields=["agency", "reason", "date", "hour"],
                                    name="line_stats_once_an_hour"),
            models.CheckConstraint(condition=models.Q(hour__lte=23),
                                   name="line_stats_hour_of_day"),
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.reason} {self.date} {self.hour}h"
