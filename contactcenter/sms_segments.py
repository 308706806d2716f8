"""How many SMS segments a text costs, as the carrier will bill it.

A text made only of GSM 03.38 characters travels in 7-bit septets: 160 in one segment, 153 per
segment once split (the other septets carry the concatenation header). Any other character
switches the whole message to UCS-2: 70 UTF-16 code units in one segment, 67 once split.
Splitting never cuts a character in two: an extension character (escape + code, 2 septets) or
a character outside the BMP (a surrogate pair, 2 code units) moves whole to the next segment.

An empty text counts as 0 segments: nothing is sent. (Twilio bills an empty body as 1.)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Encoding = Literal["GSM-7", "UCS-2"]
GSM7: Encoding = "GSM-7"
UCS2: Encoding = "UCS-2"

GSM7_SINGLE, GSM7_PER_SEGMENT = 160, 153
UCS2_SINGLE, UCS2_PER_SEGMENT = 70, 67

GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅå"
    "Δ_ΦΓΛΩΠΨΣΘΞÆæßÉ"
    " !\"#¤%&'()*+,-./"
    "0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§"
    "¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = frozenset("\f^{}\\[~]|€")


@dataclass(frozen=True)
class SegmentCount:
    encoding: Encoding
    units: int  # septets for GSM-7, UTF-16 code units for UCS-2
    segments: int
    per_segment: int  # capacity of each segment: 160/153 (GSM-7) or 70/67 (UCS-2)


def encoding(text: str) -> Encoding:
    """GSM-7 when every character is in the GSM 03.38 default or extension table."""
    if all(ch in GSM7_BASIC or ch in GSM7_EXTENSION for ch in text):
        return GSM7
    return UCS2


def count_segments(text: str) -> SegmentCount:
    kind = encoding(text)
    if kind == GSM7:
        costs = [2 if ch in GSM7_EXTENSION else 1 for ch in text]
        single, per_segment = GSM7_SINGLE, GSM7_PER_SEGMENT
    else:
        costs = [2 if ord(ch) > 0xFFFF else 1 for ch in text]
        single, per_segment = UCS2_SINGLE, UCS2_PER_SEGMENT
    units = sum(costs)
    if units <= single:
        return SegmentCount(kind, units, 1 if units else 0, single)
    return SegmentCount(kind, units, _split(costs, per_segment), per_segment)


def _split(costs: Iterable[int], capacity: int) -> int:
    """Segments needed when no character may straddle two segments."""
    segments, used = 1, 0
    for cost in costs:
        if used + cost > capacity:
            segments, used = segments + 1, 0
        used += cost
    return segments
