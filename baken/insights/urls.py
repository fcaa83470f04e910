from django.urls import path

from baken.insights import views

app_name = "insights"
urlpatterns = [
    path("", views.coverage, name="coverage"),
    path("dekking.csv", views.coverage_csv, name="coverage_csv"),
    path("cel/", views.cell, name="cell"),
    path("cel.csv", views.cell_csv, name="cell_csv"),
    path("hiaten/", views.gaps, name="gaps"),
    path("hiaten.csv", views.gaps_csv, name="gaps_csv"),
    path("wat-als/", views.what_if, name="what_if"),
    path("wat-als.csv", views.what_if_csv, name="what_if_csv"),
    path("gebruik/", views.usage, name="usage"),
    path("gebruik.csv", views.usage_csv, name="usage_csv"),
    path("chat/", views.chat, name="chat"),
]
