"""Complaint references: ten digits, typed on any keypad, and a check digit that catches
every single wrong digit and every swap of two neighbours before a lookup finds someone
else's complaint."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum import verhoeff

from tickets.references import BODY_LENGTH, is_valid_reference, new_reference, normalize_reference

ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
EASTERN_ARABIC_INDIC = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")

bodies = st.integers(min_value=10 ** (BODY_LENGTH - 1), max_value=10 ** BODY_LENGTH - 1)


def _reference(body: int) -> str:
    return str(body) + verhoeff.calc_check_digit(str(body))


def substitutions(reference: str) -> list[str]:
    return [reference[:i] + digit + reference[i + 1:]
            for i, current in enumerate(reference) for digit in "0123456789"
            if digit != current]


def transpositions(reference: str) -> list[str]:
    return [reference[:i] + reference[i + 1] + reference[i] + reference[i + 2:]
            for i in range(len(reference) - 1) if reference[i] != reference[i + 1]]


def test_new_references_are_ten_digits_without_a_leading_zero_and_valid() -> None:
    references = {new_reference() for _ in range(2000)}
    # Random, so two may rarely coincide (about once in 450 runs): the insert retries then.
    assert len(references) >= 1995
    for reference in references:
        assert len(reference) == 10 and reference.isascii() and reference.isdigit()
        assert reference[0] != "0" and is_valid_reference(reference)


@settings(max_examples=200, derandomize=True, deadline=None)
@given(bodies)
def test_every_wrong_digit_and_every_swap_of_neighbours_is_caught(body: int) -> None:
    reference = _reference(body)
    assert is_valid_reference(reference)
    for typo in substitutions(reference) + transpositions(reference):
        assert not is_valid_reference(typo), (reference, typo)


def test_every_typo_of_freshly_made_references_is_caught() -> None:
    for reference in (new_reference() for _ in range(200)):
        typos = substitutions(reference) + transpositions(reference)
        assert len(typos) >= 90
        assert not [typo for typo in typos if is_valid_reference(typo)], reference


def test_a_sample_of_known_typos() -> None:
    reference = _reference(123456789)
    assert reference == "1234567890"
    assert not is_valid_reference("1234567880")  # last body digit wrong
    assert not is_valid_reference("2134567890")  # first two swapped
    assert not is_valid_reference("1234567809")  # check digit swapped with its neighbour


@pytest.mark.parametrize("typed", [
    "1234567890",
    "123 456 789 0",
    "123-456-7890",
    "12.345.678.90",
    "123/456/7890",
    "\u00a01234567890 ",  # no-break space, pasted from a message
    "1234567890\n",
    "١٢٣٤٥٦٧٨٩٠",  # Arabic-Indic digits (Arabic keyboards)
    "۱۲۳۴۵۶۷۸۹۰",  # Eastern Arabic-Indic digits
    "١٢٣ ٤٥٦-٧٨٩٠",
    "123٤٥٦7890",  # mixed
])
def test_what_people_type_is_read_as_the_same_reference(typed: str) -> None:
    assert is_valid_reference(typed)
    assert normalize_reference(typed) == "1234567890"


@given(bodies, st.sampled_from([ARABIC_INDIC, EASTERN_ARABIC_INDIC]))
@settings(max_examples=50, derandomize=True, deadline=None)
def test_any_reference_in_arabic_indic_digits_is_read_back(body: int, digits: dict) -> None:
    reference = _reference(body)
    assert normalize_reference(reference.translate(digits)) == reference


@pytest.mark.parametrize("typed", [
    "",
    "   ",
    "123456789",  # nine digits
    "12345678900",  # eleven
    "01234567890",
    "123456789A",
    "12345678 9l",
    "+1234567890",
    "1234567891",  # ten digits, wrong check digit
    "²234567890",  # a superscript is a "digit" to str.isdigit, not to us
])
def test_anything_else_is_refused(typed: str) -> None:
    assert not is_valid_reference(typed)


def test_whatever_is_accepted_normalises_to_ten_ascii_digits() -> None:
    rng = random.Random(7)
    for _ in range(500):
        typed = "".join(rng.choice("0123456789 -") for _ in range(rng.randint(0, 16)))
        if is_valid_reference(typed):
            value = normalize_reference(typed)
            assert len(value) == 10 and value.isascii() and value.isdigit()


def test_full_width_digits_are_read_as_ascii_or_refused() -> None:
    typed = "1234567890".translate(FULLWIDTH)
    assert not is_valid_reference(typed) or normalize_reference(typed) == "1234567890"


@pytest.mark.parametrize("mark", ["\u200e", "\u200f", "\u061c"])
def test_a_reference_copied_from_arabic_text_with_direction_marks_is_read(mark: str) -> None:
    assert is_valid_reference(f"{mark}1234567890{mark}")
