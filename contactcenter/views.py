from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.views import defaults

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


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """404 for any address: JSON under /api/ (partners' clients read JSON, as for every
    other answer of the API), the usual page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)
