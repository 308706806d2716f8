"""A hostile client: every URL of the project, as an anonymous visitor and as each demo
role, with the inputs an attacker tries first. It passes when no answer is a server error
(5xx) and no request goes unanswered.

    .venv/bin/python bench/hostile.py --base http://127.0.0.1:8000

Run it against the quick start (`python3 run.py`, demo data loaded). It reads the URL
patterns from the project's own URLconf, so a new page is attacked without editing this
file. Loopback only; the run is bounded (--max-requests, --seconds).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

import requests

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "demo-cnss"
# The roles that reach the most views: an agency agent, a supervisor, the administrator.
ROLES = ["guichet", "superviseur", "admin"]
# What goes into a path segment or a parameter (already URL-encoded where it must be).
SEGMENTS = ["%00", "%7F", "A%00B", "9" * 30, "-1", "0", "9999-12-31", "%ff%fe",
            "..%2F..%2Fetc%2Fpasswd", "%27%3B%20DROP%20TABLE", "%3Cscript%3E", "x" * 3000,
            "%E2%80%AE", "1e309", "NaN"]
VALUES = ["\x00", "\x7f", "9" * 30, "-9" * 15, "9999-12-31", "0000-00-00", "0001-01-01",
          "' OR 1=1 --", "<script>alert(1)</script>", "x" * 20_000, "\u202e", "🙂",
          "1e309", "[]", "{}", "true", "-1"]
PARAMETERS = ["page", "per_page", "sort", "state", "category", "channel", "agency", "queue",
              "priority", "opened_after", "opened_before", "q", "cursor", "number",
              "reference", "customer", "agent", "scope", "after", "before", "limit", "offset",
              "format", "next", "language", "phone", "code", "stop", "from", "to"]
BODIES = [
    ("application/json", "[" * 100_000 + "]" * 100_000),
    ("application/json", json.dumps({"description": "x" * 1_000_000})),
    ("application/json", json.dumps({"customer": 9 ** 30, "agent": -1, "version": 1e309})),
    ("application/json", '{"description": "\\u0000"}'),
    ("application/json", "{not json"),
    ("application/x-www-form-urlencoded", "description=%00&text=%00&body=%00"),
    ("application/x-www-form-urlencoded", "a=" + "%ff" * 1000),
    ("text/plain", "\x00\x01\x02"),
    ("multipart/form-data; boundary=x", "--x\r\nbroken"),
]


@dataclass
class Tally:
    statuses: Counter[int] = field(default_factory=Counter)
    server_errors: list[str] = field(default_factory=list)
    unanswered: list[str] = field(default_factory=list)
    sent: int = 0


class Budget(Exception):
    """The run's bound was reached."""


def url_patterns() -> list[str]:
    """Every route of the project's URLconf, converters as <name>."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "contactcenter.settings")
    import django
    from django.urls import get_resolver

    django.setup()
    routes: list[str] = []

    def walk(patterns, prefix: str) -> None:  # type: ignore[no-untyped-def]
        for pattern in patterns:
            route = prefix + str(pattern.pattern).lstrip("^").rstrip("$").replace("\\Z", "")
            if hasattr(pattern, "url_patterns"):
                walk(pattern.url_patterns, route)
            else:
                routes.append(route)

    walk(get_resolver().url_patterns, "/")
    return sorted(set(routes))


def concrete(route: str, value: str) -> str:
    """`route` with each converter or regex group replaced by `value`."""
    path = re.sub(r"<[^>]+>", value, route)
    path = re.sub(r"\(\?P<[^>]+>[^)]*\)", value, path)
    return re.sub(r"[\^$?]", "", path).replace("\\.", ".").replace("\\", "")


class Attacker:
    def __init__(self, base: str, *, max_requests: int, seconds: float) -> None:
        self.base = base.rstrip("/")
        self.tally = Tally()
        self.max_requests = max_requests
        self.deadline = time.monotonic() + seconds

    def session(self, username: str | None) -> requests.Session:
        session = requests.Session()
        if username is None:
            return session
        page = session.get(f"{self.base}/accounts/login/", timeout=30)
        token = session.cookies.get("csrftoken", "")
        response = session.post(f"{self.base}/accounts/login/", timeout=30, data={
            "username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
            headers={"Referer": page.url}, allow_redirects=False)
        if response.status_code != 302:
            raise SystemExit(f"Cannot sign in as {username}: {response.status_code}")
        return session

    def send(self, session: requests.Session, method: str, path: str, **kwargs: object) -> None:
        if self.tally.sent >= self.max_requests or time.monotonic() > self.deadline:
            raise Budget
        self.tally.sent += 1
        headers = {"X-CSRFToken": session.cookies.get("csrftoken", ""),
                   "Referer": self.base + "/", **kwargs.pop("headers", {})}  # type: ignore[dict-item]
        what = f"{method} {path[:200]}"
        try:
            response = session.request(method, self.base + path, headers=headers, timeout=60,
                                       allow_redirects=False, **kwargs)  # type: ignore[arg-type]
        except requests.RequestException as exc:
            self.tally.unanswered.append(f"{what}: {exc.__class__.__name__}")
            return
        self.tally.statuses[response.status_code] += 1
        if response.status_code >= 500:
            self.tally.server_errors.append(f"{what} -> {response.status_code}")

    def attack_routes(self, session: requests.Session, routes: list[str]) -> None:
        for route in routes:
            has_parts = "<" in route or "(?P" in route
            for value in SEGMENTS if has_parts else []:
                self.send(session, "GET", concrete(route, value))
            for value in SEGMENTS[:4] if has_parts else []:
                self.send(session, "POST", concrete(route, value), data={"text": "x"})
            plain = concrete(route, "1")
            # Each parameter with a hostile value (taking turns), then all of them at once
            # with each value.
            for turn, name in enumerate(PARAMETERS):
                value = VALUES[turn % len(VALUES)]
                self.send(session, "GET", f"{plain}?{quote(name)}={quote(value)}")
            for value in VALUES:
                query = "&".join(f"{quote(name)}={quote(value)}" for name in PARAMETERS)
                self.send(session, "GET", f"{plain}?{query}")
            for content_type, body in BODIES:
                self.send(session, "POST", plain, data=body.encode("utf-8", "surrogatepass"),
                          headers={"Content-Type": content_type})

    def attack_headers(self) -> None:
        session = requests.Session()
        for headers in ({"Authorization": "Token " + "9" * 40},
                        {"Authorization": "Token \x00"}, {"Authorization": "Basic ####"},
                        {"Cookie": "sessionid=" + "x" * 4000},
                        {"X-Forwarded-For": "1.2.3.4, 5.6.7.8"}, {"Accept-Language": "x" * 4000},
                        {"Host": "evil.example"}, {"Content-Length": "999999999999"}):
            try:
                self.send(session, "GET", "/api/v1/complaints/", headers=headers)
            except ValueError:
                continue  # requests refuses to send some of them: nothing to learn
        self.raw_oversized_header()

    def raw_oversized_header(self) -> None:
        """A 20 KiB header: the server must answer (431), not drop the connection."""
        parts = urlsplit(self.base)
        self.tally.sent += 1
        with socket.create_connection((parts.hostname, parts.port or 80), timeout=30) as sock:
            sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 20_480 + b"\r\n\r\n")
            first = sock.recv(64)
        if not first:
            self.tally.unanswered.append("GET / with a 20 KiB header: no answer")
            return
        status = int(first.split()[1])
        self.tally.statuses[status] += 1
        if status >= 500:
            self.tally.server_errors.append(f"GET / with a 20 KiB header -> {status}")

    def run(self) -> Tally:
        routes = url_patterns()
        try:
            self.attack_headers()
            for username in [None, *ROLES]:
                self.attack_routes(self.session(username), routes)
        except Budget:
            pass
        return self.tally


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--max-requests", type=int, default=200_000)
    parser.add_argument("--seconds", type=float, default=3600)
    args = parser.parse_args()
    host = urlsplit(args.base).hostname or ""
    if not (host == "localhost" or host.startswith("127.") or host == "::1"):
        raise SystemExit("Loopback only: point --base at a server on this machine.")
    tally = Attacker(args.base, max_requests=args.max_requests, seconds=args.seconds).run()
    print(f"{tally.sent} requests; statuses: {dict(sorted(tally.statuses.items()))}")
    for line in tally.server_errors[:50] + tally.unanswered[:50]:
        print("  ", line)
    print(f"server errors: {len(tally.server_errors)}; unanswered: {len(tally.unanswered)}")
    return 1 if tally.server_errors or tally.unanswered else 0


if __name__ == "__main__":
    sys.exit(main())
