"""Editors list and remove partner origins; each change is audited."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from baken.audit.services import record
from baken.core.history import audit_action
from baken.frontdoors.models import EmbedOrigin, normalise_origin

MANAGE = "frontdoors.manage_embed_origins"


@transaction.atomic
def embed_origin_add(*, by: Any, origin: str, note: str = "") -> EmbedOrigin:
    if not by.has_perm(MANAGE):
        raise PermissionDenied
    value = normalise_origin(origin)
    if EmbedOrigin.objects.filter(origin=value).exists():
        raise ValidationError({"origin": _("This site is already on the list.")})
    item = EmbedOrigin.objects.create(origin=value, note=note.strip(), added_by=by)
    record(actor=by, action=audit_action("frontdoors", "origin", "added"), target=item, data={"origin": value})
    return item


@transaction.atomic
def embed_origin_remove(*, by: Any, origin_id: int) -> None:
    if not by.has_perm(MANAGE):
        raise PermissionDenied
    item = EmbedOrigin.objects.filter(pk=origin_id).first()
    if item is None:
        return
    record(actor=by, action=audit_action("frontdoors", "origin", "removed"), target=item, data={"origin": item.origin})
    item.delete()


def allowed_origins() -> list[str]:
    return list(EmbedOrigin.objects.values_list("origin", flat=True))
