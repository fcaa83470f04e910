"""The partner sites that may show the embeddable help finder in an iframe. A platform editor
keeps the list; each origin goes into the embed page's `frame-ancestors` and nowhere else."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


def normalise_origin(raw: str) -> str:
    """ "https://www.Partner.nl/pagina" → "https://www.partner.nl"; only http(s) scheme, host and port."""
    parts = urlsplit(raw.strip())
    if parts.scheme not in {"https", "http"} or not parts.hostname:
        raise ValidationError(
            _('Give the partner site\'s address, starting with https://, e.g. "https://www.partner.nl".')
        )
    if any(ch in parts.hostname for ch in " ;,'\""):
        raise ValidationError(_("This is not a valid web address."))
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{parts.hostname.lower()}{port}"


class EmbedOrigin(models.Model):
    origin = models.CharField(
        max_length=200, unique=True, help_text=_('Scheme, host and port, e.g. "https://www.partner.nl".')
    )
    note = models.CharField(max_length=200, blank=True, help_text=_("Who the partner is, for the editors."))
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["origin"]
        permissions = [("manage_embed_origins", "Can list the partner sites that may embed the help finder")]

    def __str__(self) -> str:
        return self.origin

    def clean(self) -> None:
        self.origin = normalise_origin(self.origin)
