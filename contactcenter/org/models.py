"""The fund's organisation: regions, agencies, headquarters directions, queues, agents."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from contactcenter.i18n import localized


class BilingualName(models.Model):
    code = models.CharField(_("code"), max_length=20, unique=True)
    name_fr = models.CharField(_("name (French)"), max_length=120)
    name_ar = models.CharField(_("name (Arabic)"), max_length=120)

    class Meta:
        abstract = True
        ordering = ["code"]

    @property
    def name(self) -> str:
        return localized(fr=self.name_fr, ar=self.name_ar)

    def __str__(self) -> str:
        return self.name


class Region(BilingualName):
    """A regional direction (middle office) supervising agencies."""

    class Meta(BilingualName.Meta):
        verbose_name = _("regional direction")
        verbose_name_plural = _("regional directions")


class Agency(BilingualName):
    """A front-office agency with counters, under one regional direction."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="agencies",
                               verbose_name=_("regional direction"))
    city = models.CharField(_("city"), max_length=80, blank=True)

    class Meta(BilingualName.Meta):
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")


class Direction(BilingualName):
    """A headquarters unit: a back-office direction, or the national call centre."""

    class Kind(models.TextChoices):
        BACK_OFFICE = "back_office", _("Headquarters direction (back office)")
        CALL_CENTRE = "call_centre", _("Call centre")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)

    class Meta(BilingualName.Meta):
        verbose_name = _("headquarters direction")
        verbose_name_plural = _("headquarters directions")


class Queue(BilingualName):
    """A team's work queue, owned by an agency or by a headquarters direction."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="queues", verbose_name=_("agency"))
    direction = models.ForeignKey(Direction, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="queues", verbose_name=_("direction"))

    class Meta(BilingualName.Meta):
        verbose_name = _("queue")
        verbose_name_plural = _("queues")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(agency__isnull=False, direction__isnull=True)
                           | models.Q(agency__isnull=True, direction__isnull=False)),
                name="queue_owned_by_agency_xor_direction",
            )
        ]


class Agent(models.Model):
    """A member of staff. Where they work decides what they may see (see selectors)."""

    class Role(models.TextChoices):
        FRONT_OFFICE = "front_office", _("Front-office agent")
        BACK_OFFICE = "back_office", _("Back-office handler")
        CALL_CENTRE = "call_centre", _("Call-centre agent")
        SUPERVISOR = "supervisor", _("Supervisor")
        REGIONAL_MANAGER = "regional_manager", _("Regional manager")
        ADMINISTRATOR = "administrator", _("Administrator")
        # Reads the personal-data access log in the administration, nothing of the desk.
        AUDITOR = "auditor", _("Auditor")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="agent")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="agents", verbose_name=_("agency"))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="managers", verbose_name=_("regional direction"))
    direction = models.ForeignKey(Direction, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="agents", verbose_name=_("direction"))
    queues = models.ManyToManyField(Queue, blank=True, related_name="agents",
                                    verbose_name=_("queues"))
    is_available = models.BooleanField(_("available for assignment"), default=True)
    last_assigned_at = models.DateTimeField(_("last assigned a complaint"), null=True,
                                            blank=True, editable=False)

    class Meta:
        verbose_name = _("agent")
        verbose_name_plural = _("agents")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="regional_manager") | models.Q(region__isnull=False),
                name="regional_manager_has_region",
            ),
            models.CheckConstraint(
                condition=~models.Q(role="front_office") | models.Q(agency__isnull=False),
                name="front_office_agent_has_agency",
            ),
            models.CheckConstraint(
                condition=(~models.Q(role__in=["back_office", "call_centre"])
                           | models.Q(direction__isnull=False)),
                name="headquarters_agent_has_direction",
            ),
        ]

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.get_username()

    @property
    def display_name(self) -> str:
        return str(self)
