"""The ASGI application: Django for HTTP (static files through WhiteNoise), Channels for the
chat's WebSockets. `make run` and production serve this with uvicorn."""

import gc
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
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402
from channels.sessions import SessionMiddlewareStack  # noqa: E402

from baken.chat.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_application,
        # Only pages of this site may open a socket (the Origin must be an allowed host). The
        # worker's socket reads the user from the session itself (consumers.WorkerConsumer).
        "websocket": AllowedHostsOriginValidator(SessionMiddlewareStack(URLRouter(websocket_urlpatterns))),
    }
)

# What start-up built (modules, settings, URL patterns, the directory's classes) lives as long
# as the process: keep it out of the garbage collector's full passes, which otherwise walk all
# of it and stall every socket of the process at once (Python's own advice for long-lived
# servers; `gc.freeze`).
gc.freeze()
