"""Small display helpers for the customer record."""

from __future__ import annotations

import phonenumbers
from django import template
from django.utils.translation import gettext_lazy as _

from contactcenter.customers.identifiers import format_phone
from contactcenter.customers.models import ContactPoint, Customer

register = template.Library()

_ROLE_LABELS = dict(Customer.Role.choices)


@register.filter
def phone(value: str) -> str:
    """A stored E.164 number in the form people read (06 12 34 56 78)."""
    try:
        return format_phone(value)
    except phonenumbers.NumberParseException:  # a malformed stored value is shown as it is
        return value


@register.filter
def contact_value(point: ContactPoint) -> str:
    """A contact point's value as people read it: phones formatted, e-mail as stored."""
    if point.kind in (ContactPoint.Kind.EMAIL, ContactPoint.Kind.ADDRESS):
        return point.value
    return phone(point.value)


@register.filter
def role_labels(roles: list[str]) -> list[str]:
    """The translated labels of a customer's roles."""
    return [str(_ROLE_LABELS.get(role, role)) for role in roles or []]


_DUPLICATE_REASONS = {
    "immatriculation": _("Same immatriculation"),
    "cin": _("Same CIN"),
    "affiliation_number": _("Same affiliation number"),
    "phone": _("Same phone"),
    "name": _("Close name"),
}


@register.filter
def duplicate_reason(reason: str) -> str:
    """Why a record may be the one being created, as the agent reads it."""
    return str(_DUPLICATE_REASONS.get(reason, reason))


@register.filter
def contact_text(value: str, kind: str) -> str:
    """A contact value recorded on the history, as people read it (phones formatted)."""
    if kind in (ContactPoint.Kind.MOBILE, ContactPoint.Kind.LANDLINE):
        return phone(value)
    return value
