"""The quick start's embedded default, run as a new user would: separate processes, no
DATABASE_URL, no REDIS_URL."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.servers import free_port

ROOT = Path(__file__).resolve().parents[2]


def _embedded_env(var_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "CI"}}
    env["VAR_DIR"] = str(var_dir)
    return env


@pytest.fixture(scope="module")
def var_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("quickstart") / "var"


def test_the_first_process_starts_the_embedded_postgresql_and_others_share_it(
        var_dir: Path) -> None:
    var_dir.mkdir(exist_ok=True)
    query = ("import django; django.setup(); from django.db import connection; "
             "c = connection.cursor(); c.execute('select pg_postmaster_start_time()'); "
             "print(connection.vendor, connection.settings_dict['ENGINE'], c.fetchone()[0])")
    holder = subprocess.Popen(
        [sys.executable, "-c", query + "; import time; time.sleep(8)"],
        cwd=ROOT, env={**_embedded_env(var_dir), "DJANGO_SETTINGS_MODULE":
                       "contactcenter.settings"}, stdout=subprocess.PIPE, text=True)
    try:
        first = holder.stdout.readline().split()
        second = subprocess.run(
            [sys.executable, "-c", query], cwd=ROOT, capture_output=True, text=True, check=True,
            env={**_embedded_env(var_dir), "DJANGO_SETTINGS_MODULE": "contactcenter.settings"},
        ).stdout.split()
    finally:
        holder.wait(timeout=30)
    assert first[:2] == ["postgresql", "contactcenter.embedded_backend"]
    assert (var_dir / "pgdata" / "PG_VERSION").exists()
    # The same server (same start time) answered both processes.
    assert first[2:] == second[2:]


def test_the_run_command_serves_the_app_with_daphne_on_the_embedded_default(
        var_dir: Path) -> None:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "run", "--port", str(port), "--no-demo"],
        cwd=ROOT, env=_embedded_env(var_dir), stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True)
    try:
        body, status = None, None
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as r:
                    status, body = r.status, json.load(r)
                    break
            except OSError:
                if server.poll() is not None:
                    break
                time.sleep(0.5)
        assert status == 200, server.stdout.read() if server.poll() is not None else body
        assert body["checks"]["channel_layer"]["detail"] == "InMemoryChannelLayer"
        assert body["checks"]["task_queue"]["detail"].startswith("in-process")
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/") as r:
            assert r.status == 200
            assert r.headers["Content-Language"] == "fr"
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert f"http://127.0.0.1:{port}/" in output
