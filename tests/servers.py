"""Servers the tests start in a process of their own, on the test database."""

from __future__ import annotations

import socket
import subprocess
import time
from urllib.parse import quote

import pytest
from django.db import connection


def database_url() -> str:
    """The test database, as a URL another process can reach."""
    params = connection.get_connection_params()
    host = params.get("host") or "127.0.0.1"
    host = quote(host, safe="") if host.startswith("/") else host
    port = f":{params['port']}" if params.get("port") else ""
    user = quote(params.get("user") or "postgres")
    password = f":{quote(params['password'])}" if params.get("password") else ""
    return f"postgres://{user}{password}@{host}{port}/{params['dbname']}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_listening(process: subprocess.Popen[bytes], port: int, *,
                         seconds: float = 30) -> None:
    """Return once `process` accepts connections on `port`; fail the test if it ends or
    takes longer than `seconds`."""
    deadline = time.monotonic() + seconds
    while True:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        if process.poll() is not None or time.monotonic() > deadline:
            error = process.stderr.read().decode() if process.poll() is not None \
                and process.stderr else ""
            pytest.fail(f"the server did not start: {error[-2000:]}")
        time.sleep(0.2)
