"""Replies: the segment count the reply box shows (the same cases pin the JavaScript
mirror, tests/e2e/test_desk_keyboard_and_reply.py) and the language the reply goes in: the
fund's message in the language the agent actually wrote, never a French text inside the
Arabic message."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from contactcenter.sms_segments import count_segments
from tests.conftest import client_for
from tests.desk.helpers import fr, in_progress
from tickets import services
from tickets.models import OutboxMessage
from tickets.notification_texts import message_language, reply_frame, written_language

CASES = json.loads((Path(__file__).parent / "fixtures" / "sms_segment_cases.json")
                   .read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_segment_cases(case: dict[str, object]) -> None:
    count = count_segments(str(case["text"]))
    assert (count.encoding, count.units, count.segments) == (
        case["encoding"], case["units"], case["segments"])


@pytest.mark.parametrize("text,language", [
    ("Votre dossier est complet.", "fr"),
    ("ملفكم كامل، والأداء في طور المعالجة.", "ar"),
    ("Votre dossier n° 2612345678 est complet, شكرا", "fr"),  # mostly Latin
    ("ملفكم رقم CNSS-2026 كامل", "ar"),  # mostly Arabic
    ("2612345678 - 15/03/2026", None),
    ("", None),
])
def test_the_written_language_is_told_by_the_script(text: str, language: str | None) -> None:
    assert written_language(text) == language


@pytest.mark.parametrize("event,preferred,text,expected", [
    ("reply", "ar", "Votre paiement est parti.", "fr"),
    ("reply", "fr", "تم تحويل المبلغ.", "ar"),
    ("reply", "ar", "2612345678", "ar"),  # no letter: the customer's language
    ("resolved", "ar", "Votre paiement est parti.", "ar"),  # only replies follow the text
])
def test_only_a_reply_follows_the_language_written(event: str, preferred: str, text: str,
                                                    expected: str) -> None:
    assert message_language(event=event, preferred=preferred,
                            context={"text": text}) == expected


pytestmark_db = pytest.mark.django_db


@pytestmark_db
def test_a_french_reply_to_an_arabic_speaker_goes_in_the_french_message(
        mobile_customer, handler, category) -> None:
    mobile_customer.preferred_language = "ar"
    mobile_customer.save()
    ticket = in_progress(mobile_customer, handler, category)
    services.reply_to_customer(ticket=ticket, by=handler, text="Votre paiement est parti.")
    sms = OutboxMessage.objects.get(ticket=ticket, event="reply")
    assert sms.language == "fr"
    assert sms.body == f"Réclamation {ticket.reference} : Votre paiement est parti."


@pytestmark_db
def test_an_arabic_reply_to_an_arabic_speaker_stays_in_the_arabic_message(
        mobile_customer, handler, category) -> None:
    mobile_customer.preferred_language = "ar"
    mobile_customer.save()
    ticket = in_progress(mobile_customer, handler, category)
    services.reply_to_customer(ticket=ticket, by=handler, text="تم تحويل المبلغ إلى حسابكم.")
    sms = OutboxMessage.objects.get(ticket=ticket, event="reply")
    assert sms.language == "ar"
    assert sms.body == f"شكاية رقم {ticket.reference}: تم تحويل المبلغ إلى حسابكم."


@pytestmark_db
def test_the_reply_frame_is_the_template_around_the_text(mobile_customer, handler,
                                                         category) -> None:
    ticket = in_progress(mobile_customer, handler, category)
    french = reply_frame(ticket, language="fr")
    arabic = reply_frame(ticket, language="ar")
    assert french is not None and arabic is not None
    assert (french.before, french.after, french.max_segments) == (
        f"Réclamation {ticket.reference} : ", "", 3)
    assert arabic.before == f"شكاية رقم {ticket.reference}: " and arabic.language == "ar"


@pytestmark_db
def test_the_reply_box_carries_the_counter_and_the_language(mobile_customer, handler,
                                                            category) -> None:
    mobile_customer.preferred_language = "ar"
    mobile_customer.save()
    ticket = in_progress(mobile_customer, handler, category)
    html = client_for(handler).get(f"/desk/tickets/{ticket.reference}/").content.decode()
    meter = html[html.index("data-reply-meter"):]
    meter = meter[:meter.index("</div>")]
    assert 'data-preferred="ar"' in meter
    assert f'data-before-fr="Réclamation {ticket.reference} : "' in meter
    assert f'data-before-ar="شكاية رقم {ticket.reference}: "' in meter
    assert 'data-budget-ar="3"' in meter
    assert fr("Sent in Arabic, inside the Arabic message of the fund.") in meter
