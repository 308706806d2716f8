from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from contactcenter.org.selectors import request_agent


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Agents start from the customer search; staff without a desk profile (auditors, site
    administrators) from the administration."""
    if request_agent(request) is None:
        if request.user.is_staff:
            return redirect("admin:index")
        raise PermissionDenied("This account has no agent profile.")
    return redirect("customers:search")
