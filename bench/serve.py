"""daphne serving the project on a free loopback port, for the benchmarks that measure it
through HTTP and WebSockets (the scratch database's settings, in a process of its own)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_daphne(port: int, *, settings_module: str = "contactcenter.settings"
                 ) -> subprocess.Popen[bytes]:
    """Start daphne on `port` and wait until it listens (SystemExit if it does not)."""
    from django.conf import settings

    env = {**os.environ, "SECRET_KEY": settings.SECRET_KEY,
           "DJANGO_SETTINGS_MODULE": settings_module,
           "PYTHONPATH": os.pathsep.join([str(ROOT), str(BENCH)])}
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "daphne"), "-b", "127.0.0.1", "-p", str(port),
         "contactcenter.asgi:application"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while True:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return server
        if server.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"daphne did not start: {server.stderr.read().decode()[-2000:]}")
        time.sleep(0.2)
