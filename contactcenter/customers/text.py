"""Typed text as the system reads it: cleaned, names folded for accent-, case- and
diacritic-insensitive search (French and Arabic), digits typed in any script."""

from __future__ import annotations

import re
import unicodedata

_ARABIC_FOLDS = str.maketrans({
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",  # alef forms
    "ى": "ي",  # alef maqsura
    "ة": "ه",  # ta marbuta
    "ـ": None,  # tatweel
})
_SPACES = re.compile(r"\s+")
_CONTROL = {"Cc", "Cf", "Cs", "Co", "Cn"}
_DIGIT_SEPARATORS = re.compile(r"[\s\-./]")


def clean_text(text: str) -> str:
    """Drop NUL and other control characters (PostgreSQL refuses NUL), normalise to NFC."""
    if not text.isprintable():  # (a printable text holds none: the common case, no loop)
        text = "".join(ch for ch in text
                       if ch in "\n\t" or unicodedata.category(ch) not in _CONTROL)
    return unicodedata.normalize("NFC", text).strip()


def fold(text: str) -> str:
    """Lower-case, accent-free, harakat-free form of a name, with single spaces."""
    decomposed = unicodedata.normalize("NFKD", clean_text(text))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", bare.translate(_ARABIC_FOLDS).casefold()).strip()


def typed_digits(raw: str) -> str:
    """What a person typed as a number: every script's digits (Arabic-Indic, full-width...)
    read as ASCII, spaces, dashes, dots, slashes and invisible marks (bidirectional marks
    copied from Arabic text) dropped; any other character kept, for the caller to refuse."""
    typed = _DIGIT_SEPARATORS.sub("", raw)
    if typed.isascii():  # (no other digits, no invisible marks: the common case, no loop)
        return typed
    kept = []
    for char in typed:
        if unicodedata.category(char) == "Cf":
            continue
        digit = unicodedata.decimal(char, None)
        kept.append(str(digit) if digit is not None else char)
    return "".join(kept)
