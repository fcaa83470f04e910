from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "baken.referrals"
    label = "referrals"

    def ready(self) -> None:
        from baken.referrals import checks  # noqa: F401  (registers the system checks)
