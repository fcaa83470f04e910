from django.apps import AppConfig


class ChatConfig(AppConfig):
    name = "baken.chat"
    label = "chat"

    def ready(self) -> None:
        from baken.chat import receivers  # noqa: F401  (quick exit ends the visitor's conversation)
