from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any, cast

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from contactcenter.org.selectors import request_agent

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django_htmx.middleware import HtmxDetails

    from contactcenter.org.models import Agent

View = Callable[..., HttpResponse]


class AgentRequest(HttpRequest):
    """What a view under @agent_required receives (for type checking only): a signed-in
    user, their agent, and django-htmx's details of the request."""

    user: User
    agent: Agent
    htmx: HtmxDetails


def agent_required(view: View) -> View:
    """Signed-in staff with an Agent profile only; puts it on request.agent."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        agent = request_agent(request)
        if agent is None:
            raise PermissionDenied("This account has no agent profile.")
        cast(AgentRequest, request).agent = agent
        return view(request, *args, **kwargs)

    return wrapper
