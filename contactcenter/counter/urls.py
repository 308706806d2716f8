"""The agency counter (`/counter/`): the visitor line (kiosk, hall display, the agent's
calling screen) and the complaint recorded at the counter with its receipt."""

from django.urls import URLPattern

app_name = "counter"
urlpatterns: list[URLPattern] = []
