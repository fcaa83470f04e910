from django.contrib import admin
from django.http import HttpRequest

from baken.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "actor_label", "action", "target_type", "target_id", "organisation_slug"]
    list_filter = ["action", "target_type"]
    search_fields = ["target_id", "actor_label", "organisation_slug"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
