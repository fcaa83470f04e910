from django.urls import path

from baken.directory import api

urlpatterns = [
    path("openapi.json", api.openapi, name="openapi"),
    path("organisations", api.organisation_list, name="api_organisations"),
    path("organisations/<slug:slug>", api.organisation_detail, name="api_organisation"),
]
