"""The one check of what a request carries before any view reads it.

PostgreSQL refuses NUL in text, and no person types the other control characters: a
request holding one in its path, query string, headers, cookies, form or JSON body is
refused with a 400 that names where it was, before a view could store half of it or fail
with a server error. A JSON body must also stay within MAX_JSON_DEPTH levels (Python's
parser would run out of stack, or a deep structure cost far more than it weighs); its size
is bounded by DATA_UPLOAD_MAX_MEMORY_SIZE like any body.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

# C0 controls but tab, line feed and carriage return; DEL; the C1 controls.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
MAX_JSON_DEPTH = 32
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
View = Callable[..., HttpResponse]


@dataclass(frozen=True)
class Refusal:
    """Why a request is refused: `field` names where (path, a parameter, a header, a JSON
    field as a dotted path), `detail` says what, in words."""

    field: str
    detail: str


def check(request: HttpRequest) -> Refusal | None:
    """The first problem of `request`, or None when it may go on."""
    if CONTROL_CHARACTERS.search(request.path):
        return _control("path")
    for name, value in request.META.items():
        if name.startswith("HTTP_") and isinstance(value, str) and CONTROL_CHARACTERS.search(value):
            return _control(name[5:].replace("_", "-").title())
    refusal = _first_in_pairs(request.GET.lists()) or _first_in_pairs(
        (name, [value]) for name, value in request.COOKIES.items())
    if refusal or request.method in ("GET", "HEAD", "OPTIONS"):
        return refusal
    content_type = request.content_type or ""
    if content_type in FORM_TYPES:
        refusal = _first_in_pairs(request.POST.lists())
        if refusal and refusal.field in cleaned_by_the_view(request):
            return _first_in_pairs((name, values) for name, values in request.POST.lists()
                                   if name not in cleaned_by_the_view(request))
        return refusal
    if content_type == "application/json" or content_type.endswith("+json"):
        return _check_json(request.body)
    return None


def cleans_control_characters(*fields: str) -> Callable[[View], View]:
    """Mark a view that takes control characters in these form fields and removes them
    itself: text a person typed on a phone, which refusing would lose (the carrier does not
    send a refused SMS again)."""

    def mark(view: View) -> View:
        view.control_characters_cleaned = frozenset(fields)  # type: ignore[attr-defined]  # a mark on the view
        return view

    return mark


def cleaned_by_the_view(request: HttpRequest) -> frozenset[str]:
    """The form fields the view of `request` cleans itself (cleans_control_characters)."""
    try:
        view = resolve(request.path_info).func
    except Resolver404:
        return frozenset()
    return getattr(view, "control_characters_cleaned", frozenset())


def _control(field: str) -> Refusal:
    return Refusal(field, _("%(field)s holds a control character (such as NUL), which is "
                            "not accepted.") % {"field": field})


def _first_in_pairs(pairs: Iterable[tuple[str, list[str]]]) -> Refusal | None:
    for name, values in pairs:
        if CONTROL_CHARACTERS.search(name):
            return _control(CONTROL_CHARACTERS.sub("?", name))
        if any(CONTROL_CHARACTERS.search(value) for value in values):
            return _control(name)
    return None


def _check_json(body: bytes) -> Refusal | None:
    if not body:
        return None
    try:
        data = json.loads(body)
    except RecursionError:
        return _too_deep()
    except ValueError:
        return None  # not JSON: the view's parser answers that
    return json_refusal(data)


def json_refusal(data: Any) -> Refusal | None:
    """The first problem of parsed JSON (a control character, too deep), or None."""
    return _walk(data, path="", depth=0)


def _too_deep() -> Refusal:
    return Refusal("body", _("The JSON body is nested more than %(depth)s levels deep.")
                   % {"depth": MAX_JSON_DEPTH})


def _walk(value: Any, *, path: str, depth: int) -> Refusal | None:
    """The first problem in `value`, found at `path`, itself inside `depth` objects or
    arrays."""
    if isinstance(value, str):
        return _control(path or "body") if CONTROL_CHARACTERS.search(value) else None
    if isinstance(value, (dict, list)) and depth >= MAX_JSON_DEPTH:
        return _too_deep()
    if isinstance(value, dict):
        items: Iterable[tuple[str, Any]] = value.items()
    elif isinstance(value, list):
        items = ((str(index), item) for index, item in enumerate(value))
    else:
        return None
    for key, item in items:
        field = f"{path}.{key}" if path else key
        if CONTROL_CHARACTERS.search(key):
            return _control(CONTROL_CHARACTERS.sub("?", field))
        refusal = _walk(item, path=field, depth=depth + 1)
        if refusal:
            return refusal
    return None
