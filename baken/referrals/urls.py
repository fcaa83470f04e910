"""Pages of the warm handover under /verhaal/: the person's consent and status pages, and the
staff inbox. The person's pages take everything by POST; no code or answer is ever in a URL."""

from django.urls import path

from baken.referrals import staff_views, views

app_name = "referrals"
urlpatterns = [
    # The person
    path("start/", views.start, name="start"),
    path("versturen/", views.send, name="send"),
    path("status/", views.status, name="status"),
    path("mijn-verhaal/", views.detail, name="detail"),
    path("mijn-verhaal/bericht/", views.reply, name="reply"),
    path("mijn-verhaal/andere-organisatie/", views.onward, name="onward"),
    path("mijn-verhaal/intrekken/", views.withdraw, name="withdraw"),
    path("mijn-verhaal/sluiten/", views.leave, name="leave"),
    # Organisation staff
    path("inbox/", staff_views.inbox, name="inbox"),
    path("inbox/zoeken/", staff_views.find, name="find"),
    path("inbox/<uuid:public_id>/", staff_views.case, name="case"),
    path("inbox/<uuid:public_id>/accepteren/", staff_views.accept, name="accept"),
    path("inbox/<uuid:public_id>/eerste-contact/", staff_views.first_contact, name="first_contact"),
    path("inbox/<uuid:public_id>/bericht/", staff_views.message, name="message"),
    path("inbox/<uuid:public_id>/afwijzen/", staff_views.decline, name="decline"),
    path("inbox/<uuid:public_id>/andere-organisatie/", staff_views.propose, name="propose"),
    path("inbox/<uuid:public_id>/afsluiten/", staff_views.close, name="close"),
    path("audit/", staff_views.audit, name="audit"),
]
