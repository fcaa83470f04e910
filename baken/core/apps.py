from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "baken.core"
    label = "core"
