"""Inbound SMS bodies: any text a phone can send (controls, invisible marks, digits of every
script, 1,600 characters and more) is read as one kind of command, never an exception, and
a status keyword with a valid reference, typed any way, is read back as that reference."""

from __future__ import annotations

import re
import time
import unicodedata

from hypothesis import example, given
from hypothesis import strategies as st
from stdnum import verhoeff

from telephony.sms_commands import (
    START_KEYWORDS,
    STATUS_KEYWORDS,
    STOP_KEYWORDS,
    Kind,
    SmsCommand,
    clean_inbound,
    detect_language,
    parse_command,
)
from tests.fuzz import budget
from tests.fuzz.strategies import hostile_text, long_text, typed
from tickets.references import BODY_LENGTH, is_valid_reference

references = st.integers(10 ** (BODY_LENGTH - 1), 10 ** BODY_LENGTH - 1).map(
    lambda body: str(body) + verhoeff.calc_check_digit(str(body)))
fillers = st.text(st.sampled_from(" \t\n\u00a0.,:;!?-*#\"'()\u200e\u200f"), max_size=3)
KEYWORD_SPELLINGS = {
    "SUIVI": ["suivi", "Suivi", "SuIvI", "SUÏVI"], "STATUT": ["statut", "Statut"],
    "STATUS": ["status"], "تتبع": ["تَتَبُّع", "تتبّع"],
    "STOP": ["stop", "Stop"], "ARRÊT": ["arrêt", "Arret", "ARRET"], "ARRET": ["arret"],
    "توقف": ["تَوَقَّف"], "START": ["start", "Start"], "ابدأ": ["ابدأ"],
}


def keyword(words: frozenset[str]) -> st.SearchStrategy[str]:
    return st.sampled_from(sorted(words)).flatmap(
        lambda word: st.sampled_from([word, *KEYWORD_SPELLINGS.get(word, [])]))


def _has_control(text: str) -> bool:
    return any(unicodedata.category(ch) in {"Cc", "Cf", "Cs", "Co", "Cn"} for ch in text)


@budget()
@given(hostile_text)
@example("SUIVI\x00 1234567890")
@example("١٢٣٤٥٦٧٨٩٠" * 160)
def test_any_text_is_one_kind_of_command(text: str) -> None:
    command = parse_command(text)
    assert isinstance(command, SmsCommand) and command.kind in set(Kind)
    assert command.body == clean_inbound(text) == clean_inbound(command.body)
    assert not _has_control(command.body) and not re.search(r"\s\s", command.body)
    assert parse_command(command.body) == command
    fillers_only = all(ch.isspace() or unicodedata.category(ch)[0] in "PS"
                       for ch in command.body)
    assert (command.kind == Kind.EMPTY) is fillers_only
    if command.reference_valid:
        assert command.kind == Kind.STATUS and is_valid_reference(command.reference)
        assert command.reference.isascii() and len(command.reference) == BODY_LENGTH + 1
    if command.kind != Kind.STATUS:
        assert command.reference is None


@budget()
@given(hostile_text)
def test_any_text_is_french_or_arabic(text: str) -> None:
    assert detect_language(text) in ("fr", "ar")


@budget(50)
@given(long_text(min_size=1600))
def test_a_long_message_is_read_quickly(text: str) -> None:
    started = time.perf_counter()
    parse_command(text)
    detect_language(text)
    assert time.perf_counter() - started < 0.5


@budget()
@given(st.data(), references, keyword(STATUS_KEYWORDS), fillers, fillers)
def test_a_status_keyword_and_a_reference_typed_any_way_round_trip(
        data: st.DataObject, reference: str, word: str, before: str, after: str) -> None:
    spacing = data.draw(st.sampled_from([" ", "  ", ":", " : ", "\n", "-", "\u00a0"]))
    text = before + word + spacing + data.draw(typed(reference)) + after
    command = parse_command(text)
    assert command.kind == Kind.STATUS, text
    assert command.reference == reference and command.reference_valid


@budget()
@given(st.data(), references, fillers, fillers)
def test_a_reference_alone_typed_any_way_is_a_status_query(
        data: st.DataObject, reference: str, before: str, after: str) -> None:
    command = parse_command(before + data.draw(typed(reference)) + after)
    assert command.kind == Kind.STATUS
    assert command.reference == reference and command.reference_valid


@budget(100)
@given(st.sampled_from([(STATUS_KEYWORDS, Kind.LIST), (STOP_KEYWORDS, Kind.STOP),
                        (START_KEYWORDS, Kind.START)]).flatmap(
    lambda case: st.tuples(keyword(case[0]), st.just(case[1]))), fillers, fillers)
def test_a_keyword_alone_in_any_case_is_its_command(case: tuple[str, Kind], before: str,
                                                    after: str) -> None:
    word, kind = case
    assert parse_command(before + word + after).kind == kind


words = st.text(st.characters(categories=["L"]), min_size=1, max_size=12)


@budget()
@given(keyword(STATUS_KEYWORDS | STOP_KEYWORDS | START_KEYWORDS), words, words,
       st.one_of(st.just(""), references))
def test_a_keyword_opening_a_sentence_is_a_complaint(word: str, first: str, second: str,
                                                     number: str) -> None:
    text = f"{word} {first} {second} {number}".strip()
    assert parse_command(text).kind == Kind.COMPLAINT, text
