"""Complaint references: digits only, read out or typed on a phone keypad.

Nine random digits and a Verhoeff check digit: every single-digit typo and every swap of
two neighbouring digits is caught, instead of finding someone else's complaint.
"""

from __future__ import annotations

import re
import secrets
import unicodedata

from stdnum import verhoeff

BODY_LENGTH = 9
_SEPARATORS = re.compile(r"[\s\-./]")


def new_reference() -> str:
    body = str(secrets.randbelow(9 * 10 ** (BODY_LENGTH - 1)) + 10 ** (BODY_LENGTH - 1))
    return body + verhoeff.calc_check_digit(body)


def normalize_reference(raw: str) -> str:
    """Digits of a typed reference: every script's digits (Arabic-Indic, full-width...)
    read as ASCII, spaces, dashes and invisible marks (bidirectional marks copied from
    Arabic text) dropped."""
    kept = []
    for char in _SEPARATORS.sub("", raw):
        if unicodedata.category(char) == "Cf":
            continue
        digit = unicodedata.decimal(char, None)
        kept.append(str(digit) if digit is not None else char)
    return "".join(kept)


def is_valid_reference(raw: str) -> bool:
    value = normalize_reference(raw)
    return (value.isascii() and value.isdigit() and len(value) == BODY_LENGTH + 1
            and verhoeff.is_valid(value))
