"""Buddy matching benchmark: `python bench/matching.py [--runs 5]`.

Runs `manage.py bench_matching` (one fresh process per run, so memory figures do not leak
between runs) for the sizes below and prints the median of each figure per size, plus the
optimal-vs-greedy ratio. Targets for 2,000 people x 500 buddies: under 5 s, under 1 GB.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# (people, buddies, every buddy available): the last but one is the 2,000 x ~1,000 places case.
SIZES = [(200, 50, False), (1000, 250, False), (2000, 500, False), (2000, 500, True), (4000, 1000, False)]


def run(people: int, buddies: int, seed: int, all_available: bool) -> dict[str, float]:
    output = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "bench_matching",
            "--people",
            str(people),
            "--buddies",
            str(buddies),
            "--seed",
            str(seed),
            *(["--all-available"] if all_available else []),
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    columns = ["people", "buddies", "places", "seconds", "peak MB (matching)", "max RSS MB (process)"]
    columns += ["score", "greedy", "ratio", "matched", "greedy matched"]
    print("| " + " | ".join(columns) + " |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for people, buddies, all_available in SIZES:
        lines = [run(people, buddies, seed, all_available) for seed in range(1, args.runs + 1)]
        label = " (all available)" if all_available else ""

        def median(key: str, rows: list[dict[str, float]] = lines) -> float:
            return statistics.median(row[key] for row in rows)

        cells = [f"{people}", f"{buddies}{label}", f"{median('places'):.0f}", f"{median('seconds'):.2f}"]
        cells += [f"{median('peak_mb'):.0f}", f"{median('maxrss_mb'):.0f}", f"{median('score'):.0f}"]
        cells += [f"{median('greedy_score'):.0f}", f"{median('ratio'):.4f}", f"{median('matched'):.0f}"]
        cells += [f"{median('greedy_matched'):.0f}"]
        print("| " + " | ".join(cells) + " |")
        worst = min(row["score"] - row["greedy_score"] for row in lines)
        assert worst >= 0, "the optimal assignment scored below greedy"


if __name__ == "__main__":
    main()
