"""The public chat page and its snippet (`/chat/`)."""

from django.urls import URLPattern

app_name = "chat"
urlpatterns: list[URLPattern] = []
