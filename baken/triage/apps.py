from django.apps import AppConfig


class TriageConfig(AppConfig):
    name = "baken.triage"
    label = "triage"
