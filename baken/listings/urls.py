from django.urls import path

from baken.listings import views

app_name = "listings"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("openingstijden-voorbeeld/", views.hours_preview, name="hours_preview"),
    path("voorstel/<int:proposal_id>/", views.proposal, name="proposal"),
    path("<slug:slug>/", views.edit, name="edit"),
    path("<slug:slug>/geschiedenis/", views.history, name="history"),
]
