"""Durations counted in buckets, so that a median or a 90th percentile can be read from
figures added up over days, agencies and categories (a median of medians would be wrong).

Each bucket counts the durations from its lower edge (included) to the next edge; the last
one has no upper edge. A percentile is placed by linear interpolation inside its bucket, so it
is exact to within that bucket's width (an hour under a working day, a day under a week)."""

from __future__ import annotations

from collections.abc import Sequence
from math import inf

# Business hours (a working day is about 8 hours).
HOUR_EDGES: tuple[float, ...] = (0, 1, 2, 4, 8, 16, 24, 40, 80, 120, 160, 240, 320, 480, 640,
                                 960)
# Calendar days.
DAY_EDGES: tuple[float, ...] = (0, 1, 2, 3, 5, 7, 10, 14, 21, 30, 45, 60, 90, 120, 180, 270)
SIZE = 16
assert len(HOUR_EDGES) == len(DAY_EDGES) == SIZE


def bucket_of(value: float, edges: Sequence[float]) -> int:
    """The index of the bucket holding `value` (negative values count as 0)."""
    index = 0
    for position, edge in enumerate(edges):
        if value >= edge:
            index = position
        else:
            break
    return index


def one_in(value: float | None, edges: Sequence[float]) -> list[int]:
    """A histogram holding one duration (all zeros for none)."""
    counts = [0] * len(edges)
    if value is not None:
        counts[bucket_of(value, edges)] = 1
    return counts


def percentile(counts: Sequence[int], edges: Sequence[float], share: float,
               *, largest: float | None = None) -> float | None:
    """The duration below which `share` (0 to 1) of the counted durations lie; None when none
    were counted. In the open last bucket the value is its lower edge, or `largest` when the
    largest duration is known."""
    total = sum(counts)
    if total == 0:
        return None
    rank = share * total
    seen = 0
    for index, count in enumerate(counts):
        if count and seen + count >= rank:
            low = edges[index]
            high = edges[index + 1] if index + 1 < len(edges) else (
                largest if largest is not None else inf)
            if high == inf:
                return float(low)
            return float(low + (high - low) * (rank - seen) / count)
        seen += count
    return float(edges[-1])
