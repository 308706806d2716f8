"""The personal-data access log: one row each time a member of staff (or a partner's service
account) is shown a customer's personal data. Rows are only ever inserted; the database
refuses to change them and deletes them only for the retention purge (migration 0001)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    DESK = "desk", _("Desk")
    API = "api", _("API")
    ADMIN = "admin", _("Administration")
    EXPORT = "export", _("Export (command line)")


class Kind(models.TextChoices):
    CUSTOMER = "customer", _("Customer record")
    COMPLAINT = "complaint", _("Complaint")
    CONVERSATION = "conversation", _("Conversation")
    EXPORT = "export", _("Export")


class Action(models.TextChoices):
    VIEW = "view", _("Viewed")
    SEARCH = "search", _("Searched")
    LIST = "list", _("Listed")
    EXPORT = "export", _("Exported")


class AccessLogEntry(models.Model):
    """Who (copied: the log outlives accounts and never cascades), from where, what. No
    name, phone or identifier of the customer is copied here: the record's number is."""

    at = models.DateTimeField(_("when"))
    # Not a foreign key: deleting an account must neither delete nor rewrite its entries.
    user_id = models.BigIntegerField(_("user id"), null=True, blank=True)
    username = models.CharField(_("user"), max_length=150)
    role = models.CharField(_("role"), max_length=20, blank=True)
    address = models.GenericIPAddressField(_("client address"), null=True, blank=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    kind = models.CharField(_("kind"), max_length=15, choices=Kind.choices)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices,
                              default=Action.VIEW)
    object_id = models.CharField(_("object id"), max_length=40, blank=True)
    label = models.CharField(_("reference"), max_length=40, blank=True,
                             help_text=_("The complaint's reference, for complaints."))
    customer_id = models.BigIntegerField(_("customer record"), null=True, blank=True,
                                         help_text=_("The person whose data was shown."))
    detail = models.CharField(_("detail"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("personal-data access")
        verbose_name_plural = _("personal-data accesses")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["at"], name="access_log_at"),
            models.Index(fields=["customer_id", "at"], name="access_log_customer"),
            models.Index(fields=["username", "at"], name="access_log_user"),
            models.Index(fields=["label"], name="access_log_label"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.username} {self.action} {self.kind} " \
               f"{self.label or self.object_id}".strip()
