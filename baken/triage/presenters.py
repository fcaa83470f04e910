"""What the results page shows first: one clear first step (the best service a person can
reach right now, with one big button), built from the engine's recommendation."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from baken.triage.engine import ChannelState, Recommendation, Result

# The channels a first-step button can start; in this order when a service has several open.
_BUTTON_CHANNELS = ("phone", "chat", "whatsapp")


@dataclass(frozen=True)
class FirstStep:
    result: Result
    state: ChannelState
    href: str
    # "call", "chat" or "whatsapp"; `via` is the website's domain when the button only leads there.
    action: str
    via: str = ""


def domain(url: str) -> str:
    """ "fier.nl" for "https://www.fier.nl/ik-zoek-hulp": how a website link is labelled."""
    host = urlsplit(url).hostname or url
    return host.removeprefix("www.")


def _href(state: ChannelState) -> str:
    if state.reach == "direct" and state.channel.type == "phone":
        return "tel:" + re.sub(r"[^\d+]", "", state.href)
    return state.href


def first_step(rec: Recommendation) -> FirstStep | None:
    """The best-ranked service that is open now and has something to press."""
    for result in (*rec.results, *rec.always_open):
        if not result.open_now:
            continue
        states = [s for s in result.channels if s.open and s.reach in {"direct", "website"}]
        states.sort(
            key=lambda s: (
                s.reach != "direct",
                _BUTTON_CHANNELS.index(s.channel.type) if s.channel.type in _BUTTON_CHANNELS else 9,
            )
        )
        for state in states:
            if state.channel.type not in _BUTTON_CHANNELS:
                continue
            action = {"phone": "call", "chat": "chat", "whatsapp": "whatsapp"}[state.channel.type]
            via = domain(state.href) if state.reach == "website" else ""
            return FirstStep(result, state, _href(state), action, via)
    return None
