"""What calls and SMS from the carrier have in common: the caller's number as stored, and
storing an event once however often the carrier sends it."""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db.models import Model

from contactcenter.bulk import insert_or_ignore
from contactcenter.customers import services as customer_services
from contactcenter.customers.models import ContactPoint
from contactcenter.customers.text import clean_text

M = TypeVar("M", bound=Model)
NUMBER_MAX_LENGTH = 40


def caller_number(raw: str) -> str:
    """The caller's (or sender's) number in E.164 when it is a mobile, else as the carrier
    gave it (cleaned, cut to the column's length)."""
    cleaned = clean_text(raw)
    try:
        return customer_services.normalize_contact(ContactPoint.Kind.MOBILE, cleaned)
    except ValidationError:
        return cleaned[:NUMBER_MAX_LENGTH]


def store_once(candidate: M, **natural_key: Any) -> M:
    """`candidate` inserted now, or the row an earlier delivery of the same event stored
    (found by `natural_key`, which a unique constraint covers). One INSERT ... ON CONFLICT
    DO NOTHING (a second statement, the read, only on a replay), committed at once when
    called outside a transaction; never raises on a replay."""
    if insert_or_ignore(candidate):
        return candidate
    return type(candidate)._default_manager.get(**natural_key)
