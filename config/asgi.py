"""The ASGI application: Django for HTTP (static files through WhiteNoise), Channels for the
chat's WebSockets. `make run` and production serve this with uvicorn."""

import os
import sys

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# The event loop shares the GIL with the chat's database threads; with the default 5 ms switch
# interval each of its many small steps could wait that long for the GIL (under the chat bench
# a nudge took p50 148 ms, p90 549 ms from publish to handler; with 0.5 ms: 21 ms, 187 ms).
sys.setswitchinterval(0.0005)
django_application = get_asgi_application()

# Imported after Django is set up: the consumers import models.
from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from baken.chat.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_application,
        # Only pages of this site may open a socket (the Origin must be an allowed host).
        "websocket": AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns))),
    }
)
