"""Who may do what in the buddy programme: small predicates over permissions, never group names.

- A coordinator (`buddies.coordinate`) sees and handles every case.
- A buddy (`buddies.act_as_buddy`) sees only the cases they are the current buddy of.
- A buddy who is also a coordinator acts as the buddy on their own cases, so nobody approves
  their own plan of approach.
- The person has no account; code + passphrase opens their own case (see selectors).
"""

from __future__ import annotations

from typing import Any

from baken.accounts.permissions import Viewer
from baken.buddies.workflow import Actor

COORDINATE = "buddies.coordinate"
ACT_AS_BUDDY = "buddies.act_as_buddy"
REFER_PERSON = "buddies.refer_person"


def can_coordinate(user: Viewer | None) -> bool:
    return bool(user is not None and user.is_authenticated and user.has_perm(COORDINATE))


def can_act_as_buddy(user: Viewer | None) -> bool:
    return bool(user is not None and user.is_authenticated and user.has_perm(ACT_AS_BUDDY))


def can_refer(user: Viewer | None) -> bool:
    return bool(user is not None and user.is_authenticated and user.has_perm(REFER_PERSON))


def is_buddy_of_match(user: Viewer | None, match: Any) -> bool:
    return user is not None and can_act_as_buddy(user) and match is not None and match.buddy.user_id == user.pk


def current_match(case: Any) -> Any:
    """The open match of a case, or None."""
    return case.matches.filter(ended_at__isnull=True).select_related("buddy").first()


def is_current_buddy(user: Viewer | None, case: Any) -> bool:
    return is_buddy_of_match(user, current_match(case))


def actor_for(user: Viewer | None, case: Any) -> str | None:
    """The role this staff user acts in on this case, or None when they have none."""
    if is_current_buddy(user, case):
        return Actor.BUDDY
    if can_coordinate(user):
        return Actor.COORDINATOR
    return None
