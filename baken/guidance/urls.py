from django.urls import path

from baken.guidance import views

app_name = "guidance"
urlpatterns = [
    path("", views.index, name="index"),
]
