"""Reads that depend on the viewer: not found and not allowed look the same (404)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from baken.directory import freshness
from baken.directory.models import Organisation
from baken.listings.models import ListingEvent, ListingProposal
from baken.listings.permissions import PROPOSE_ANY, can_propose, can_review, can_view_proposal, organisation_of
from baken.listings.workflow import OPEN


def organisation_for_edit(*, user: Any, slug: str) -> Organisation:
    organisation = Organisation.objects.filter(slug=slug, active=True).prefetch_related("channels").first()
    if organisation is None or not (can_propose(user, organisation) or can_review(user)):
        raise Http404
    return organisation


def proposal_get_for(*, user: Any, proposal_id: int) -> ListingProposal:
    proposal = (
        ListingProposal.objects.select_related("organisation", "proposed_by", "decided_by")
        .filter(pk=proposal_id)
        .first()
    )
    if proposal is None or not can_view_proposal(user, proposal):
        raise Http404
    return proposal


def review_queue(*, user: Any) -> QuerySet[ListingProposal]:
    if not can_review(user):
        return ListingProposal.objects.none()
    return (
        ListingProposal.objects.filter(status__in=OPEN)
        .select_related("organisation", "proposed_by")
        .order_by("-urgent", "proposed_at")
    )


def proposals_of(*, organisation: Organisation) -> QuerySet[ListingProposal]:
    return organisation.proposals.select_related("proposed_by", "decided_by")


def history_of(*, organisation: Organisation) -> QuerySet[ListingEvent]:
    return organisation.listing_events.select_related("actor", "proposal")


def listings_overview(*, user: Any) -> list[dict[str, Any]]:
    """Every listing the user may edit, with its due day and whether it is overdue."""
    if user.has_perm(PROPOSE_ANY) or can_review(user):
        organisations = list(Organisation.objects.active())
    else:
        own = organisation_of(user)
        organisations = [own] if own is not None and can_propose(user, own) else []
    today = timezone.localdate()
    rows = []
    for org in organisations:
        due = freshness.verification_due(org.last_verified, org.contact_verified)
        rows.append({"org": org, "due": due, "stale": freshness.is_stale(due, today)})
    return sorted(rows, key=lambda r: (not r["stale"], r["due"] or today, r["org"].name))
