"""Shared pieces of the help finder benchmarks: a throw-away SQLite database with the real
directory loaded, and a seeded mix of realistic questions."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

ROLES = [None, "victim", "victim", "victim", "perpetrator", "relative", "bystander", "professional", "accused"]
VIOLENCE = [
    "sexual_violence",
    "child_sexual_abuse",
    "domestic_violence",
    "child_abuse",
    "elder_abuse",
    "human_trafficking",
    "honour_based_violence",
    "forced_marriage",
    "fgm",
    "online_abuse",
    "boundary_crossing",
]
CONTEXTS = [None, None, "family", "partner", "sport", "religious", "culture", "care", "work", "school", "online"]
NEEDS = ["now", "anonymous", "free", "chat", "phone", "listening", "information", "advice", "shelter", "peer_expert"]
LANGUAGES = [None, None, None, "nl", "en", "ar", "tr", "pl"]


def question_mix(count: int, seed: int = 7, *, spread_moments: bool = True) -> list[dict[str, Any]]:
    """`count` questions as API parameters; moments spread over a week when asked."""
    rng = random.Random(seed)
    start = datetime(2026, 11, 30, tzinfo=UTC)
    questions = []
    for _ in range(count):
        q: dict[str, Any] = {
            "role": rng.choice(ROLES),
            "violence": rng.sample(VIOLENCE, rng.choice([0, 1, 1, 1, 2])),
            "context": rng.choice(CONTEXTS),
            "age": rng.choice([None, None, rng.randint(8, 85)]),
            "language": rng.choice(LANGUAGES),
            "days_since": rng.choice([None, rng.randint(0, 3), rng.randint(4, 800)]),
            "need": rng.sample(NEEDS, rng.choice([0, 0, 1, 2])),
            "acute": rng.random() < 0.05,
        }
        if spread_moments:
            q["at"] = start + timedelta(minutes=rng.randint(0, 7 * 24 * 60))
        questions.append(q)
    return questions


def prepared_database() -> str:
    """A fresh SQLite file with migrations applied and the directory loaded; returns its URL."""
    folder = Path(tempfile.mkdtemp(prefix="baken-bench-"))
    url = f"sqlite:///{folder / 'bench.sqlite3'}"
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings"}
    for command in (["migrate", "--noinput", "-v", "0"], ["load_directory"]):
        subprocess.run([PYTHON, str(ROOT / "manage.py"), *command], check=True, env=env, cwd=ROOT, capture_output=True)
    return url


def percentile(sorted_values: list[float], fraction: float) -> float:
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, round(fraction * (len(sorted_values) - 1))))
    return sorted_values[index]
