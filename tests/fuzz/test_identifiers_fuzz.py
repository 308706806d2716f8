"""Phone numbers and the fund's identifiers, as typed at the counter, in a partner's API
call or in an SMS: any text gives a valid value or a ValidationError naming the field, never
another exception, and what is stored reads back as itself."""

from __future__ import annotations

import re

import phonenumbers
import pytest
from django.core.exceptions import ValidationError
from hypothesis import example, given
from hypothesis import strategies as st

from contactcenter.customers.identifiers import (
    IDENTIFIER_FIELDS,
    format_phone,
    identifier_fields_matching,
    normalize_identifier,
    parse_phone,
    validate_identifier,
    validate_mobile,
)
from tests.fuzz import budget
from tests.fuzz.strategies import hostile_text, typed

E164 = re.compile(r"\+[1-9][0-9]{6,14}")
phone_like = st.one_of(
    hostile_text,
    st.builds(lambda prefix, digits: prefix + digits,
              st.sampled_from(["", "0", "+", "00", "+212", "00212", "212", "+33", "06", "07",
                               "05", "+2126", "٠٦", "+٢١٢"]),
              st.text(st.sampled_from("0123456789٠١٢٣٤٥٦٧٨٩ -.()"), max_size=16)))


def _moroccan_mobile(digits: str) -> bool:
    number = phonenumbers.parse("+212" + digits)
    return (phonenumbers.is_valid_number(number) and phonenumbers.number_type(number)
            == phonenumbers.PhoneNumberType.MOBILE)


mobile_digits = st.builds(lambda first, rest: first + rest, st.sampled_from("67"),
                          st.text(st.sampled_from("0123456789"), min_size=8, max_size=8)
                          ).filter(_moroccan_mobile)


@budget()
@given(phone_like)
@example("+212 6\x0012 34 56 78")
@example("0" * 251)
def test_any_text_is_a_phone_in_e164_or_none(raw: str) -> None:
    e164 = parse_phone(raw)
    if e164 is not None:
        assert E164.fullmatch(e164), e164
        assert parse_phone(e164) == e164
        assert parse_phone(format_phone(e164)) == e164


@budget()
@given(phone_like)
def test_any_text_is_a_mobile_or_a_validation_error_naming_the_field(raw: str) -> None:
    try:
        e164 = validate_mobile(raw, field="mobile")
    except ValidationError as exc:
        assert set(exc.message_dict) == {"mobile"}
        assert all(isinstance(message, str) for message in exc.message_dict["mobile"])
    else:
        assert E164.fullmatch(e164) and parse_phone(raw) == e164
        assert validate_mobile(e164) == e164 == validate_mobile(format_phone(e164))


@budget()
@given(st.data(), mobile_digits)
def test_a_moroccan_mobile_typed_any_way_is_the_same_number(data: st.DataObject,
                                                           digits: str) -> None:
    prefix = data.draw(st.sampled_from(["0", "+212", "00212", "+212 ", "(+212) "]))
    written = prefix + data.draw(typed(digits)).strip("\u200e\u200f\n ")
    assert validate_mobile(written) == "+212" + digits, written


@pytest.mark.parametrize("raw", [
    "0\u200e6\u200e0\u200e0000000",  # found by the test above: refused
    "\u200f06 12 34 56 78\u200f",
    "\u200e+212\u200e612345678",
])
def test_a_mobile_copied_from_arabic_text_with_direction_marks_is_read(raw: str) -> None:
    assert validate_mobile(raw) == "+212" + "".join(ch for ch in raw if ch.isdigit())[-9:]


identifier_like = st.one_of(
    hostile_text,
    st.text(st.sampled_from("0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹０１２３４５６７８９ABabzZßé -./"
                            "\u200e\u200f"), max_size=14))


@budget()
@given(identifier_like)
@example("１２３４５６７８９")  # found by this test: kept in full-width digits
@example("\u200f1234567")
def test_any_text_normalises_to_a_stable_identifier(raw: str) -> None:
    value = normalize_identifier(raw)
    assert normalize_identifier(value) == value
    assert not re.search(r"[\s\-./]", value)
    fields = identifier_fields_matching(raw)
    assert set(fields) <= set(IDENTIFIER_FIELDS)
    for field in IDENTIFIER_FIELDS:
        try:
            stored = validate_identifier(field, raw)
        except ValidationError as exc:
            assert field not in fields and set(exc.message_dict) == {field}
        else:
            assert field in fields and stored == value
            assert stored.isascii() and validate_identifier(field, stored) == stored


@budget()
@given(st.data(), st.sampled_from([("immatriculation", 9), ("affiliation_number", 7)]),
       st.integers(0, 10 ** 9 - 1))
def test_a_numeric_identifier_typed_in_any_script_is_stored_in_ascii_digits(
        data: st.DataObject, kind: tuple[str, int], number: int) -> None:
    field, length = kind
    digits = str(number % 10 ** length).zfill(length)
    assert validate_identifier(field, data.draw(typed(digits))) == digits


@pytest.mark.parametrize("raw", [
    "１２３４５６７８９",  # found by the test above: kept in full-width digits
    "१२३४५६७८९",
    "\u200f123456789",  # a direction mark copied from Arabic text
])
def test_an_immatriculation_in_other_digits_is_read_as_ascii(raw: str) -> None:
    assert validate_identifier("immatriculation", raw) == "123456789"
