"""The unified customer record: people and employers, their links, contacts and history."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from contactcenter.customers.identifiers import (
    IDENTIFIER_FIELDS,
    normalize_identifier,
    validate_identifier,
)
from contactcenter.customers.text import fold
from contactcenter.customers.transliteration import name_keys

if TYPE_CHECKING:
    from collections.abc import Sequence

    from django_stubs_ext import StrOrPromise


class Language(models.TextChoices):
    FRENCH = "fr", _("French")
    ARABIC = "ar", _("Arabic")


class Customer(models.Model):
    """One record per person or employer, whatever channel they come through."""

    class Kind(models.TextChoices):
        PERSON = "person", _("Person")
        EMPLOYER = "employer", _("Employer")

    class Role(models.TextChoices):
        INSURED = "insured", _("Insured person")
        PENSIONER = "pensioner", _("Pensioner")
        DEPENDANT = "dependant", _("Dependant")
        VOLUNTARY = "voluntary", _("Voluntary contributor")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PERSON)
    roles = ArrayField(models.CharField(max_length=12, choices=Role.choices), default=list,
                       blank=True, verbose_name=_("roles"))
    first_name = models.CharField(_("first name"), max_length=80, blank=True)
    last_name = models.CharField(_("last name"), max_length=80, blank=True)
    company_name = models.CharField(_("company name"), max_length=200, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    immatriculation = models.CharField(_("immatriculation number"), max_length=20, unique=True,
                                       null=True, blank=True)
    affiliation_number = models.CharField(_("affiliation number"), max_length=20, unique=True,
                                          null=True, blank=True)
    cin = models.CharField(_("CIN"), max_length=20, unique=True, null=True, blank=True)
    preferred_language = models.CharField(_("preferred language"), max_length=2,
                                          choices=Language.choices, default=Language.FRENCH)
    agency = models.ForeignKey("org.Agency", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="customers", verbose_name=_("agency"))
    to_identify = models.BooleanField(
        _("to identify"), default=False,
        help_text=_("Provisional record of an unknown caller or sender."))
    merged_into = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("merged into"))
    name_search = models.CharField(max_length=300, editable=False, default="")
    # The name's consonant skeletons, the same in Arabic script and in Latin spellings
    # (transliteration.name_keys): "محمد بناني" and "Mohamed Bennani" are ["mhmd", "bn"].
    # Rows written in SQL without it (the importer, the benches) start with none.
    name_keys = ArrayField(models.CharField(max_length=80), default=list, editable=False,
                           db_default=models.Value([], output_field=ArrayField(
                               models.CharField(max_length=80))))
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        indexes = [
            GinIndex(name="customer_name_trgm", fields=["name_search"],
                     opclasses=["gin_trgm_ops"]),
            GinIndex(name="customer_name_keys", fields=["name_keys"]),
            models.Index(name="customer_to_identify", fields=["created_at"],
                         condition=models.Q(to_identify=True)),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="employer") | models.Q(affiliation_number__isnull=True),
                name="affiliation_number_only_for_employers",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="person")
                | models.Q(immatriculation__isnull=True, cin__isnull=True),
                name="person_identifiers_only_for_persons",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.kind == self.Kind.EMPLOYER:
            return self.company_name
        name = f"{self.first_name} {self.last_name}".strip()
        return name or str(_("Unknown caller"))

    @property
    def is_merged(self) -> bool:
        return self.merged_into_id is not None

    def get_absolute_url(self) -> str:
        return reverse("customers:detail", args=[self.pk])

    def compute_name_search(self) -> str:
        return fold(self._full_name())

    def _full_name(self) -> str:
        return " ".join(filter(None, [self.first_name, self.last_name, self.company_name]))

    def clean(self) -> None:
        errors: dict[str, Sequence[StrOrPromise]] = {}
        for field in IDENTIFIER_FIELDS:
            raw = getattr(self, field)
            if raw in (None, ""):
                setattr(self, field, None)
                continue
            try:
                setattr(self, field, validate_identifier(field, raw))
            except ValidationError as exc:
                errors.update(exc.message_dict)
        if self.kind == self.Kind.EMPLOYER:
            if not self.company_name:
                errors["company_name"] = [_("An employer needs a company name.")]
            if self.immatriculation or self.cin:
                errors["kind"] = [_("An employer has an affiliation number, not an "
                                    "immatriculation or a CIN.")]
        elif self.affiliation_number:
            errors["affiliation_number"] = [_("Only employers have an affiliation number.")]
        if errors:
            raise ValidationError(errors)

    def save(self, *args: Any, **kwargs: Any) -> None:
        for field in IDENTIFIER_FIELDS:
            value = getattr(self, field)
            setattr(self, field, normalize_identifier(value) if value else None)
        self.name_search = self.compute_name_search()
        self.name_keys = name_keys(self._full_name())
        super().save(*args, **kwargs)


class ContactPoint(models.Model):
    """A way to reach a customer: a mobile (E.164), a landline, an e-mail or a postal address.
    A retired one stays for the history but is no longer used (no SMS, no identification)."""

    class Kind(models.TextChoices):
        MOBILE = "mobile", _("Mobile")
        LANDLINE = "landline", _("Landline")
        EMAIL = "email", _("E-mail")
        ADDRESS = "address", _("Postal address")

    ADDRESS_MIN_LENGTH = 8  # in characters, read by the services and the forms
    VALUE_MAX_LENGTH = 254

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE,
                                 related_name="contact_points")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    value = models.CharField(_("value"), max_length=VALUE_MAX_LENGTH)
    is_primary = models.BooleanField(_("primary"), default=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True)

    class Meta:
        verbose_name = _("contact point")
        verbose_name_plural = _("contact points")
        indexes = [models.Index(name="contact_point_lookup", fields=["value"])]
        constraints = [
            # A retired point keeps its value: added again, it comes back into use.
            models.UniqueConstraint(fields=["customer", "kind", "value"],
                                    name="contact_point_once_per_customer"),
        ]

    def __str__(self) -> str:
        return self.value


class Employment(models.Model):
    """A period during which a person worked for (was declared by) an employer."""

    person = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="employments",
                               limit_choices_to={"kind": Customer.Kind.PERSON})
    employer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="employees",
                                 limit_choices_to={"kind": Customer.Kind.EMPLOYER})
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"), null=True, blank=True)

    class Meta:
        verbose_name = _("employment period")
        verbose_name_plural = _("employment periods")
        constraints = [
            models.UniqueConstraint(fields=["person", "employer", "start_date"],
                                    name="employment_period_once"),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="employment_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.employer}"

    @property
    def is_current(self) -> bool:
        return self.end_date is None or self.end_date >= timezone.localdate()


class DependantLink(models.Model):
    """A dependant (spouse, child, parent) covered through an insured person."""

    class Relationship(models.TextChoices):
        SPOUSE = "spouse", _("Spouse")
        CHILD = "child", _("Child")
        PARENT = "parent", _("Parent")

    insured = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="dependants")
    dependant = models.ForeignKey(Customer, on_delete=models.CASCADE,
                                  related_name="dependant_of")
    relationship = models.CharField(_("relationship"), max_length=10,
                                    choices=Relationship.choices)

    class Meta:
        verbose_name = _("dependant")
        verbose_name_plural = _("dependants")
        constraints = [
            models.UniqueConstraint(fields=["insured", "dependant"], name="dependant_link_once"),
            models.CheckConstraint(condition=~models.Q(insured=models.F("dependant")),
                                   name="dependant_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.dependant} ({self.get_relationship_display()}) → {self.insured}"


class CustomerMerge(models.Model):
    """Audit of a merge: which record survived, which was folded into it, by whom, what moved."""

    REASON_MAX_LENGTH = 500  # in characters, read by the form that asks for it

    survivor = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="merges")
    merged = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="+")
    merged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("merged by"))
    merged_at = models.DateTimeField(_("merged at"), default=timezone.now)
    reason = models.TextField(_("reason"), blank=True)
    snapshot = models.JSONField(_("merged record as it was"), default=dict)
    moved = models.JSONField(_("what moved"), default=dict)

    class Meta:
        verbose_name = _("customer merge")
        verbose_name_plural = _("customer merges")
        ordering = ["-merged_at"]

    def __str__(self) -> str:
        return f"#{self.merged_id} → #{self.survivor_id}"


class Channel(models.TextChoices):
    PHONE = "phone", _("Phone")
    SMS = "sms", _("SMS")
    CHAT = "chat", _("Web chat")
    COUNTER = "counter", _("Agency counter")
    LETTER = "letter", _("Letter")
    EMAIL = "email", _("E-mail")
    WEB = "web", _("Web")


class Interaction(models.Model):
    """One contact with a customer on any channel. Every channel writes these."""

    class Direction(models.TextChoices):
        INBOUND = "in", _("Inbound")
        OUTBOUND = "out", _("Outbound")

    customer = models.ForeignKey(Customer, on_delete=models.PROTECT,
                                 related_name="interactions")
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    direction = models.CharField(pgettext_lazy("interaction", "direction"), max_length=3,
                                 choices=Direction.choices)
    occurred_at = models.DateTimeField(_("time"), default=timezone.now)
    agent = models.ForeignKey("org.Agent", on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="interactions", verbose_name=_("agent"))
    summary = models.TextField(_("summary"), blank=True)
    carrier_id = models.CharField(  # noqa: DJ001 (NULL: many rows have none, unique when set)
        _("carrier id"), max_length=64, null=True, blank=True,
        help_text=_("The carrier's id of the message or call (e.g. MessageSid), so that a "
                    "delivery repeated by the carrier is recorded once."))
    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.SET_NULL, null=True,
                               blank=True, related_name="interactions",
                               verbose_name=_("complaint"))
    recording_url = models.URLField(_("recording"), max_length=500, blank=True,
                                    help_text=_("The carrier's recording of a call."))

    class Meta:
        verbose_name = _("interaction")
        verbose_name_plural = _("interactions")
        indexes = [
            models.Index(name="interaction_timeline",
                         fields=["customer", "-occurred_at", "-id"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["channel", "carrier_id"],
                                    condition=models.Q(carrier_id__isnull=False),
                                    name="interaction_carrier_id_once"),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.occurred_at:%Y-%m-%d %H:%M}"


class SmsOptOut(models.Model):
    """Whether a mobile number receives SMS notifications; the latest state per number.
    Every change is kept in SmsOptOutChange."""

    class Channel(models.TextChoices):
        SMS = "sms", _("SMS")
        VOICE = "voice", _("Voice menu")
        COUNTER = "counter", _("Agency counter")
        WEB = "web", _("Status page")
        AGENT = "agent", _("Agent")

    phone = models.CharField(_("phone"), max_length=20, unique=True,
                             help_text=_("Mobile number in E.164 form."))
    opted_out = models.BooleanField(_("no SMS notifications"), default=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    changed_at = models.DateTimeField(_("changed"), default=timezone.now)

    class Meta:
        verbose_name = _("SMS opt-out")
        verbose_name_plural = _("SMS opt-outs")

    def __str__(self) -> str:
        return self.phone


class SmsOptOutChange(models.Model):
    """One change of a number's SMS opt-out, with the time and the channel it came through."""

    opt_out = models.ForeignKey(SmsOptOut, on_delete=models.CASCADE, related_name="changes")
    opted_out = models.BooleanField(_("no SMS notifications"))
    channel = models.CharField(_("channel"), max_length=10, choices=SmsOptOut.Channel.choices)
    at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("SMS opt-out change")
        verbose_name_plural = _("SMS opt-out changes")
        ordering = ["at", "id"]
        indexes = [models.Index(name="sms_opt_out_history", fields=["opt_out", "at"])]

    def __str__(self) -> str:
        return f"{self.opt_out} {self.at:%Y-%m-%d %H:%M}"


class CustomerEvent(models.Model):
    """A change an agent made to a record: its creation, a contact point added, corrected or
    retired, the main mobile changed. Who, when, the old and the new value."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Record created")
        CONTACT_ADDED = "contact_added", _("Contact added")
        CONTACT_CORRECTED = "contact_corrected", _("Contact corrected")
        CONTACT_RETIRED = "contact_retired", _("Contact retired")
        MAIN_MOBILE = "main_mobile", _("Main mobile changed")

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    agent = models.ForeignKey("org.Agent", on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+", verbose_name=_("agent"))
    at = models.DateTimeField(_("time"), default=timezone.now)
    contact_kind = models.CharField(_("contact kind"), max_length=10, blank=True,
                                    choices=ContactPoint.Kind.choices)
    old_value = models.CharField(_("old value"), max_length=254, blank=True)
    new_value = models.CharField(_("new value"), max_length=254, blank=True)

    class Meta:
        verbose_name = _("record change")
        verbose_name_plural = _("record changes")
        indexes = [models.Index(name="customer_event_timeline", fields=["customer", "-at", "-id"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"
