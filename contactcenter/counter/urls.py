"""The agency counter (`/counter/`): the visitor line (kiosk, hall display, the agent's
calling screen) and the complaint recorded at the counter with its receipt."""

from django.urls import URLPattern, URLResolver, include, path

app_name = "counter"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("contactcenter.counter.complaint_urls")),
    path("", include("contactcenter.counter.line_urls")),
]
