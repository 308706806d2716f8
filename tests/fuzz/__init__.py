"""Fuzzers run in CI: hypothesis properties of every parser of outside input (references,
SMS commands, phone numbers, identifiers, carrier payloads), and the REST API fuzzed from
its own OpenAPI schema with schemathesis.

Every one is derandomized (the same examples on every machine, so a CI failure replays
anywhere) and bounded, so the directory runs in about a minute on two cores. To search
longer: FUZZ_SCALE=10 multiplies every budget (examples per property, per API operation);
FUZZ_RANDOM=1 draws fresh examples instead of the fixed ones (a failure prints its example:
pin it with @example).
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

FUZZ_SCALE = int(os.environ.get("FUZZ_SCALE", "1"))
FUZZ_RANDOM = os.environ.get("FUZZ_RANDOM", "") not in ("", "0")


def budget(max_examples: int = 200) -> settings:
    """Hypothesis settings of a fuzzer: `max_examples` in CI, times FUZZ_SCALE; no deadline
    (two shared cores are slow at times), no example database (derandomized runs need none)."""
    return settings(max_examples=max_examples * FUZZ_SCALE, deadline=None,
                    derandomize=not FUZZ_RANDOM, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.function_scoped_fixture])
