"""Complaint references as typed anywhere (SMS, voice keypad, desk search, API path): any
text is read without an error, and a single wrong digit or a swap of neighbours is caught
however the reference is written."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from stdnum import verhoeff

from tests.fuzz import budget
from tests.fuzz.strategies import hostile_text, typed
from tickets.references import BODY_LENGTH, is_valid_reference, normalize_reference

bodies = st.integers(min_value=10 ** (BODY_LENGTH - 1), max_value=10 ** BODY_LENGTH - 1)
references = bodies.map(lambda body: str(body) + verhoeff.calc_check_digit(str(body)))


def _is_ten_ascii_digits(value: str) -> bool:
    return value.isascii() and value.isdigit() and len(value) == BODY_LENGTH + 1


@budget()
@given(hostile_text)
def test_any_text_is_read_without_an_error_and_only_ten_digits_are_valid(text: str) -> None:
    value = normalize_reference(text)
    assert isinstance(value, str)
    assert normalize_reference(value) == value
    valid = is_valid_reference(text)
    assert valid is (_is_ten_ascii_digits(value) and verhoeff.is_valid(value))
    assert is_valid_reference(value) is valid


@budget()
@given(st.data(), references)
def test_a_reference_typed_any_way_is_read_back(data: st.DataObject, reference: str) -> None:
    text = data.draw(typed(reference))
    assert is_valid_reference(text), text
    assert normalize_reference(text) == reference


@budget()
@given(st.data(), references)
def test_a_wrong_digit_or_a_swap_is_caught_however_it_is_typed(data: st.DataObject,
                                                               reference: str) -> None:
    position = data.draw(st.integers(0, BODY_LENGTH))
    neighbour = reference[position + 1:position + 2]
    if neighbour not in ("", reference[position]) and data.draw(st.booleans()):
        typo = reference[:position] + neighbour + reference[position] + reference[position + 2:]
    else:
        wrong = data.draw(st.sampled_from("0123456789").filter(
            lambda digit: digit != reference[position]))
        typo = reference[:position] + wrong + reference[position + 1:]
    assert typo != reference
    assert not is_valid_reference(data.draw(typed(typo))), (reference, typo)
