"""Searches a caller or an agent would type, with the article each should find in the top
three: (query, language "fr" or "ar", expected slug). Each holds words of its article in
some form (a plural, a typo, no accents, with or without Arabic diacritics, another spelling
of alif, ya or ta marbuta, a word of Darija), so that a fair search can find it."""

from __future__ import annotations

RELEVANCE_QUERIES: list[tuple[str, str, str]] = [
    # Done-means queries of the quick start.
    ("allocation", "fr", "allocations-familiales"),
    ("retraite anticipee", "fr", "retraite-anticipee"),
    ("تعويضات", "ar", "allocations-familiales"),
]
