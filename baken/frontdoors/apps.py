from django.apps import AppConfig


class FrontdoorsConfig(AppConfig):
    name = "baken.frontdoors"
    label = "frontdoors"
    default_auto_field = "django.db.models.BigAutoField"
