"""Who the buddy programme is for, from the sources: an adult who experienced sexual violence
more than 7 days ago. Recent violence and minors go straight to Centrum Seksueel Geweld
(report 001, appendix entry "No need to hide"; seed 000).
"""

from __future__ import annotations

from dataclasses import dataclass

ADULT_AGE = 18
CSG_SLUG = "centrum-seksueel-geweld"

# Reason codes, in the order they are shown.
NOT_SEXUAL_VIOLENCE = "not_sexual_violence"
RECENT = "recent"
ONGOING = "ongoing"
MINOR = "minor"

# Reasons for which Centrum Seksueel Geweld (24/7) is the right place to go instead.
CSG_REASONS = frozenset({RECENT, ONGOING, MINOR})


@dataclass(frozen=True, slots=True)
class Decision:
    reasons: tuple[str, ...]

    @property
    def eligible(self) -> bool:
        return not self.reasons

    @property
    def show_csg(self) -> bool:
        return bool(CSG_REASONS & set(self.reasons))


def decide(*, sexual_violence: str, timing: str, age: int) -> Decision:
    """`sexual_violence` is yes / not_sure / no; `timing` is over_7_days / under_7_days / ongoing.

    "Not sure" is accepted: the intake conversation is the place to find out together.
    """
    reasons = []
    if sexual_violence == "no":
        reasons.append(NOT_SEXUAL_VIOLENCE)
    if timing == "under_7_days":
        reasons.append(RECENT)
    elif timing == "ongoing":
        reasons.append(ONGOING)
    if age < ADULT_AGE:
        reasons.append(MINOR)
    return Decision(reasons=tuple(reasons))
