from django.urls import path

from baken.triage import api

urlpatterns = [
    path("recommendations", api.recommendations, name="api_recommendations"),
]
