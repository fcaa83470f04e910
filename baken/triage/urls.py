from django.urls import path

from baken.triage import views

app_name = "triage"
urlpatterns = [
    path("", views.start, name="start"),
    path("vragen/", views.flow, name="flow"),
    path("vragen/informatie/", views.information, name="information"),
]
