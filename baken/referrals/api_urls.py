from django.urls import path

from baken.referrals import api

urlpatterns = [
    path("referrals", api.referral_create, name="api_referrals"),
    path("referrals/status", api.referral_status, name="api_referral_status"),
    path("referrals/withdraw", api.referral_withdraw, name="api_referral_withdraw"),
    path("referrals/messages", api.referral_reply, name="api_referral_messages"),
    path("referrals/onward", api.referral_onward, name="api_referral_onward"),
]
