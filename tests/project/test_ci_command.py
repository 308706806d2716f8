"""In CI the test command fails, rather than skipping tests, when a service is missing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("variable,url,name", [
    ("DATABASE_URL", "postgres://postgres@127.0.0.1:1/test", "PostgreSQL"),
    ("REDIS_URL", "redis://127.0.0.1:1/0", "Redis"),
])
def test_the_ci_test_command_fails_when_a_service_cannot_be_reached(variable, url,
                                                                    name) -> None:
    env = {**os.environ, "CI": "true", variable: url, "SERVICE_WAIT_SECONDS": "1"}
    result = subprocess.run([sys.executable, "run.py", "test", "--collect-only", "-q"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert f"Cannot reach {name}" in result.stderr
