"""Complaint references: digits only, read out or typed on a phone keypad.

Nine random digits and a Verhoeff check digit: every single-digit typo and every swap of
two neighbouring digits is caught, instead of finding someone else's complaint.
"""

from __future__ import annotations

import secrets

from stdnum import verhoeff

from contactcenter.customers.text import typed_digits

BODY_LENGTH = 9
# A reference as people type it (spaces, dashes), in the desk's forms and the API.
TYPED_MAX_LENGTH = 20


def new_reference() -> str:
    body = str(secrets.randbelow(9 * 10 ** (BODY_LENGTH - 1)) + 10 ** (BODY_LENGTH - 1))
    return body + verhoeff.calc_check_digit(body)


def normalize_reference(raw: str) -> str:
    """Digits of a typed reference (see typed_digits)."""
    return typed_digits(raw)


def is_valid_reference(raw: str) -> bool:
    value = normalize_reference(raw)
    return (value.isascii() and value.isdigit() and len(value) == BODY_LENGTH + 1
            and verhoeff.is_valid(value))
