"""What goes out about complaints: the outbox (SMS, live updates) and the SMS texts."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from contactcenter.customers.models import Language
from tickets.models.complaints import Ticket


class OutboxMessage(models.Model):
    """Something to deliver after the transaction that caused it commits: an SMS to the
    customer, or a live update for the boards. Delivered at least once, sent at most once."""

    class Kind(models.TextChoices):
        SMS = "sms", _("SMS to the customer")
        BOARD = "board", _("Live board update")
        AGENT = "agent", _("Notice to agents")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Not sent")

    class DeliveryStatus(models.TextChoices):
        """What the carrier reports once it has the message."""

        QUEUED = "queued", _("Queued by the carrier")
        SENT = "sent", _("Sent by the carrier")
        DELIVERED = "delivered", _("Delivered")
        UNDELIVERED = "undelivered", _("Undelivered")
        FAILED = "failed", _("Failed")

    class Progress(models.TextChoices):
        """Where an SMS stands, as shown to agents: our sending and the carrier's report."""

        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        DELIVERED = "delivered", _("Delivered")
        UNDELIVERED = "undelivered", _("Undelivered")
        FAILED = "failed", _("Failed")
        NOT_SENT = "not_sent", _("Not sent")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    # Empty for an answer to a customer's message that concerns no complaint (help, list...).
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="outbox",
                               null=True, blank=True)
    event = models.CharField(_("event"), max_length=30)
    to = models.CharField(pgettext_lazy("recipient", "to"), max_length=40, blank=True)
    language = models.CharField(_("language"), max_length=2, blank=True)
    body = models.TextField(_("body"), blank=True)
    # A message carrying a secret (a one-time code) keeps it only until it is sent or given
    # up: the body then becomes this text, with the secret masked. Empty: nothing to hide.
    redacted_body = models.TextField(_("body once sent"), blank=True)
    payload = models.JSONField(_("payload"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    last_error = models.TextField(_("last error"), blank=True)
    carrier_id = models.CharField(_("carrier id"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    is_answer = models.BooleanField(
        _("answer to the customer"), default=False,
        help_text=_("An immediate answer to a message the customer has just sent: not held "
                    "during quiet hours, and sent even to a number opted out of "
                    "notifications."))
    delivery_status = models.CharField(_("delivery status"), max_length=12,
                                       choices=DeliveryStatus.choices, blank=True)
    delivery_error_code = models.PositiveIntegerField(_("carrier error code"), null=True,
                                                      blank=True)
    delivery_updated_at = models.DateTimeField(_("delivery status received"), null=True,
                                               blank=True)

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        indexes = [
            models.Index(name="outbox_due", fields=["next_attempt_at"],
                         condition=models.Q(status__in=["pending", "sending"])),
            models.Index(name="outbox_carrier_id", fields=["carrier_id"],
                         condition=~models.Q(carrier_id="")),
            # A customer's history lists the SMS to their numbers, newest first.
            models.Index(name="outbox_sms_to", fields=["to", "-created_at", "-id"],
                         condition=models.Q(kind="sms")),
            # Delivery reports received since a moment (the reports' upkeep).
            models.Index(name="outbox_delivery_updated", fields=["delivery_updated_at"],
                         condition=models.Q(delivery_updated_at__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.event} → {self.to or self.ticket_id}"

    @property
    def progress(self) -> OutboxMessage.Progress:
        """Our sending status, refined by the carrier's report once the message left."""
        if self.status == self.Status.SKIPPED:
            return self.Progress.NOT_SENT
        if self.status == self.Status.FAILED:
            return self.Progress.FAILED
        if self.status != self.Status.SENT:
            return self.Progress.PENDING
        if self.delivery_status == self.DeliveryStatus.DELIVERED:
            return self.Progress.DELIVERED
        if self.delivery_status == self.DeliveryStatus.UNDELIVERED:
            return self.Progress.UNDELIVERED
        if self.delivery_status == self.DeliveryStatus.FAILED:
            return self.Progress.FAILED
        return self.Progress.SENT

    @property
    def is_problem(self) -> bool:
        """The customer did not get a message that was meant to reach them."""
        return self.progress in (self.Progress.UNDELIVERED, self.Progress.FAILED)

    @property
    def event_label(self) -> str:
        if self.event in SmsTemplate.Event.values:
            return str(SmsTemplate.Event(self.event).label)
        return str(OTHER_EVENT_LABELS.get(self.event, self.event))

    @property
    def problem(self) -> str:
        """Why the message was not sent or not delivered, in words an agent understands."""
        progress = self.progress
        if progress == self.Progress.NOT_SENT:
            return str(NOT_SENT_REASONS.get(self.last_error, self.last_error))
        if progress in (self.Progress.UNDELIVERED, self.Progress.FAILED):
            if self.delivery_error_code is not None:
                return _("carrier error %(code)s") % {"code": self.delivery_error_code}
            return self.last_error
        return ""


# Messages written by code rather than from an administrator's template.
OTHER_EVENT_LABELS = {
    "access_code": _("Status page code"),
    "counter_number": _("Number at the agency counter"),
}


# Why outbox.sms() did not send a message (OutboxMessage.last_error) in the agents' words.
NOT_SENT_REASONS = {
    "opted out": _("the customer asked for no SMS"),
    "no mobile number": _("no mobile number"),
    "no template": _("no message text for this event"),
    "no complaint": _("no complaint on this number"),
}


class SmsTemplate(models.Model):
    """The text of a customer notification, per event and language, edited by administrators.

    The body is a Django template rendered with plain strings only (see tickets.outbox):
    reference, expected_date, outcome, explanation, waiting_for, merged_into, text.
    """

    class Event(models.TextChoices):
        RECEIVED = "received", _("Complaint registered")
        WAITING = "waiting", _("Waiting for the customer")
        REFERRED = "referred", _("Referred to headquarters")
        RESOLVED = "resolved", _("Resolved")
        CLOSED = "closed", _("Closed (satisfaction question)")
        REPLY = "reply", _("Agent's reply")
        REOPENED = "reopened", _("Reopened")
        CANCELLED = "cancelled", _("Cancelled")
        MERGED = "merged", _("Merged into another complaint")

    event = models.CharField(_("event"), max_length=30, choices=Event.choices)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    body = models.TextField(
        _("text"),
        help_text=_("Django template. Available: {{ reference }}, {{ expected_date }}, "
                    "{{ outcome }}, {{ explanation }}, {{ waiting_for }}, {{ merged_into }}, "
                    "{{ text }} (the agent's reply)."))
    max_segments = models.PositiveSmallIntegerField(
        _("maximum SMS segments"), default=2,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_("A longer message is cut to fit."))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("SMS template")
        verbose_name_plural = _("SMS templates")
        ordering = ["event", "language"]
        constraints = [
            models.UniqueConstraint(fields=["event", "language"], name="sms_template_once"),
        ]

    def __str__(self) -> str:
        return f"{self.get_event_display()} ({self.language})"
