from django.apps import AppConfig


class MediationConfig(AppConfig):
    name = "baken.mediation"
    label = "mediation"

    def ready(self) -> None:
        from baken.core import retention
        from baken.mediation.retention import purge_expired

        retention.register("mediation", purge_expired)
