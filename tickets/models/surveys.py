"""The customers' satisfaction answers, one row per answer whatever the channel that asked.

The SMS question after a complaint is closed, the question at the end of a web chat and any
later one (the status page) all write here through tickets.services.record_survey_answer,
so that the reports read every score from one table: by date and channel here, by region,
agency, category and audience through the complaint or the customer it concerns.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contactcenter.customers.models import Channel
from tickets.models.complaints import Ticket


class SurveyAnswer(models.Model):
    """One satisfaction score (1 to 5) given by a customer, with an optional comment.
    Written once by the service, never changed: the admin only reads them."""

    MIN_SCORE = 1
    MAX_SCORE = 5
    COMMENT_MAX_LENGTH = 1000

    score = models.PositiveSmallIntegerField(_("score (1-5)"))
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    # What the answer is about: the complaint (SMS after closing, a chat that became a
    # complaint) and the customer (an identified visitor). Both may be empty: an
    # unidentified chat visitor answers about the conversation alone.
    ticket = models.ForeignKey(Ticket, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="survey_answers", verbose_name=_("complaint"),
                               db_index=False)
    customer = models.ForeignKey("customers.Customer", on_delete=models.SET_NULL, null=True,
                                 blank=True, related_name="survey_answers",
                                 verbose_name=_("customer"), db_index=False)
    comment = models.CharField(_("comment"), max_length=COMMENT_MAX_LENGTH, blank=True)
    answered_at = models.DateTimeField(_("answer time"), default=timezone.now)

    class Meta:
        verbose_name = _("satisfaction answer")
        verbose_name_plural = _("satisfaction answers")
        ordering = ["-answered_at", "-id"]
        indexes = [
            # Reports read a period, all channels or one.
            models.Index(name="survey_answered", fields=["answered_at"]),
            models.Index(name="survey_channel_answered", fields=["channel", "answered_at"]),
            models.Index(name="survey_ticket", fields=["ticket"],
                         condition=models.Q(ticket__isnull=False)),
            models.Index(name="survey_customer", fields=["customer", "-answered_at"],
                         condition=models.Q(customer__isnull=False)),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(score__gte=1, score__lte=5),
                                   name="survey_score_one_to_five"),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.score}/5"
