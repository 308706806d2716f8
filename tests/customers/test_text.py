"""Typed text as the system reads it: cleaned of control characters, digits in any script."""

from __future__ import annotations

import pytest

from contactcenter.customers.text import clean_text, typed_digits


@pytest.mark.parametrize(("raw", "cleaned"), [
    ("  Pension en retard ", "Pension en retard"),
    ("nul\x00 byte\x07 bell", "nul byte bell"),
    ("zero\u200bwidth", "zerowidth"),  # a format character (Cf)
    ("ligne 1\nligne 2\ttab", "ligne 1\nligne 2\ttab"),  # newlines and tabs are kept
    ("Re\u0301clamation", "Réclamation"),  # printable but decomposed: still NFC
    ("معاش\x00 التقاعد", "معاش التقاعد"),
    ("تتبع", "تتبع"),
    ("", ""),
])
def test_clean_text_drops_control_characters_and_normalises(raw: str, cleaned: str) -> None:
    assert clean_text(raw) == cleaned


@pytest.mark.parametrize(("raw", "digits"), [
    ("123 456-789.0", "1234567890"),
    ("١٢٣٤٥٦٧٨٩٠", "1234567890"),  # Arabic-Indic
    ("۱۲۳/۴۵۶", "123456"),  # Eastern Arabic-Indic
    ("\u200f123\u200e456", "123456"),  # bidirectional marks copied from Arabic text
    ("１２３", "123"),  # full-width
    ("12a4", "12a4"),  # anything else is kept, for the caller to refuse
    ("RC-2026", "RC2026"),
])
def test_typed_digits_reads_every_script_and_drops_separators(raw: str, digits: str) -> None:
    assert typed_digits(raw) == digits
