from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from contactcenter.customers.models import Customer


class MergeRefused(Exception):
    """The two records cannot be merged (same record, already merged, different kinds)."""


@dataclass(frozen=True)
class DuplicateCandidate:
    """A record that may be the one about to be created, and why: "immatriculation", "cin",
    "affiliation_number", "phone" or "name"."""

    customer: Customer
    reasons: tuple[str, ...]

    @property
    def same_identifier(self) -> bool:
        return any(reason not in ("phone", "name") for reason in self.reasons)


class PossibleDuplicates(Exception):
    """Records that may be the one about to be created. `blocking` when one of them holds an
    identifier given (identifiers are unique: no "create anyway" then)."""

    def __init__(self, candidates: list[DuplicateCandidate]) -> None:
        super().__init__(f"{len(candidates)} possible duplicate(s)")
        self.candidates = candidates
        self.blocking = any(candidate.same_identifier for candidate in candidates)
