from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from contactcenter.org.selectors import request_agent

View = Callable[..., HttpResponse]


def agent_required(view: View) -> View:
    """Signed-in staff with an Agent profile only; puts it on request.agent."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        agent = request_agent(request)
        if agent is None:
            raise PermissionDenied("This account has no agent profile.")
        request.agent = agent  # type: ignore[attr-defined]
        return view(request, *args, **kwargs)

    return wrapper
