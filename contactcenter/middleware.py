"""Middleware of the project's own."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse

from contactcenter import client_address, input_guard


class SyncStack:
    """Runs the middleware stack around it as sync code, in one thread switch per request.

    Served by ASGI, Django runs each async-capable middleware in async mode, and a
    MiddlewareMixin in async mode moves each of its hooks (process_request,
    process_response) to the sync thread and back: about a dozen thread switches per
    request for a stack of Django's own middleware. Listed last, this sync-only middleware
    makes Django adapt the stack once instead: every middleware listed before it runs in
    the sync thread, one after the other, then the view. WebSockets are not concerned."""

    sync_capable = True
    async_capable = False

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)


class ForwardedHeaders:
    """First in the stack: a request keeps its `X-Forwarded-*` headers only when it comes
    from one of settings.TRUSTED_PROXIES, so Django's readers of them
    (SECURE_PROXY_SSL_HEADER, USE_X_FORWARDED_HOST) never believe a client. The client's
    address itself is `contactcenter.client_address.of_request`."""

    sync_capable = True
    async_capable = False

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        client_address.drop_untrusted_forwarded_headers(request.META)
        return self.get_response(request)


class InputGuard:
    """Second in the stack: refuses, with a 400 naming the field, a request that holds a
    control character or too deep a JSON body (contactcenter.input_guard), before sessions,
    authentication or a view read it."""

    sync_capable = True
    async_capable = False

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        refusal = input_guard.check(request)
        if refusal is None:
            return self.get_response(request)
        return JsonResponse({"detail": refusal.detail, "field": refusal.field}, status=400,
                            json_dumps_params={"ensure_ascii": False})
