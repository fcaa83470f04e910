from django.urls import path

from baken.frontdoors import views

app_name = "frontdoors"
urlpatterns = [
    path("thema/<slug:slug>/", views.topic, name="topic"),
    path("inbedden/", views.embed_start, name="embed_start"),
    path("inbedden/vragen/", views.embed_flow, name="embed_flow"),
    path("medewerkers/inbedden/", views.embed_origins, name="embed_origins"),
]
