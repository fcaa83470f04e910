"""Benchmark: evaluate "open at" for every channel of the directory.

1. The real directory (data/organisations, read straight from the YAML into the snapshot
   dataclasses): target under 2 ms median for all channels at one moment.
2. A synthetic directory of 10,000 organisations whose channels reuse the real directory's
   expressions plus variations: target under 100 ms median.

Each run evaluates at a different moment (a walk through a week, including a DST night and
a public holiday), so no run is answered from a previous run's result. Usage:
    .venv/bin/python bench/directory_open_at.py [--runs 30]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from baken.directory import hours  # noqa: E402
from baken.directory.dataset import read_directory  # noqa: E402
from baken.directory.snapshot import ChannelData, OrganisationData, TargetGroupData  # noqa: E402


def real_directory() -> tuple[OrganisationData, ...]:
    organisations = []
    for entry in read_directory(ROOT / "data" / "organisations"):
        fields = entry["fields"]
        organisations.append(
            OrganisationData(
                slug=entry["slug"],
                name=fields["name"],
                violence=frozenset(fields["violence"]),
                help_types=frozenset(fields["help_types"]),
                target_groups=tuple(TargetGroupData(code=g["code"]) for g in fields["target_groups"]),
                channels=tuple(
                    ChannelData(
                        type=c["type"],
                        value=c["value"] or None,
                        staffed=c["staffed"],
                        languages=tuple(c["languages"]),
                        opening_hours=c["opening_hours"] or None,
                    )
                    for c in entry["channels"]
                ),
            )
        )
    return tuple(organisations)


def synthetic_directory(size: int, seed: int = 7) -> tuple[OrganisationData, ...]:
    """`size` organisations of 1-5 channels; hours drawn from the real expressions and from
    generated office/evening/overnight patterns (a few hundred distinct expressions)."""
    rng = random.Random(seed)
    real = sorted({c.opening_hours for o in real_directory() for c in o.channels if c.opening_hours})
    generated = []
    for start in range(6, 12):
        for end in range(15, 23):
            generated.append(f"Mo-Fr {start:02d}:00-{end:02d}:00; PH off")
            generated.append(f"Mo-Fr {start:02d}:30-{end:02d}:00; Sa {start + 2:02d}:00-14:00")
    for start in range(16, 23):
        generated.append(f"Mo-Fr {start:02d}:00-06:00; Sa,Su 20:00-06:00")
    expressions = [*real, *generated, None, None]
    kinds = ["phone", "chat", "whatsapp", "in_person", "email", "website"]
    organisations = []
    for index in range(size):
        channels = tuple(
            ChannelData(
                type=(kind := rng.choice(kinds)),
                staffed=kind != "website",
                opening_hours=rng.choice(expressions),
            )
            for _ in range(rng.randint(1, 5))
        )
        organisations.append(OrganisationData(slug=f"org-{index}", name=f"Organisation {index}", channels=channels))
    return tuple(organisations)


def moments(runs: int) -> list[datetime]:
    """A walk through the week of the autumn DST change and through Christmas."""
    start = datetime.fromisoformat("2026-10-24T18:00:00+02:00")
    christmas = datetime.fromisoformat("2026-12-24T20:00:00+01:00")
    step = timedelta(minutes=97)
    return [(start if i % 2 else christmas) + i * step for i in range(runs)]


def evaluate_all(directory: tuple[OrganisationData, ...], moment: datetime) -> int:
    open_channels = 0
    for organisation in directory:
        for channel in organisation.channels:
            if channel.open_at(moment):
                open_channels += 1
    return open_channels


def measure(directory: tuple[OrganisationData, ...], runs: int) -> list[float]:
    evaluate_all(directory, moments(1)[0])  # parse every expression once (the parse cache)
    timings = []
    for moment in moments(runs):
        started = time.perf_counter()
        evaluate_all(directory, moment)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def report(label: str, channels: int, timings: list[float], target_ms: float) -> None:
    median = statistics.median(timings)
    verdict = "meets" if median < target_ms else "MISSES"
    print(
        f"{label}: {channels} channels, median {median:.3f} ms, "
        f"min {min(timings):.3f} ms, max {max(timings):.3f} ms over {len(timings)} runs "
        f"({verdict} the {target_ms:g} ms target)"
    )


def _uncached_is_open(expression: str | None, moment: datetime) -> bool | None:
    """is_open as it was before the per-expression state cache: one evaluation per channel."""
    return hours._evaluate(expression, hours.local(moment)) if expression else None


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--no-state-cache", action="store_true", help="Evaluate every channel afresh (for comparison).")
    args = parser.parse_args()
    if args.no_state_cache:
        hours.is_open = _uncached_is_open
    real = real_directory()
    report("real directory", sum(len(o.channels) for o in real), measure(real, args.runs), 2)
    synthetic = synthetic_directory(args.size)
    distinct = len({c.opening_hours for o in synthetic for c in o.channels})
    report(
        f"synthetic {args.size} organisations ({distinct} distinct expressions)",
        sum(len(o.channels) for o in synthetic),
        measure(synthetic, args.runs),
        100,
    )
    print(f"parse cache: {hours.parse.cache_info()}")


if __name__ == "__main__":
    main()
