"""Benchmark: the help finder engine alone, one recommendation at a time, over the full
directory (target: p50 under 2 ms, p99 under 10 ms per recommendation).

Usage: .venv/bin/python bench/triage_engine.py [--questions 3000] [--rounds 5] [--scale 10]

Each round answers the same seeded mix of questions (roles, violence types, settings, ages,
languages, needs) at moments spread over a week, so the per-minute opening-hours memo is
mostly cold: a harder case than live traffic, where questions share the current minute.
`--scale N` also measures a directory of N copies of the real one (N x 66 organisations).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.triage_common import percentile, prepared_database, question_mix


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--questions", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--scale", type=int, default=10)
    args = parser.parse_args()

    os.environ["DATABASE_URL"] = prepared_database()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from baken.directory.selectors import directory_snapshot
    from baken.triage.engine import Query, opening, recommend

    snapshot = directory_snapshot()
    scaled = tuple(replace(o, slug=f"{o.slug}-{i}") for i in range(args.scale) for o in snapshot)

    def query(q: dict[str, object]) -> Query:
        return Query(
            role=q["role"],  # type: ignore[arg-type]
            violence=tuple(q["violence"]),  # type: ignore[arg-type]
            context=q["context"],  # type: ignore[arg-type]
            age=q["age"],  # type: ignore[arg-type]
            language=q["language"],  # type: ignore[arg-type]
            days_since=q["days_since"],  # type: ignore[arg-type]
            needs=tuple(q["need"]),  # type: ignore[arg-type]
            acute=bool(q["acute"]),
            at=q["at"],  # type: ignore[arg-type]
        )

    questions = [query(q) for q in question_mix(args.questions)]
    for q in questions[:200]:  # warm up imports and parsed opening hours
        recommend(q, snapshot, language="nl")

    def run(organisations: tuple[object, ...], label: str) -> None:
        p50s, p99s, maxes = [], [], []
        for _ in range(args.rounds):
            opening._open_at_minute.cache_clear()
            opening._next_open_at_minute.cache_clear()
            timings = []
            for q in questions:
                started = time.perf_counter()
                recommend(q, organisations, language="nl")  # type: ignore[arg-type]
                timings.append((time.perf_counter() - started) * 1000)
            timings.sort()
            p50s.append(percentile(timings, 0.50))
            p99s.append(percentile(timings, 0.99))
            maxes.append(timings[-1])
        print(
            f"{label}: {len(organisations)} organisations, {len(questions)} questions x {args.rounds} rounds: "
            f"p50 {statistics.median(p50s):.2f} ms, p99 {statistics.median(p99s):.2f} ms, "
            f"max {statistics.median(maxes):.1f} ms (medians over rounds)"
        )

    run(snapshot, "full directory")
    if args.scale > 1:
        run(scaled, f"directory x{args.scale}")


if __name__ == "__main__":
    main()
