"""PostgreSQL backend that starts the embedded server on the first connection."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlparse

from django.conf import settings
from django.db.backends.postgresql import base

from contactcenter import embedded


class DatabaseWrapper(base.DatabaseWrapper):
    _socket_dir: str | None = None

    def get_connection_params(self) -> dict[str, Any]:
        params = super().get_connection_params()
        params["host"] = self._ensure_server()
        return params

    @classmethod
    def _ensure_server(cls) -> str:
        if cls._socket_dir is None:
            url = urlparse(embedded.database_url(settings.VAR_DIR))
            cls._socket_dir = parse_qs(url.query)["host"][0]
        return cls._socket_dir
