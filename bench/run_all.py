"""Run every benchmark in turn (`make bench`) and print their output. The fault drills restart
PostgreSQL and kill processes, so they run only when asked: `make bench DRILL=1` (the cluster
drill starts its own PostgreSQL, Redis and nginx on loopback and leaves the machine's alone).

Results are copied by hand into docs/benchmarks.md with the machine noted.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

BENCHMARKS = [
    ["bench/directory_open_at.py"],
    ["bench/triage_engine.py"],
    ["bench/coverage_cube.py"],
    ["bench/mediation_guidance.py"],
    ["manage.py", "bench_matching", "--people", "2000", "--buddies", "500", "--seed", "1"],
    ["bench/directory_load.py"],
    ["bench/triage_api_load.py"],
    ["bench/cluster_ratios.py"],
    # Needs PostgreSQL and Redis on 127.0.0.1 (two uvicorn processes, one killed midway).
    ["bench/chat_load.py"],
]


def main() -> int:
    runs = list(BENCHMARKS)
    if os.environ.get("DRILL") == "1":
        runs.append(["bench/fault_drill_postgres_restart.py"])
        runs.append(["bench/cluster_drill.py"])
    failed = 0
    for arguments in runs:
        if not (ROOT / arguments[0]).exists():
            print(f"== skipped (missing): {' '.join(arguments)}", flush=True)
            continue
        print(f"== {' '.join(arguments)}", flush=True)
        result = subprocess.run([PYTHON, *arguments], cwd=ROOT, check=False)
        failed += result.returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
