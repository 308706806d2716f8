"""Complaint references: digits only, read out or typed on a phone keypad.

Nine random digits and a Verhoeff check digit: every single-digit typo and every swap of
two neighbouring digits is caught, instead of finding someone else's complaint.
"""

from __future__ import annotations

import re
import secrets

from stdnum import verhoeff

BODY_LENGTH = 9
_SEPARATORS = re.compile(r"[\s\-./]")
_ARABIC_INDIC = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def new_reference() -> str:
    body = str(secrets.randbelow(9 * 10 ** (BODY_LENGTH - 1)) + 10 ** (BODY_LENGTH - 1))
    return body + verhoeff.calc_check_digit(body)


def normalize_reference(raw: str) -> str:
    """Digits of a typed reference: spaces and dashes dropped, Arabic-Indic digits read."""
    return _SEPARATORS.sub("", raw.translate(_ARABIC_INDIC))


def is_valid_reference(raw: str) -> bool:
    value = normalize_reference(raw)
    return value.isdigit() and len(value) == BODY_LENGTH + 1 and verhoeff.is_valid(value)
