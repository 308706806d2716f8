"""Reading an inbound SMS body: a command (follow a complaint, stop, start) or a new complaint.

Keywords are matched in any case, with or without accents or Arabic diacritics. A message is
a status query only when it is a reference alone or a status keyword followed by one:
a sentence that merely contains a 10-digit number (an immatriculation, a phone number) is a
complaint, and so is a status keyword opening a sentence ("Suivi de mon dossier ...").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from contactcenter.customers.text import clean_text, fold
from tickets.references import BODY_LENGTH, is_valid_reference, normalize_reference

STATUS_KEYWORDS = frozenset({"SUIVI", "STATUT", "STATUS", "تتبع"})
STOP_KEYWORDS = frozenset({"STOP", "ARRÊT", "ARRET", "توقف"})
START_KEYWORDS = frozenset({"START", "ابدأ"})
_STATUS = frozenset(map(fold, STATUS_KEYWORDS))
_STOP = frozenset(map(fold, STOP_KEYWORDS))
_START = frozenset(map(fold, START_KEYWORDS))

# Words a customer may put before a reference that opens their answer ("REF 1234567890 ...").
_REFERENCE_WORDS = _STATUS | frozenset(map(fold, {"REF", "RÉF", "REFERENCE", "RÉFÉRENCE",
                                                  "مرجع", "المرجع"}))
_REFERENCE_SEPARATORS = frozenset(" -./")
_WHITESPACE = re.compile(r"\s+")
_DIGITS_AND_SEPARATORS = re.compile(r"[\d\s\-./]+")


class Kind(StrEnum):
    STATUS = "status"  # follow one complaint
    LIST = "list"  # status keyword alone: the sender's open complaints
    STOP = "stop"
    START = "start"
    COMPLAINT = "complaint"
    EMPTY = "empty"  # nothing left once cleaned: answer with help, open nothing


@dataclass(frozen=True)
class SmsCommand:
    kind: Kind
    body: str  # the cleaned text
    reference: str | None = None  # digits when 10 were read, else what was typed
    reference_valid: bool = False


def clean_inbound(text: str) -> str:
    """Control characters dropped, NFC, every run of whitespace (newlines too) one space."""
    return _WHITESPACE.sub(" ", clean_text(text)).strip()


def parse_command(text: str) -> SmsCommand:
    """What the sender asks for. A reference that is not 10 digits or fails its check digit
    still gives a STATUS command, with reference_valid False, so the answer can say so."""
    body = clean_inbound(text)
    core = _strip_punctuation(body)
    if not core:
        return SmsCommand(Kind.EMPTY, body)
    if _is_reference_shaped(core):
        return _status(body, core)
    head, rest = _leading_word(core)
    keyword = fold(head)
    rest = _strip_punctuation(rest)
    if keyword in _STATUS:
        if not rest:
            return SmsCommand(Kind.LIST, body)
        if _is_reference_attempt(rest):
            return _status(body, rest)
    elif not rest and keyword in _STOP:
        return SmsCommand(Kind.STOP, body)
    elif not rest and keyword in _START:
        return SmsCommand(Kind.START, body)
    return SmsCommand(Kind.COMPLAINT, body)


def leading_reference(text: str) -> tuple[str, str] | None:
    """(reference, what follows) when the message starts with a complaint reference with a
    valid check digit, typed in any notation parse_command accepts (separators, any
    script's digits, after a status keyword or "REF"); else None. What follows is the
    customer's answer, without the punctuation that set it apart ("1234567890: voici ...")."""
    core = _strip_punctuation(clean_inbound(text))
    head, rest = _leading_word(core)
    if head and fold(head) in _REFERENCE_WORDS:
        core = _strip_punctuation(rest)
    digits = 0
    end = 0
    while end < len(core) and digits < BODY_LENGTH + 1:
        ch = core[end]
        if unicodedata.decimal(ch, None) is not None:
            digits += 1
        elif not (ch in _REFERENCE_SEPARATORS or unicodedata.category(ch) == "Cf"):
            return None
        end += 1
    if end < len(core) and unicodedata.decimal(core[end], None) is not None:
        return None  # eleven digits or more: some other number
    reference = normalize_reference(core[:end])
    if not (_is_ten_digits(reference) and is_valid_reference(reference)):
        return None
    return reference, _strip_punctuation(core[end:])


def detect_language(text: str) -> Literal["ar", "fr"]:
    """Arabic when Arabic-script letters outnumber Latin ones, else French (the default)."""
    arabic = latin = 0
    for ch in text:
        if not ch.isalpha():
            continue
        script = unicodedata.name(ch, "").split(" ", 1)[0]
        arabic += script == "ARABIC"
        latin += script == "LATIN"
    return "ar" if arabic > latin else "fr"


def _status(body: str, typed: str) -> SmsCommand:
    digits = normalize_reference(typed)
    if _is_ten_digits(digits):
        return SmsCommand(Kind.STATUS, body, digits, is_valid_reference(digits))
    return SmsCommand(Kind.STATUS, body, typed, False)


def _is_reference_attempt(text: str) -> bool:
    """What follows a status keyword: one token, or digits and separators only.
    Several words are a sentence, hence a complaint."""
    return " " not in text or _DIGITS_AND_SEPARATORS.fullmatch(text) is not None


def _is_reference_shaped(text: str) -> bool:
    return _is_ten_digits(normalize_reference(text))


def _is_ten_digits(value: str) -> bool:
    return value.isascii() and value.isdigit() and len(value) == BODY_LENGTH + 1


def _leading_word(text: str) -> tuple[str, str]:
    """The leading run of letters (with their diacritics) and what follows it."""
    end = 0
    while end < len(text) and unicodedata.category(text[end])[0] in "LM":
        end += 1
    return text[:end], text[end:]


def _strip_punctuation(text: str) -> str:
    start, end = 0, len(text)
    while start < end and _is_filler(text[start]):
        start += 1
    while end > start and _is_filler(text[end - 1]):
        end -= 1
    return text[start:end]


def _is_filler(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch)[0] in "PS"
