"""WebSocket routes of every app, gathered for the ASGI application."""

from __future__ import annotations

from django.urls import URLPattern

websocket_urlpatterns: list[URLPattern] = []
