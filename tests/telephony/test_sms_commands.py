from __future__ import annotations

import pytest

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

VALID = "1234567890"  # Verhoeff check digit 0
BAD_CHECK = "1234567891"
ARABIC_INDIC = VALID.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
EASTERN_ARABIC_INDIC = VALID.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))


@pytest.mark.parametrize(("raw", "cleaned"), [
    ("", ""),
    ("   \n\t ", ""),
    ("  Bonjour,\r\n\r\nma   pension\u00a0est en retard  ", "Bonjour, ma pension est en retard"),
    ("nul\x00 byte\x07 bell", "nul byte bell"),
    ("e\u0301te\u0301", "été"),  # decomposed accents recomposed (NFC)
    ("\u200fتتبع\u200e 123", "تتبع 123"),  # bidirectional marks dropped
    ("mot " * 400, ("mot " * 400).strip()),  # a 1,600-character body
])
def test_clean_inbound(raw: str, cleaned: str) -> None:
    assert clean_inbound(raw) == cleaned


@pytest.mark.parametrize(("text", "kind", "reference", "valid"), [
    # a reference alone, however it is typed
    (VALID, Kind.STATUS, VALID, True),
    ("123 456 789 0", Kind.STATUS, VALID, True),
    ("123-456-7890", Kind.STATUS, VALID, True),
    ("  «1234567890» !", Kind.STATUS, VALID, True),
    (ARABIC_INDIC, Kind.STATUS, VALID, True),
    (EASTERN_ARABIC_INDIC, Kind.STATUS, VALID, True),
    (BAD_CHECK, Kind.STATUS, BAD_CHECK, False),
    # a status keyword and a reference
    (f"SUIVI {VALID}", Kind.STATUS, VALID, True),
    (f"suivi {VALID}", Kind.STATUS, VALID, True),
    (f"Statut: {VALID}.", Kind.STATUS, VALID, True),
    ("STATUS 123-456-7890", Kind.STATUS, VALID, True),
    (f"suivi{VALID}", Kind.STATUS, VALID, True),
    (f"تتبع {ARABIC_INDIC}", Kind.STATUS, VALID, True),
    (f"تتبع {EASTERN_ARABIC_INDIC}", Kind.STATUS, VALID, True),
    (f"تَتَبُّع {VALID}", Kind.STATUS, VALID, True),  # with harakat
    (f"SUIVI {BAD_CHECK}", Kind.STATUS, BAD_CHECK, False),
    # a status keyword and something that is not a reference
    ("SUIVI 12345", Kind.STATUS, "12345", False),
    ("SUIVI 123 456", Kind.STATUS, "123 456", False),
    ("suivi ABC123", Kind.STATUS, "ABC123", False),
    ("SUIVI 12345678901", Kind.STATUS, "12345678901", False),
    # a status keyword alone
    ("SUIVI", Kind.LIST, None, False),
    ("statut ?", Kind.LIST, None, False),
    ("Status", Kind.LIST, None, False),
    ("تتبع", Kind.LIST, None, False),
    # stop and start, alone
    ("STOP", Kind.STOP, None, False),
    ("stop.", Kind.STOP, None, False),
    ("ARRET", Kind.STOP, None, False),
    ("ARRÊT", Kind.STOP, None, False),
    ("arrêt", Kind.STOP, None, False),
    ("Arret !", Kind.STOP, None, False),
    ("توقف", Kind.STOP, None, False),
    ("START", Kind.START, None, False),
    ("start", Kind.START, None, False),
    ("ابدأ", Kind.START, None, False),
    ("ابدا", Kind.START, None, False),
    # everything else is a complaint
    ("Bonjour, ma pension n'est pas arrivée", Kind.COMPLAINT, None, False),
    (f"Mon immatriculation est {VALID}, je n'ai rien reçu", Kind.COMPLAINT, None, False),
    (f"{VALID} je n'ai rien reçu", Kind.COMPLAINT, None, False),
    (f"SUIVI {VALID} merci", Kind.COMPLAINT, None, False),
    ("Suivi de mon dossier: je n'ai pas reçu ma pension", Kind.COMPLAINT, None, False),
    ("Stop aux retards de paiement", Kind.COMPLAINT, None, False),
    ("START the process", Kind.COMPLAINT, None, False),
    ("STOPPER", Kind.COMPLAINT, None, False),
    ("DEMARRER", Kind.COMPLAINT, None, False),
    ("123456789", Kind.COMPLAINT, None, False),
    ("لم أتوصل بالتعويضات العائلية", Kind.COMPLAINT, None, False),
    # nothing to read
    ("", Kind.EMPTY, None, False),
    ("  \n ", Kind.EMPTY, None, False),
    ("\x00\x01", Kind.EMPTY, None, False),
    ("?!...", Kind.EMPTY, None, False),
])
def test_parse_command(text: str, kind: Kind, reference: str | None, valid: bool) -> None:
    command = parse_command(text)
    assert (command.kind, command.reference, command.reference_valid) == (kind, reference, valid)


def test_parse_command_keeps_the_cleaned_body() -> None:
    text = "  Ma pension\n\nest   en retard\x00 "
    assert parse_command(text) == SmsCommand(Kind.COMPLAINT, "Ma pension est en retard")


def test_parse_command_reads_a_long_body_as_a_complaint() -> None:
    text = ("Je n'ai pas reçu ma pension depuis trois mois. " * 40)[:1600]
    command = parse_command(text)
    assert command.kind == Kind.COMPLAINT
    assert command.body == text.strip()


def test_kinds_compare_equal_to_their_names() -> None:
    assert parse_command("STOP").kind == "stop"


@pytest.mark.parametrize("keyword", sorted(STATUS_KEYWORDS | STOP_KEYWORDS | START_KEYWORDS))
def test_no_keyword_is_read_as_a_complaint_on_its_own(keyword: str) -> None:
    assert parse_command(keyword).kind != Kind.COMPLAINT


@pytest.mark.parametrize(("text", "language"), [
    ("", "fr"),
    (VALID, "fr"),
    ("Bonjour, ma pension est en retard", "fr"),
    ("السلام عليكم، لم أتوصل بمعاشي", "ar"),
    ("تتبع 1234567890", "ar"),
    ("SUIVI تتبع", "fr"),  # as many Latin letters as Arabic ones: the default
    ("Salam, معاش ديالي ما وصلش", "ar"),
    ("Bonjour, ma CIN est AB123456 et mon معاش", "fr"),
])
def test_detect_language(text: str, language: str) -> None:
    assert detect_language(text) == language
