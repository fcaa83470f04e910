from django.urls import path

from baken.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.home, name="home"),
    path("inloggen/", views.LoginView.as_view(), name="login"),
    path("code/", views.otp_step, name="otp"),
    path("uitloggen/", views.logout_view, name="logout"),
]
