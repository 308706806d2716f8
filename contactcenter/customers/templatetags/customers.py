"""Small display helpers for the customer record."""

from __future__ import annotations

import phonenumbers
from django import template

from contactcenter import i18n
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
    if point.kind == ContactPoint.Kind.EMAIL:
        return point.value
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
