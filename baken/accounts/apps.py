from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "baken.accounts"
    label = "accounts"
