"""Who may call the API at all: signed-in staff and service accounts with an Agent profile.

What each agent may see and do is decided by the same selectors and services as the desk.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from contactcenter.org.selectors import request_agent


class IsAgent(BasePermission):
    message = _("This account has no agent profile.")

    def has_permission(self, request: Request, view: Any) -> bool:
        return request_agent(request) is not None
