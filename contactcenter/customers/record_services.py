"""Records kept by the agents: a record created at the counter or on the phone (its likely
duplicates pointed out first) and its contact details added, corrected or retired, each
change recorded on the record's history with who made it. The rest of the record's changes
are in services.py."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contactcenter.customers import selectors
from contactcenter.customers.exceptions import (
    DuplicateCandidate,
    PossibleDuplicates,
)
from contactcenter.customers.models import (
    ContactPoint,
    Customer,
    CustomerEvent,
)
from contactcenter.customers.permissions import can_keep_records
from contactcenter.customers.services import normalize_contact
from contactcenter.customers.text import clean_text
from contactcenter.org.models import Agent

PERSON_ROLES = (Customer.Role.INSURED, Customer.Role.PENSIONER, Customer.Role.VOLUNTARY)


def _require_keeper(agent: Agent) -> None:
    if not can_keep_records(agent):
        raise PermissionDenied(_("Your role does not allow changing customer records."))


@transaction.atomic
def register_customer(*, by: Agent, kind: str, confirm_duplicate: bool = False,
                      mobile: str = "", address: str = "", **fields: Any) -> Customer:
    """Create a person (insured, pensioner...) or an employer as an agent, with an optional
    mobile (the main one) and postal address; the creation is recorded on its history.

    Checks, in order: the role (PermissionDenied), every field (ValidationError naming the
    fields, all at once), then the records that may be the same one (PossibleDuplicates:
    same identifier, phone or a close name, in either script). A duplicate by phone or
    name is passed over with `confirm_duplicate`; one by identifier never is. Nothing is
    saved unless the record is."""
    _require_keeper(by)
    if kind not in Customer.Kind.values:
        raise ValidationError({"kind": _("Choose a person or an employer.")})
    for name in ("first_name", "last_name", "company_name"):
        fields[name] = clean_text(fields.get(name) or "")
    customer = Customer(kind=kind, **fields)
    errors: dict[str, list[str]] = {}
    if kind == Customer.Kind.PERSON:
        for name in ("first_name", "last_name"):
            if not getattr(customer, name):
                errors[name] = [_("This field is required.")]
        if any(role not in PERSON_ROLES for role in customer.roles):
            errors["roles"] = [_("A new person is an insured person, a pensioner or a "
                                 "voluntary contributor.")]
    try:
        customer.full_clean(validate_unique=False)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    contacts = []
    for contact_kind, value in ((ContactPoint.Kind.MOBILE, mobile),
                                (ContactPoint.Kind.ADDRESS, address)):
        if value and value.strip():
            try:
                contacts.append((contact_kind, normalize_contact(contact_kind, value)))
            except ValidationError as exc:
                errors.update({("mobile" if contact_kind == ContactPoint.Kind.MOBILE
                                else "address"): exc.messages})
    if errors:
        raise ValidationError(errors)

    def duplicates() -> list[DuplicateCandidate]:
        return selectors.possible_duplicates(
            kind=kind, name=customer.display_name if customer.first_name or customer.last_name
            or customer.company_name else "",
            identifiers={field: getattr(customer, field) for field in
                         ("immatriculation", "cin", "affiliation_number")
                         if getattr(customer, field)},
            phones=[value for contact_kind, value in contacts
                    if contact_kind == ContactPoint.Kind.MOBILE])

    candidates = duplicates()
    if candidates and (not confirm_duplicate
                       or any(candidate.same_identifier for candidate in candidates)):
        raise PossibleDuplicates(candidates)
    try:
        with transaction.atomic():
            customer.save()
    except IntegrityError:  # the same identifier saved meanwhile by someone else
        raise PossibleDuplicates(duplicates()) from None
    for contact_kind, value in contacts:
        ContactPoint.objects.create(customer=customer, kind=contact_kind, value=value,
                                    is_primary=True)
    _record_event(customer, CustomerEvent.Kind.CREATED, by,
                  new_value=customer.display_name[:254])
    return customer


def _record_event(customer: Customer, kind: str, by: Agent, *, contact_kind: str = "",
                  old_value: str = "", new_value: str = "") -> CustomerEvent:
    return CustomerEvent.objects.create(customer=customer, kind=kind, agent=by,
                                        contact_kind=contact_kind, old_value=old_value,
                                        new_value=new_value)


def _stored_contact(kind: str, value: str) -> str:
    """The stored form of a contact point of any kind, or ValidationError naming "value"."""
    if kind not in ContactPoint.Kind.values:
        raise ValidationError({"kind": _("Unknown kind of contact %(value)s.")
                               % {"value": kind}})
    try:
        return normalize_contact(kind, value)
    except ValidationError as exc:
        raise ValidationError({"value": exc.messages}) from exc


def _locked_customer(customer: Customer) -> Customer:
    """The record under a row lock: one change of its contact points at a time."""
    return Customer.objects.select_for_update().get(pk=customer.pk)


def _twin(customer: Customer, kind: str, value: str) -> ContactPoint | None:
    """The record's contact point with this value, in use or retired."""
    return customer.contact_points.filter(kind=kind, value=value).first()


@transaction.atomic
def add_contact(*, customer: Customer, kind: str, value: str, by: Agent,
                main: bool = False) -> ContactPoint:
    """Add a phone, an e-mail or a postal address to a record, as an agent. A mobile becomes
    the main one when asked or when the record has no main mobile; a retired one added again
    comes back into use. Recorded on the history.
    Raises PermissionDenied, ValidationError ("value", "kind"; nothing saved)."""
    _require_keeper(by)
    stored = _stored_contact(kind, value)
    customer = _locked_customer(customer)
    if customer.merged_into_id is not None:
        raise ValidationError(_("This record was merged into another one."))
    twin = _twin(customer, kind, stored)
    if twin is not None and twin.retired_at is None:
        raise ValidationError({"value": _("This contact is already on the record.")})
    active = customer.contact_points.filter(kind=kind, retired_at__isnull=True)
    primary = main or not active.filter(is_primary=True).exists()
    if primary:
        active.filter(is_primary=True).update(is_primary=False)
    if twin is not None:  # retired before: back in use
        point = twin
        point.retired_at, point.is_primary = None, primary
        point.save(update_fields=["retired_at", "is_primary"])
    else:
        point = ContactPoint.objects.create(customer=customer, kind=kind, value=stored,
                                            is_primary=primary)
    _record_event(customer, CustomerEvent.Kind.CONTACT_ADDED, by, contact_kind=kind,
                  new_value=stored)
    return point


@transaction.atomic
def correct_contact(*, point: ContactPoint, value: str, by: Agent) -> ContactPoint:
    """Correct a contact point's value (a typo in a number or an address); the old value
    stays on the history. The same value again changes nothing. Raises PermissionDenied,
    ValidationError."""
    _require_keeper(by)
    stored = _stored_contact(point.kind, value)
    customer = _locked_customer(point.customer)
    point = ContactPoint.objects.get(pk=point.pk)
    if point.retired_at is not None:
        raise ValidationError({"value": _("A retired contact cannot be corrected.")})
    if stored == point.value:
        return point
    twin = _twin(customer, point.kind, stored)
    if twin is not None:
        raise ValidationError({"value": _("This contact is already on the record.")
                               if twin.retired_at is None else
                               _("This contact was retired from the record: add it again "
                                 "to use it.")})
    old = point.value
    point.value = stored
    point.save(update_fields=["value"])
    _record_event(customer, CustomerEvent.Kind.CONTACT_CORRECTED, by, contact_kind=point.kind,
                  old_value=old, new_value=stored)
    return point


@transaction.atomic
def retire_contact(*, point: ContactPoint, by: Agent) -> ContactPoint:
    """Stop using a contact point (a number given up, an old address): kept on the history,
    no longer used for SMS nor to identify a caller. If it was the main mobile, the oldest
    mobile left becomes the main one. Retiring again changes nothing. Raises
    PermissionDenied."""
    _require_keeper(by)
    customer = _locked_customer(point.customer)
    point = ContactPoint.objects.get(pk=point.pk)
    if point.retired_at is not None:
        return point
    was_primary = point.is_primary
    point.retired_at, point.is_primary = timezone.now(), False
    point.save(update_fields=["retired_at", "is_primary"])
    if was_primary:
        successor = (customer.contact_points.filter(kind=point.kind, retired_at__isnull=True)
                     .order_by("pk").first())
        if successor is not None:
            successor.is_primary = True
            successor.save(update_fields=["is_primary"])
    _record_event(customer, CustomerEvent.Kind.CONTACT_RETIRED, by, contact_kind=point.kind,
                  old_value=point.value)
    return point


@transaction.atomic
def set_main_mobile(*, point: ContactPoint, by: Agent) -> ContactPoint:
    """Make this mobile the one notifications go to. Raises PermissionDenied,
    ValidationError (not a mobile in use)."""
    _require_keeper(by)
    customer = _locked_customer(point.customer)
    point = ContactPoint.objects.get(pk=point.pk)
    if point.kind != ContactPoint.Kind.MOBILE or point.retired_at is not None:
        raise ValidationError({"value": _("Only a mobile in use can be the main one.")})
    if point.is_primary:
        return point
    previous = customer.contact_points.filter(kind=point.kind, is_primary=True,
                                              retired_at__isnull=True).first()
    customer.contact_points.filter(kind=point.kind, is_primary=True).update(is_primary=False)
    point.is_primary = True
    point.save(update_fields=["is_primary"])
    _record_event(customer, CustomerEvent.Kind.MAIN_MOBILE, by, contact_kind=point.kind,
                  old_value=previous.value if previous else "", new_value=point.value)
    return point
