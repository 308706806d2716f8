"""The dashboard's and the summary's reads at scale, timed for bench/reports.py.

Each case is called `requests` times, each call with another period (the end moves back a
day a call) or another category or channel, so that no cache could have served it. Through
Django's test client when the page (/reports/) or the API (/api/v1/reports/summary/)
resolves, else contactcenter.reports.figures.dashboard() and summary() called directly."""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

# Project and Django code is imported inside the functions: bench/reports.py sets Django up,
# on its scratch database, only once the script has started (as bench/reports.py itself).

DASHBOARD_TARGET, SUMMARY_TARGET = 200.0, 100.0
DASHBOARD_URL, SUMMARY_URL = "/reports/", "/api/v1/reports/summary/"
CHANNELS = ("phone", "counter", "web", "sms", "chat", "email", "letter")


@dataclass
class Case:
    label: str
    who: str
    days: int
    vary: str = ""  # "category" or "channel": each call another one


@dataclass
class Result:
    what: str
    case: Case
    via: str
    queries: int
    p50: float
    p95: float
    slowest_sql: list[str]


CASES = [
    Case("headquarters, last 12 months", "admin", 365),
    Case("headquarters, two years", "admin", 730),
    Case("headquarters, last 30 days", "admin", 30),
    Case("headquarters, one category, 12 months", "admin", 365, vary="category"),
    Case("headquarters, one channel, 12 months", "admin", 365, vary="channel"),
    Case("regional manager, last 12 months", "regional", 365),
    Case("agency supervisor, last 12 months", "supervisor", 365),
]


def _params(case: Case, n: int, categories: list[int]) -> dict[str, object]:
    """The filters of the n-th call: the period ends n days ago (or n // the choices, when
    the category or channel changes with each call)."""
    choices = {"category": len(categories), "channel": len(CHANNELS)}.get(case.vary, 1)
    end = date.today() - timedelta(days=n // choices)
    params: dict[str, object] = {"start": end - timedelta(days=case.days - 1), "end": end}
    if case.vary == "category":
        params["category_id"] = categories[n % len(categories)]
    elif case.vary == "channel":
        params["channel"] = CHANNELS[n % len(CHANNELS)]
    return params


def _resolves(url: str) -> bool:
    from django.urls import Resolver404, resolve

    try:
        resolve(url)
    except Resolver404:
        return False
    return True


def _query_string(params: dict[str, object]) -> str:
    names = {"start": "from", "end": "to", "category_id": "category", "channel": "channel"}
    return "&".join(f"{names[key]}={value}" for key, value in params.items())


def _callers(people: dict[str, object]) -> dict[tuple[str, str], tuple[str, Callable]]:  # type: ignore[type-arg]
    """For (dashboard|summary, who): how it is called and a function of the filters."""
    from django.test import Client

    from contactcenter.org.selectors import scope_of
    from contactcenter.reports import figures
    from contactcenter.reports.filters import ReportFilters

    callers = {}
    for who, agent in people.items():
        client = Client()
        client.force_login(agent.user)  # type: ignore[attr-defined]
        scope = scope_of(agent)  # type: ignore[arg-type]
        for what, url, direct in (("dashboard", DASHBOARD_URL, figures.dashboard),
                                  ("summary", SUMMARY_URL, figures.summary)):
            if _resolves(url):
                def call(params, client=client, url=url):  # type: ignore[no-untyped-def]
                    response = client.get(f"{url}?{_query_string(params)}")
                    assert response.status_code == 200, (url, response.status_code)
                    return response.content
                callers[(what, who)] = (f"HTTP {url}", call)
            else:
                def call(params, direct=direct, scope=scope):  # type: ignore[no-untyped-def]
                    return direct(ReportFilters(scope=scope, **params))
                callers[(what, who)] = (f"figures.{direct.__name__}()", call)
    return callers


def measure(people: dict[str, object], *, requests: int, explain: bool) -> bool:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import translation

    import contactcenter.asgi  # noqa: F401  (the application loaded as the server loads it)
    from tickets.models import Category

    # A web process holds the application only: what this process made before (the data,
    # the upkeep's changes) is frozen out of the collector's way, as the server's start-up
    # freezes what it loaded (contactcenter/asgi.py), so that no full collection over it
    # lands in a timed call.
    gc.collect()
    gc.freeze()
    translation.activate("fr")
    categories = list(Category.objects.order_by("pk").values_list("pk", flat=True))
    callers = _callers(people)
    results: list[Result] = []
    for what, target in (("dashboard", DASHBOARD_TARGET), ("summary", SUMMARY_TARGET)):
        print(f"\n{what} (target p95 <= {target:.0f} ms), {requests} calls a case, each with "
              f"other filters")
        print(f"  {'case':<40} {'via':<32} {'queries':>7} {'p50 ms':>7} {'p95 ms':>7}")
        for case in CASES:
            via, call = callers[(what, case.who)]
            for n in range(3):  # warm: imports, templates, the names' caches
                call(_params(case, requests + 100 + n, categories))
            timings, slowest, slowest_sql, queries = [], -1.0, [], 0
            for n in range(requests):
                with CaptureQueriesContext(connection) as captured:
                    began = time.perf_counter()
                    call(_params(case, n, categories))
                    elapsed = (time.perf_counter() - began) * 1000
                timings.append(elapsed)
                queries = len(captured.captured_queries)
                if elapsed > slowest:
                    slowest = elapsed
                    slowest_sql = [q["sql"] for q in captured.captured_queries]
            result = Result(what, case, via, queries, statistics.median(timings),
                            statistics.quantiles(timings, n=20)[18], slowest_sql)
            results.append(result)
            mark = "" if result.p95 <= target else "  MISSED"
            print(f"  {case.label:<40} {via:<32} {queries:>7} {result.p50:>7.1f} "
                  f"{result.p95:>7.1f}{mark}", flush=True)
    if explain:
        _explain(max(results, key=lambda r: r.p95 / (DASHBOARD_TARGET if r.what == "dashboard"
                                                      else SUMMARY_TARGET)))
    missed = [r for r in results
              if r.p95 > (DASHBOARD_TARGET if r.what == "dashboard" else SUMMARY_TARGET)]
    return not missed


def _explain(result: Result) -> None:
    """EXPLAIN ANALYZE of the queries of the slowest call of the case furthest from its
    target, the three longest first."""
    from django.db import connection

    print(f"\nEXPLAIN ANALYZE of the slowest {result.what} call: {result.case.label}")
    timed = []
    with connection.cursor() as cursor:
        for sql in result.slowest_sql:
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            plan = [row[0] for row in cursor.fetchall()]
            took = next((float(line.split(":")[1].split()[0]) for line in plan
                         if line.startswith("Execution Time")), 0.0)
            timed.append((took, sql, plan))
    print(f"  {len(timed)} queries, {sum(t for t, *_ in timed):.0f} ms in PostgreSQL")
    for took, sql, plan in sorted(timed, key=lambda item: -item[0])[:3]:
        print(f"\n  {took:.1f} ms: {sql[:1500]}")
        print("\n".join(f"    {line}" for line in plan))
