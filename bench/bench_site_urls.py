"""The project's URLs plus `/bench/trivial/` (see bench_site)."""

from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from contactcenter.urls import urlpatterns as project_urlpatterns


@csrf_exempt
def trivial(request: HttpRequest) -> HttpResponse:
    """Answers any method with a constant text: what serving a request costs by itself."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/trivial/", trivial), *project_urlpatterns]
