"""Staff maintenance of the directory in the Django admin.

Validation is the models' own `clean()` (codes, languages, and opening hours refused with the
parser's reason), which ModelForms run for the organisation and every channel inline. Every
change lands in Django's change history (LogEntry, the "History" button). The admin site
itself requires a verified second factor (OTPAdminSite, config/urls.py).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from baken.directory.models import Channel, Organisation, OrganisationMember


class ChannelInline(admin.StackedInline):
    model = Channel
    extra = 0
    ordering = ["position", "id"]
    fields = [
        ("position", "type", "value"),
        ("staffed", "free", "anonymous"),
        ("opening_hours", "hours_assumed"),
        "languages",
        ("notes_nl", "notes_en"),
    ]


class SourceFilter(admin.SimpleListFilter):
    title = _("source")
    parameter_name = "source"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, Any]]:
        return [("seed", _("From a seed file")), ("note", _("Only a note (no seed file)"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Organisation]) -> QuerySet[Organisation]:
        if self.value() == "seed":
            return queryset.exclude(source_file="")
        if self.value() == "note":
            return queryset.filter(source_file="")
        return queryset


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "slug",
        "scope",
        "local",
        "channel_count",
        "needs_verification",
        "last_verified",
        "active",
    ]
    list_filter = ["active", "needs_verification", "scope", "local", SourceFilter, "last_verified"]
    search_fields = ["name", "slug", "description_nl", "description_en", "website"]
    readonly_fields = ["updated_at"]
    prepopulated_fields = {"slug": ["name"]}
    date_hierarchy = "last_verified"
    list_per_page = 100
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    inlines = [ChannelInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "active", "website", "scope", "local"]}),
        (_("Description"), {"fields": ["description_nl", "description_en"]}),
        (_("Codes"), {"fields": ["violence", "help_types", "target_groups", "contexts", "staffed_by"]}),
        (
            _("What happens when you contact them"),
            {"fields": ["duty_to_act", "police", "anonymous", "on_contact_note_nl", "on_contact_note_en"]},
        ),
        (_("Cost"), {"fields": ["cost_free", "cost_note_nl", "cost_note_en"]}),
        (
            _("Source"),
            {
                "fields": [
                    "source_file",
                    "source_lines",
                    "source_also",
                    "source_note",
                    "needs_verification",
                    "last_verified",
                    "updated_at",
                ]
            },
        ),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Organisation]:
        return super().get_queryset(request).annotate(n_channels=Count("channels"))

    @admin.display(description=_("channels"), ordering="n_channels")
    def channel_count(self, obj: Organisation) -> int:
        return obj.n_channels  # type: ignore[attr-defined]


@admin.register(OrganisationMember)
class OrganisationMemberAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation"]
    list_filter = ["organisation"]
    search_fields = ["user__username", "user__email", "organisation__name", "organisation__slug"]
    list_select_related = ["user", "organisation"]
