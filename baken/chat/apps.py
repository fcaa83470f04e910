from django.apps import AppConfig


class ChatConfig(AppConfig):
    name = "baken.chat"
    label = "chat"

    def ready(self) -> None:
        from baken.chat import receivers  # noqa: F401  (quick exit ends the visitor's conversation)
        from baken.chat.services import chat_purge_expired
        from baken.core import retention

        retention.register("chat", chat_purge_expired)
