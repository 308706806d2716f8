"""Small display helpers for the customer record."""

from __future__ import annotations

import phonenumbers
from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.translation import gettext_lazy as _

from contactcenter import i18n
from contactcenter.customers.models import ContactPoint, Customer

register = template.Library()

_ROLE_LABELS = dict(Customer.Role.choices)


@register.filter
def phone(value: str | None) -> str:
    """A stored E.164 number in international notation (+212 6 12 34 56 78), isolated left to
    right so that an Arabic page keeps the plus in front; anything else (a malformed stored
    value, a name) as it is, escaped."""
    if not value:
        return ""
    try:
        number = phonenumbers.parse(value)
    except phonenumbers.NumberParseException:
        return conditional_escape(value)
    return format_html('<bdi dir="ltr">{}</bdi>', phonenumbers.format_number(
        number, phonenumbers.PhoneNumberFormat.INTERNATIONAL))


@register.filter
def phone_text(value: str | None) -> str:
    """`phone` as plain text, for where no markup may go (an option, an attribute)."""
    try:
        return phonenumbers.format_number(phonenumbers.parse(value or ""),
                                          phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    except phonenumbers.NumberParseException:
        return value or ""


@register.filter
def contact_value(point: ContactPoint) -> str:
    """A contact point's value as people read it: phones formatted, e-mail as stored."""
    if point.kind in (ContactPoint.Kind.EMAIL, ContactPoint.Kind.ADDRESS):
        return conditional_escape(point.value)
    return phone(point.value)


@register.filter
def role_labels(roles: list[str]) -> list[str]:
    """The translated labels of a customer's roles."""
    return [str(_ROLE_LABELS.get(role, role)) for role in roles or []]


@register.filter
def shown(stored: str | None) -> str:
    """A stored text in the page's language: a sentence the system wrote (an event's actor or
    note, a call's summary) translated now, text typed by people as typed."""
    return i18n.shown(stored)


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
