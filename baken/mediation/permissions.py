"""Who may do what with a mediation case. Code checks the permission, never group names
(the "mediator" group is created in migrations/0002_mediator_group.py)."""

from __future__ import annotations

from typing import Any

from baken.accounts.permissions import Viewer

HANDLE_CASE = "mediation.handle_case"


def can_handle_cases(user: Viewer) -> bool:
    """An active account with the mediator permission. The second factor is checked per
    request by `staff_required`; services can be called without a request."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.has_perm(HANDLE_CASE))


def can_view_case(user: Viewer, case: Any) -> bool:
    """Only the mediator assigned to a case sees it: not other mediators, not admins."""
    return can_handle_cases(user) and case.mediator_id is not None and case.mediator_id == user.pk


def can_claim_case(user: Viewer, case: Any) -> bool:
    return can_handle_cases(user) and case.mediator_id is None and not case.is_terminal
