from __future__ import annotations

import pytest

from contactcenter.sms_segments import (
    GSM7_BASIC,
    GSM7_EXTENSION,
    SegmentCount,
    count_segments,
    encoding,
)

ARABIC_LETTER = "ب"
EMOJI = "😀"  # outside the BMP: a surrogate pair


@pytest.mark.parametrize(("text", "expected"), [
    ("", "GSM-7"),
    ("Bonjour, votre réclamation est enregistrée.", "GSM-7"),
    ("Ça coûte 10€ {ok} [x] ~ | ^ \\", "UCS-2"),  # û is not GSM-7
    ("Ça marche: 10€ {ok} [x] ~ | ^ \\", "GSM-7"),
    ("é è ù ì ò à Ç É Ä Ö Ñ Ü ä ö ñ ü ß Å å Æ æ Ø ø", "GSM-7"),
    ("Δ Φ Γ Λ Ω Π Ψ Σ Θ Ξ ¡ ¿ § £ ¥ ¤ @ $ _", "GSM-7"),
    ("Merci, votre reçu", "UCS-2"),  # ç
    ("Une fenêtre", "UCS-2"),  # ê
    ("Le rôle", "UCS-2"),  # ô
    ("OÙ EST-IL ?", "UCS-2"),  # ù is GSM-7, Ù is not
    ("`quote`", "UCS-2"),
    ("مرحبا", "UCS-2"),
    (f"OK {EMOJI}", "UCS-2"),
])
def test_encoding(text: str, expected: str) -> None:
    assert encoding(text) == expected


def test_the_gsm_tables_hold_127_characters_and_10_extensions() -> None:
    assert (len(GSM7_BASIC), len(GSM7_EXTENSION)) == (127, 10)  # 128 codes less the escape
    assert not GSM7_BASIC & GSM7_EXTENSION


@pytest.mark.parametrize(("text", "expected"), [
    ("", SegmentCount("GSM-7", 0, 0, 160)),
    ("a", SegmentCount("GSM-7", 1, 1, 160)),
    ("a" * 160, SegmentCount("GSM-7", 160, 1, 160)),
    ("a" * 161, SegmentCount("GSM-7", 161, 2, 153)),
    ("a" * 153 * 2, SegmentCount("GSM-7", 306, 2, 153)),
    ("a" * (153 * 2 + 1), SegmentCount("GSM-7", 307, 3, 153)),
    ("é" * 160, SegmentCount("GSM-7", 160, 1, 160)),
    ("Ç" * 161, SegmentCount("GSM-7", 161, 2, 153)),
    # extension characters take two septets
    ("€", SegmentCount("GSM-7", 2, 1, 160)),
    ("{}[]~|^\\€\f", SegmentCount("GSM-7", 20, 1, 160)),
    ("€" * 80, SegmentCount("GSM-7", 160, 1, 160)),
    ("a" * 159 + "€", SegmentCount("GSM-7", 161, 2, 153)),
    # ... and never straddle two segments: 152 | 2 moved over + 7
    ("a" * 152 + "€" + "a" * 7, SegmentCount("GSM-7", 161, 2, 153)),
    ("a" * 152 + "€" + "a" * 152, SegmentCount("GSM-7", 306, 3, 153)),
    ("a" * 151 + "€" + "a" * 153, SegmentCount("GSM-7", 306, 2, 153)),
    # UCS-2
    (ARABIC_LETTER * 70, SegmentCount("UCS-2", 70, 1, 70)),
    (ARABIC_LETTER * 71, SegmentCount("UCS-2", 71, 2, 67)),
    (ARABIC_LETTER * 67 * 2, SegmentCount("UCS-2", 134, 2, 67)),
    (ARABIC_LETTER * (67 * 2 + 1), SegmentCount("UCS-2", 135, 3, 67)),
    ("ç" + "a" * 69, SegmentCount("UCS-2", 70, 1, 70)),
    ("ç" + "a" * 70, SegmentCount("UCS-2", 71, 2, 67)),
    ("ê" + "a" * 159, SegmentCount("UCS-2", 160, 3, 67)),
    ("ô" + "a" * 159, SegmentCount("UCS-2", 160, 3, 67)),
    ("€" + ARABIC_LETTER, SegmentCount("UCS-2", 2, 1, 70)),  # one unit each in UCS-2
    # characters outside the BMP take two code units and are never split
    (EMOJI, SegmentCount("UCS-2", 2, 1, 70)),
    (EMOJI * 35, SegmentCount("UCS-2", 70, 1, 70)),
    (EMOJI * 36, SegmentCount("UCS-2", 72, 2, 67)),
    ("a" * 66 + EMOJI + "a", SegmentCount("UCS-2", 69, 1, 70)),
    ("a" * 66 + EMOJI + "a" * 3, SegmentCount("UCS-2", 71, 2, 67)),
    ("a" * 66 + EMOJI + "a" * 66, SegmentCount("UCS-2", 134, 3, 67)),
    ("a" * 65 + EMOJI + "a" * 67, SegmentCount("UCS-2", 134, 2, 67)),
])
def test_count_segments(text: str, expected: SegmentCount) -> None:
    assert count_segments(text) == expected


@pytest.mark.parametrize(("text", "segments"), [
    ("Bonjour, votre réclamation 1234567890 est enregistrée. Merci.", 1),
    ("Bonjour, votre réclamation 1234567890 est reçue. Merci.", 1),
    ("تم تسجيل شكايتكم رقم 1234567890. شكرا.", 1),
])
def test_count_segments_of_short_notices(text: str, segments: int) -> None:
    assert count_segments(text).segments == segments
