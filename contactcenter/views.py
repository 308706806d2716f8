from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from contactcenter.org.decorators import agent_required


@agent_required
def home(request: HttpRequest) -> HttpResponse:
    return redirect("customers:search")
