"""Benchmark: the landscape coverage cube (baken/insights/coverage.py).

1. The real directory (data/organisations, read straight from the YAML into the snapshot
   dataclasses): every role × violence type × 168 hours of a week. Target: under 1 s.
   Also the whole gap report (role × violence, plus group, context and language per
   violence type).
2. A synthetic directory of 10,000 organisations (the real ones varied: violence types,
   target groups, contexts, opening hours from a pool of about 60 expressions): the same
   cube; time, Python heap peak (tracemalloc) and the process's peak RSS.

Every run builds a new `Week`, so each run evaluates the opening hours again; weeks change
from run to run (one with King's Day, one with the autumn clock change). Usage:
    .venv/bin/python bench/coverage_cube.py [--runs 7] [--synthetic 10000]
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import random
import resource
import statistics
import sys
import time
import tracemalloc
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from baken.directory.dataset import read_directory  # noqa: E402
from baken.directory.snapshot import ChannelData, OrganisationData, TargetGroupData  # noqa: E402
from baken.directory.vocabulary import Context, TargetGroup, Violence  # noqa: E402
from baken.insights import coverage, gaps  # noqa: E402

WEEKS = [date(2026, 4, 27), date(2026, 10, 20), date(2026, 12, 21), date(2026, 6, 8)]


def real_directory() -> tuple[OrganisationData, ...]:
    """The dataset as `directory_snapshot()` would copy it (every field the rules read)."""
    organisations = []
    for entry in read_directory(ROOT / "data" / "organisations"):
        f = entry["fields"]
        organisations.append(
            OrganisationData(
                slug=entry["slug"],
                name=f["name"],
                scope=f["scope"],
                local=f["local"],
                violence=frozenset(f["violence"]),
                help_types=frozenset(f["help_types"]),
                target_groups=tuple(
                    TargetGroupData(
                        code=g["code"], age_min=g.get("age_min"), age_max=g.get("age_max"), faith=g.get("faith")
                    )
                    for g in f["target_groups"]
                ),
                contexts=frozenset(f["contexts"]),
                staffed_by=frozenset(f["staffed_by"]),
                anonymous=f["anonymous"],
                cost_free=f["cost_free"],
                channels=tuple(
                    ChannelData(
                        type=c["type"],
                        value=c["value"] or None,
                        free=c["free"],
                        anonymous=c["anonymous"],
                        staffed=c["staffed"],
                        languages=tuple(c["languages"]),
                        opening_hours=c["opening_hours"] or None,
                    )
                    for c in sorted(entry["channels"], key=lambda c: c["position"])
                ),
            )
        )
    return tuple(organisations)


def expression_pool(real: tuple[OrganisationData, ...], rng: random.Random) -> list[str]:
    """The real expressions plus variations, about 60 in all."""
    pool = sorted({c.opening_hours for o in real for c in o.channels if c.opening_hours})
    while len(pool) < 60:
        start, end = rng.randrange(6, 14), rng.randrange(15, 24)
        days = rng.choice(["Mo-Fr", "Mo-Sa", "Mo-Su", "Tu-Th", "Mo,We,Fr"])
        extra = rng.choice(["", "; PH off", "; Sa 10:00-14:00"])
        pool.append(f"{days} {start:02d}:00-{end:02d}:00{extra}")
    return pool


def synthetic_directory(n: int, seed: int = 7) -> tuple[OrganisationData, ...]:
    rng = random.Random(seed)
    real = real_directory()
    pool = expression_pool(real, rng)
    groups = [g for g in TargetGroup.values if g != "everyone"]
    organisations = []
    for i in range(n):
        base = rng.choice(real)
        channels = tuple(
            dataclasses.replace(c, opening_hours=rng.choice(pool) if c.opening_hours or rng.random() < 0.5 else None)
            for c in base.channels
        )
        organisations.append(
            dataclasses.replace(
                base,
                slug=f"{base.slug}-{i}",
                name=f"{base.name} {i}",
                local=rng.random() < 0.1,
                violence=frozenset(rng.sample(Violence.values, rng.randint(1, 5))),
                target_groups=tuple(
                    TargetGroupData(code=g)
                    for g in (["everyone"] if rng.random() < 0.5 else []) + rng.sample(groups, rng.randint(0, 3))
                ),
                contexts=frozenset(rng.sample(Context.values, 1)) if rng.random() < 0.2 else frozenset(),
                channels=channels,
                target_codes=frozenset(),
            )
        )
    return tuple(organisations)


def timed(label: str, runs: int, work) -> list[float]:  # type: ignore[no-untyped-def]
    times = []
    for run in range(runs):
        start = time.perf_counter()
        work(WEEKS[run % len(WEEKS)])
        times.append(time.perf_counter() - start)
    print(
        f"{label}: median {statistics.median(times) * 1000:.0f} ms, "
        f"min {min(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms ({runs} runs)"
    )
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--synthetic", type=int, default=10_000)
    args = parser.parse_args()

    real = real_directory()
    channels = sum(len(o.channels) for o in real)
    print(f"real directory: {len(real)} organisations, {channels} channels")
    week = coverage.Week(WEEKS[0])
    start = time.perf_counter()
    cube = coverage.cube(real, WEEKS[0], week=week)
    print(
        f"first cube (cold: parses, engine facts): {(time.perf_counter() - start) * 1000:.0f} ms; "
        f"{len(cube)} combinations × 168 hours, {week.expressions_evaluated} distinct expressions"
    )
    timed("full cube, real directory (new week each run)", args.runs, lambda w: coverage.cube(real, w))
    combinations = gaps.gap_combinations(real)
    timed(
        f"gap report, real directory ({len(combinations)} combinations)",
        max(3, args.runs // 2),
        lambda w: gaps.gap_report(real, w),
    )

    if args.synthetic:
        tracemalloc.start()
        synthetic = synthetic_directory(args.synthetic)
        directory_bytes, _peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        cube = coverage.cube(synthetic, WEEKS[0])
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(
            f"synthetic directory: {len(synthetic)} organisations, {directory_bytes / 2**20:.1f} MiB of Python heap; "
            f"first cube peak {(peak - directory_bytes) / 2**20:.1f} MiB above that (tracemalloc)"
        )
        timed("full cube, synthetic directory", max(3, args.runs // 2), lambda w: coverage.cube(synthetic, w))
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process peak RSS: {rss:.0f} MiB")


if __name__ == "__main__":
    main()
