"""The client's address: X-Forwarded-For is read only from a trusted proxy, right to left;
forwarded headers from anyone else never reach Django."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory

from contactcenter import client_address
from contactcenter.middleware import ForwardedHeaders

PROXY = "10.0.0.5"


@pytest.fixture
def behind_proxies(settings) -> None:
    settings.TRUSTED_PROXIES = ["10.0.0.0/24", "2001:db8::1"]


def test_by_default_no_proxy_is_trusted_and_the_peer_is_the_client() -> None:
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY,
                                   HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert client_address.of_request(request) == PROXY


def test_a_client_naming_itself_in_x_forwarded_for_is_ignored(behind_proxies) -> None:
    request = RequestFactory().get("/", REMOTE_ADDR="198.51.100.7",
                                   HTTP_X_FORWARDED_FOR="203.0.113.9, 10.0.0.6")
    assert client_address.of_request(request) == "198.51.100.7"


def test_from_a_trusted_proxy_the_right_most_untrusted_hop_is_the_client(
        behind_proxies) -> None:
    request = RequestFactory().get(
        "/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9, 10.0.0.6")
    # 1.2.3.4 was written by the client itself; 10.0.0.6 is a second proxy of ours.
    assert client_address.of_request(request) == "203.0.113.9"


def test_a_chain_of_trusted_proxies_only_gives_its_left_most(behind_proxies) -> None:
    assert client_address.resolve(peer=PROXY, forwarded_for="10.0.0.7, 10.0.0.6") == \
        "10.0.0.7"


def test_junk_in_x_forwarded_for_stops_at_the_last_address_a_proxy_wrote(
        behind_proxies) -> None:
    assert client_address.resolve(peer=PROXY, forwarded_for="203.0.113.9, junk") == PROXY
    assert client_address.resolve(peer=PROXY, forwarded_for="junk, 203.0.113.9") == \
        "203.0.113.9"


def test_ipv6_and_ipv4_mapped_peers_are_recognised(behind_proxies) -> None:
    assert client_address.resolve(peer="2001:db8::1", forwarded_for="2001:db8::99") == \
        "2001:db8::99"
    assert client_address.resolve(peer="::ffff:10.0.0.5", forwarded_for="203.0.113.9") == \
        "203.0.113.9"


def test_a_websocket_scope_follows_the_same_rule(behind_proxies) -> None:
    scope = {"client": [PROXY, 5000], "headers": [(b"x-forwarded-for", b"203.0.113.9")]}
    assert client_address.of_scope(scope) == "203.0.113.9"
    scope["client"] = ["198.51.100.7", 5000]
    assert client_address.of_scope(scope) == "198.51.100.7"
    assert client_address.of_scope({"headers": []}) is None


def _meta_seen_by_django(**meta: str) -> dict[str, str]:
    seen: dict[str, str] = {}

    def view(request):  # type: ignore[no-untyped-def]
        seen.update(request.META)

    ForwardedHeaders(view)(RequestFactory().get("/", **meta))
    return seen


def test_forwarded_proto_and_host_from_a_client_never_reach_django(behind_proxies) -> None:
    meta = _meta_seen_by_django(REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_PROTO="https",
                                HTTP_X_FORWARDED_HOST="evil.example",
                                HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert not {"HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_HOST",
                "HTTP_X_FORWARDED_FOR"} & set(meta)


def test_forwarded_headers_from_a_trusted_proxy_are_kept(behind_proxies) -> None:
    meta = _meta_seen_by_django(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_PROTO="https",
                                HTTP_X_FORWARDED_HOST="crm.example.ma")
    assert meta["HTTP_X_FORWARDED_PROTO"] == "https"
    assert meta["HTTP_X_FORWARDED_HOST"] == "crm.example.ma"


@pytest.mark.django_db
def test_a_client_cannot_claim_https_through_the_whole_stack(settings) -> None:
    """With TRUST_X_FORWARDED_PROTO, a client's own X-Forwarded-Proto is not believed."""
    settings.TRUSTED_PROXIES = [PROXY]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True
    spoofed = Client().get("/healthz/x", HTTP_X_FORWARDED_PROTO="https",
                           REMOTE_ADDR="198.51.100.7")
    assert spoofed.status_code == 301 and spoofed["Location"].startswith("https://")
    proxied = Client().get("/healthz/x", HTTP_X_FORWARDED_PROTO="https", REMOTE_ADDR=PROXY)
    assert proxied.status_code == 404
