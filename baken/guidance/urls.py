from django.urls import path

from baken.guidance import views

app_name = "guidance"
urlpatterns = [
    path("", views.index, name="index"),
    path("reageren/", views.article, {"slug": "responding"}, name="responding"),
    path("schuld/", views.article, {"slug": "blaming"}, name="blaming"),
    path("pleger/", views.article, {"slug": "perpetrator"}, name="perpetrator"),
    path("meldcode/", views.meldcode, name="meldcode"),
    # One page per violence code (the help finder links here); other slugs are 404.
    path("<slug:slug>/", views.topic, name="topic"),
]
