from django.urls import path

from baken.insights import api

urlpatterns = [
    path("insights/coverage", api.coverage, name="api_insights_coverage"),
]
