"""Middleware of the project's own."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse

from contactcenter import client_address, input_guard


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


class ForbiddenInOneLine(logging.Filter):
    """On the `django.request` logger: a refused request (403) is an expected event, written
    as one warning line (who, which path), not with the traceback of its PermissionDenied."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) != 403:
            return True
        request = getattr(record, "request", None)
        user = getattr(request, "user", None)
        who = user.get_username() if user is not None and user.is_authenticated else "anonymous"
        record.msg, record.args = "Forbidden: %s on %s %s", (
            who, getattr(request, "method", "?"), getattr(request, "path", "?"))
        record.exc_info, record.exc_text = None, None
        return True
