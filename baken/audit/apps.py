from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "baken.audit"
    label = "audit"
