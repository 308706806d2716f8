"""Complaints and their categories."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField

from contactcenter.customers.models import Channel
from contactcenter.i18n import localized


class Category(models.Model):
    """A kind of complaint. Data, not code: administrators edit them, in French and Arabic."""

    class Audience(models.TextChoices):
        EMPLOYER = "employer", _("Employers")
        INSURED = "insured", _("Insured persons")
        PENSIONER = "pensioner", _("Pensioners")

    code = models.CharField(_("code"), max_length=40, unique=True)
    audience = models.CharField(_("audience"), max_length=10, choices=Audience.choices)
    label_fr = models.CharField(_("label (French)"), max_length=160)
    label_ar = models.CharField(_("label (Arabic)"), max_length=160)
    default_queue = models.ForeignKey("org.Queue", on_delete=models.PROTECT, null=True,
                                      blank=True, related_name="+",
                                      verbose_name=_("default queue"))
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["audience", "code"]

    @property
    def label(self) -> str:
        return localized(fr=self.label_fr, ar=self.label_ar)

    def __str__(self) -> str:
        return self.label


class Ticket(models.Model):
    """A complaint from a customer, carried from intake to resolution."""

    class State(models.TextChoices):
        NEW = "new", _("New")
        TRIAGED = "triaged", _("Triaged")
        ASSIGNED = "assigned", _("Assigned")
        IN_PROGRESS = "in_progress", _("In progress")
        WAITING = "waiting", _("Waiting for the customer")
        REFERRED = "referred", _("Referred to headquarters")
        RESOLVED = "resolved", _("Resolved")
        CLOSED = "closed", _("Closed")
        CANCELLED = "cancelled", _("Cancelled")
        MERGED = "merged", _("Merged into another complaint")

    reference = models.CharField(_("reference"), max_length=10, unique=True)
    customer = models.ForeignKey("customers.Customer", on_delete=models.PROTECT,
                                 related_name="tickets", verbose_name=_("customer"))
    category = models.ForeignKey(Category, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="tickets", verbose_name=_("category"))
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    state = FSMField(_("state"), choices=State.choices, default=State.NEW, protected=True)
    agency = models.ForeignKey("org.Agency", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="tickets", verbose_name=_("agency"))
    queue = models.ForeignKey("org.Queue", on_delete=models.PROTECT, null=True, blank=True,
                              related_name="tickets", verbose_name=_("queue"))
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("opened"), default=timezone.now)

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        indexes = [
            models.Index(name="ticket_customer_timeline",
                         fields=["customer", "-created_at", "-id"]),
        ]

    def __str__(self) -> str:
        return self.reference
