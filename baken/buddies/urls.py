from django.urls import URLPattern

app_name = "buddies"
urlpatterns: list[URLPattern] = []
