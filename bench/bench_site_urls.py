"""The project's URLs plus `/bench/trivial/` and `/bench/api/ping/` (see bench_site)."""

from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from contactcenter.org.selectors import request_agent
from contactcenter.urls import urlpatterns as project_urlpatterns


@csrf_exempt
def trivial(request: HttpRequest) -> HttpResponse:
    """Answers any method with a constant text: what serving a request costs by itself."""
    return HttpResponse("ok", content_type="text/plain")


@api_view(["GET"])
@permission_classes([AllowAny])
def api_ping(request: Request) -> Response:
    """The API's authentication (its settings), then the request's agent, as the API's
    views find it: signed in with a token or anonymous, what authenticating costs."""
    agent = request_agent(request)
    return Response({"agent": agent.pk if agent else None})


urlpatterns = [path("bench/trivial/", trivial), path("bench/api/ping/", api_ping),
               *project_urlpatterns]
