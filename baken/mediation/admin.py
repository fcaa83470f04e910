"""Only mediator profiles are managed in the admin. Cases never appear there: their content
is for the assigned mediator alone."""

from django.contrib import admin

from baken.mediation.models import MediatorProfile


@admin.register(MediatorProfile)
class MediatorProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "regions", "active")
    list_filter = ("active",)
    search_fields = ("user__username",)
