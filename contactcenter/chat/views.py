"""The public chat page, `/chat/`: everything happens over its WebSocket (chat.js and
chat.consumers); the page only carries the texts in the visitor's language.

The page may be shown in a frame by the fund's own site (static/chat/widget.js): only the
origins in CHAT_EMBEDDING_ORIGINS may frame it, every other page of the site stays
unframeable."""

from __future__ import annotations

from csp.decorators import csp_replace
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET

from contactcenter.chat.models import MAX_MESSAGE_CHARACTERS


def frame_ancestors() -> list[str]:
    return ["'self'", *settings.CHAT_EMBEDDING_ORIGINS]


@require_GET
@never_cache
@xframe_options_exempt  # (the CSP's frame-ancestors says who may frame it)
def page(request: HttpRequest) -> HttpResponseBase:
    # The origins are read from the settings at each request, hence the decorator here.
    return csp_replace({"frame-ancestors": frame_ancestors()})(_page)(request)


def _page(request: HttpRequest) -> HttpResponse:
    asked = request.GET.get("lang", "")
    if asked in dict(settings.LANGUAGES):
        translation.activate(asked)
        request.LANGUAGE_CODE = asked
    return render(request, "chat/page.html", {
        "max_characters": MAX_MESSAGE_CHARACTERS,
        "embedded": request.GET.get("embed") == "1",
    })
