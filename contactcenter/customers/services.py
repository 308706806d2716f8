"""Every change to the customer record goes through these functions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol, cast

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Exists, OuterRef
from django.forms.models import model_to_dict
from django.utils import timezone
from django.utils.translation import gettext as _

from contactcenter.bulk import insert_or_ignore
from contactcenter.customers import selectors
from contactcenter.customers.exceptions import (
    MergeRefused,
)
from contactcenter.customers.identifiers import parse_phone, validate_mobile
from contactcenter.customers.models import (
    ContactPoint,
    Customer,
    CustomerMerge,
    DependantLink,
    Employment,
    Interaction,
    SmsOptOut,
    SmsOptOutChange,
)
from contactcenter.customers.text import clean_text
from contactcenter.locks import lock_key
from contactcenter.org.models import Agency, Agent


class Complaint(Protocol):
    """A complaint as this app sees one (tickets.Ticket, above it): its id, its customer."""

    pk: Any
    customer_id: int


@transaction.atomic
def create_customer(*, kind: str = Customer.Kind.PERSON, mobile: str | None = None,
                    email: str | None = None, **fields: Any) -> Customer:
    """Create a person or an employer with optional mobile and e-mail.
    Raises ValidationError naming the field; nothing is saved then."""
    customer = Customer(kind=kind, **fields)
    customer.full_clean()
    customer.save()
    if mobile:
        add_contact_point(customer=customer, kind=ContactPoint.Kind.MOBILE, value=mobile)
    if email:
        add_contact_point(customer=customer, kind=ContactPoint.Kind.EMAIL, value=email)
    return customer


@transaction.atomic
def update_customer(*, customer: Customer, **fields: Any) -> Customer:
    """Change fields of a record after validating the whole record. Raises ValidationError."""
    for name, value in fields.items():
        setattr(customer, name, value)
    customer.full_clean()
    customer.save()
    return customer


def normalize_contact(kind: str, value: str) -> str:
    """The stored form of a contact point, or ValidationError naming the field."""
    if kind == ContactPoint.Kind.MOBILE:
        return validate_mobile(value, field="mobile")
    if kind == ContactPoint.Kind.EMAIL:
        from django.core.validators import validate_email

        address = value.strip().lower()
        try:
            validate_email(address)
        except ValidationError as exc:
            raise ValidationError({"email": exc.messages}) from exc
        return address
    if kind == ContactPoint.Kind.ADDRESS:
        return _valid_address(value)
    e164 = parse_phone(value)
    if e164 is None:
        raise ValidationError({"phone": _("%(value)s is not a valid phone number.")
                               % {"value": value}})
    return e164


def _valid_address(value: str) -> str:
    """A postal address on one line, single-spaced, of a sensible length."""
    address = " ".join(clean_text(value).split())
    if not ContactPoint.ADDRESS_MIN_LENGTH <= len(address) <= ContactPoint.VALUE_MAX_LENGTH:
        raise ValidationError({"address": _(
            "An address has between %(min)d and %(max)d characters (this one has %(length)d).")
            % {"min": ContactPoint.ADDRESS_MIN_LENGTH, "max": ContactPoint.VALUE_MAX_LENGTH,
               "length": len(address)}})
    return address


def add_contact_point(*, customer: Customer, kind: str, value: str,
                      is_primary: bool = False) -> ContactPoint:
    """Add (or return the existing) contact point. Raises ValidationError on a bad value."""
    stored = normalize_contact(kind, value)
    point, _created = ContactPoint.objects.get_or_create(
        customer=customer, kind=kind, value=stored, defaults={"is_primary": is_primary})
    return point


@transaction.atomic
def link_employment(*, person: Customer, employer: Customer, start_date: date,
                    end_date: date | None = None) -> Employment:
    """Record (or update the end of) an employment period. Raises ValidationError."""
    if person.kind != Customer.Kind.PERSON:
        raise ValidationError({"person": _("Only a person can be employed.")})
    if employer.kind != Customer.Kind.EMPLOYER:
        raise ValidationError({"employer": _("%(name)s is not an employer.") % {"name": employer}})
    if end_date and end_date < start_date:
        raise ValidationError(
            {"end_date": _("An employment period cannot end before it starts.")})
    employment, _created = Employment.objects.update_or_create(
        person=person, employer=employer, start_date=start_date,
        defaults={"end_date": end_date})
    return employment


@transaction.atomic
def link_dependant(*, insured: Customer, dependant: Customer,
                   relationship: str) -> DependantLink:
    """Cover a dependant through an insured person; marks the dependant's role."""
    if insured.pk == dependant.pk:
        raise ValidationError({"dependant": _("A person cannot be their own dependant.")})
    if relationship not in DependantLink.Relationship.values:
        raise ValidationError(
            {"relationship": _("Unknown relationship %(value)s.") % {"value": relationship}})
    link, _created = DependantLink.objects.update_or_create(
        insured=insured, dependant=dependant, defaults={"relationship": relationship})
    if Customer.Role.DEPENDANT not in dependant.roles:
        dependant.roles = [*dependant.roles, Customer.Role.DEPENDANT]
        dependant.save(update_fields=["roles", "updated_at"])
    return link


@dataclass(frozen=True)
class Identification:
    """Who a contact is: every matching record (never a guess among several)."""

    customers: list[Customer]
    provisional: bool = False

    @property
    def is_unique(self) -> bool:
        return len(self.customers) == 1


def identify(value: str) -> list[Customer]:
    """Every active record matching an identifier (immatriculation, affiliation, CIN) or a
    phone number. A phone shared by several people returns all of them."""
    return list(selectors.customers_matching(value))


@transaction.atomic
def identify_or_provision(*, phone: str, agency: Agency | None = None) -> Identification:
    """Resolve a caller or sender by phone; an unknown number gets a provisional record
    flagged "to identify". Serialised per number, so two messages at once create one record."""
    e164 = validate_mobile(phone, field="phone")
    lock_key(f"identify:{e164}")
    found = selectors.records_with_phone(e164)
    if found:
        return Identification(customers=found)
    customer = Customer.objects.create(to_identify=True, agency=agency)
    ContactPoint.objects.create(customer=customer, kind=ContactPoint.Kind.MOBILE, value=e164,
                                is_primary=True)
    return Identification(customers=[customer], provisional=True)


def record_interaction(*, customer: Customer, channel: str, direction: str,
                       summary: str = "", agent: Agent | None = None,
                       occurred_at: datetime | None = None, carrier_id: str | None = None,
                       ticket: models.Model | None = None) -> tuple[Interaction, bool]:
    """Record a contact on the customer's timeline. Idempotent on (channel, carrier_id): a
    delivery repeated by the carrier returns the first record and created=False."""
    values = {
        "customer": customer,
        "direction": direction,
        "summary": clean_text(summary),
        "agent": agent,
        "occurred_at": occurred_at or timezone.now(),
        "ticket": ticket,
    }
    interaction = Interaction(channel=channel, carrier_id=carrier_id or None, **values)
    interaction.full_clean(exclude=["customer", "agent", "ticket"], validate_unique=False,
                           validate_constraints=False)
    if carrier_id and not insert_or_ignore(interaction):
        return Interaction.objects.get(channel=channel, carrier_id=carrier_id), False
    if not carrier_id:
        interaction.save()
    return interaction, True


def update_interaction(*, interaction_id: int, summary: str,
                       recording_url: str = "") -> None:
    """Bring a contact up to date as the carrier reports on it (a call's duration, its
    recording). An empty recording URL leaves the one recorded."""
    fields: dict[str, str] = {"summary": clean_text(summary)}
    if recording_url:
        fields["recording_url"] = recording_url
    Interaction.objects.filter(pk=interaction_id).update(**fields)


def attach_ticket(*, interaction_id: int, ticket: Complaint) -> bool:
    """Tie a contact to the complaint it led to: once, and only a contact of the
    complaint's customer. True if tied now."""
    return bool(Interaction.objects.filter(
        pk=interaction_id, customer_id=ticket.customer_id, ticket__isnull=True,
    ).update(ticket_id=ticket.pk))


# What the apps above move when two records merge (their rows pointing to the duplicate):
# each registers a step at start-up (tickets: its complaints, with an event on each). A step
# runs in the merge's transaction and returns {"<app.Model>.<field>": rows moved}.
MergeStep = Callable[..., dict[str, int]]
_merge_steps: list[MergeStep] = []


def on_merge(step: MergeStep) -> None:
    """Have `step(survivor=, duplicate=, by=)` run in every merge of two records."""
    if step not in _merge_steps:
        _merge_steps.append(step)


@transaction.atomic
def merge_customers(*, survivor: Customer, duplicate: Customer, by: User,
                    reason: str = "") -> CustomerMerge:
    """Fold `duplicate` into `survivor`: everything that points to the duplicate moves to the
    survivor (this app's rows here, the other apps' through their merge steps), identifiers
    it lacked are taken over, and the merge is recorded for audit. Raises MergeRefused."""
    survivor, duplicate = _lock_pair(survivor, duplicate)
    if survivor.pk == duplicate.pk:
        raise MergeRefused(_("A record cannot be merged into itself."))
    if survivor.is_merged or duplicate.is_merged:
        raise MergeRefused(_("One of the records has already been merged."))
    if survivor.kind != duplicate.kind:
        raise MergeRefused(_("A person and an employer cannot be merged."))

    snapshot = model_to_dict(duplicate, exclude=["merged_into"])
    snapshot["birth_date"] = duplicate.birth_date.isoformat() if duplicate.birth_date else None
    moved: dict[str, int] = {}

    # Rows that would collide with the survivor's own are dropped, not duplicated.
    ContactPoint.objects.filter(
        customer=duplicate,
        value__in=ContactPoint.objects.filter(customer=survivor).values("value"),
    ).delete()
    DependantLink.objects.filter(insured=duplicate, dependant=survivor).delete()
    DependantLink.objects.filter(insured=survivor, dependant=duplicate).delete()
    DependantLink.objects.filter(
        insured=duplicate,
        dependant__in=DependantLink.objects.filter(insured=survivor).values("dependant"),
    ).delete()
    DependantLink.objects.filter(
        dependant=duplicate,
        insured__in=DependantLink.objects.filter(dependant=survivor).values("insured"),
    ).delete()
    Employment.objects.filter(person=duplicate).filter(Exists(Employment.objects.filter(
        person=survivor, employer=OuterRef("employer"), start_date=OuterRef("start_date"),
    ))).delete()
    Employment.objects.filter(employer=duplicate).filter(Exists(Employment.objects.filter(
        employer=survivor, person=OuterRef("person"), start_date=OuterRef("start_date"),
    ))).delete()

    for relation in Customer._meta.related_objects:
        model = cast("type[models.Model]", relation.related_model)  # resolved by now
        if (model is Customer or not relation.field.concrete
                or model._meta.app_label != Customer._meta.app_label):
            continue
        field_name = relation.field.name
        count = model._default_manager.filter(
            **{field_name: duplicate}).update(**{field_name: survivor})
        if count:
            moved[f"{model._meta.label}.{field_name}"] = count
    for step in _merge_steps:
        moved |= {key: count for key, count in
                  step(survivor=survivor, duplicate=duplicate, by=by).items() if count}

    taken: dict[str, str] = {}
    for field in ("immatriculation", "affiliation_number", "cin"):
        value = getattr(duplicate, field)
        if value and not getattr(survivor, field):
            taken[field] = value
    for field, value in (("first_name", duplicate.first_name),
                         ("last_name", duplicate.last_name),
                         ("company_name", duplicate.company_name),
                         ("birth_date", duplicate.birth_date),
                         ("agency_id", duplicate.agency_id)):
        if value and not getattr(survivor, field):
            setattr(survivor, field, value)

    # Identifiers are unique: free them on the duplicate before the survivor takes them.
    Customer.objects.filter(pk=duplicate.pk).update(
        immatriculation=None, affiliation_number=None, cin=None, merged_into=survivor,
        updated_at=timezone.now())
    for field, value in taken.items():
        setattr(survivor, field, value)
    survivor.roles = sorted(set(survivor.roles) | set(duplicate.roles))
    survivor.to_identify = survivor.to_identify and duplicate.to_identify
    survivor.save()
    if taken:
        moved["identifiers"] = len(taken)

    return CustomerMerge.objects.create(survivor=survivor, merged=duplicate, merged_by=by,
                                        reason=reason, snapshot=snapshot, moved=moved)


def _lock_pair(first: Customer, second: Customer) -> tuple[Customer, Customer]:
    """Reload both records under row locks, in id order so two merges cannot deadlock."""
    locked = {c.pk: c for c in
              Customer.objects.select_for_update().filter(pk__in=[first.pk, second.pk])
              .order_by("pk")}
    return locked[first.pk], locked[second.pk]


@transaction.atomic
def set_sms_opt_out(*, phone: str, opted_out: bool, channel: str,
                    at: datetime | None = None) -> SmsOptOut:
    """Opt a mobile number out of SMS notifications (or back in), recording the time and the
    channel. Idempotent: the same state again changes nothing. Raises ValidationError on a
    number that is not a valid mobile or an unknown channel."""
    e164 = normalize_contact(ContactPoint.Kind.MOBILE, phone)
    if channel not in SmsOptOut.Channel.values:
        raise ValidationError({"channel": _("Unknown channel %(value)s.") % {"value": channel}})
    at = at or timezone.now()
    record, created = SmsOptOut.objects.select_for_update().get_or_create(
        phone=e164, defaults={"opted_out": opted_out, "channel": channel, "changed_at": at})
    if not created:
        if record.opted_out == opted_out:
            return record
        record.opted_out, record.channel, record.changed_at = opted_out, channel, at
        record.save(update_fields=["opted_out", "channel", "changed_at"])
    SmsOptOutChange.objects.create(opt_out=record, opted_out=opted_out, channel=channel, at=at)
    return record


def is_sms_opted_out(phone: str) -> bool:
    """True if the number asked for no SMS notifications. A number that is not a valid
    mobile is looked up as given."""
    try:
        e164 = normalize_contact(ContactPoint.Kind.MOBILE, phone)
    except ValidationError:
        e164 = phone
    return SmsOptOut.objects.filter(phone=e164, opted_out=True).exists()
