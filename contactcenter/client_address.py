"""The address of the client behind a request: the one place that reads `X-Forwarded-For`.

A client can send any `X-Forwarded-*` header it likes. They are believed only from the
proxies named in `settings.TRUSTED_PROXIES` (addresses or networks, none by default): the
client is then the right-most address of `X-Forwarded-For` that is not one of those
proxies, since each trusted proxy appends the address it received the request from and
anything to the left of that may be made up. From any other peer the headers are ignored
and the client is the peer itself.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.http import HttpRequest

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

# The forwarded headers Django or the project reads, as request.META keys.
FORWARDED_META_KEYS = ("HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO",
                       "HTTP_X_FORWARDED_HOST", "HTTP_X_FORWARDED_PORT", "HTTP_FORWARDED")


@lru_cache(maxsize=8)
def _networks(trusted: tuple[str, ...]) -> tuple[IPNetwork, ...]:
    return tuple(ipaddress.ip_network(item, strict=False) for item in trusted)


def _parse(address: str | None) -> IPAddress | None:
    if not address:
        return None
    try:
        parsed = ipaddress.ip_address(address.strip())
    except ValueError:
        return None
    # An IPv4 peer on a dual-stack socket shows as ::ffff:a.b.c.d.
    if isinstance(parsed, ipaddress.IPv6Address) and parsed.ipv4_mapped:
        return parsed.ipv4_mapped
    return parsed


def is_trusted_proxy(address: str | None) -> bool:
    """Whether `address` is one of settings.TRUSTED_PROXIES."""
    trusted = tuple(settings.TRUSTED_PROXIES)
    if not trusted:
        return False
    parsed = _parse(address)
    return parsed is not None and any(parsed in net for net in _networks(trusted))


def resolve(*, peer: str | None, forwarded_for: str | None) -> str | None:
    """The client's address, given the connection's `peer` and the `X-Forwarded-For`
    header received (None when absent)."""
    if not forwarded_for or not is_trusted_proxy(peer):
        return peer
    client = peer
    for hop in reversed(forwarded_for.split(",")):
        parsed = _parse(hop)
        if parsed is None:
            # Not an address: the proxy did not write it; stop at the last one it did.
            break
        client = str(parsed)
        if not is_trusted_proxy(client):
            break
    return client


def of_request(request: HttpRequest) -> str | None:
    """The client's address for an HTTP request (None when the server gave no peer)."""
    meta = request.META
    return resolve(peer=meta.get("REMOTE_ADDR"), forwarded_for=meta.get("HTTP_X_FORWARDED_FOR"))


def of_scope(scope: Mapping[str, Any]) -> str | None:
    """The client's address for an ASGI scope (a WebSocket's, say)."""
    client = scope.get("client")
    peer = str(client[0]) if client else None
    forwarded = [value for name, value in scope.get("headers", ())
                 if name.lower() == b"x-forwarded-for"]
    return resolve(peer=peer,
                   forwarded_for=b",".join(forwarded).decode("latin-1") if forwarded else None)


def drop_untrusted_forwarded_headers(meta: dict[str, Any]) -> None:
    """Remove the forwarded headers from `meta` unless its peer is a trusted proxy, so
    Django's own readers (SECURE_PROXY_SSL_HEADER, USE_X_FORWARDED_HOST) never see a
    client's."""
    if is_trusted_proxy(meta.get("REMOTE_ADDR")):
        return
    for key in FORWARDED_META_KEYS:
        meta.pop(key, None)

