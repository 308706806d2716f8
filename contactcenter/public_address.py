"""The public, absolute address of one of the site's pages, for what leaves the site: a link
in an SMS or a reply, a QR code printed on paper."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def absolute(path: str, request: HttpRequest | None = None) -> str:
    """`path` under settings.PUBLIC_BASE_URL when set (the site may be behind a proxy, or
    the page opened on the agency's network), else on the address the request came on.
    Raises ValueError outside a request when PUBLIC_BASE_URL is empty."""
    base = settings.PUBLIC_BASE_URL.rstrip("/")
    if base:
        return base + path
    if request is None:
        raise ValueError("PUBLIC_BASE_URL is needed outside a request.")
    return request.build_absolute_uri(path)
