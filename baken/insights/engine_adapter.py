"""The help finder's matching rules, as insights uses them. Coverage counts what the help
finder would offer, so it calls the help finder's engine and never restates its rules."""

from __future__ import annotations

from baken.triage.engine import Query, eligible, fitting_channels

__all__ = ["Query", "eligible", "fitting_channels"]
