from django.urls import path

from baken.directory import views

app_name = "directory"
urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("<slug:slug>/", views.organisation_detail, name="detail"),
]
