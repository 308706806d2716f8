"""A scratch PostgreSQL database for one benchmark, created and dropped around it.

The database named in DATABASE_URL is never touched: the scratch one lives beside it on the
same server (default postgres://postgres@127.0.0.1:5432/postgres).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/postgres"


def _with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def _recreate(server_url: str, name: str, *, create: bool, keep: bool = False) -> None:
    import psycopg

    with psycopg.connect(_with_database(server_url, "postgres"), autocommit=True) as conn:
        if keep:
            if create and not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                                           [name]).fetchone():
                conn.execute(f"CREATE DATABASE {name}")
            return
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        if create:
            conn.execute(f"CREATE DATABASE {name}")


@contextmanager
def scratch_database(name: str, *, keep: bool = False) -> Iterator[None]:
    """Create `name`, point Django at it, migrate it; drop it afterwards. With `keep`, an
    existing `name` is used as it is and kept afterwards (to measure again without
    building the data again)."""
    server_url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    _recreate(server_url, name, create=True, keep=keep)
    try:
        os.environ["DATABASE_URL"] = _with_database(server_url, name)
        os.environ.setdefault("SECRET_KEY", "bench-only-secret")
        os.environ["DJANGO_SETTINGS_MODULE"] = "contactcenter.settings"
        sys.path.insert(0, str(ROOT))
        import django
        from django.conf import settings

        django.setup()
        if settings.DATABASES["default"]["NAME"] != name:
            sys.exit(f"Refusing to run: the settings do not point to the scratch {name}.")
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)
        yield
    finally:
        from django.db import connections

        connections.close_all()
        _recreate(server_url, name, create=False, keep=keep)
