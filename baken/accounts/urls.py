from django.urls import path

from baken.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.home, name="home"),
    path("inloggen/", views.LoginView.as_view(), name="login"),
    path("code/", views.otp_step, name="otp"),
    path("uitloggen/", views.logout_view, name="logout"),
    path("wachtwoord/", views.password_change, name="password_change"),
    path("team/", views.members, name="members"),
    path("team/nieuw/", views.member_add, name="member_add"),
    path("team/<int:member_id>/", views.member_update, name="member_update"),
]
