"""Does the status page take longer for a number with complaints than for one without?
It must not: the time would tell an outsider which numbers are the fund's customers.

    .venv/bin/python bench/status_page_timing.py [--requests 600]

Serves the project with daphne on a scratch database holding customers with complaints,
then asks for a code (POST /suivi/) for known and unknown numbers in turns, over one
keep-alive connection. The codes asked for are deleted after each request (untimed), so
the rate limits never answer instead of the page. Prints the latency of each kind and the
gap between their medians. The script runs unchanged in a checkout of an earlier commit
(a git worktree), to compare with the code before a change.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scratch import scratch_database  # noqa: E402
from serve import free_port, start_daphne  # noqa: E402

# Project code is imported inside the functions: Django is set up, on the scratch
# database, by scratch_database() once the script has started.
SCRATCH = "bench_status_page"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=600, help="of each kind")
    args = parser.parse_args()
    os.environ.pop("REDIS_URL", None)
    os.environ["SMS_GATEWAY"] = "console"
    with scratch_database(SCRATCH):
        known = _populate(numbers=50)
        port = free_port()
        server = start_daphne(port)
        try:
            timings = _measure(port, known=known, count=args.requests)
        finally:
            server.terminate()
            server.wait(timeout=10)
    print(f"{'numbers':<22} {'requests':>8} {'p10 ms':>8} {'p50 ms':>8} {'p90 ms':>8}")
    for label, values in timings.items():
        deciles = statistics.quantiles(values, n=10)
        print(f"{label:<22} {len(values):>8} {deciles[0]:>8.2f} "
              f"{statistics.median(values):>8.2f} {deciles[-1]:>8.2f}")
    gap = statistics.median(timings["with complaints"]) - statistics.median(
        timings["without complaints"])
    print(f"\nmedian gap (with - without): {gap:+.2f} ms")
    return 0


def _populate(*, numbers: int) -> list[str]:
    """`numbers` customers' mobiles, each with a complaint."""
    # Django is set up on the scratch database once the script runs.
    from contactcenter.customers.models import Channel
    from tests import factories
    from tickets import services

    agency = factories.AgencyFactory(code="AG-BENCH")
    phones = []
    for n in range(numbers):
        customer = factories.CustomerFactory(agency=agency)
        phone = f"+2126610{n:05d}"
        factories.ContactPointFactory(customer=customer, value=phone, is_primary=True)
        services.open_complaint(customer=customer, channel=Channel.COUNTER, by=None,
                                description="Allocations familiales non reçues")
        phones.append(phone)
    return phones


def _measure(port: int, *, known: list[str], count: int) -> dict[str, list[float]]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", "/suivi/")
    page = connection.getresponse()
    html = page.read().decode()
    cookie = re.search(r"csrftoken=([^;]+)", page.getheader("Set-Cookie", "")).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    session = ""
    timings: dict[str, list[float]] = {"with complaints": [], "without complaints": []}
    for n in range(2 * count):
        kind = "with complaints" if n % 2 == 0 else "without complaints"
        phone = (known[n // 2 % len(known)] if kind == "with complaints"
                 else f"+21277{random.randrange(10**7):07d}")
        body = urlencode({"phone": phone, "csrfmiddlewaretoken": token})
        headers = {"Content-Type": "application/x-www-form-urlencoded",
                   "Cookie": f"csrftoken={cookie}{session}",
                   "Referer": f"http://127.0.0.1:{port}/suivi/"}
        started = time.perf_counter()
        connection.request("POST", "/suivi/", body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        elapsed = (time.perf_counter() - started) * 1000
        if response.status != 302:
            raise SystemExit(f"{phone}: answered {response.status}")
        found = re.search(r"sessionid=([^;]+)", response.getheader("Set-Cookie", "") or "")
        if found:
            session = f"; sessionid={found.group(1)}"
        if n >= 20:  # the first requests warm the process up
            timings[kind].append(elapsed)
        _forget_codes()
    return timings


def _forget_codes() -> None:
    """Delete the codes asked for, so that no rate limit answers the next request."""
    from django.db import connection

    # Django is set up on the scratch database once the script runs.
    from contactcenter.selfservice.models import AccessCode

    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AccessCode._meta.db_table}")


if __name__ == "__main__":
    sys.exit(main())
