"""ASGI entry point, served by daphne: HTTP through Django, WebSockets through Channels."""

from __future__ import annotations

import gc
import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "contactcenter.settings")
django.setup(set_prefix=False)

from contactcenter.asgi_handler import PooledThreadsASGIHandler  # noqa: E402

django_asgi_app = PooledThreadsASGIHandler()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from contactcenter.websocket_urls import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter({
    "http": django_asgi_app,
    "websocket": AllowedHostsOriginValidator(
        AuthMiddlewareStack(URLRouter(websocket_urlpatterns))  # type: ignore[arg-type]  # channels path()s
    ),
})

# What is loaded by now (Django, the apps, their libraries) lives as long as the process:
# moved out of the garbage collector's sight, a full collection during a request takes a few
# milliseconds instead of about a hundred (bench/README.md, "Reports").
gc.collect()
gc.freeze()
