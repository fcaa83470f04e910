from django.urls import path

from baken.mediation import api

urlpatterns = [
    path("mediation/registrations", api.registration_create, name="api_mediation_registrations"),
]
