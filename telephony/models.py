"""What the carrier delivered to us: each inbound SMS, stored before anything else is done
with it, so that a failure afterwards loses nothing (the carrier does not retry)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The carrier's own limit is 1,600 characters; anything longer is cut, never refused.
BODY_MAX_LENGTH = 4000


class InboundMessage(models.Model):
    """An SMS received on our number, once per carrier message id however often the carrier
    delivers it, with what it led to and the answer it got."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        PROCESSED = "processed", _("Processed")
        FAILED = "failed", _("Failed")

    carrier_id = models.CharField(_("carrier id"), max_length=64, unique=True)
    from_number = models.CharField(_("from"), max_length=40)
    to_number = models.CharField(_("to number"), max_length=40, blank=True)
    body = models.TextField(_("text"), blank=True)
    num_media = models.PositiveSmallIntegerField(_("media"), default=0)
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.RECEIVED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    processed_at = models.DateTimeField(_("processed"), null=True, blank=True)
    command = models.CharField(_("request"), max_length=12, blank=True)
    language = models.CharField(_("language"), max_length=2, blank=True)
    reply = models.TextField(_("reply"), blank=True)
    reply_by_sms = models.BooleanField(
        _("reply sent by SMS"), default=False,
        help_text=_("Processed late: the reply went as a separate SMS, not in the answer to "
                    "the carrier."))
    customer = models.ForeignKey("customers.Customer", on_delete=models.SET_NULL, null=True,
                                 blank=True, related_name="+", verbose_name=_("customer"))
    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.SET_NULL, null=True,
                               blank=True, related_name="+", verbose_name=_("complaint"))

    class Meta:
        verbose_name = _("inbound SMS")
        verbose_name_plural = _("inbound SMS")
        indexes = [
            # What the reprocessing job reads: the few messages not processed yet.
            models.Index(name="inbound_sms_pending", fields=["received_at"],
                         condition=models.Q(status__in=["received", "failed"])),
            models.Index(name="inbound_sms_received", fields=["-received_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.from_number} {self.received_at:%Y-%m-%d %H:%M}"
