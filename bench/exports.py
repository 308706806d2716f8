#!/usr/bin/env python3
"""Benchmark of the complaint exports (/reports/complaints.csv and .xlsx): rows per second
and peak memory as the complaints pile up.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
        .venv/bin/python bench/exports.py [--sizes 200000,1000000] [--xlsx-up-to 200000]

In a scratch database `bench_exports`, the data set of bench/desk_pages.py (its helpers
build it: 5 regions, 30 agencies, 100,000 customers, complaints bulk-inserted with INSERT
... SELECT FROM generate_series). At each size an administrator (who sees every complaint)
exports the whole list through Django's test client, reading the streamed body chunk by
chunk and dropping it: the CSV at every size, the XLSX up to `--xlsx-up-to` complaints.
Reported: rows (from the export log), seconds, rows per second, and the process's peak
resident memory (ru_maxrss) before and after, whose growth is the export's own peak.
Target: the peak does not grow with the number of rows (constant memory).
"""

from __future__ import annotations

import argparse
import os
import resource
import time

from desk_pages import _customers, _fill, _measured_complaint, _organisation
from scratch import scratch_database

SCRATCH = "bench_exports"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="200000,1000000",
                        help="complaint counts to measure at, comma-separated, increasing")
    parser.add_argument("--xlsx-up-to", type=int, default=200_000,
                        help="export XLSX only at sizes up to this one")
    args = parser.parse_args()
    os.environ.pop("REDIS_URL", None)  # in-memory layers: nothing here talks to Redis
    os.environ["SMS_GATEWAY"] = "fake"
    with scratch_database(SCRATCH):
        return _run(sizes=[int(size) for size in args.sizes.split(",")],
                    xlsx_up_to=args.xlsx_up_to)


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _run(*, sizes: list[int], xlsx_up_to: int) -> int:
    from django.test import Client

    # Imported once Django is set up on the scratch database.
    from contactcenter.reports.models import ExportLog

    started = time.perf_counter()
    people = _organisation()[0]
    _customers()
    _measured_complaint(people)
    print(f"organisation and customers: {time.perf_counter() - started:.0f} s", flush=True)
    client = Client()
    client.force_login(people["admin"].user)  # type: ignore[attr-defined]
    for format in ("csv", "xlsx"):  # warm up: imports, URL resolver, first connection
        b"".join(client.get(f"/reports/complaints.{format}?priority=high&q=none")
                 .streaming_content)
    print(f"{'size':>10} {'format':>6} {'rows':>10} {'s':>7} {'rows/s':>9} "
          f"{'peak MiB before':>16} {'after':>7} {'growth':>7}")
    for size in sizes:
        started = time.perf_counter()
        _fill(size)
        print(f"filled to {size:,} complaints: {time.perf_counter() - started:.0f} s",
              flush=True)
        for format in ("csv", "xlsx"):
            if format == "xlsx" and size > xlsx_up_to:
                continue
            before = _peak_mib()
            started = time.perf_counter()
            response = client.get(f"/reports/complaints.{format}")
            size_bytes = 0
            for chunk in response.streaming_content:
                size_bytes += len(chunk)
            elapsed = time.perf_counter() - started
            after = _peak_mib()
            rows = ExportLog.objects.order_by("-pk").values_list("rows", flat=True)[0]
            print(f"{size:>10,} {format:>6} {rows:>10,} {elapsed:>7.1f} "
                  f"{rows / elapsed:>9,.0f} {before:>16.0f} {after:>7.0f} "
                  f"{after - before:>7.0f}   ({size_bytes / 2**20:.0f} MiB file)", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
