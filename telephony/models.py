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
    # The pictures or files that can be fetched from the carrier, each
    # {"url": ..., "content_type": ..., "done": ""}; "done" becomes "attached" or "skipped"
    # once telephony.answer_media has dealt with it (never twice).
    media = models.JSONField(_("pictures and files"), default=list, blank=True)
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
            # Messages kept until the customer says which complaint they answer
            # (telephony.customer_answers): looked up by number, a handful at most.
            models.Index(name="inbound_sms_unthreaded", fields=["from_number"],
                         condition=models.Q(command="unthreaded", ticket__isnull=True)),
        ]

    def __str__(self) -> str:
        return f"{self.from_number} {self.received_at:%Y-%m-%d %H:%M}"


class Call(models.Model):
    """A phone call to our number, once per carrier call id however many of the carrier's
    webhooks mention it: who called, what they chose in the voice menu, how it ended."""

    class Status(models.TextChoices):
        # The carrier's own call statuses.
        QUEUED = "queued", _("Queued")
        RINGING = "ringing", _("Ringing")
        IN_PROGRESS = "in-progress", _("In progress")
        COMPLETED = "completed", _("Completed")
        BUSY = "busy", _("Busy")
        FAILED = "failed", _("Failed")
        NO_ANSWER = "no-answer", _("No answer")
        CANCELED = "canceled", _("Cancelled")

    carrier_id = models.CharField(_("carrier id"), max_length=64, unique=True)
    from_number = models.CharField(_("from"), max_length=40)
    to_number = models.CharField(_("to number"), max_length=40, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices,
                              default=Status.RINGING)
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    duration = models.PositiveIntegerField(_("duration (seconds)"), null=True, blank=True)
    recording_url = models.URLField(_("recording"), max_length=500, blank=True)
    language = models.CharField(_("language"), max_length=2, blank=True)
    processed_at = models.DateTimeField(
        _("caller looked up"), null=True, blank=True,
        help_text=_("When the caller was looked up by number and the call put on their "
                    "timeline."))
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("customer"),
        help_text=_("The caller, when exactly one record holds their number."))
    interaction = models.ForeignKey("customers.Interaction", on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("interaction"))
    queue = models.ForeignKey("org.Queue", on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name=_("queue"))
    enqueued_at = models.DateTimeField(_("put through to an agent"), null=True, blank=True)
    taken_by = models.ForeignKey(
        "org.Agent", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("taken by"),
        help_text=_("The agent who opened the caller's record or a complaint from the call."))
    taken_at = models.DateTimeField(_("taken"), null=True, blank=True)
    reference = models.CharField(_("complaint followed"), max_length=10, blank=True,
                                 help_text=_("The last reference whose status the caller "
                                             "heard."))

    class Meta:
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        indexes = [models.Index(name="call_started", fields=["-started_at"])]

    def __str__(self) -> str:
        return f"{self.from_number} {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def is_over(self) -> bool:
        return self.status in CALL_ENDED


CALL_ENDED = frozenset({Call.Status.COMPLETED, Call.Status.BUSY, Call.Status.FAILED,
                        Call.Status.NO_ANSWER, Call.Status.CANCELED})


class CallbackRequest(models.Model):
    """A caller asked, in the voice menu, to be called back: a task for the call centre."""

    class Status(models.TextChoices):
        OPEN = "open", _("To call back")
        DONE = "done", _("Called back")

    phone = models.CharField(_("phone"), max_length=40)
    customer = models.ForeignKey("customers.Customer", on_delete=models.SET_NULL, null=True,
                                 blank=True, related_name="+", verbose_name=_("customer"))
    call = models.OneToOneField(Call, on_delete=models.CASCADE, related_name="callback",
                                verbose_name=_("call"))
    created_at = models.DateTimeField(_("requested"), default=timezone.now)
    status = models.CharField(_("status"), max_length=4, choices=Status.choices,
                              default=Status.OPEN)
    done_by = models.ForeignKey("org.Agent", on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+", verbose_name=_("called back by"))
    done_at = models.DateTimeField(_("called back"), null=True, blank=True)

    class Meta:
        verbose_name = _("callback request")
        verbose_name_plural = _("callback requests")
        indexes = [
            # The call centre's list: the requests still open, oldest first.
            models.Index(name="callback_open", fields=["created_at"],
                         condition=models.Q(status="open")),
        ]

    def __str__(self) -> str:
        return f"{self.phone} {self.created_at:%Y-%m-%d %H:%M}"
