"""The help finder engine: from anonymous answers to the services that fit and can be reached
now, each with the rules (and their reasons) that placed it.

Pure Python over the directory snapshot; no ORM, and no reading of Django's active language:
the caller passes `language` ("nl" or "en") and the reasons come in it. The modules, in the
order a recommendation runs through them:

- `types`: the question (`Query`) and the answer (`Recommendation`, `Result`, ...);
- `eligibility`: the constraints that do not depend on time (offers, violence, setting,
  `fitting_channels`) and the vocabulary's implications (`expand`); insights counts coverage
  with these, so the help finder and the gap analysis never disagree;
- `opening`: opening hours at `query.at`, memoised per minute;
- `conditions`: the phase of a question and the `when`/`select` parts of the rules;
- `scoring`: the candidates, their points from `rules.yaml`, the ranking and the fallbacks
  (relax one answer at a time, the open-right-now block, services that come close);
- `explain`: reasons, channel states, emergency numbers, information links, note triggers;
- `pipeline`: `recommend`, the steps in order.
"""

from baken.triage.engine.conditions import is_acute, phase_of
from baken.triage.engine.eligibility import eligible, expand, fitting_channels, reach_of
from baken.triage.engine.explain import emergency_for
from baken.triage.engine.opening import channel_next_open, channel_open
from baken.triage.engine.pipeline import recommend
from baken.triage.engine.types import (
    AppliedImplication,
    ChannelState,
    Emergency,
    EmergencyNumber,
    Information,
    Note,
    Offer,
    Query,
    Recommendation,
    Result,
)

__all__ = [
    "AppliedImplication",
    "ChannelState",
    "Emergency",
    "EmergencyNumber",
    "Information",
    "Note",
    "Offer",
    "Query",
    "Recommendation",
    "Result",
    "channel_next_open",
    "channel_open",
    "eligible",
    "emergency_for",
    "expand",
    "fitting_channels",
    "is_acute",
    "phase_of",
    "reach_of",
    "recommend",
]
