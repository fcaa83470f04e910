"""The quick exit (in core) ends the visitor's conversation on the server and deletes it."""

from __future__ import annotations

import logging
from contextlib import suppress
from typing import Any

from django.dispatch import receiver

from baken.core.signals import quick_exit

logger = logging.getLogger("baken.chat")


@receiver(quick_exit)
def end_conversation_on_quick_exit(sender: Any, request: Any, **kwargs: Any) -> None:
    from baken.chat import services
    from baken.chat.views import SCOPE, visitor_conversation
    from baken.core import access

    if not hasattr(request, "session"):
        return
    held = visitor_conversation(request)
    if held is not None:
        with suppress(services.ChatError):  # already gone
            services.conversation_end_by_visitor(conversation_id=held.pk)
    access.revoke(request, scope=SCOPE)
