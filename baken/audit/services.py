"""`record()` is called explicitly from every service that touches a case, in the same
transaction, so a case change and its audit event commit or roll back together."""

from __future__ import annotations

from typing import Any

from django.db import models

from baken.audit.models import AuditEvent

# Keys whose values could carry personal content; record() refuses them so a careless
# caller cannot leak a story into the log.
FORBIDDEN_KEYS = frozenset(
    {"story", "message", "body", "text", "contact", "passphrase", "value", "note", "description"}
)


def record(
    *,
    actor: Any,
    action: str,
    target: models.Model | None = None,
    target_type: str = "",
    target_id: str = "",
    organisation_slug: str = "",
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    data = dict(data or {})
    leaked = FORBIDDEN_KEYS & set(data)
    if leaked:
        raise ValueError(f"Audit data may not hold personal content: {sorted(leaked)}")
    user = actor if getattr(actor, "is_authenticated", False) else None
    if user is not None:
        label = user.get_username()
    elif isinstance(actor, str):
        label = actor
    else:
        label = "anonymous"
    if target is not None:
        target_type = target_type or target._meta.label_lower
        target_id = target_id or str(target.pk)
    return AuditEvent.objects.create(
        actor=user,
        actor_label=label,
        action=action,
        target_type=target_type,
        target_id=target_id,
        organisation_slug=organisation_slug,
        data=data,
    )
