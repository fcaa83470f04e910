from django.apps import AppConfig


class BuddiesConfig(AppConfig):
    name = "baken.buddies"
    label = "buddies"

    def ready(self) -> None:
        from baken.buddies.retention import purge_expired
        from baken.core import retention

        retention.register("buddies", purge_expired)
