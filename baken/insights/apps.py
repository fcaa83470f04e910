from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "baken.insights"
    label = "insights"
