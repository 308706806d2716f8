"""Transaction-scoped advisory locks on string keys (PostgreSQL)."""

from __future__ import annotations

import hashlib

from django.db import connection


def lock_key(key: str) -> None:
    """Hold a lock on `key` until the current transaction ends: a second transaction asking
    for the same key waits. Needs an open transaction (transaction.atomic)."""
    number = int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "big",
                            signed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [number])
