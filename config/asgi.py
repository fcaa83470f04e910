"""ASGI entry point for the app nodes (`uvicorn config.asgi:application`, deploy/).

Plain Django for now; the chat adds its WebSocket routing here (Channels' ProtocolTypeRouter).
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_asgi_application()
