from django.apps import AppConfig


class BuddiesConfig(AppConfig):
    name = "baken.buddies"
    label = "buddies"
