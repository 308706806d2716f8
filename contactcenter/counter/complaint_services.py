"""A complaint recorded at an agency's counter: the visitor's record (found, or a
provisional one created for them), the complaint opened at the agent's agency, its scanned
documents and the visit on the customer's timeline, all in one transaction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from contactcenter.customers import services as customer_services
from contactcenter.customers.identifiers import (
    IDENTIFIER_FIELDS,
    identifier_fields_matching,
    normalize_identifier,
    parse_phone,
)
from contactcenter.customers.models import Channel, Customer, Interaction
from contactcenter.customers.text import clean_text
from contactcenter.i18n import system_text
from contactcenter.org.models import Agent
from tickets import attachments, audiences
from tickets import services as ticket_services
from tickets.models import Attachment, Category, Ticket

# Who records complaints at a counter: the agency's front office and its supervisors.
COUNTER_ROLES = frozenset({Agent.Role.FRONT_OFFICE, Agent.Role.SUPERVISOR})
NAME_MAX_LENGTH = 80
RECORDED = gettext_noop("Complaint %(reference)s recorded at the counter.")


def may_record(agent: Agent) -> bool:
    """Whether the agent records complaints at a counter: front office or supervisor of an
    agency (the complaint is the agency's)."""
    return agent.role in COUNTER_ROLES and agent.agency_id is not None


@dataclass(frozen=True)
class NewPerson:
    """A visitor not on record, as the agent typed them: an identifier (CIN,
    immatriculation, affiliation number) or a mobile, and a name if given."""

    identifier: str
    name: str = ""


def identifier_kind(raw: str) -> str | None:
    """Which identifier field (or "mobile") a typed value is, or None: the same reading as
    the customer search's."""
    fields = identifier_fields_matching(raw)
    if fields:
        return fields[0]
    return "mobile" if parse_phone(raw) else None


def provisional_audiences(person: NewPerson) -> tuple[str, ...]:
    """The category audiences that fit a visitor not on record yet."""
    return audiences.audiences_for(_unsaved(person))


def _unsaved(person: NewPerson) -> Customer:
    kind = (Customer.Kind.EMPLOYER if identifier_kind(person.identifier) == "affiliation_number"
            else Customer.Kind.PERSON)
    return Customer(kind=kind, roles=[])


def _provisional_record(person: NewPerson, *, by: Agent) -> Customer:
    """A record flagged "to identify" for a visitor not found, at the agent's agency.
    Raises ValidationError on "new_identifier" or "new_name"."""
    kind_of_value = identifier_kind(person.identifier)
    if kind_of_value is None:
        raise ValidationError({"new_identifier": _(
            "Type a CIN, an immatriculation number, an affiliation number or a mobile number.")})
    name = " ".join(clean_text(person.name).split())
    fields: dict[str, str] = {}
    mobile = None
    kind = Customer.Kind.PERSON
    if kind_of_value == "mobile":
        mobile = person.identifier
    else:
        fields[kind_of_value] = normalize_identifier(person.identifier)
        if kind_of_value == "affiliation_number":
            kind = Customer.Kind.EMPLOYER
    if kind == Customer.Kind.EMPLOYER:
        if not name:
            raise ValidationError({"new_name": _("Give the employer's name.")})
        fields["company_name"] = name[:200]
    elif name:
        first, _space, last = name.partition(" ")
        fields["first_name"], fields["last_name"] = (
            (first[:NAME_MAX_LENGTH], last[:NAME_MAX_LENGTH]) if last
            else ("", first[:NAME_MAX_LENGTH]))
    try:
        with transaction.atomic():
            return customer_services.create_customer(
                kind=kind, mobile=mobile, to_identify=True, agency=by.agency, **fields)
    except ValidationError as exc:
        raise ValidationError(_errors_of_new_person(exc)) from exc
    except IntegrityError:  # the same identifier saved meanwhile by someone else
        raise ValidationError({"new_identifier": _(
            "A record with this number was just created: search again.")}) from None


def _errors_of_new_person(exc: ValidationError) -> dict[str, list[str]]:
    """The record's errors on the two fields the agent typed."""
    errors: dict[str, list[str]] = {}
    for field, messages in exc.message_dict.items():
        target = ("new_identifier" if field in (*IDENTIFIER_FIELDS, "mobile", "phone")
                  else "new_name")
        errors.setdefault(target, []).extend(messages)
    return errors


def record_counter_complaint(*, by: Agent, customer: Customer | None,
                             new_person: NewPerson | None, category: Category,
                             description: str, documents: Sequence[UploadedFile] = (),
                             now: datetime | None = None) -> Ticket:
    """Open the complaint of a visitor at the agent's counter: on their record, or on a
    provisional one created for `new_person`; channel counter, agency of the agent; each
    document attached (type and size checked); the visit on the customer's timeline.
    Raises PermissionDenied, ValidationError naming the form's fields: then nothing is
    saved, in the database or in file storage."""
    if not may_record(by):
        raise PermissionDenied(_("Only an agency's front office records complaints at the "
                                 "counter."))
    if (customer is None) == (new_person is None):
        raise ValidationError({"customer": _("Pick the person, or create a provisional "
                                             "record.")})
    now = now or timezone.now()
    stored: list[Attachment] = []
    try:
        with transaction.atomic():
            ticket = _record(by=by, customer=customer, new_person=new_person,
                             category=category, description=description,
                             documents=documents, stored=stored, now=now)
    except BaseException:
        for attachment in stored:  # files already written for a transaction rolled back
            attachment.file.delete(save=False)
        raise
    return ticket


def _record(*, by: Agent, customer: Customer | None, new_person: NewPerson | None,
            category: Category, description: str, documents: Sequence[UploadedFile],
            stored: list[Attachment], now: datetime) -> Ticket:
    if customer is None:
        assert new_person is not None  # checked by the caller
        if not audiences.fits(category, _unsaved(new_person)):
            raise ValidationError({"category": audiences.refusal(category)})
        customer = _provisional_record(new_person, by=by)
    elif not audiences.fits(category, customer):
        raise ValidationError({"category": audiences.refusal(category)})
    ticket = ticket_services.open_complaint(
        customer=customer, channel=Channel.COUNTER, description=description, by=by,
        category=category, agency_id=by.agency_id, now=now)
    for document in documents:
        try:
            stored.append(attachments.add_attachment(ticket=ticket, by=by,
                                                     uploaded_file=document, now=now))
        except ValidationError as exc:
            raise ValidationError({"documents": exc.messages}) from exc
    customer_services.record_interaction(
        customer=customer, channel=Channel.COUNTER, direction=Interaction.Direction.INBOUND,
        summary=system_text(RECORDED, reference=ticket.reference), agent=by,
        occurred_at=now, ticket=ticket)
    return ticket
