from django.apps import AppConfig


class MediationConfig(AppConfig):
    name = "baken.mediation"
    label = "mediation"
