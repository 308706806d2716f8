"""The production server (`python -m contactcenter.serve`, daphne underneath), run for real
on a free port: an oversized request head gets an answer, forwarded headers from a client
are not believed."""

from __future__ import annotations

import http.client
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

from contactcenter.selfservice.models import AccessCode
from tests.servers import database_url, free_port, wait_until_listening

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def server(django_db_setup, django_db_blocker) -> Iterator[int]:  # type: ignore[no-untyped-def]
    """The server on the test database; its port."""
    with django_db_blocker.unblock():
        test_database = database_url()
    port = free_port()
    env = {**os.environ, "DATABASE_URL": test_database, "SECRET_KEY": settings.SECRET_KEY,
           "DEBUG": "false"}
    env.pop("TRUSTED_PROXIES", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "contactcenter.serve", "-b", "127.0.0.1", "-p", str(port),
         "contactcenter.asgi:application"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_until_listening(process, port)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)


def _exchange(port: int, request: bytes) -> bytes:
    """Send `request` on a new connection and read until the server closes it."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(request)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    return answer


def test_a_header_over_16_kib_gets_a_431_and_the_connection_closes(server: int) -> None:
    answer = _exchange(server, b"GET /accounts/login/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                       b"X-Padding: " + b"a" * 20 * 1024 + b"\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 431 Request Header Fields Too Large\r\n")
    assert b"Connection: close" in answer


def test_headers_over_16_kib_in_all_get_a_431(server: int) -> None:
    headers = b"".join(b"X-Part-%d: %s\r\n" % (n, b"b" * 6000) for n in range(3))
    answer = _exchange(server, b"GET /accounts/login/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                       + headers + b"\r\n")
    assert answer.startswith(b"HTTP/1.1 431 ")


def test_a_request_line_over_16_kib_gets_a_414(server: int) -> None:
    answer = _exchange(server, b"GET /?q=" + b"a" * 20 * 1024 + b" HTTP/1.1\r\n"
                       b"Host: 127.0.0.1\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 414 URI Too Long\r\n")


def test_a_body_declared_larger_than_any_the_project_takes_gets_a_413_at_once(
        server: int) -> None:
    """The server answers before the body, instead of waiting for a terabyte."""
    started = time.monotonic()
    answer = _exchange(server, b"POST /api/v1/complaints/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                               b"Content-Type: application/json\r\n"
                               b"Content-Length: 999999999999\r\n\r\n{")
    assert answer.startswith(b"HTTP/1.1 413 ")
    assert time.monotonic() - started < 8


def test_a_body_within_the_limit_reaches_the_application(server: int) -> None:
    answer = _exchange(server, b"POST /api/v1/complaints/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                               b"Content-Type: application/json\r\nConnection: close\r\n"
                               b"Content-Length: 2\r\n\r\n{}")
    assert answer.startswith(b"HTTP/1.1 401 ")


def test_an_ordinary_request_is_served_and_the_connection_kept_alive(server: int) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", server, timeout=10)
    for _ in range(2):
        conn.request("GET", "/accounts/login/", headers={"X-Padding": "a" * 8 * 1024})
        response = conn.getresponse()
        assert response.status == 200 and b'name="password"' in response.read()
    conn.close()


def test_the_server_refuses_daphnes_proxy_headers_option() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "contactcenter.serve", "--proxy-headers", "-p", "1",
         "contactcenter.asgi:application"], cwd=ROOT, capture_output=True, text=True,
        timeout=60)
    assert result.returncode != 0 and "TRUSTED_PROXIES" in result.stderr


@pytest.mark.django_db(transaction=True)
def test_a_spoofed_x_forwarded_for_buys_no_more_status_page_codes(server: int) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", server, timeout=10)
    conn.request("GET", "/suivi/")
    page = conn.getresponse()
    cookie = page.getheader("Set-Cookie").split(";")[0]
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.read()).group(1)
    statuses = []
    for n in range(11):
        body = f"csrfmiddlewaretoken={token.decode()}&phone=%2B2126610000{n:02d}"
        conn.request("POST", "/suivi/", body=body, headers={
            "Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded",
            "X-Forwarded-For": f"203.0.113.{n}", "X-Real-IP": f"203.0.113.{n}"})
        response = conn.getresponse()
        response.read()
        statuses.append(response.status)
    conn.close()
    assert statuses == [302] * 10 + [429]
    assert set(AccessCode.objects.values_list("client_ip", flat=True)) == {"127.0.0.1"}
