from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "baken.referrals"
    label = "referrals"

    def ready(self) -> None:
        from baken.core import retention
        from baken.referrals import checks  # noqa: F401  (registers the system checks)
        from baken.referrals.retention import purge_expired

        retention.register("referrals", purge_expired)
