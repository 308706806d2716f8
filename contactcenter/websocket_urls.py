"""WebSocket routes of every app, gathered for the ASGI application."""

from __future__ import annotations

from django.urls import URLPattern, path

from contactcenter.board.consumers import BoardConsumer
from contactcenter.chat.consumers import VisitorConsumer
from contactcenter.desk.chat_consumers import ChatConsoleConsumer
from contactcenter.desk.consumers import DeskConsumer

websocket_urlpatterns: list[URLPattern] = [
    path("ws/desk/", DeskConsumer.as_asgi()),  # type: ignore[arg-type]  # channels routes ASGI apps
    path("ws/desk/chat/", ChatConsoleConsumer.as_asgi()),  # type: ignore[arg-type]  # channels routes ASGI apps
    path("ws/board/", BoardConsumer.as_asgi()),  # type: ignore[arg-type]  # channels routes ASGI apps
    path("ws/chat/", VisitorConsumer.as_asgi()),  # type: ignore[arg-type]  # channels routes ASGI apps
]
