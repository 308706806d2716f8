"""Free text and typed numbers as the system keeps them: no control character survives
cleaning (PostgreSQL refuses NUL), cleaning twice changes nothing, and digits of any script
are read as ASCII."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import example, given
from hypothesis import strategies as st

from contactcenter.customers.text import clean_text, fold, typed_digits
from tests.fuzz import budget
from tests.fuzz.strategies import hostile_text, typed

CONTROL = {"Cc", "Cf", "Cs", "Co", "Cn"}


@budget()
@given(hostile_text)
@example("\x00")
@example("a\u0301\x00\u0301")
def test_clean_text_leaves_no_control_character_and_is_idempotent(text: str) -> None:
    cleaned = clean_text(text)
    assert not [ch for ch in cleaned if ch not in "\n\t" and unicodedata.category(ch) in CONTROL]
    assert cleaned == unicodedata.normalize("NFC", cleaned) == cleaned.strip()
    assert clean_text(cleaned) == cleaned


@budget()
@given(hostile_text)
def test_typed_digits_leaves_only_ascii_digits_and_is_idempotent(text: str) -> None:
    digits = typed_digits(text)
    assert not re.search(r"[\s\-./]", digits)
    assert not [ch for ch in digits if unicodedata.category(ch) == "Cf"]
    assert not [ch for ch in digits if not ch.isascii() and unicodedata.decimal(ch, None)
                is not None]
    assert typed_digits(digits) == digits


@budget()
@given(st.data(), st.text(st.sampled_from("0123456789"), min_size=1, max_size=20))
def test_typed_digits_reads_a_number_typed_any_way(data: st.DataObject, number: str) -> None:
    assert typed_digits(data.draw(typed(number))) == number


@budget()
@given(hostile_text)
def test_fold_is_idempotent_and_leaves_no_mark_or_control(text: str) -> None:
    folded = fold(text)
    assert fold(folded) == folded
    assert not [ch for ch in folded if unicodedata.combining(ch)]
    assert not [ch for ch in folded if ch not in "\n\t" and unicodedata.category(ch) in CONTROL]
