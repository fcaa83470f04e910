"""Who may propose and review listing changes. Roles give the permissions (migration
0002_roles); these predicates add the object rule: an organisation admin only ever proposes
for their own organisation."""

from __future__ import annotations

from typing import Any

from baken.directory.models import Organisation

PROPOSE_OWN = "listings.propose_listing_change"
PROPOSE_ANY = "listings.propose_any_listing_change"
REVIEW = "listings.review_listing_change"


def organisation_of(user: Any) -> Organisation | None:
    membership = getattr(user, "membership", None) if user.is_authenticated else None
    return membership.organisation if membership is not None else None


def _active(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active)


def can_propose(user: Any, organisation: Organisation) -> bool:
    if not _active(user):
        return False
    if user.has_perm(PROPOSE_ANY):
        return True
    own = organisation_of(user)
    return user.has_perm(PROPOSE_OWN) and own is not None and own.pk == organisation.pk


def can_review(user: Any) -> bool:
    return _active(user) and user.has_perm(REVIEW)


def can_view_proposal(user: Any, proposal: Any) -> bool:
    return can_review(user) or can_propose(user, proposal.organisation)


def may_use_listings(user: Any) -> bool:
    return _active(user) and (user.has_perm(PROPOSE_OWN) or user.has_perm(PROPOSE_ANY) or user.has_perm(REVIEW))
