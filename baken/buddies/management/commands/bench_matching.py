"""`python manage.py bench_matching --people 2000 --buddies 500 --seed 1`: one JSON line with
the time and peak memory of proposing matches for everyone at once, its total value and the
value of the greedy baseline on the same made-up data."""

from __future__ import annotations

import json
import resource
import statistics
import time
import tracemalloc
from typing import Any

from django.core.management.base import BaseCommand

from baken.buddies import matching, synthetic


class Command(BaseCommand):
    help = "Benchmark buddy matching on a seeded, made-up instance; prints one JSON line."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--people", type=int, default=2000)
        parser.add_argument("--buddies", type=int, default=500)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--repeat", type=int, default=1, help="Timed runs; the median is reported.")
        parser.add_argument(
            "--all-available", action="store_true", help="Every buddy trained and active (no one paused)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        people, buddies = synthetic.instance(
            options["people"], options["buddies"], options["seed"], all_available=options["all_available"]
        )
        timings = []
        result = None
        for _ in range(max(options["repeat"], 1)):
            start = time.perf_counter()
            result = matching.propose(people, buddies)
            timings.append(time.perf_counter() - start)
        assert result is not None
        # Memory in a separate run: tracing slows Python code down, so it is not timed.
        tracemalloc.start()
        matching.propose(people, buddies)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()

        start = time.perf_counter()
        greedy_pairs = matching.greedy(people, buddies)
        greedy_seconds = time.perf_counter() - start
        score = result.value
        greedy_score = matching.total_value(greedy_pairs, people, buddies)
        line = {
            "people": len(people),
            "buddies": len(buddies),
            "seed": options["seed"],
            "places": sum(b.capacity_left for b in buddies if b.trained and b.active),
            "seconds": round(statistics.median(timings), 4),
            "peak_mb": round(peak / 1e6, 1),
            "maxrss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "score": score,
            "greedy_score": greedy_score,
            "ratio": round(score / greedy_score, 4) if greedy_score else None,
            "matched": len(result.proposals),
            "greedy_matched": len(greedy_pairs),
            "greedy_seconds": round(greedy_seconds, 4),
            "unmatched": len(result.unmatched),
        }
        self.stdout.write(json.dumps(line))
