"""Validation of the fund's identifiers and of phone numbers.

Formats of identifiers come from settings.CUSTOMER_IDENTIFIER_FORMATS; phones are parsed
with phonenumbers for settings.PHONE_REGION and stored in E.164.
"""

from __future__ import annotations

import functools
import re
import unicodedata

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from contactcenter.customers.text import typed_digits

IDENTIFIER_FIELDS = ("immatriculation", "affiliation_number", "cin")
IDENTIFIER_LABELS = {
    "immatriculation": _("immatriculation number"),
    "affiliation_number": _("affiliation number"),
    "cin": _("CIN"),
}
_PHONE_MAX_INPUT = 250  # phonenumbers' own limit
_ARABIC_INDIC = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def normalize_identifier(raw: str) -> str:
    """Upper case, digits of any script as ASCII digits, separators (spaces, dashes, dots,
    slashes) and invisible marks removed (see typed_digits): `\\d` in a format matches any
    script's digits, and an identifier stored in full-width digits would match no search."""
    return typed_digits(raw).upper()


def identifier_matches(field: str, value: str) -> bool:
    return re.fullmatch(settings.CUSTOMER_IDENTIFIER_FORMATS[field], value) is not None


def validate_identifier(field: str, raw: str) -> str:
    """Return the normalised identifier, or raise ValidationError naming the field."""
    value = normalize_identifier(raw)
    if not identifier_matches(field, value):
        raise ValidationError(
            {field: _("%(value)s is not a valid %(label)s (expected format %(pattern)s).")
             % {"value": raw, "label": IDENTIFIER_LABELS[field],
                "pattern": settings.CUSTOMER_IDENTIFIER_FORMATS[field]}},
            code="invalid_identifier",
        )
    return value


def identifier_fields_matching(raw: str) -> list[str]:
    """The identifier kinds whose format this text has (a number may fit more than one)."""
    value = normalize_identifier(raw)
    return [field for field in IDENTIFIER_FIELDS if identifier_matches(field, value)]


def _read_phone(raw: str, region: str) -> tuple[str | None, bool]:
    """(the E.164 form, whether a mobile) of a valid number, else (None, False)."""
    if len(raw) > _PHONE_MAX_INPUT:  # (refused by phonenumbers too: not worth keeping)
        return None, False
    return _read_short_phone(raw, region)


# Readings kept per process: the same numbers come back all day (senders, callers,
# searches); parsing one takes about 20 µs, reading a kept one under 1.
@functools.lru_cache(maxsize=4096)
def _read_short_phone(raw: str, region: str) -> tuple[str | None, bool]:
    try:
        number = phonenumbers.parse(_without_marks(raw).translate(_ARABIC_INDIC), region)
    except phonenumbers.NumberParseException:
        return None, False
    if not phonenumbers.is_valid_number(number):
        return None, False
    mobile = phonenumbers.number_type(number) in (
        phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), mobile


def _without_marks(raw: str) -> str:
    """Invisible format characters dropped: direction marks come with a number copied from
    Arabic text, and phonenumbers refuses a number holding one."""
    if raw.isascii():
        return raw
    return "".join(ch for ch in raw if unicodedata.category(ch) != "Cf")


def parse_phone(raw: str) -> str | None:
    """The E.164 form of a valid phone number, or None."""
    return _read_phone(raw, settings.PHONE_REGION)[0]


def validate_mobile(raw: str, *, field: str = "phone") -> str:
    """Return the E.164 form of a mobile number, or raise ValidationError naming the field."""
    e164, mobile = _read_phone(raw, settings.PHONE_REGION)
    if e164 is None:
        raise ValidationError({field: _("%(value)s is not a valid phone number.")
                               % {"value": raw}}, code="invalid_phone")
    if not mobile:
        raise ValidationError({field: _("%(value)s is not a mobile number.") % {"value": raw}},
                              code="not_mobile")
    return e164


def format_phone(e164: str) -> str:
    """A phone in the national form people read (06 12 34 56 78), international if foreign."""
    number = phonenumbers.parse(e164)
    region = phonenumbers.region_code_for_number(number)
    style = (phonenumbers.PhoneNumberFormat.NATIONAL if region == settings.PHONE_REGION
             else phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return phonenumbers.format_number(number, style)
